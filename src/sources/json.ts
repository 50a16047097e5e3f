/**
 * Lossless JSON parsing for source files: `9007199254740993` and `1.10` keep their digits.
 * Pure. Errors say where (line and column) without quoting the text, which may be secret.
 */
import { parse, isLosslessNumber, stringify, LosslessNumber } from 'lossless-json';
import { isRecord } from '../core/data.ts';
import type { JsonValue } from './types.ts';

/** Parses JSON text; throws an Error whose message has the line and column of the problem. */
export function parseLosslessJson(text: string): JsonValue {
  try {
    return parse(text, null, (s) => new LosslessNumber(s)) as JsonValue;
  } catch (error) {
    const message = (error as Error).message;
    const pos = /position (\d+)/.exec(message);
    const clean = message
      .replace(/\s*(?:at|but got)\b.*$/s, '')
      .replace(/'[^']*'/g, '')
      .replace(/\s+/g, ' ')
      .trim();
    if (pos) {
      const offset = Number(pos[1]);
      const before = text.slice(0, offset);
      const line = before.split('\n').length;
      const col = offset - before.lastIndexOf('\n');
      throw new Error(`invalid JSON at line ${line}, column ${col}: ${clean.toLowerCase()}`, { cause: error });
    }
    throw new Error(`invalid JSON: ${clean.toLowerCase()}`, { cause: error });
  }
}

export function isJsonObject(v: unknown): v is { [key: string]: JsonValue } {
  return isRecord(v) && !isLosslessNumber(v);
}

/** Compact JSON with numbers exactly as read. */
export function stringifyJson(value: JsonValue): string {
  return stringify(value) ?? 'null';
}

export { isLosslessNumber };
