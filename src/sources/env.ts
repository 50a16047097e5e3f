/** The environment as a source: one output per variable read, named after it. */
import type { Output, ValueSource } from './types.ts';

export interface EnvSpec {
  name: string;
}

export const env: ValueSource<EnvSpec> = {
  id: (spec) => `env:${spec.name}`,
  describe: (spec) => `environment variable ${spec.name}`,
  async read(spec, ctx) {
    const outputs = new Map<string, Output>();
    const value = Object.hasOwn(ctx.env, spec.name) ? ctx.env[spec.name] : undefined;
    // Environment values are not sensitive by themselves: `secured: true` makes them so.
    if (value !== undefined) outputs.set(spec.name, { value, sensitive: false });
    return { outputs, origin: `environment variable ${spec.name}` };
  },
};
