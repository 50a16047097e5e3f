/**
 * Bitbucket's filter and sort language (BBQL, spec/bitbucket/narrative/filtering.md), applied to
 * objects as the API renders them: `q=` keeps the matching ones, `sort=` orders them. Operators
 * `= != ~ !~ > >= < <= IN NOT IN`, `AND`/`OR` (any case, AND binding tighter), parentheses;
 * values are strings in double quotes, numbers, `true`, `false`, `null` and ISO-8601 datetimes.
 * Fields are dotted paths (`project.key`). Anything else is a `QueryError` (the handler's 400).
 */

export class QueryError extends Error {}

type Json = Record<string, unknown>;
type Value =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'null' }
  | { kind: 'datetime'; value: number };
type Operator = '=' | '!=' | '~' | '!~' | '>' | '>=' | '<' | '<=';
type Node =
  | { kind: 'and' | 'or'; left: Node; right: Node }
  | { kind: 'compare'; field: string[]; op: Operator; value: Value }
  | { kind: 'in'; field: string[]; negated: boolean; values: Value[] };

interface Token {
  kind: 'op' | '(' | ')' | ',' | 'string' | 'word';
  text: string;
  at: number;
}

const OPERATORS: readonly Operator[] = ['!=', '!~', '>=', '<=', '=', '~', '>', '<'];
const WORD = /[A-Za-z0-9_.:+-]/;
const FIELD = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$/;
const NUMBER = /^-?\d+(?:\.\d+)?$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}(?:T\d{2}(?::\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

function tokenize(q: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < q.length) {
    const c = q[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(' || c === ')' || c === ',') {
      tokens.push({ kind: c, text: c, at: i++ });
    } else if (c === '"') {
      const start = i++;
      let text = '';
      while (i < q.length && q[i] !== '"') {
        if (q[i] === '\\' && i + 1 < q.length) i++;
        text += q[i++];
      }
      if (i >= q.length) throw new QueryError(`unterminated string starting at position ${start}`);
      i++;
      tokens.push({ kind: 'string', text, at: start });
    } else {
      const op = OPERATORS.find((o) => q.startsWith(o, i));
      if (op) {
        tokens.push({ kind: 'op', text: op, at: i });
        i += op.length;
      } else if (WORD.test(c)) {
        const start = i;
        while (i < q.length && WORD.test(q[i]!)) i++;
        tokens.push({ kind: 'word', text: q.slice(start, i), at: start });
      } else {
        throw new QueryError(`unexpected character '${c}' at position ${i}`);
      }
    }
  }
  return tokens;
}

class Parser {
  private pos = 0;
  private readonly tokens: Token[];
  private readonly length: number;

  constructor(tokens: Token[], length: number) {
    this.tokens = tokens;
    this.length = length;
  }

  parse(): Node {
    const node = this.or();
    const extra = this.tokens[this.pos];
    if (extra) throw new QueryError(`unexpected '${extra.text}' at position ${extra.at}`);
    return node;
  }

  private peek(): Token | undefined {
    return this.tokens[this.pos];
  }

  private next(expected: string): Token {
    const token = this.tokens[this.pos++];
    if (!token) throw new QueryError(`expected ${expected} at position ${this.length}, found the end of the query`);
    return token;
  }

  private keyword(word: string): boolean {
    const token = this.peek();
    if (token?.kind === 'word' && token.text.toUpperCase() === word) {
      this.pos++;
      return true;
    }
    return false;
  }

  private or(): Node {
    let node = this.and();
    while (this.keyword('OR')) node = { kind: 'or', left: node, right: this.and() };
    return node;
  }

  private and(): Node {
    let node = this.primary();
    while (this.keyword('AND')) node = { kind: 'and', left: node, right: this.primary() };
    return node;
  }

  private primary(): Node {
    const token = this.next('a field name or (');
    if (token.kind === '(') {
      const node = this.or();
      const close = this.next(')');
      if (close.kind !== ')') throw new QueryError(`expected ) at position ${close.at}, found '${close.text}'`);
      return node;
    }
    if (
      token.kind !== 'word' ||
      !FIELD.test(token.text) ||
      ['AND', 'OR', 'NOT', 'IN'].includes(token.text.toUpperCase())
    ) {
      throw new QueryError(`expected a field name at position ${token.at}, found '${token.text}'`);
    }
    const field = token.text.split('.');
    const negated = this.keyword('NOT');
    if (this.keyword('IN')) return { kind: 'in', field, negated, values: this.list() };
    if (negated) throw new QueryError(`expected IN after NOT at position ${this.peek()?.at ?? this.length}`);
    const op = this.next('an operator');
    if (op.kind !== 'op') throw new QueryError(`expected an operator at position ${op.at}, found '${op.text}'`);
    return { kind: 'compare', field, op: op.text as Operator, value: this.value() };
  }

  private list(): Value[] {
    const open = this.next('(');
    if (open.kind !== '(') throw new QueryError(`expected ( at position ${open.at}, found '${open.text}'`);
    const values = [this.value()];
    for (let sep = this.next(', or )'); sep.kind !== ')'; sep = this.next(', or )')) {
      if (sep.kind !== ',') throw new QueryError(`expected , or ) at position ${sep.at}, found '${sep.text}'`);
      values.push(this.value());
    }
    return values;
  }

  private value(): Value {
    const token = this.next('a value');
    if (token.kind === 'string') return { kind: 'string', value: token.text };
    if (token.kind === 'word') {
      const lower = token.text.toLowerCase();
      if (lower === 'null') return { kind: 'null' };
      if (lower === 'true' || lower === 'false') return { kind: 'boolean', value: lower === 'true' };
      if (NUMBER.test(token.text)) return { kind: 'number', value: Number(token.text) };
      if (DATETIME.test(token.text)) {
        const hasZone = /(?:Z|[+-]\d{2}:?\d{2})$/.test(token.text) && token.text.includes('T');
        const ms = Date.parse(
          token.text.includes('T') ? (hasZone ? token.text : `${token.text}Z`) : `${token.text}T00:00:00Z`,
        );
        if (!Number.isNaN(ms)) return { kind: 'datetime', value: ms };
      }
    }
    throw new QueryError(
      `expected a value at position ${token.at}, found '${token.text}' (strings need double quotes)`,
    );
  }
}

/** The value at a dotted path; an unknown top-level field is an error, a missing nested one is null. */
function resolve(item: Json, path: string[]): unknown {
  if (!(path[0]! in item)) throw new QueryError(`Invalid field name: '${path.join('.')}'`);
  let current: unknown = item;
  for (const segment of path) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return null;
    current = (current as Json)[segment];
  }
  return current ?? null;
}

function equals(actual: unknown, value: Value): boolean {
  switch (value.kind) {
    case 'null':
      return actual === null;
    case 'datetime':
      return typeof actual === 'string' && Date.parse(actual) === value.value;
    default:
      return actual === value.value;
  }
}

function order(actual: unknown, value: Value): number | undefined {
  if (value.kind === 'datetime' && typeof actual === 'string') {
    const ms = Date.parse(actual);
    return Number.isNaN(ms) ? undefined : ms - value.value;
  }
  if (value.kind === 'number' && typeof actual === 'number') return actual - value.value;
  if (value.kind === 'string' && typeof actual === 'string')
    return actual < value.value ? -1 : actual > value.value ? 1 : 0;
  return undefined;
}

function test(node: Node, item: Json): boolean {
  switch (node.kind) {
    case 'and':
      return test(node.left, item) && test(node.right, item);
    case 'or':
      return test(node.left, item) || test(node.right, item);
    case 'in': {
      const actual = resolve(item, node.field);
      return node.values.some((v) => equals(actual, v)) !== node.negated;
    }
    case 'compare': {
      const actual = resolve(item, node.field);
      const { op, value } = node;
      if (op === '=') return equals(actual, value);
      if (op === '!=') return !equals(actual, value);
      if (op === '~' || op === '!~') {
        if (value.kind !== 'string') throw new QueryError(`${op} needs a string value`);
        const contains = typeof actual === 'string' && actual.toLowerCase().includes(value.value.toLowerCase());
        return op === '~' ? contains : !contains;
      }
      const diff = order(actual, value);
      if (diff === undefined) return false;
      return op === '>' ? diff > 0 : op === '>=' ? diff >= 0 : op === '<' ? diff < 0 : diff <= 0;
    }
  }
}

/** Parses `q`; the returned predicate may still throw a QueryError for an unknown field. */
export function parseQuery(q: string): (item: Json) => boolean {
  const tokens = tokenize(q);
  if (tokens.length === 0) throw new QueryError('the query is empty');
  const node = new Parser(tokens, q.length).parse();
  return (item) => test(node, item);
}

/** Filters by `q` and orders by `sort` (`field` or `-field`, one field), keeping the order of ties. */
export function filterAndSort<T>(
  items: readonly T[],
  render: (item: T) => Json,
  q: string | null,
  sort: string | null,
): T[] {
  const keep = q === null ? undefined : parseQuery(q);
  let rows = items.map((item) => ({ item, json: render(item) }));
  if (keep) rows = rows.filter((row) => keep(row.json));
  if (sort !== null) {
    const descending = sort.startsWith('-');
    const field = descending ? sort.slice(1) : sort;
    if (!FIELD.test(field)) throw new QueryError(`Invalid sort field: '${sort}'`);
    const path = field.split('.');
    const keyed = rows.map((row) => ({ row, key: resolve(row.json, path) }));
    keyed.sort((a, b) => {
      if (a.key === b.key) return 0;
      if (a.key === null) return 1;
      if (b.key === null) return -1;
      const cmp = (a.key as string | number) < (b.key as string | number) ? -1 : 1;
      return descending ? -cmp : cmp;
    });
    rows = keyed.map((k) => k.row);
  }
  return rows.map((row) => row.item);
}
