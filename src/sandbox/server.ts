/**
 * The sandbox's HTTP shell (node:http, no framework): reads a request, applies latency, faults
 * and the rate limit, routes it, logs it, and writes the reply — or drops the connection.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Authenticator } from './auth.ts';
import { FaultInjector, RateLimiter } from './faults.ts';
import { apiError, rateLimited, serverError, type Reply } from './replies.ts';
import { routeApiRequest } from './router.ts';
import { defaultSeed, validateSeed } from './seed.ts';
import { SandboxStore } from './store.ts';
import { TOKEN_PATH, handleTokenRequest } from './token-endpoint.ts';
import type { FaultKind, FaultOptions, RequestLogEntry, SandboxOptions, SandboxSeed } from './types.ts';

const MAX_BODY_BYTES = 10 * 1024 * 1024;

/** A running sandbox. */
export interface Sandbox {
  /** API base, e.g. `http://127.0.0.1:40123/2.0`. */
  url: string;
  /** OAuth token endpoint. */
  tokenUrl: string;
  port: number;
  seed: SandboxSeed;
  /** API requests in arrival order (in memory only: bodies may hold secrets). */
  requests: RequestLogEntry[];
  /** Token-endpoint requests (form bodies with secrets redacted). */
  tokenRequests: RequestLogEntry[];
  store: SandboxStore;
  /** Replaces the fault options; positions in `at` count from this call. */
  setFaults(faults: FaultOptions | undefined): void;
  setLatency(ms: number): void;
  setRateLimit(rateLimit: { limit: number; windowMs: number } | undefined): void;
  setPaginationBugs(enabled: boolean): void;
  /** Every OAuth access token issued so far is expired from now on. */
  expireTokens(): void;
  /** Issues an OAuth access token in-process (default: the seed's first consumer). */
  issueToken(clientId?: string): string;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseJsonBody(text: string, contentType: string | undefined): { body: unknown } | { error: Reply } {
  if (text === '') return { body: undefined };
  if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(contentType ?? '')) {
    return {
      error: apiError(400, 'Bad request', {
        detail: 'The request body must be JSON sent with Content-Type: application/json.',
      }),
    };
  }
  try {
    return { body: JSON.parse(text) as unknown };
  } catch {
    return { error: apiError(400, 'Bad request', { detail: 'The request body is not valid JSON.' }) };
  }
}

function write(res: ServerResponse, reply: Reply): void {
  if (res.destroyed) return;
  const headers: Record<string, string> = { ...reply.headers };
  let payload: string | undefined;
  if (reply.text !== undefined) {
    payload = reply.text;
    headers['Content-Type'] = reply.contentType ?? 'text/plain';
  } else if (reply.body !== undefined) {
    payload = JSON.stringify(reply.body);
    headers['Content-Type'] = 'application/json; charset=utf-8';
  }
  if (payload !== undefined) headers['Content-Length'] = String(Buffer.byteLength(payload));
  res.writeHead(reply.status, headers);
  res.end(payload);
}

/** Starts a sandbox on `host:port` (default 127.0.0.1, any free port). */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const seed = validateSeed(options.seed ?? defaultSeed(), 'seed');
  const now = options.now ?? Date.now;
  const store = new SandboxStore(seed, { uuidSeed: options.uuidSeed ?? 1, now });
  const auth = new Authenticator(seed.credentials, store, { tokenTtlSeconds: options.tokenTtlSeconds ?? 7200, now });
  let faults = new FaultInjector(options.faults);
  let latencyMs = options.latencyMs ?? 0;
  let limiter = options.rateLimit
    ? new RateLimiter(options.rateLimit.limit, options.rateLimit.windowMs, now)
    : undefined;
  let paginationBugs = options.paginationBugs ?? true;
  const requests: RequestLogEntry[] = [];
  const tokenRequests: RequestLogEntry[] = [];
  let seq = 0;
  let origin = '';

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = performance.now();
    const method = req.method ?? 'GET';
    const rawUrl = req.url ?? '/';
    const rawPath = rawUrl.split('?')[0]!;
    // Concatenate rather than resolve: a path like `//x` must not turn into a host.
    const url = new URL(`${origin}${rawUrl.startsWith('/') ? '' : '/'}${rawUrl}`);
    const entry: RequestLogEntry = {
      seq: ++seq,
      method,
      path: rawPath,
      query: Object.fromEntries(url.searchParams),
      status: null,
      startedMs: started,
      durationMs: 0,
      applied: false,
    };
    const finish = (reply: Reply | undefined) => {
      entry.durationMs = Math.round((performance.now() - started) * 100) / 100;
      if (reply) {
        entry.status = reply.status;
        write(res, reply);
      } else {
        req.socket.resetAndDestroy();
      }
    };
    const text = await readBody(req);
    if (text === undefined) return finish(apiError(413, 'Request entity too large'));
    if (latencyMs > 0) await sleep(latencyMs);

    if (rawPath === TOKEN_PATH) {
      tokenRequests.push(entry);
      const result = handleTokenRequest(auth, method, req.headers, text);
      entry.body = result.form;
      if (result.clientId !== undefined) entry.credential = result.clientId;
      return finish(result.reply);
    }

    requests.push(entry);
    const parsed = parseJsonBody(text, req.headers['content-type']);
    entry.body = 'body' in parsed ? parsed.body : text;
    const fault: FaultKind | undefined = faults.decide(method);
    if (fault) entry.fault = fault;
    if (fault === 'reset-before') return finish(undefined);
    if (fault === '429') return finish(rateLimited());
    if (fault === '500' || fault === '502' || fault === '503')
      return finish(serverError(Number(fault) as 500 | 502 | 503));
    if ('error' in parsed) return finish(parsed.error);

    const result = routeApiRequest(
      { store, auth, admit: (p) => limiter?.admit(p.id) ?? true, paginationBugs: () => paginationBugs, now },
      { method, rawPath, url, apiBase: `${origin}/2.0`, authorization: req.headers.authorization, body: entry.body },
    );
    if (result.route) entry.route = result.route;
    if (result.principal) entry.credential = result.principal.id;
    // Like Bitbucket: OAuth answers name the credential's scopes (recorded captures show the header
    // for OAuth, not for Basic-authenticated keys); access tokens are OAuth-based, API tokens Basic.
    if (result.principal && result.principal.kind !== 'api-token') {
      result.reply.headers = { ...result.reply.headers, 'X-OAuth-Scopes': result.principal.scopes.join(', ') };
    }
    // Like Bitbucket's scaled rate limits: access tokens get X-RateLimit-* headers, NearLimit from 80% of the window.
    if (limiter && result.principal?.kind === 'access-token') {
      const near = limiter.used(result.principal.id) >= 0.8 * limiter.limit;
      result.reply.headers = {
        ...result.reply.headers,
        'X-RateLimit-Limit': String(limiter.limit),
        'X-RateLimit-Resource': 'api',
        'X-RateLimit-NearLimit': String(near),
      };
    }
    if (result.rateLimited) entry.fault = 'rate-limit';
    entry.applied = result.reply.applied === true;
    if (fault === 'reset-after') return finish(undefined);
    if (fault === 'slow') await sleep(faults.slowMs);
    return finish(result.reply);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      // A bug in the sandbox: answer 500 rather than hang the client.
      write(res, apiError(500, `Sandbox failure: ${error instanceof Error ? error.message : String(error)}`));
    });
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  origin = `http://${host === '0.0.0.0' ? '127.0.0.1' : host === '[::]' ? '[::1]' : host}:${address.port}`;

  return {
    url: `${origin}/2.0`,
    tokenUrl: `${origin}${TOKEN_PATH}`,
    port: address.port,
    seed,
    requests,
    tokenRequests,
    store,
    setFaults: (f) => {
      faults = new FaultInjector(f);
    },
    setLatency: (ms) => {
      latencyMs = ms;
    },
    setRateLimit: (r) => {
      limiter = r ? new RateLimiter(r.limit, r.windowMs, now) : undefined;
    },
    setPaginationBugs: (enabled) => {
      paginationBugs = enabled;
    },
    expireTokens: () => auth.expireAll(),
    issueToken: (clientId) => {
      const consumer = (seed.credentials?.oauthConsumers ?? []).find(
        (c) => clientId === undefined || c.clientId === clientId,
      );
      if (!consumer) throw new Error(`issueToken: no OAuth consumer ${clientId ?? ''} in the seed`);
      return auth.issue(consumer).access_token;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
