/**
 * The Bitbucket Cloud API client: typed calls for pipeline/deployment variables, environments
 * and pull-request comments. The transport (transport.ts) returns answers or failures; this class
 * alone turns them into user-facing errors (`#error`), with every secret masked (redact.ts).
 * Lists walk `?pagelen=100&page=N` and never follow `next` (broken on these endpoints), until
 * `size` items are read or, without `size`, a short page has no `next`. Creates whose answer was
 * lost are retried and reconciled instead of duplicated.
 */
import type { EnvironmentType } from '../core/types.ts';
import { ApiError, PermissionError, UserError } from '../errors.ts';
import { Authenticator, splitScopes } from './auth.ts';
import { DEFAULT_RETRY } from './backoff.ts';
import {
  describeFailure,
  describeNetworkCode,
  describeNoAnswer,
  describeRateLimitExhausted,
  describeTokenFailure,
  formatDuration,
  parseErrorBody,
  type ResourceRef,
} from './error-messages.ts';
import type { HttpAnswer } from './http.ts';
import {
  parseComment,
  parseEnvironment,
  parsePage,
  parseProject,
  parseRepository,
  parseVariable,
  type Parsed,
} from './parse.ts';
import {
  buildStatusesPath,
  commentPath,
  commentsPath,
  reportPath,
  environmentsPath,
  joinUrl,
  pagePath,
  projectsPath,
  repositoriesPath,
  scopeResource,
  variablePath,
  variablesPath,
} from './paths.ts';
import { redact } from './redact.ts';
import { AdaptiveSemaphore, PRIORITY } from './semaphore.ts';
import { Transport, type HttpMethod, type HttpRequest, type Outcome } from './transport.ts';
import type {
  AnnotationInput,
  BuildStatusInput,
  ReportInput,
  BbComment,
  BbEnvironment,
  BbProject,
  BbRepository,
  BbVariable,
  ClientOptions,
  ClientStats,
  CredentialFacts,
  Credentials,
  VariableInput,
  VariableScope,
} from './types.ts';

export const DEFAULT_CONCURRENCY = 8;
export const MAX_CONCURRENCY = 32;
export const PAGELEN = 100;
/** 50,000 items: far above any real collection; stops a server that never ends its pages. */
const MAX_PAGES = 500;

const VERSION = typeof __BB_VARS_VERSION__ === 'string' ? __BB_VARS_VERSION__ : '0.0.0-dev';
/** `bb-vars/<version> (+node <version>)`. */
export const USER_AGENT = `bb-vars/${VERSION} (+node ${process.versions.node})`;

/**
 * A secured value must never appear in a message; a plain one may, and masking it would garble
 * messages (a value `fresh` turned "fetched a fresh token" into "fetched a *** token").
 */
function valueSecrets(input: VariableInput): string[] {
  return input.secured ? [input.value] : [];
}

/** A request as messages describe it. */
interface Call {
  method: HttpMethod;
  path: string;
  /** Set for the OAuth token request. */
  tokenUrl?: string;
  resource: ResourceRef;
  /** Secrets sent with this request (a secured value), besides the credential's. */
  secrets: readonly string[];
}

/** An answer and the request it answers. */
interface Reply {
  response: HttpAnswer;
  call: Call;
  /** An earlier attempt may have been applied (see Transport.execute). */
  ambiguous: boolean;
}

interface CallOptions {
  body?: unknown;
  resource?: ResourceRef;
  priority?: number;
  retryAmbiguous?: boolean;
  secrets?: readonly string[];
}

export class BitbucketClient {
  readonly #apiUrl: string;
  readonly #credentials: Credentials;
  readonly #transport: Transport;
  readonly #auth: Authenticator;
  readonly #semaphore: AdaptiveSemaphore;
  readonly #timeoutMs: number;
  /** Kept out of every message besides the credential's own (e.g. the fingerprint key). */
  readonly #secrets: readonly string[];
  /** The token request in flight, shared by concurrent calls. */
  #pendingToken: Promise<string> | undefined;
  /** What answers said about the credential (see `facts`). */
  #facts: { headerScopes?: string[]; grantedScopes?: string[]; rateLimit?: CredentialFacts['rateLimit'] } = {};

  constructor(options: ClientOptions) {
    this.#apiUrl = options.apiUrl.replace(/\/+$/, '');
    this.#credentials = options.credentials;
    const concurrency = Math.min(MAX_CONCURRENCY, Math.max(1, Math.floor(options.concurrency ?? DEFAULT_CONCURRENCY)));
    this.#semaphore = new AdaptiveSemaphore(concurrency, options.adaptiveConcurrency ?? true);
    this.#auth = new Authenticator(options.credentials);
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#secrets = (options.secrets ?? []).filter((s) => s !== '');
    this.#transport = new Transport({
      timeoutMs: this.#timeoutMs,
      userAgent: USER_AGENT,
      retry: { ...DEFAULT_RETRY, ...options.retry },
      random: options.random ?? Math.random,
      ...(options.maxRequests === undefined ? {} : { maxRequests: options.maxRequests }),
      ...(options.onRetry === undefined ? {} : { onRetry: options.onRetry }),
    });
  }

  /** Live counters: requests sent (token requests and retries included), retries, 429s, wait. */
  get stats(): Readonly<ClientStats> {
    return this.#transport.stats;
  }

  /** Configured and current (adaptive) concurrency, and the most requests seen in flight at once. */
  get concurrency(): { max: number; effective: number; peak: number } {
    return { max: this.#semaphore.max, effective: this.#semaphore.limit, peak: this.#semaphore.peak };
  }

  /** Sets how many requests may be in flight at once (1–32); see AdaptiveSemaphore.resize. */
  setConcurrency(max: number): void {
    this.#semaphore.resize(Math.min(MAX_CONCURRENCY, Math.max(1, Math.floor(max))));
  }

  /**
   * What Bitbucket said about the credential so far: its scopes (the token response's list, else
   * an `X-OAuth-Scopes` header, else a 403's `granted`) and the last `X-RateLimit-*` headers.
   */
  get facts(): CredentialFacts {
    const scopes = this.#auth.tokenScopes ?? this.#facts.headerScopes ?? this.#facts.grantedScopes;
    return {
      ...(scopes === undefined ? {} : { scopes: [...scopes] }),
      ...(this.#facts.rateLimit === undefined ? {} : { rateLimit: { ...this.#facts.rateLimit } }),
    };
  }

  /** A GET whose answer is checked (2xx, else the usual error) but not read: is this reachable? */
  async probe(path: string, resource: ResourceRef): Promise<void> {
    const reply = await this.#call('GET', path, { resource });
    if (reply.response.status < 200 || reply.response.status >= 300)
      throw this.#error({ kind: 'answer', response: reply.response }, reply.call);
  }

  /** Requests left under `maxRequests`, or undefined when no budget was set. */
  remainingBudget(): number | undefined {
    return this.#transport.remainingBudget();
  }

  /** Throws a UserError before `what` starts if it needs more requests than the budget has left. */
  assertBudget(needed: number, what: string): void {
    const remaining = this.remainingBudget();
    if (remaining !== undefined && needed > remaining) {
      throw new UserError(
        `Not starting ${what}: it needs about ${needed} API requests but the budget (--max-requests) has ` +
          `${remaining} left. Raise --max-requests, or narrow the run with --target.`,
      );
    }
  }

  listVariables(scope: VariableScope): Promise<BbVariable[]> {
    return this.#listAll(variablesPath(scope), scopeResource(scope), parseVariable, (v) => v.uuid);
  }

  /**
   * Creates a variable. A 409 means the key exists after all: an earlier attempt whose answer was
   * lost created it, or another run (a second pipeline applying the same manifest) did. Either way
   * the variable is found by key and, when its `secured` flag matches, set to the desired value —
   * the adoption the next run would do anyway — so the result is exactly as asked.
   */
  async createVariable(scope: VariableScope, input: VariableInput): Promise<BbVariable & { existed?: boolean }> {
    const resource = { ...scopeResource(scope), key: input.key };
    const body = { key: input.key, value: input.value, secured: input.secured };
    const secrets = valueSecrets(input);
    const reply = await this.#call('POST', variablesPath(scope), { body, resource, retryAmbiguous: true, secrets });
    if (reply.response.status === 409) {
      const found = (await this.listVariables(scope)).find((v) => v.key === input.key);
      // `existed`: made by someone else, not by a lost answer to one of this call's own attempts.
      if (found && found.secured === input.secured)
        return { ...(await this.updateVariable(scope, found.uuid, input)), existed: !reply.ambiguous };
      if (found) {
        const flag = (secured: boolean) => (secured ? 'secured' : 'not secured');
        throw new ApiError(
          409,
          'POST',
          variablesPath(scope),
          `Conflict (409) on POST ${variablesPath(scope)}: variable '${input.key}' already exists ` +
            `${flag(found.secured)}, but it should be ${flag(input.secured)}. Run reconcile again; it plans a replace.`,
        );
      }
    }
    return this.#expect(reply, parseVariable);
  }

  /**
   * Creates a variable unless its key exists: undefined on 409, and nothing else is done (no
   * adoption). The apply lock's mutex (src/apply/lock.ts). A retried attempt may 409 on its own
   * lost first answer: the caller tells by reading the value back.
   */
  async createVariableIfAbsent(scope: VariableScope, input: VariableInput): Promise<BbVariable | undefined> {
    const resource = { ...scopeResource(scope), key: input.key };
    const body = { key: input.key, value: input.value, secured: input.secured };
    const secrets = valueSecrets(input);
    const reply = await this.#call('POST', variablesPath(scope), { body, resource, retryAmbiguous: true, secrets });
    if (reply.response.status === 409) return undefined;
    return this.#expect(reply, parseVariable);
  }

  async updateVariable(scope: VariableScope, uuid: string, input: VariableInput): Promise<BbVariable> {
    const path = variablePath(scope, uuid);
    const resource = { ...scopeResource(scope), key: input.key };
    const body = { key: input.key, value: input.value, secured: input.secured };
    const secrets = valueSecrets(input);
    return this.#expect(await this.#call('PUT', path, { body, resource, secrets }), parseVariable);
  }

  /** Deletes a variable; one that is already gone (404) counts as deleted. */
  async deleteVariable(scope: VariableScope, uuid: string): Promise<void> {
    const path = variablePath(scope, uuid);
    const { response, call } = await this.#call('DELETE', path, { resource: scopeResource(scope) });
    if (response.status === 404 || (response.status >= 200 && response.status < 300)) return;
    throw this.#error({ kind: 'answer', response }, call);
  }

  listEnvironments(workspace: string, repository: string): Promise<BbEnvironment[]> {
    // Deployment variable lists wait on this list: it heads the longest chain of a plan's reads.
    return this.#listAll(
      environmentsPath(workspace, repository),
      { workspace, repository },
      parseEnvironment,
      (e) => e.uuid,
      PRIORITY.high,
    );
  }

  /** Creates a deployment environment; a 409 (a lost answer, or a concurrent run) is resolved by name. */
  async createEnvironment(
    workspace: string,
    repository: string,
    environment: { name: string; type: EnvironmentType },
  ): Promise<BbEnvironment & { existed?: boolean }> {
    const path = environmentsPath(workspace, repository);
    const resource = { workspace, repository, environmentName: environment.name };
    const body = { name: environment.name, environment_type: { name: environment.type } };
    const reply = await this.#call('POST', path, { body, resource, retryAmbiguous: true });
    if (reply.response.status === 409) {
      const found = (await this.listEnvironments(workspace, repository)).find((e) => e.name === environment.name);
      if (found) return { ...found, existed: !reply.ambiguous };
    }
    return this.#expect(reply, parseEnvironment);
  }

  /** The repositories of a project (BBQL `project.key="KEY"`), read page by page like every list. */
  listProjectRepositories(workspace: string, projectKey: string): Promise<BbRepository[]> {
    const q = encodeURIComponent(`project.key=${JSON.stringify(projectKey)}`);
    return this.#listAll(`${repositoriesPath(workspace)}?q=${q}`, { workspace }, parseRepository, (r) => r.slug);
  }

  /** The projects of a workspace (needs the `project` scope). */
  listProjects(workspace: string): Promise<BbProject[]> {
    return this.#listAll(projectsPath(workspace), { workspace }, parseProject, (p) => p.key);
  }

  listComments(workspace: string, repository: string, pullRequest: number): Promise<BbComment[]> {
    return this.#listAll(
      commentsPath(workspace, repository, pullRequest),
      { workspace, repository, pullRequest },
      parseComment,
      (c) => String(c.id),
    );
  }

  /**
   * Posts a comment. Not repeated after a lost answer (only after a 429): a repeat could post
   * the comment twice, and unlike variables there is no key to reconcile it by.
   */
  async createComment(workspace: string, repository: string, pullRequest: number, raw: string): Promise<BbComment> {
    const path = commentsPath(workspace, repository, pullRequest);
    const resource = { workspace, repository, pullRequest };
    return this.#expect(
      await this.#call('POST', path, { body: { content: { raw } }, resource, retryAmbiguous: false }),
      parseComment,
    );
  }

  async updateComment(
    workspace: string,
    repository: string,
    pullRequest: number,
    commentId: number,
    raw: string,
  ): Promise<BbComment> {
    const path = commentPath(workspace, repository, pullRequest, commentId);
    const resource = { workspace, repository, pullRequest };
    return this.#expect(await this.#call('PUT', path, { body: { content: { raw } }, resource }), parseComment);
  }

  /**
   * Creates or replaces Code Insights report `reportId` on a commit. Replacing keeps the report's
   * annotations (Bitbucket's behaviour): delete it first to start afresh.
   */
  async putReport(workspace: string, repository: string, commit: string, reportId: string, report: ReportInput) {
    const path = reportPath(workspace, repository, commit, reportId);
    this.#expectOk(await this.#call('PUT', path, { body: report, resource: { workspace, repository } }));
  }

  /** Deletes a report with its annotations; one that does not exist (404) counts as deleted. */
  async deleteReport(workspace: string, repository: string, commit: string, reportId: string): Promise<void> {
    const path = reportPath(workspace, repository, commit, reportId);
    const { response, call } = await this.#call('DELETE', path, { resource: { workspace, repository } });
    if (response.status === 404 || (response.status >= 200 && response.status < 300)) return;
    throw this.#error({ kind: 'answer', response }, call);
  }

  /** Uploads annotations to a report: at most 100 per call (Bitbucket's limit), 1,000 per report. */
  async postAnnotations(
    workspace: string,
    repository: string,
    commit: string,
    reportId: string,
    annotations: readonly AnnotationInput[],
  ): Promise<void> {
    const path = `${reportPath(workspace, repository, commit, reportId)}/annotations`;
    // Repeating a bulk upload is harmless: each annotation's external_id overwrites its own.
    const reply = await this.#call('POST', path, {
      body: annotations,
      resource: { workspace, repository },
      retryAmbiguous: true,
    });
    this.#expectOk(reply);
  }

  /** Sets a commit's build status; a status with the same key is overwritten (Bitbucket's behaviour). */
  async postBuildStatus(workspace: string, repository: string, commit: string, status: BuildStatusInput) {
    const path = buildStatusesPath(workspace, repository, commit);
    const reply = await this.#call('POST', path, {
      body: status,
      resource: { workspace, repository },
      retryAmbiguous: true,
    });
    this.#expectOk(reply);
  }

  /** Throws the describing error unless the answer is a 2xx; the body is not used. */
  #expectOk(reply: Reply): void {
    const { response, call } = reply;
    if (response.status < 200 || response.status >= 300) throw this.#error({ kind: 'answer', response }, call);
  }

  async #listAll<T>(
    path: string,
    resource: ResourceRef,
    parse: (raw: unknown) => Parsed<T>,
    idOf: (item: T) => string,
    firstPagePriority: number = PRIORITY.normal,
  ): Promise<T[]> {
    const items = new Map<string, T>();
    for (let page = 1; page <= MAX_PAGES; page++) {
      const display = pagePath(path, page, PAGELEN);
      // Critical-path order: a first page may still lead to more pages; nothing waits on a later one.
      const reply = await this.#call('GET', display, {
        resource,
        priority: page === 1 ? firstPagePriority : PRIORITY.last,
      });
      const parsed = this.#expect(reply, parsePage);
      let added = 0;
      for (const raw of parsed.values) {
        const item = parse(raw);
        if (!item.ok) throw this.#unexpected(reply, item.reason);
        const id = idOf(item.value);
        if (!items.has(id)) added++;
        items.set(id, item.value);
      }
      // More pages? `size` says so when present. Without it, a full page or a `next` link does: a
      // server may send fewer items than asked for and still have more (`pagelen` is not read).
      const more =
        parsed.size !== undefined ? items.size < parsed.size : parsed.values.length >= PAGELEN || parsed.next;
      // A page of nothing new means the server repeats itself; more pages will not help.
      if (!more || added === 0) break;
    }
    return [...items.values()];
  }

  /**
   * Sends an API request with the current credentials: the final answer, whatever its status, or
   * the error why there is none.
   */
  async #call(method: HttpMethod, path: string, options: CallOptions): Promise<Reply> {
    const request: HttpRequest = {
      method,
      url: joinUrl(this.#apiUrl, path),
      displayPath: path,
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body), contentType: 'application/json' }),
      retryAmbiguous: options.retryAmbiguous ?? method !== 'POST',
      semaphore: this.#semaphore,
      ...(options.priority === undefined ? {} : { priority: options.priority }),
    };
    for (let refreshed = false; ; refreshed = true) {
      const authorization = this.#auth.header() ?? (await this.#fetchToken());
      // The credential sent, too: by the time the answer comes, a concurrent refresh may have replaced it.
      const call: Call = {
        method,
        path,
        resource: options.resource ?? {},
        secrets: [...(options.secrets ?? []), authorization.replace(/^\S+ /, '')],
      };
      const outcome = await this.#transport.execute({ ...request, authorization });
      if (outcome.kind === 'answer' || outcome.kind === 'gave-up') this.#observe(outcome.response);
      if (outcome.kind !== 'answer') throw this.#error(outcome, call);
      // An OAuth token may expire or be revoked early: fetch a fresh one, once.
      if (outcome.response.status === 401 && !refreshed && this.#auth.refresh(authorization)) {
        this.#transport.stats.retries++;
        continue;
      }
      return { response: outcome.response, call, ambiguous: outcome.ambiguous === true };
    }
  }

  /** Notes what an answer's headers (and a 403's body) say about the credential. */
  #observe(response: HttpAnswer): void {
    const scopes = response.headers.get('x-oauth-scopes');
    if (scopes !== null) this.#facts.headerScopes = splitScopes(scopes);
    if (response.status === 403) {
      const granted = parseErrorBody(response.text, response.headers.get('content-type')).granted;
      if (granted) this.#facts.grantedScopes = granted;
    }
    const limit = response.headers.get('x-ratelimit-limit');
    const near = response.headers.get('x-ratelimit-nearlimit');
    if (limit !== null || near !== null) {
      const resource = response.headers.get('x-ratelimit-resource');
      this.#facts.rateLimit = {
        ...(limit !== null && /^\d+$/.test(limit.trim()) ? { limit: Number(limit) } : {}),
        ...(resource === null ? {} : { resource }),
        nearLimit: near?.trim().toLowerCase() === 'true',
      };
    }
  }

  /** Fetches an OAuth token; concurrent callers share one token request. */
  #fetchToken(): Promise<string> {
    this.#pendingToken ??= (async () => {
      const token = this.#auth.tokenRequest()!;
      const outcome = await this.#transport.execute({
        method: 'POST',
        url: token.url,
        displayPath: new URL(token.url).pathname,
        body: token.body,
        contentType: token.contentType,
        authorization: token.authorization,
        // Asking for another token is harmless, so lost answers and 5xx are retried.
        retryAmbiguous: true,
        token: true,
      });
      const call: Call = {
        method: 'POST',
        path: new URL(token.url).pathname,
        tokenUrl: token.url,
        resource: {},
        secrets: [],
      };
      if (outcome.kind !== 'answer' || outcome.response.status < 200 || outcome.response.status >= 300)
        throw this.#error(outcome, call);
      const header = this.#auth.accept(outcome.response.text);
      if (header === undefined) {
        const reason =
          `Unexpected answer from the OAuth token endpoint ${token.url}: no access_token in the ` +
          `response. Check BITBUCKET_TOKEN_URL (default https://bitbucket.org/site/oauth2/access_token).`;
        throw new ApiError(outcome.response.status, 'POST', token.url, redact(reason, this.#allSecrets(call)));
      }
      return header;
    })().finally(() => {
      this.#pendingToken = undefined;
    });
    return this.#pendingToken;
  }

  /** A 2xx answer parsed with `parse`, or the error describing the failure. */
  #expect<T>(reply: Reply, parse: (raw: unknown) => Parsed<T>): T {
    const { response, call } = reply;
    if (response.status < 200 || response.status >= 300) throw this.#error({ kind: 'answer', response }, call);
    let json: unknown;
    try {
      json = JSON.parse(response.text);
    } catch {
      throw this.#unexpected(reply, 'the body is not JSON');
    }
    const parsed = parse(json);
    if (!parsed.ok) throw this.#unexpected(reply, parsed.reason);
    return parsed.value;
  }

  #allSecrets(call: Call): string[] {
    return [...this.#auth.secrets(), ...this.#secrets, ...call.secrets];
  }

  /**
   * The one place where a failed request becomes a user-facing error. Bitbucket's text is
   * decoded, scrubbed and cut while it is parsed (parseErrorBody); the whole message is then
   * redacted once more, so no secret can leave in it.
   */
  #error(outcome: Outcome, call: Call): Error {
    const secrets = this.#allSecrets(call);
    const described = `${call.method} ${call.path}`;
    const url = call.tokenUrl ?? call.path;
    switch (outcome.kind) {
      case 'over-budget':
        return new UserError(
          `Stopped before ${described}: the request budget of ${outcome.max} (--max-requests) is used up. Raise ` +
            `--max-requests, or narrow the run with --target.`,
        );
      case 'no-answer': {
        const host = new URL(call.tokenUrl ?? this.#apiUrl).host;
        const what = describeNetworkCode(outcome.code, this.#timeoutMs);
        const message = describeNoAnswer(outcome.why, host, described, what, outcome.tries, outcome.waitedMs);
        return new ApiError(0, call.method, url, redact(message, secrets), { cause: outcome.cause });
      }
      case 'gave-up':
      case 'answer': {
        const { status, text, headers } = outcome.response;
        const body = parseErrorBody(text, headers.get('content-type'), secrets);
        let message: string;
        if (outcome.kind === 'gave-up' && status === 429)
          message = describeRateLimitExhausted(described, outcome.tries, outcome.waitedMs);
        else if (outcome.kind === 'gave-up' || call.tokenUrl === undefined) {
          message = describeFailure(
            {
              status,
              method: call.method,
              path: call.path,
              credentials: this.#credentials.kind,
              resource: call.resource,
            },
            body,
          );
          if (outcome.kind === 'gave-up')
            message += ` Gave up after ${outcome.tries} tries over ${formatDuration(outcome.waitedMs)}.`;
        } else message = describeTokenFailure(status, call.tokenUrl, body);
        if (status === 401 || status === 403) {
          const missingScopes = status === 403 && body.required?.length ? body.required : undefined;
          return new PermissionError(status, call.method, url, redact(message, secrets), { missingScopes });
        }
        return new ApiError(status, call.method, url, redact(message, secrets));
      }
    }
  }

  /** A 2xx answer bb-vars cannot use. The reason may quote the answer, so it is redacted too. */
  #unexpected({ response, call }: Reply, reason: string): ApiError {
    const message =
      `Unexpected response from Bitbucket for ${call.method} ${call.path}: ${reason}. Check that ` +
      `BITBUCKET_API_URL points at the Bitbucket Cloud API (default https://api.bitbucket.org/2.0).`;
    return new ApiError(response.status, call.method, call.path, redact(message, this.#allSecrets(call)));
  }
}
