/**
 * Turns a problem found at a data path into an `Issue` with `file:line:col`. Pure: works on the
 * positions recorded while parsing, so it also finds nodes reached through aliases and merges.
 */
import type { Issue } from '../errors.ts';
import { pathKey, type NodeInfo, type ParsedData, type PathSegment } from './yaml-types.ts';

/** A problem before it is located. */
export interface Problem {
  path: PathSegment[];
  message: string;
  hint?: string;
  severity?: 'error' | 'warning';
  /** Point at the key (e.g. an unknown property) rather than the value. */
  at?: 'key' | 'value';
  /** Point inside a string value: the `index`-th occurrence of `text` (e.g. `${infra.x}` in a template). */
  needle?: { text: string; index: number };
}

export type Locator = (problem: Problem) => Issue;

/** `repositories.api-service.variables.DB_HOST`; odd keys as `["a b"]`, list items as `[0]`. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const step of path) {
    if (typeof step === 'number') out += `[${step}]`;
    else if (/^[A-Za-z0-9_-]+$/.test(step)) out += out === '' ? step : `.${step}`;
    else out += `[${JSON.stringify(step)}]`;
  }
  return out;
}

export function createLocator(file: string, text: string, parsed: Pick<ParsedData, 'nodes' | 'lineCounter'>): Locator {
  const find = (path: readonly PathSegment[]): NodeInfo | undefined => {
    for (let n = path.length; n >= 0; n--) {
      const info = parsed.nodes.get(pathKey(path.slice(0, n)));
      if (info) return info;
    }
    return undefined;
  };
  return (problem) => {
    const info = find(problem.path);
    let offset: number | undefined;
    if (info) {
      const empty = info.range[0] === info.range[1];
      offset = (problem.at === 'key' || empty) && info.keyStart !== undefined ? info.keyStart : info.range[0];
      if (problem.needle) {
        const slice = text.slice(info.range[0], info.range[1]);
        let at = -1;
        for (let k = 0; k <= problem.needle.index; k++) {
          at = slice.indexOf(problem.needle.text, at + 1);
          if (at < 0) break;
        }
        if (at >= 0) offset = info.range[0] + at;
      }
    }
    const issue: Issue = { file, message: problem.message, severity: problem.severity ?? 'error' };
    if (offset !== undefined && text.length > 0) {
      const pos = parsed.lineCounter.linePos(offset);
      issue.line = pos.line;
      issue.col = pos.col;
    }
    const path = formatPath(problem.path);
    if (path) issue.path = path;
    if (problem.hint) issue.hint = problem.hint;
    return issue;
  };
}

/** Locates a problem found at a raw text offset (YAML syntax errors). */
export function issueAtOffset(file: string, parsed: Pick<ParsedData, 'lineCounter'>, offset: number, message: string, hint: string | undefined, severity: 'error' | 'warning', path?: readonly PathSegment[]): Issue {
  const pos = parsed.lineCounter.linePos(offset);
  const issue: Issue = { file, line: pos.line, col: pos.col, message, severity };
  const p = path ? formatPath(path) : '';
  if (p) issue.path = p;
  if (hint) issue.hint = hint;
  return issue;
}
