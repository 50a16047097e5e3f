/**
 * Paths into output values and rendering to the final string (pure). Strings pass through
 * unchanged, numbers keep their digits, booleans are true/false, lists and objects become
 * compact JSON, or comma-separated with `format: csv`.
 */
import { closest, listNames } from '../core/suggest.ts';
import { formatRefPath } from '../config/refs.ts';
import { isJsonObject, isLosslessNumber, stringifyJson } from './json.ts';
import type { JsonValue } from './types.ts';

export type Result<T> = { ok: true; value: T } | { ok: false; message: string; hint?: string };

/** A short name for a value's kind, for messages (never the value itself). */
export function kindOf(v: JsonValue): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `a list of ${v.length}`;
  if (isLosslessNumber(v)) return 'a number';
  if (isJsonObject(v)) return 'an object';
  return typeof v === 'string' ? 'a string' : 'a boolean';
}

/** Follows `path` into `value`; errors name the step that failed and the closest existing key. */
export function walkPath(
  value: JsonValue,
  source: string,
  output: string,
  path: ReadonlyArray<string | number>,
): Result<JsonValue> {
  let current = value;
  for (let i = 0; i < path.length; i++) {
    const step = path[i]!;
    const here = formatRefPath(source, output, path.slice(0, i));
    if (Array.isArray(current)) {
      const index = typeof step === 'number' ? step : /^\d+$/.test(step) ? Number(step) : NaN;
      if (Number.isNaN(index)) {
        return {
          ok: false,
          message: `${here} is ${kindOf(current)}: '${step}' is not an index`,
          hint: `use a number: ${here}.0`,
        };
      }
      if (index >= current.length) {
        return {
          ok: false,
          message: `${here} has ${current.length} item${current.length === 1 ? '' : 's'}; index ${index} is out of range`,
          hint: current.length > 0 ? `indexes run from 0 to ${current.length - 1}` : undefined,
        };
      }
      current = current[index]!;
    } else if (isJsonObject(current)) {
      const key = String(step);
      if (!Object.hasOwn(current, key)) {
        const keys = Object.keys(current);
        const guess = closest(key, keys);
        return {
          ok: false,
          message: `${here} has no key '${key}'${guess ? `; did you mean '${guess}'?` : ''}`,
          hint: `its keys: ${listNames(keys)}`,
        };
      }
      current = current[key]!;
    } else {
      return {
        ok: false,
        message: `${here} is ${kindOf(current)}, so it has no '${String(step)}'`,
        hint: `use ${here} itself`,
      };
    }
  }
  return { ok: true, value: current };
}

/** Renders a value as the variable's string. `where` names it in messages (e.g. `infra.db_host`). */
export function renderValue(value: JsonValue, format: 'json' | 'csv' | undefined, where: string): Result<string> {
  if (value === null) {
    return {
      ok: false,
      message: `output ${where} is null`,
      hint: 'Terraform writes null for outputs without a value; give it one, or do not reference it',
    };
  }
  if (format === 'csv') {
    if (!Array.isArray(value))
      return {
        ok: false,
        message: `format: csv needs a list, but ${where} is ${kindOf(value)}`,
        hint: 'remove `format: csv`',
      };
    const items: string[] = [];
    for (let i = 0; i < value.length; i++) {
      const item = value[i]!;
      if (item === null || Array.isArray(item) || isJsonObject(item)) {
        return {
          ok: false,
          message: `format: csv needs a list of strings, numbers or booleans, but item ${i} of ${where} is ${kindOf(item)}`,
          hint: 'use the default format (JSON) for nested lists',
        };
      }
      const text = scalarText(item);
      if (text.includes(','))
        return {
          ok: false,
          message: `item ${i} of ${where} contains a comma, so format: csv would be ambiguous`,
          hint: 'use the default format (JSON)',
        };
      items.push(text);
    }
    return { ok: true, value: items.join(',') };
  }
  if (format === 'json') return { ok: true, value: stringifyJson(value) };
  if (Array.isArray(value) || isJsonObject(value)) return { ok: true, value: stringifyJson(value) };
  return { ok: true, value: scalarText(value) };
}

function scalarText(v: JsonValue): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (isLosslessNumber(v)) return v.toString();
  return stringifyJson(v);
}
