/**
 * The client as tests build it: configured from a sandbox's environment with tiny retry delays,
 * plus a counting HTTP proxy to observe how many requests are in flight at once.
 */
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { onTestFinished } from 'vitest';
import { BitbucketClient } from '../../src/bitbucket/client.ts';
import { clientOptionsFromEnv } from '../../src/bitbucket/credentials.ts';
import type { ClientOptions, RetryEvent } from '../../src/bitbucket/types.ts';
import { sandboxEnv, type Sandbox } from '../../src/sandbox/index.ts';

export const FAST_RETRY = { baseDelayMs: 1, maxDelayMs: 4, maxRetries: 4, maxTotalWaitMs: 1_000 };

/** The sandbox's env for one auth mode (the seed's credentials; for OAuth, `clientId`'s or the first consumer's). */
export function envFor(
  sb: Sandbox,
  mode: 'oauth' | 'access-token' | 'api-token' = 'oauth',
  clientId?: string,
): Record<string, string> {
  const env = sandboxEnv(sb);
  const creds = sb.seed.credentials!;
  const base = { BITBUCKET_API_URL: env.BITBUCKET_API_URL!, BITBUCKET_TOKEN_URL: env.BITBUCKET_TOKEN_URL! };
  if (mode === 'oauth') {
    const consumer = creds.oauthConsumers!.find((c) => clientId === undefined || c.clientId === clientId)!;
    return { ...base, BITBUCKET_CLIENT_ID: consumer.clientId, BITBUCKET_CLIENT_SECRET: consumer.clientSecret };
  }
  if (mode === 'access-token')
    return { ...base, BITBUCKET_ACCESS_TOKEN: creds.accessTokens!.find((t) => t.repository === undefined)!.token };
  const api = creds.apiTokens![0]!;
  return { ...base, BITBUCKET_USERNAME: api.username, BITBUCKET_API_TOKEN: api.token };
}

export interface TestClient {
  client: BitbucketClient;
  events: RetryEvent[];
}

/** A client built the way the CLI builds it: from the environment, plus overrides. */
export function clientFor(env: Record<string, string>, overrides: Partial<ClientOptions> = {}): TestClient {
  const events: RetryEvent[] = [];
  const fromEnv = clientOptionsFromEnv(env);
  const client = new BitbucketClient({
    ...fromEnv,
    timeoutMs: 5_000,
    onRetry: (e) => events.push(e),
    ...overrides,
    retry: { ...FAST_RETRY, ...fromEnv.retry, ...overrides.retry },
  });
  return { client, events };
}

/** The message of the error `promise` rejects with. */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`rejected with a non-Error: ${String(error)}`, { cause: error });
  }
  throw new Error('expected the call to fail, but it succeeded');
}

export interface CountingProxy {
  url: string;
  /** Most requests that were in flight through the proxy at once. */
  maxInFlight: () => number;
  /** Headers of every request that went through. */
  headers: IncomingHttpHeaders[];
}

/** An HTTP proxy in front of `target` that records concurrency as the server side sees it. */
export async function countingProxy(target: string): Promise<CountingProxy> {
  const upstream = new URL(target);
  let inFlight = 0;
  let max = 0;
  const headers: IncomingHttpHeaders[] = [];
  const server: Server = createServer((req, res) => {
    headers.push(req.headers);
    inFlight++;
    max = Math.max(max, inFlight);
    const done = () => {
      inFlight--;
    };
    const forward = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: upstream.host },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        answer.on('end', done);
      },
    );
    forward.on('error', () => {
      done();
      res.destroy();
    });
    req.pipe(forward);
  });
  const port = await listenForTest(server);
  return { url: `http://127.0.0.1:${port}${upstream.pathname}`, maxInFlight: () => max, headers };
}

/** What a `repagingProxy` changes in list pages. */
export interface Repaging {
  /** Most items per page, whatever `pagelen` the client asks for (Bitbucket: "Individual APIs may enforce different values"). */
  maxPagelen: number;
  /** Envelope fields left out of every page (`pagelen` and `size` are optional). */
  omit: Array<'pagelen' | 'size' | 'next'>;
}

/**
 * An HTTP proxy in front of the sandbox that serves shorter pages than the client asks for: a
 * list request's `pagelen` is capped at `maxPagelen` on its way to the sandbox, and the fields in
 * `omit` are left out of the page on its way back. Pages stay consistent (page N holds the items
 * a server with that page size would put there), as a server with a smaller maximum would send them.
 */
export async function repagingProxy(target: string, repaging: Repaging): Promise<{ url: string }> {
  const upstream = new URL(target);
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', upstream);
    const asked = Number(url.searchParams.get('pagelen') ?? '10');
    if (url.searchParams.has('pagelen')) url.searchParams.set('pagelen', String(Math.min(asked, repaging.maxPagelen)));
    const forward = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: url.pathname + url.search,
        headers: { ...req.headers, host: upstream.host },
      },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (c: Buffer) => chunks.push(c));
        answer.on('end', () => {
          let text = Buffer.concat(chunks).toString('utf8');
          try {
            const page = JSON.parse(text) as Record<string, unknown>;
            if (Array.isArray(page.values)) {
              for (const field of repaging.omit) delete page[field];
              text = JSON.stringify(page);
            }
          } catch {
            // not JSON: pass it on as it is
          }
          const headers = { ...answer.headers };
          delete headers['content-length'];
          res.writeHead(answer.statusCode ?? 502, headers).end(text);
        });
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  const port = await listenForTest(server);
  return { url: `http://127.0.0.1:${port}${upstream.pathname}` };
}

/** Listens on a free loopback port until the current test ends (open connections are cut then). */
export async function listenForTest(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  return (server.address() as AddressInfo).port;
}
