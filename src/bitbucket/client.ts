/**
 * The Bitbucket Cloud API client: typed calls for pipeline/deployment variables, environments
 * and pull-request comments. Lists walk `?pagelen=100&page=N` and never follow `next` (broken on
 * these endpoints). Creates whose answer was lost are retried and reconciled instead of duplicated.
 */
import type { EnvironmentType } from '../core/types.ts';
import { ApiError, UserError } from '../errors.ts';
import { Authenticator } from './auth.ts';
import { DEFAULT_RETRY } from './backoff.ts';
import { describeFailure, parseErrorBody, redact, scrubEcho, type ResourceRef } from './error-messages.ts';
import { parseComment, parseEnvironment, parsePage, parseVariable, type Parsed } from './parse.ts';
import { commentPath, commentsPath, environmentsPath, joinUrl, pagePath, scopeResource, variablePath, variablesPath } from './paths.ts';
import { AdaptiveSemaphore, PRIORITY } from './semaphore.ts';
import { Transport, type HttpMethod, type HttpResponse } from './transport.ts';
import type { BbComment, BbEnvironment, BbVariable, ClientOptions, ClientStats, Credentials, VariableInput, VariableScope } from './types.ts';

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

  constructor(options: ClientOptions) {
    this.#apiUrl = options.apiUrl.replace(/\/+$/, '');
    this.#credentials = options.credentials;
    const concurrency = Math.min(MAX_CONCURRENCY, Math.max(1, Math.floor(options.concurrency ?? DEFAULT_CONCURRENCY)));
    this.#semaphore = new AdaptiveSemaphore(concurrency, options.adaptiveConcurrency ?? true);
    this.#auth = new Authenticator(options.credentials, () => this.#transport);
    this.#transport = new Transport({
      timeoutMs: options.timeoutMs ?? 30_000,
      userAgent: USER_AGENT,
      retry: { ...DEFAULT_RETRY, ...options.retry },
      random: options.random ?? Math.random,
      credentials: options.credentials.kind,
      ...(options.maxRequests === undefined ? {} : { maxRequests: options.maxRequests }),
      ...(options.onRetry === undefined ? {} : { onRetry: options.onRetry }),
      secrets: () => this.#auth.secrets(),
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

  /** Requests left under `maxRequests`, or undefined when no budget was set. */
  remainingBudget(): number | undefined {
    return this.#transport.remainingBudget();
  }

  /** Throws a UserError before `what` starts if it needs more requests than the budget has left. */
  assertBudget(needed: number, what: string): void {
    const remaining = this.remainingBudget();
    if (remaining !== undefined && needed > remaining) {
      throw new UserError(
        `Not starting ${what}: it needs about ${needed} API requests but the budget (--max-requests) has ${remaining} left. Raise --max-requests, or narrow the run with --target.`,
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
  async createVariable(scope: VariableScope, input: VariableInput): Promise<BbVariable> {
    const resource = { ...scopeResource(scope), key: input.key };
    const body = { key: input.key, value: input.value, secured: input.secured };
    const secrets = valueSecrets(input);
    const response = await this.#call('POST', variablesPath(scope), { body, resource, retryAmbiguous: true, secrets });
    if (response.status === 409) {
      const found = (await this.listVariables(scope)).find((v) => v.key === input.key);
      if (found && found.secured === input.secured) return this.updateVariable(scope, found.uuid, input);
      if (found) {
        const flag = (secured: boolean) => (secured ? 'secured' : 'not secured');
        throw new ApiError(
          409,
          'POST',
          variablesPath(scope),
          `Conflict (409) on POST ${variablesPath(scope)}: variable '${input.key}' already exists ${flag(found.secured)}, but it should be ${flag(input.secured)}. Run reconcile again; it plans a replace.`,
        );
      }
    }
    return this.#expect(response, 'POST', variablesPath(scope), resource, parseVariable, secrets);
  }

  async updateVariable(scope: VariableScope, uuid: string, input: VariableInput): Promise<BbVariable> {
    const path = variablePath(scope, uuid);
    const resource = { ...scopeResource(scope), key: input.key };
    const body = { key: input.key, value: input.value, secured: input.secured };
    const secrets = valueSecrets(input);
    const response = await this.#call('PUT', path, { body, resource, secrets });
    return this.#expect(response, 'PUT', path, resource, parseVariable, secrets);
  }

  /** Deletes a variable; one that is already gone (404) counts as deleted. */
  async deleteVariable(scope: VariableScope, uuid: string): Promise<void> {
    const path = variablePath(scope, uuid);
    const response = await this.#call('DELETE', path, { resource: scopeResource(scope) });
    if (response.status === 404 || (response.status >= 200 && response.status < 300)) return;
    throw this.#failure(response, 'DELETE', path, scopeResource(scope));
  }

  listEnvironments(workspace: string, repository: string): Promise<BbEnvironment[]> {
    // Deployment variable lists wait on this list: it heads the longest chain of a plan's reads.
    return this.#listAll(environmentsPath(workspace, repository), { workspace, repository }, parseEnvironment, (e) => e.uuid, PRIORITY.high);
  }

  /** Creates a deployment environment; a 409 (a lost answer, or a concurrent run) is resolved by name. */
  async createEnvironment(workspace: string, repository: string, environment: { name: string; type: EnvironmentType }): Promise<BbEnvironment> {
    const path = environmentsPath(workspace, repository);
    const resource = { workspace, repository, environmentName: environment.name };
    const body = { name: environment.name, environment_type: { name: environment.type } };
    const response = await this.#call('POST', path, { body, resource, retryAmbiguous: true });
    if (response.status === 409) {
      const found = (await this.listEnvironments(workspace, repository)).find((e) => e.name === environment.name);
      if (found) return found;
    }
    return this.#expect(response, 'POST', path, resource, parseEnvironment);
  }

  listComments(workspace: string, repository: string, pullRequest: number): Promise<BbComment[]> {
    return this.#listAll(commentsPath(workspace, repository, pullRequest), { workspace, repository, pullRequest }, parseComment, (c) => String(c.id));
  }

  /**
   * Posts a comment. Not repeated after a lost answer (only after a 429): a repeat could post
   * the comment twice, and unlike variables there is no key to reconcile it by.
   */
  async createComment(workspace: string, repository: string, pullRequest: number, raw: string): Promise<BbComment> {
    const path = commentsPath(workspace, repository, pullRequest);
    const resource = { workspace, repository, pullRequest };
    const response = await this.#call('POST', path, { body: { content: { raw } }, resource, retryAmbiguous: false });
    return this.#expect(response, 'POST', path, resource, parseComment);
  }

  async updateComment(workspace: string, repository: string, pullRequest: number, commentId: number, raw: string): Promise<BbComment> {
    const path = commentPath(workspace, repository, pullRequest, commentId);
    const resource = { workspace, repository, pullRequest };
    const response = await this.#call('PUT', path, { body: { content: { raw } }, resource });
    return this.#expect(response, 'PUT', path, resource, parseComment);
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
      const response = await this.#call('GET', display, { resource, priority: page === 1 ? firstPagePriority : PRIORITY.last });
      const parsed = this.#expect(response, 'GET', display, resource, parsePage);
      let added = 0;
      for (const raw of parsed.values) {
        const item = parse(raw);
        if (!item.ok) throw this.#unexpected(response.status, 'GET', display, item.reason);
        const id = idOf(item.value);
        if (!items.has(id)) added++;
        items.set(id, item.value);
      }
      const pagelen = Math.min(parsed.pagelen ?? PAGELEN, PAGELEN);
      if (parsed.values.length === 0 || parsed.values.length < pagelen) break;
      if (parsed.size !== undefined && items.size >= parsed.size) break;
      // A full page of nothing new means the server repeats itself; more pages will not help.
      if (added === 0) break;
    }
    return [...items.values()];
  }

  #call(method: HttpMethod, path: string, options: CallOptions): Promise<HttpResponse> {
    return this.#transport.execute({
      method,
      url: joinUrl(this.#apiUrl, path),
      displayPath: path,
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body), contentType: 'application/json' }),
      retryAmbiguous: options.retryAmbiguous ?? method !== 'POST',
      authorization: () => this.#auth.header(),
      refreshOn401: (refused) => this.#auth.refresh(refused),
      semaphore: this.#semaphore,
      ...(options.priority === undefined ? {} : { priority: options.priority }),
      ...(options.resource === undefined ? {} : { resource: options.resource }),
      ...(options.secrets === undefined ? {} : { secrets: options.secrets }),
    });
  }

  /** A 2xx answer parsed with `parse`, or the ApiError describing the failure. */
  #expect<T>(
    response: HttpResponse,
    method: HttpMethod,
    path: string,
    resource: ResourceRef,
    parse: (raw: unknown) => Parsed<T>,
    secrets: readonly string[] = [],
  ): T {
    if (response.status < 200 || response.status >= 300) throw this.#failure(response, method, path, resource, secrets);
    let json: unknown;
    try {
      json = JSON.parse(response.text);
    } catch {
      throw this.#unexpected(response.status, method, path, 'the body is not JSON');
    }
    const parsed = parse(json);
    if (!parsed.ok) throw this.#unexpected(response.status, method, path, parsed.reason);
    return parsed.value;
  }

  #failure(response: HttpResponse, method: HttpMethod, path: string, resource: ResourceRef, secrets: readonly string[] = []): ApiError {
    const all = [...this.#auth.secrets(), ...secrets];
    // Bitbucket's own text is quoted in messages and may echo the request: scrub it before it is
    // quoted or cut to an excerpt, then make sure the whole message cannot carry a secret out.
    const body = parseErrorBody(scrubEcho(response.text, all), response.headers.get('content-type'));
    const message = describeFailure({ status: response.status, method, path, credentials: this.#credentials.kind, resource }, body);
    return new ApiError(response.status, method, path, redact(message, all));
  }

  #unexpected(status: number, method: HttpMethod, path: string, reason: string): ApiError {
    return new ApiError(
      status,
      method,
      path,
      `Unexpected response from Bitbucket for ${method} ${path}: ${reason}. Check that BITBUCKET_API_URL points at the Bitbucket Cloud API (default https://api.bitbucket.org/2.0).`,
    );
  }
}
