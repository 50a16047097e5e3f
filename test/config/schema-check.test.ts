/**
 * The yes/no schema check (the only schema code a valid manifest loads) must agree with the full
 * validator that words the errors: on real manifests, and on random mutations of them.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { isValidManifest } from '../../src/config/schema-check.ts';
import { validateSchema } from '../../src/config/validate.ts';

const manifests = ['examples/bb-vars.yaml', 'bb-vars.yaml'].map((f) => parse(readFileSync(f, 'utf8')) as unknown);

/** Replaces the value at a random path of `data` (or deletes/adds a key) — most results are invalid, some stay valid. */
function mutate(data: unknown, steps: number[], replacement: unknown, action: number): unknown {
  if (data === null || typeof data !== 'object') return replacement;
  const copy: Record<string, unknown> | unknown[] = Array.isArray(data) ? [...(data as unknown[])] : { ...(data as Record<string, unknown>) };
  const keys = Object.keys(copy);
  if (keys.length === 0 || steps.length === 0) {
    if (action === 0 && !Array.isArray(copy)) (copy).unexpected_key = replacement;
    return action === 1 ? replacement : copy;
  }
  const key = keys[steps[0]! % keys.length]!;
  const target = copy as Record<string, unknown>;
  if (steps.length === 1 && action === 2 && !Array.isArray(copy)) delete target[key];
  else target[key] = mutate(target[key], steps.slice(1), replacement, action);
  return copy;
}

const scalar = fc.oneof(fc.string({ maxLength: 12 }), fc.integer(), fc.boolean(), fc.constant(null), fc.constantFrom('Production', 'managed', 'infra.db_host', 'base64', 'csv', 1, 'A_KEY'));
const value = fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }), fc.dictionary(fc.constantFrom('from', 'env', 'file', 'value', 'template', 'secured', 'type', 'variables', 'x'), scalar, { maxKeys: 3 }));

describe('schema check', () => {
  it('accepts the example manifests, as the full validator does', () => {
    for (const m of manifests) {
      expect(validateSchema(m)).toEqual([]);
      expect(isValidManifest(m)).toBe(true);
    }
  });

  it('agrees with the full validator on random mutations of real manifests', () => {
    let invalid = 0;
    fc.assert(
      fc.property(fc.constantFrom(...manifests), fc.array(fc.nat(), { minLength: 1, maxLength: 7 }), value, fc.nat(3), (m, steps, replacement, action) => {
        const data = mutate(m, steps, replacement, action);
        const valid = validateSchema(data).length === 0;
        if (!valid) invalid++;
        expect(isValidManifest(data)).toBe(valid);
      }),
      { numRuns: 1500 },
    );
    // Both outcomes were exercised.
    expect(invalid).toBeGreaterThan(100);
    expect(invalid).toBeLessThan(1500);
  });
});
