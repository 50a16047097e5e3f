/** Shared helpers for sandbox tests: start/stop a sandbox, get tokens, call the API with plain fetch. */
import { request as httpRequest } from 'node:http';
import { onTestFinished } from 'vitest';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/index.ts';

export const CLIENT_ID = 'bb-vars-demo';
export const CLIENT_SECRET = 'demo-secret-change-me';

/** Starts a sandbox that is closed when the current test ends. */
export async function sandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const sb = await startSandbox(options);
  onTestFinished(() => sb.close());
  return sb;
}

export const basic = (user: string, secret: string): string =>
  `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}`;

/** Client-credentials grant over HTTP, as a client does it. */
export async function fetchToken(sb: Sandbox, clientId = CLIENT_ID, secret = CLIENT_SECRET): Promise<string> {
  const res = await fetch(sb.tokenUrl, {
    method: 'POST',
    headers: { authorization: basic(clientId, secret), 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials',
  });
  if (res.status !== 200) throw new Error(`token request failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

export interface CallResult {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON bodies
  body: any;
  text: string;
  headers: Headers;
}

/** One API call with plain fetch; `path` is relative to /2.0 (or absolute). */
export async function call(
  sb: Sandbox,
  method: string,
  path: string,
  options: { auth?: string; body?: unknown; token?: string } = {},
): Promise<CallResult> {
  const headers: Record<string, string> = {};
  if (options.auth !== undefined) headers.authorization = options.auth;
  else if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const url = path.startsWith('http') ? path : `${sb.url}${path}`;
  const res = await fetch(url, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await res.text();
  let body: unknown = text;
  if ((res.headers.get('content-type') ?? '').includes('json') && text !== '') body = JSON.parse(text);
  return { status: res.status, body, text, headers: res.headers };
}

/** A client bound to one sandbox and bearer token. */
export async function client(sb: Sandbox) {
  const token = await fetchToken(sb);
  return {
    token,
    get: (path: string) => call(sb, 'GET', path, { token }),
    post: (path: string, body: unknown) => call(sb, 'POST', path, { token, body }),
    put: (path: string, body: unknown) => call(sb, 'PUT', path, { token, body }),
    del: (path: string) => call(sb, 'DELETE', path, { token }),
  };
}

/** A request with an exact, un-normalised path (fetch would percent-encode braces for us). */
export function rawRequest(
  sb: Sandbox,
  method: string,
  rawPath: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: sb.port, method, path: rawPath, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

export const enc = encodeURIComponent;
