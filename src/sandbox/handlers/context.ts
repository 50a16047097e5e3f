/** What every API handler receives, and small shared helpers for request bodies. */
import type { Principal } from '../auth.ts';
import { apiError, badRequest, type Reply } from '../replies.ts';
export { isReply } from '../replies.ts';
import type { SandboxStore, StoredCommit, StoredRepository, StoredWorkspace } from '../store.ts';

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

/** The commit of the path (created on first write), or 404 for something that is not a commit hash. */
export function commitOf(ctx: ApiContext, create: boolean): StoredCommit | undefined | Reply {
  const hash = ctx.params.commit ?? '';
  if (!/^[0-9a-f]{7,40}$/i.test(hash)) return apiError(404, `Commit ${hash} not found.`);
  return ctx.store.commit(ctx.repository!, hash, create);
}

export function commitPath(ctx: ApiContext, commit: StoredCommit | string): string {
  return `${repositoryPath(ctx)}/commit/${typeof commit === 'string' ? commit : commit.hash}`;
}

/**
 * Collects per-field problems of a request body in Bitbucket's `fields` shape
 * (`{"summary": "required key not provided"}`), using the messages the real API sends.
 */
export class FieldCheck {
  readonly problems: Record<string, string> = {};
  private readonly body: JsonObject;
  /** Prefix of the reported names, e.g. `[3].` for the fourth annotation of a bulk upload. */
  private readonly prefix: string;

  constructor(body: JsonObject, prefix = '') {
    this.body = body;
    this.prefix = prefix;
  }

  private missing(name: string, required: boolean): boolean {
    if (this.body[name] !== undefined && this.body[name] !== null) return false;
    if (required) this.problems[this.prefix + name] = 'required key not provided';
    return true;
  }

  string(name: string, required = false): void {
    if (this.missing(name, required)) return;
    if (typeof this.body[name] !== 'string') this.problems[this.prefix + name] = 'expected str';
    else if (required && this.body[name].trim() === '') this.problems[this.prefix + name] = 'must not be empty';
  }

  oneOf(name: string, values: readonly string[], required = false): void {
    if (this.missing(name, required)) return;
    if (!values.includes(this.body[name] as string))
      this.problems[this.prefix + name] = `must be one of ${values.join(', ')}`;
  }

  /** An absolute http(s) URL; `{…}` template variables are allowed where Bitbucket evaluates them. */
  url(name: string, required = false, templates = false): void {
    if (this.missing(name, required)) return;
    const value = this.body[name];
    const candidate = typeof value === 'string' && templates ? value.replace(/\{[^{}]*\}/g, 'x') : value;
    if (typeof candidate !== 'string' || !/^https?:\/\/[^\s/]+/.test(candidate) || !URL.canParse(candidate)) {
      this.problems[this.prefix + name] = 'Enter a valid URL.';
    }
  }

  integer(name: string, minimum: number): void {
    if (this.missing(name, false)) return;
    const value = this.body[name];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < minimum)
      this.problems[this.prefix + name] = `expected an integer of at least ${minimum}`;
  }

  boolean(name: string): void {
    if (this.missing(name, false)) return;
    if (typeof this.body[name] !== 'boolean') this.problems[this.prefix + name] = 'expected bool';
  }
}
