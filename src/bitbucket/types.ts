/**
 * Types for the Bitbucket Cloud API client. Response types declare only the fields bb-vars uses;
 * everything else Bitbucket sends is ignored.
 */
import type { EnvironmentType } from '../core/types.ts';

/** Where a variable collection lives, in API terms (deployment scopes use the environment UUID). */
export type VariableScope =
  | { kind: 'workspace'; workspace: string }
  | { kind: 'repository'; workspace: string; repository: string }
  | { kind: 'deployment'; workspace: string; repository: string; environmentUuid: string };

/** A pipeline/deployment variable as Bitbucket returns it; `value` is absent when secured. */
export interface BbVariable {
  uuid: string;
  key: string;
  value?: string;
  secured: boolean;
}

/** What to write: POST and PUT bodies are exactly these three fields. */
export interface VariableInput {
  key: string;
  value: string;
  secured: boolean;
}

/** A deployment environment (only the fields we use). */
export interface BbEnvironment {
  uuid: string;
  name: string;
  /** `environment_type.name` when it is one of the three known types. */
  environmentType?: EnvironmentType;
}

/** A pull-request comment (only the fields we use). */
/** A repository as listed: its slug and the key of its project. */
export interface BbRepository {
  slug: string;
  /** Absent when Bitbucket listed it without a project. */
  projectKey?: string;
}

/** A project of a workspace. */
export interface BbProject {
  key: string;
  name: string;
}

export interface BbComment {
  id: number;
  raw: string;
  deleted: boolean;
}

/**
 * What Bitbucket's answers said about the credential so far (`doctor` reads it): the scopes it
 * was granted, as the OAuth token response, an `X-OAuth-Scopes` header or a 403's `granted` list
 * named them, and the last `X-RateLimit-*` headers (sent to access tokens only).
 */
export interface CredentialFacts {
  scopes?: string[];
  rateLimit?: { limit?: number; resource?: string; nearLimit: boolean };
}

/** How the client authenticates, chosen from the environment by `credentialsFromEnv`. */
export type Credentials =
  | { kind: 'oauth'; clientId: string; clientSecret: string; tokenUrl: string }
  | { kind: 'access-token'; token: string }
  | { kind: 'api-token'; username: string; apiToken: string };

/** Retry timings. Every wait is bounded by `maxDelayMs`; all waits of one call by `maxTotalWaitMs`. */
export interface RetryOptions {
  /** First backoff ceiling; doubles per attempt (full jitter picks a delay in [0, ceiling)). */
  baseDelayMs: number;
  /** Cap of a single wait, including an honoured Retry-After. */
  maxDelayMs: number;
  /** Retries after the first attempt. */
  maxRetries: number;
  /** Cap of all waits for one request. */
  maxTotalWaitMs: number;
}

/** Reported before each wait, so the CLI can say what it waits for. */
export interface RetryEvent {
  method: string;
  /** Path below the API base (or the token URL's path), no query secrets. */
  path: string;
  /** 1-based number of the retry about to happen. */
  attempt: number;
  maxRetries: number;
  delayMs: number;
  /** e.g. `rate limited (429)`, `HTTP 503`, `connection reset (ECONNRESET)`, `timeout after 30000 ms`. */
  reason: string;
}

/** Everything a `BitbucketClient` needs; `clientOptionsFromEnv` fills most of it. */
export interface ClientOptions {
  /** API base, e.g. `https://api.bitbucket.org/2.0` (no trailing slash needed). */
  apiUrl: string;
  credentials: Credentials;
  /** Parallel requests (default 8, max 32). */
  concurrency?: number;
  /** Halve concurrency on each 429 and grow it back slowly (default true; false only to compare). */
  adaptiveConcurrency?: boolean;
  retry?: Partial<RetryOptions>;
  /** Per-request timeout in ms (default 30000). */
  timeoutMs?: number;
  /** Hard budget of HTTP requests (token requests and retries included). */
  maxRequests?: number;
  onRetry?: (event: RetryEvent) => void;
  /** Source of randomness for jitter; tests pass a fixed one. */
  random?: () => number;
  /** More secrets to keep out of every message, besides the credential's (e.g. the fingerprint key). */
  secrets?: readonly string[];
}

/** Counters the plan summary prints. */
export interface ClientStats {
  /** HTTP requests sent, token requests and retries included. */
  requests: number;
  /** Of which token requests. */
  tokenRequests: number;
  retries: number;
  /** 429 answers received. */
  rateLimited: number;
  /** Answers flagged `X-RateLimit-NearLimit: true` (access tokens): concurrency was lowered. */
  nearLimit: number;
  /** Total time spent waiting before retries, in ms. */
  waitMs: number;
}

/** A Code Insights report as sent (API-NOTES §9.3). */
export interface ReportInput {
  title: string;
  details: string;
  report_type: 'SECURITY' | 'COVERAGE' | 'TEST' | 'BUG';
  reporter?: string;
  link?: string;
  result?: 'PASSED' | 'FAILED' | 'PENDING';
  data?: Array<{ title: string; type: 'BOOLEAN' | 'NUMBER' | 'TEXT'; value: boolean | number | string }>;
}

/** A Code Insights annotation as sent: with `path` and `line` it shows on that line of the diff. */
export interface AnnotationInput {
  external_id: string;
  annotation_type: 'VULNERABILITY' | 'CODE_SMELL' | 'BUG';
  summary: string;
  details?: string;
  path?: string;
  line?: number;
  severity?: 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';
  result?: 'PASSED' | 'FAILED' | 'SKIPPED' | 'IGNORED';
}

/** A commit build status as sent (API-NOTES §9.4). */
export interface BuildStatusInput {
  key: string;
  state: 'SUCCESSFUL' | 'FAILED' | 'INPROGRESS' | 'STOPPED';
  name: string;
  description: string;
  url: string;
  refname?: string;
}
