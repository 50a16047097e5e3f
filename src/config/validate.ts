/**
 * Schema validation (pure): one ajv validator of the manifest schema, compiled ahead of time into
 * validator.generated.js by `npm run gen:types` (a test keeps it fresh), and
 * the sentences that turn its errors into something a person can act on. Where the schema offers
 * alternatives (`anyOf`: a variable is a string, a number, … or a mapping with `from`), only the
 * alternative the user evidently meant is reported.
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import schema from '../../schema/bb-vars.schema.json' with { type: 'json' };
import * as validators from './validator.generated.js';
import type { PathSegment } from './yaml-data.ts';
import { isRecord } from '../core/data.ts';
import { closest } from '../core/suggest.ts';

/** A schema problem, located by path; `at: 'key'` points at the key rather than the value. */
export interface SchemaProblem {
  path: PathSegment[];
  at: 'key' | 'value';
  message: string;
  hint?: string;
}

type Json = Record<string, unknown>;

/** The manifest's JSON Schema, as shipped (also printed by `bb-vars schema`). */
export const manifestSchema: Json = schema;

/** The validator of the manifest ('') or of one of its definitions ('/definitions/<name>'). */
function validatorAt(pointer: string): ValidateFunction {
  const name = pointer === '' ? 'manifest' : pointer.replace(/^\/definitions\//, '');
  const validate = (validators as Record<string, ValidateFunction | undefined>)[name];
  if (!validate) throw new Error(`schema pointer not found: ${pointer}`);
  return validate;
}

/** Validates parsed manifest data against the schema; returns every problem found. */
export function validateSchema(data: unknown): SchemaProblem[] {
  return collect(validatorAt(''), data, []);
}

function collect(validate: ValidateFunction, data: unknown, base: PathSegment[]): SchemaProblem[] {
  if (validate(data)) return [];
  const errors = (validate.errors ?? []).map((e) => ({ ...e, path: [...base, ...parsePointer(e.instancePath)] }));
  const out: SchemaProblem[] = [];
  // Outermost alternatives first: everything beneath one is replaced by its chosen branch's errors.
  const alternatives = errors.filter((e) => e.keyword === 'anyOf').sort((a, b) => a.path.length - b.path.length);
  const handled: PathSegment[][] = [];
  for (const alt of alternatives) {
    if (handled.some((h) => isPrefix(h, alt.path))) continue;
    handled.push(alt.path);
    out.push(...chooseBranch(alt, alt.path));
  }
  for (const e of errors) {
    if (e.keyword === 'anyOf' || e.keyword === 'propertyNames') continue;
    if (handled.some((h) => isPrefix(h, e.path))) continue;
    out.push(describe(e, e.path));
  }
  return out;
}

function chooseBranch(alt: ErrorObject, path: PathSegment[]): SchemaProblem[] {
  const refs = (alt.schema as Json[]).map((b) => (typeof b.$ref === 'string' ? b.$ref : undefined));
  const branches = (alt.schema as Json[]).map((b) => resolveRef(b));
  const data = alt.data;
  const isObject = isRecord(data);
  const matching = branches
    .map((b, i) => ({ b, i }))
    .filter(({ b }) => typeMatches(b.type, data))
    .filter(({ b }) => !isObject || ((b.required as string[] | undefined) ?? []).every((r) => Object.hasOwn(data, r)));
  let candidates = matching;
  if (isObject && matching.length > 1) {
    const specific = matching.filter(({ b }) => ((b.required as string[] | undefined) ?? []).length > 0);
    // A `{prune, variables}` workspace scope vs a plain map: the scope form if nothing else is in it.
    const exact = specific.filter(({ b }) =>
      Object.keys(data).every((k) => Object.hasOwn((b.properties as Json | undefined) ?? {}, k)),
    );
    candidates = exact.length === 1 ? exact : specific.length > 0 ? specific : matching;
  }
  // The alternative meant is a definition of its own (`$ref`): its problems are the ones to report.
  const ref = candidates.length === 1 ? refs[candidates[0]!.i] : undefined;
  if (ref !== undefined) return collect(validatorAt(ref.slice(1)), data, path);
  const keyed = branches
    .map((b) => (b.required as string[] | undefined)?.[0])
    .filter((k): k is string => k !== undefined);
  if (candidates.length > 1 && isObject) {
    const present = keyed.filter((k) => Object.hasOwn(data, k));
    return [
      {
        path,
        at: 'value',
        message: `has ${present.map((k) => `'${k}'`).join(' and ')}: use exactly one of ${keyed.join(', ')}`,
        hint: 'split it into two variables, or use a template to combine values',
      },
    ];
  }
  if (isObject && candidates.length === 0 && keyed.length > 0) {
    const known = new Set(branches.flatMap((b) => Object.keys((b.properties as Json | undefined) ?? {})));
    const unknown = Object.keys(data).filter((k) => !known.has(k));
    const guesses = unknown.map((k) => ({ k, g: closest(k, keyed) })).filter((x) => x.g !== undefined);
    const what =
      unknown.length > 0 ? `; '${unknown.join("', '")}' ${unknown.length === 1 ? 'is' : 'are'} not one of them` : '';
    return [
      {
        path,
        at: 'value',
        message: `needs one of ${keyed.join(', ')}${what}${guesses.length > 0 ? `; did you mean '${guesses[0]!.g}'?` : ''}`,
        hint: 'e.g. { from: source.output }, { env: NAME }, { file: path }, { template: "..." } or { value: ..., secured: true }',
      },
    ];
  }
  const kinds = branches
    .filter((b) => typeof b.type === 'string' && b.type !== 'object')
    .map((b) => typeName(b.type as string));
  const expected = kinds.length > 0 ? `${kinds.join(', ')}, or a mapping with one of ${keyed.join(', ')}` : 'a mapping';
  const hint =
    data === null
      ? "an empty value is not allowed; write KEY: '' for an empty string"
      : `e.g. KEY: value, or KEY: { from: source.output }`;
  if (kinds.length === 0) {
    return [{ path, at: 'value', message: `must be ${expected}, not ${describeData(data)}` }];
  }
  return [{ path, at: 'value', message: `must be ${expected}; got ${describeData(data)}`, hint }];
}

function resolveRef(branch: Json): Json {
  const ref = branch.$ref;
  if (typeof ref !== 'string') return branch;
  let node: unknown = schema;
  for (const seg of ref.replace(/^#\//, '').split('/')) node = (node as Json)[seg];
  return node as Json;
}

function typeMatches(type: unknown, data: unknown): boolean {
  if (type === undefined) return true;
  const types = Array.isArray(type) ? (type as string[]) : [type as string];
  return types.some((t) =>
    t === 'object'
      ? isRecord(data)
      : t === 'array'
        ? Array.isArray(data)
        : t === 'integer'
          ? Number.isInteger(data)
          : typeof data === t,
  );
}

function describe(e: ErrorObject & { path: PathSegment[] }, path: PathSegment[]): SchemaProblem {
  const parent = (e.parentSchema ?? {}) as Json;
  switch (e.keyword) {
    case 'required': {
      const name = (e.params as { missingProperty: string }).missingProperty;
      const prop = ((parent.properties as Json | undefined)?.[name] ?? {}) as Json;
      return {
        path,
        at: 'value',
        message: `missing required property '${name}'`,
        hint: typeof prop.description === 'string' ? `${name}: ${prop.description}` : undefined,
      };
    }
    case 'additionalProperties': {
      const name = (e.params as { additionalProperty: string }).additionalProperty;
      const allowed = Object.keys((parent.properties as Json | undefined) ?? {}).filter((k) => k !== '$schema');
      const guess = closest(name, allowed);
      return {
        path: [...path, name],
        at: 'key',
        message: `unknown property '${name}'${guess ? `; did you mean '${guess}'?` : ''}`,
        hint: `allowed here: ${allowed.join(', ')}`,
      };
    }
    case 'type': {
      // ajv reports `type: [a, b]` schemas as an array, `type: "a"` as a (comma-joined) string.
      const t = (e.params as { type: string | string[] }).type;
      const types = Array.isArray(t) ? t : t.split(',');
      return { path, at: 'value', message: `must be ${types.map(typeName).join(' or ')}, not ${describeData(e.data)}` };
    }
    case 'enum': {
      const allowed = (e.params as { allowedValues: unknown[] }).allowedValues.map(String);
      const guess = typeof e.data === 'string' ? closest(e.data, allowed) : undefined;
      return {
        path,
        at: 'value',
        message: `must be one of ${allowed.join(', ')}, not ${describeData(e.data)}${guess ? `; did you mean '${guess}'?` : ''}`,
      };
    }
    case 'const': {
      const value = (e.params as { allowedValue: unknown }).allowedValue;
      return {
        path,
        at: 'value',
        message: `must be ${JSON.stringify(value)}, not ${describeData(e.data)}`,
        hint: path[0] === 'version' ? 'this bb-vars reads manifest format version 1: write version: 1' : undefined,
      };
    }
    case 'pattern': {
      const title = typeof parent.title === 'string' ? parent.title.toLowerCase() : 'value';
      const description = typeof parent.description === 'string' ? parent.description : undefined;
      if (e.propertyName !== undefined) {
        return {
          path: [...path, e.propertyName],
          at: 'key',
          message: `'${e.propertyName}' is not a valid ${title}`,
          hint: description,
        };
      }
      return { path, at: 'value', message: `${describeData(e.data)} is not a valid ${title}`, hint: description };
    }
    case 'minLength':
      return {
        path,
        at: 'value',
        message:
          (e.params as { limit: number }).limit === 1
            ? 'must not be empty'
            : `must be at least ${(e.params as { limit: number }).limit} characters`,
      };
    case 'maxLength': {
      const where =
        e.propertyName !== undefined
          ? { path: [...path, e.propertyName], at: 'key' as const, subject: `'${e.propertyName}'` }
          : { path, at: 'value' as const, subject: 'the value' };
      return {
        path: where.path,
        at: where.at,
        message: `${where.subject} is too long: at most ${(e.params as { limit: number }).limit} characters`,
      };
    }
    case 'minimum':
    case 'maximum':
      return {
        path,
        at: 'value',
        message: `must be ${e.keyword === 'minimum' ? 'at least' : 'at most'} ${(e.params as { limit: number }).limit}, not ${describeData(e.data)}`,
      };
    default:
      return { path, at: 'value', message: e.message ?? 'is invalid' };
  }
}

function typeName(t: string): string {
  switch (t) {
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'integer':
      return 'a whole number';
    case 'boolean':
      return 'true or false';
    case 'object':
      return 'a mapping';
    case 'array':
      return 'a list';
    default:
      return t;
  }
}

/** Names what the user wrote, without echoing long values. */
export function describeData(data: unknown): string {
  if (data === null || data === undefined) return 'empty';
  if (Array.isArray(data)) return 'a list';
  if (typeof data === 'object') return 'a mapping';
  if (typeof data === 'string') return data.length > 40 ? `a ${data.length}-character string` : `'${data}'`;
  return typeof data === 'number' || typeof data === 'boolean' ? String(data) : typeof data;
}

function parsePointer(pointer: string): PathSegment[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function isPrefix(prefix: readonly PathSegment[], path: readonly PathSegment[]): boolean {
  return prefix.length <= path.length && prefix.every((s, i) => String(s) === String(path[i]));
}
