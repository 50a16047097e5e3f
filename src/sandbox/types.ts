/**
 * Public types of the embedded Bitbucket Cloud sandbox: its seed data, its knobs and its
 * request log. Everything here is JSON-friendly so a seed can live in a file.
 */
import type { EnvironmentType } from '../core/types.ts';

/** A variable as seeded. `value` of a secured variable is kept in memory only, never served. */
export interface SeedVariable {
  key: string;
  value: string;
  secured?: boolean;
  /** `{…}` with braces; generated deterministically when absent. */
  uuid?: string;
}

/** A deployment environment of a repository. */
export interface SeedEnvironment {
  name: string;
  type: EnvironmentType;
  uuid?: string;
  variables?: SeedVariable[];
}

/** A comment on a seeded pull request. `author` names a seed user (see `users`). */
export interface SeedComment {
  id?: number;
  raw: string;
  author?: string;
}

export interface SeedPullRequest {
  id: number;
  title: string;
  state?: 'OPEN' | 'MERGED' | 'DECLINED' | 'SUPERSEDED';
  comments?: SeedComment[];
}

/** How much the sandbox's callers may do in a repository (drives `?role=` on the repository list). */
export type RepositoryPermission = 'admin' | 'write' | 'read';

export interface SeedRepository {
  uuid?: string;
  /** Key of the workspace project the repository belongs to (default: the workspace's first project). */
  project?: string;
  /** The callers' permission on it (default `admin`). */
  permission?: RepositoryPermission;
  variables?: SeedVariable[];
  environments?: SeedEnvironment[];
  pullRequests?: SeedPullRequest[];
}

/** A workspace project. Every repository belongs to one, as on Bitbucket. */
export interface SeedProject {
  name?: string;
  uuid?: string;
  description?: string;
  isPrivate?: boolean;
}

export interface SeedWorkspace {
  uuid?: string;
  variables?: SeedVariable[];
  /**
   * Keyed by project key. A workspace with repositories but no projects gets Bitbucket's
   * default project `PROJ` ("Untitled project").
   */
  projects?: Record<string, SeedProject>;
  /** Keyed by repository slug. */
  repositories?: Record<string, SeedRepository>;
}

/** OAuth 2.0 consumer usable with the client-credentials grant. */
export interface SeedOAuthConsumer {
  clientId: string;
  clientSecret: string;
  /** OAuth scopes, e.g. `pipeline`, `pipeline:variable`, `pullrequest`. */
  scopes: string[];
  /** Display name of the consumer's owner, shown as comment author. */
  owner?: string;
}

/** Repository / workspace access token (Bearer). Bound to a workspace, optionally one repository. */
export interface SeedAccessToken {
  token: string;
  scopes: string[];
  /** Shown as comment author, as Bitbucket does for access tokens. */
  name?: string;
  workspace?: string;
  repository?: string;
}

/** Atlassian API token used with HTTP Basic `email:token`; scopes are the `…:bitbucket` family. */
export interface SeedApiToken {
  username: string;
  token: string;
  scopes: string[];
  displayName?: string;
}

export interface SeedCredentials {
  oauthConsumers?: SeedOAuthConsumer[];
  accessTokens?: SeedAccessToken[];
  apiTokens?: SeedApiToken[];
}

/** Everything the sandbox starts with. */
export interface SandboxSeed {
  credentials?: SeedCredentials;
  /** Keyed by workspace slug. */
  workspaces: Record<string, SeedWorkspace>;
  /** Display names of users who wrote seeded comments, keyed by the `author` used in comments. */
  users?: Record<string, string>;
}

/** What a fault does to one request. */
export type FaultKind = '429' | '500' | '502' | '503' | 'reset-before' | 'reset-after' | 'slow';

/**
 * Injected failures. Random faults draw from a PRNG seeded with `seed`, one draw per counted
 * request, so the same request sequence always gets the same faults.
 */
export interface FaultOptions {
  seed?: number;
  /** Probability (0..1) of a 429 rate-limit answer, request not applied. */
  rate429?: number;
  /** Probability of a 500/502/503 answer, request not applied. */
  rate5xx?: number;
  /** Probability of a connection reset before the request is applied. */
  resetBefore?: number;
  /** Probability of a connection reset after the request was applied (the response is lost). */
  resetAfter?: number;
  /** Probability of a slow response (applied, then answered after `slowMs`). */
  slow?: number;
  /** Delay of a slow response in ms (default 2000). */
  slowMs?: number;
  /** Faults at exact 1-based positions among counted requests, e.g. `{ 7: 'reset-after' }`. */
  at?: Record<number, FaultKind>;
  /** Count and fault only mutations (POST, PUT, DELETE); reads pass untouched. */
  mutationsOnly?: boolean;
}

export interface SandboxOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (any free port). */
  port?: number;
  /** Default `defaultSeed()`. */
  seed?: SandboxSeed;
  /** Added before every request is handled. */
  latencyMs?: number;
  /** OAuth access-token lifetime (default 7200, as Bitbucket). */
  tokenTtlSeconds?: number;
  /** Rolling-window rate limit per credential, answering 429 text/plain beyond it. */
  rateLimit?: { limit: number; windowMs: number };
  faults?: FaultOptions;
  /** Reproduce Bitbucket's broken `next` links on variable lists (default true). */
  paginationBugs?: boolean;
  /** Seed of the UUID generator (default 1). */
  uuidSeed?: number;
  /** Clock, for timestamps and token expiry (default Date.now). */
  now?: () => number;
}

/** One API request as the sandbox saw it. In memory only: it may hold secret values. */
export interface RequestLogEntry {
  seq: number;
  method: string;
  /** Raw path as sent, without the query string. */
  path: string;
  /** Matched route, e.g. `PUT /repositories/{workspace}/{repo_slug}/pipelines_config/variables/{variable_uuid}`. */
  route?: string;
  query: Record<string, string>;
  /** HTTP status, or null when the connection was reset instead of answered. */
  status: number | null;
  /** `performance.now()` of the sandbox process when the request arrived (benchmarks measure with it). */
  startedMs?: number;
  durationMs: number;
  fault?: FaultKind | 'rate-limit';
  /** Whether the request changed the store (true for a `reset-after` mutation). */
  applied: boolean;
  /** Parsed JSON (or form) body. */
  body?: unknown;
  /** Which credential was used (client id, token name or username; never the secret). */
  credential?: string;
}
