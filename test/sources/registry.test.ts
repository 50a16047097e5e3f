/** Every form the schema allows for a variable, and every named-source kind, has exactly one kind registered. */
import { describe, expect, it } from 'vitest';
import schema from '../../schema/bb-vars.schema.json' with { type: 'json' };
import type { VariableValue } from '../../src/config/types.generated.ts';
import { sourceKindOf, variableKindOf } from '../../src/sources/index.ts';

const definitions = schema.definitions as Record<string, { required?: string[]; type?: string; $ref?: string }>;

describe('the source registry', () => {
  it('maps each variable form of the schema to its own kind', () => {
    const samples: VariableValue[] = [];
    for (const branch of schema.definitions.variableValue.anyOf as Array<{ type?: string; $ref?: string }>) {
      if (branch.type === 'string') samples.push('text');
      else if (branch.type === 'number') samples.push(1);
      else if (branch.type === 'boolean') samples.push(true);
      else {
        const required = definitions[branch.$ref!.split('/').pop()!]!.required!;
        samples.push(Object.fromEntries(required.map((k) => [k, 'x'])) as unknown as VariableValue);
      }
    }
    const kinds = samples.map((s) => variableKindOf(s));
    expect(kinds.every((k) => k !== undefined)).toBe(true);
    // Three literal shapes share the literal kind; every mapping form has a kind of its own.
    expect(new Set(kinds).size).toBe(samples.length - 3);
  });

  it('finds the kind of each named source by its key', () => {
    const kinds = Object.keys((definitions.source as unknown as { properties: object }).properties);
    for (const key of kinds) expect(sourceKindOf({ [key]: {} })?.kind.key).toBe(key);
    expect(sourceKindOf({ vault: {} })).toBeUndefined();
  });
});
