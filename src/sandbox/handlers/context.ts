/** What every API handler receives, and small shared helpers for request bodies. */
import type { Principal } from '../auth.ts';
import { badRequest, type Reply } from '../replies.ts';
export { isReply } from '../replies.ts';
import type { SandboxStore, StoredRepository, StoredWorkspace } from '../store.ts';

export interface ApiContext {
  store: SandboxStore;
  method: string;
  /** Decoded path parameters, named as in the OpenAPI spec. */
  params: Record<string, string>;
  query: URLSearchParams;
  /** Absolute URL of this request. */
  url: URL;
  /** Absolute API base, ending in `/2.0`. */
  apiBase: string;
  /** Parsed JSON body, undefined when none was sent. */
  body: unknown;
  principal: Principal;
  paginationBugs: boolean;
  now: () => number;
  workspace: StoredWorkspace;
  /** Set for routes under `/repositories/{workspace}/{repo_slug}`. */
  repository?: StoredRepository;
}

export type Handler = (ctx: ApiContext) => Reply;

export type JsonObject = Record<string, unknown>;

/** The body as an object, or the 400 to answer. */
export function objectBody(body: unknown): JsonObject | Reply {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return badRequest({}, 'The request body must be a JSON object.');
  }
  return body as JsonObject;
}

/** `{uuid}` percent-encoded for a path segment, as links need it. */
export const encodeSegment = (segment: string): string => encodeURIComponent(segment);

export function repositoryPath(ctx: ApiContext): string {
  const repo = ctx.repository!;
  return `${ctx.apiBase}/repositories/${encodeSegment(repo.workspace.slug)}/${encodeSegment(repo.slug)}`;
}
