/** `{ env: NAME, default?: ... }`: an environment variable of the process running bb-vars. */
import type { EnvValue } from '../../config/types.generated.ts';
import { literal } from '../evaluate.ts';
import type { VariableKind } from '../types.ts';

export const envKind: VariableKind<EnvValue> = {
  matches: (value): value is EnvValue => typeof value === 'object' && value !== null && 'env' in value,
  evaluate(value, at, ctx, problems) {
    const v = Object.hasOwn(ctx.env, value.env) ? ctx.env[value.env] : undefined;
    // Environment values are not sensitive by themselves: `secured: true` makes them secured.
    if (v !== undefined) return { value: v, sensitive: false };
    if (value.default !== undefined)
      return { value: literal(value.default, [...at, 'default'], ctx), sensitive: false };
    problems.push({
      path: [...at, 'env'],
      message: `environment variable ${value.env} is not set`,
      hint: 'set it where bb-vars runs (e.g. a secured repository variable in CI), or add `default:`',
    });
    return undefined;
  },
};
