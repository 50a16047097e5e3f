/**
 * Bitbucket's paginated envelope, including the `next` bugs the real variable endpoints have
 * (API-NOTES §2): a client that trusts `next` must fail here as it would against Bitbucket.
 */
import { filterAndSort, QueryError } from './bbql.ts';
import { badRequest, invalidQuery, json, isReply, type Reply } from './replies.ts';

export const DEFAULT_PAGELEN = 10;
export const MAX_PAGELEN = 100;

/**
 * How a list builds `next`:
 * - `correct`: `next` only when another page exists, pointing at the same URL with `page+1`;
 * - `missing`: never a `next` (workspace variables, BCLOUD-23787);
 * - `internal`: `next` on every non-empty page, even the last, pointing at an internal
 *   `/rest/1.0/accounts/…` URL that answers 401 (repository variables, BCLOUD-20910/22441).
 */
export type NextMode = { kind: 'correct' } | { kind: 'missing' } | { kind: 'internal'; path: string };

export interface PageRequest {
  page: number;
  pagelen: number;
}

/** Reads `page`/`pagelen`: default 10, over 100 clamped to 100, non-numbers or < 1 → 400. */
export function readPageRequest(query: URLSearchParams): PageRequest | Reply {
  const fields: Record<string, string> = {};
  const read = (name: string, fallback: number): number => {
    const raw = query.get(name);
    if (raw === null) return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < 1) {
      fields[name] = 'expected a positive integer';
      return fallback;
    }
    return Number(raw);
  };
  const page = read('page', 1);
  const pagelen = Math.min(read('pagelen', DEFAULT_PAGELEN), MAX_PAGELEN);
  if (Object.keys(fields).length > 0) return badRequest(fields);
  return { page, pagelen };
}

/** Builds the envelope for one page of `items`. `selfUrl` is the absolute request URL. */
export function paginate<T, R>(
  items: readonly T[],
  request: PageRequest,
  selfUrl: URL,
  next: NextMode,
  render: (item: T) => R,
): Record<string, unknown> {
  const start = (request.page - 1) * request.pagelen;
  const values = items.slice(start, start + request.pagelen).map(render);
  const envelope: Record<string, unknown> = {
    pagelen: request.pagelen,
    size: items.length,
    values,
    page: request.page,
  };
  const hasMore = start + request.pagelen < items.length;
  if (next.kind === 'correct') {
    if (hasMore) envelope.next = pageUrl(selfUrl, request.page + 1, request.pagelen);
    if (request.page > 1) envelope.previous = pageUrl(selfUrl, request.page - 1, request.pagelen);
  } else if (next.kind === 'internal' && values.length > 0) {
    const internal = new URL(next.path, selfUrl);
    envelope.next = pageUrl(internal, request.page + 1, request.pagelen);
  }
  return envelope;
}

function pageUrl(base: URL, page: number, pagelen: number): string {
  const url = new URL(base.href);
  url.searchParams.delete('pagelen');
  url.searchParams.delete('page');
  url.searchParams.append('pagelen', String(pagelen));
  url.searchParams.append('page', String(page));
  return url.href;
}

/**
 * A 200 with one page of `items` after BBQL `q=` and `sort=` (lists that support filtering),
 * or the 400 for a bad page or query. `render` gives the object as the API shows it.
 */
export function queryPage<T>(
  query: URLSearchParams,
  selfUrl: URL,
  items: readonly T[],
  render: (item: T) => Record<string, unknown>,
): Reply {
  const page = readPageRequest(query);
  if (isReply(page)) return page;
  try {
    const selected = filterAndSort(items, render, query.get('q'), query.get('sort'));
    return json(200, paginate(selected, page, selfUrl, { kind: 'correct' }, render));
  } catch (error) {
    if (error instanceof QueryError) return invalidQuery(error.message);
    throw error;
  }
}
