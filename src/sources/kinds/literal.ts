/** A literal: `KEY: text`, a number or a boolean, or `{ value: ..., secured: ... }`. */
import type { LiteralValue } from '../../config/types.generated.ts';
import { literal } from '../evaluate.ts';
import type { VariableKind } from '../types.ts';

export const literalKind: VariableKind<string | number | boolean | LiteralValue> = {
  matches: (value): value is string | number | boolean | LiteralValue =>
    typeof value !== 'object' || value === null || 'value' in value,
  evaluate(value, at, ctx) {
    if (typeof value !== 'object' || value === null) return { value: literal(value, at, ctx), sensitive: false };
    return { value: literal(value.value, [...at, 'value'], ctx), sensitive: false };
  },
};
