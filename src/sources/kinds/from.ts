/** `{ from: <source>.<output>[.<path>], format?: json|csv }`: a named source's output. */
import { parseRef } from '../../config/refs.ts';
import type { OutputReference } from '../../config/types.generated.ts';
import { DEFERRED, referenceText } from '../evaluate.ts';
import type { VariableKind } from '../types.ts';

export const fromKind: VariableKind<OutputReference> = {
  matches: (value): value is OutputReference => typeof value === 'object' && value !== null && 'from' in value,
  reads(value, _at, ctx) {
    const parsed = parseRef(value.from);
    const read = parsed.ok ? ctx.named(parsed.ref.source) : undefined;
    return read ? [read] : [];
  },
  evaluate(value, at, ctx, problems) {
    const parsed = parseRef(value.from);
    if (!parsed.ok) return undefined; // reported by the rules
    const got = referenceText(parsed.ref, value.format, ctx, { path: [...at, 'from'] }, problems);
    if (got === DEFERRED) return { value: '', sensitive: false, deferred: true };
    return got;
  },
};
