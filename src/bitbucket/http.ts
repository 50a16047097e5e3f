/**
 * One HTTP/1.1 exchange over node:http / node:https with keep-alive connections: the whole
 * response body as text, or a failure with a code (ECONNRESET, ENOTFOUND, TIMEOUT, …).
 *
 * Why not `fetch`: in Node.js 20 the first `fetch` of a process loads undici (~25 ms before the
 * first byte is sent) and every request costs more CPU than node:http, which showed in plan
 * times — a plan is dozens of small requests in a few round trips.
 */
import http from 'node:http';
import https from 'node:https';

/** Case-insensitive response headers, like `Headers.get`. */
export interface ResponseHeaders {
  get(name: string): string | null;
}

export interface HttpAnswer {
  status: number;
  headers: ResponseHeaders;
  text: string;
}

export interface SendOptions {
  method: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
}

/** No answer: `code` as Node.js reports it (ECONNREFUSED, ECONNRESET, ENOTFOUND, …) or TIMEOUT. */
export class SendFailure extends Error {
  readonly code: string;
  constructor(code: string, cause: unknown) {
    super(`request failed: ${code}`, { cause });
    this.code = code;
  }
}

/**
 * Keep-alive pools. Idle sockets do not keep the process alive (Node.js unrefs them), and are
 * closed after 4 s of idleness: before servers usually drop them (Node's default is 5 s), so a
 * request rarely meets a connection the server is closing.
 */
const agents = {
  'http:': new http.Agent({ keepAlive: true, timeout: 4000, scheduling: 'lifo' }),
  'https:': new https.Agent({ keepAlive: true, timeout: 4000, scheduling: 'lifo' }),
};

function headerReader(raw: http.IncomingHttpHeaders): ResponseHeaders {
  return {
    get(name) {
      const value = raw[name.toLowerCase()];
      if (value === undefined) return null;
      return Array.isArray(value) ? value.join(', ') : value;
    },
  };
}

/** Node.js's error code of a failure (ECONNREFUSED, ENOTFOUND, …), looking through causes; UNKNOWN without one. */
export function failureCode(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const record = current as { code?: unknown; errors?: unknown; cause?: unknown };
    if (typeof record.code === 'string') return record.code;
    // Connecting to every address of a host fails with an AggregateError of the attempts.
    current = Array.isArray(record.errors) && record.errors.length > 0 ? record.errors[0] : record.cause;
  }
  return 'UNKNOWN';
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;

/**
 * Sends one request; resolves with the answer or rejects with a SendFailure. A GET that is
 * redirected within the same origin is followed (up to 5 times), as `fetch` would; a redirect
 * elsewhere is returned as is, so credentials never go to another host.
 */
export async function send(url: string, options: SendOptions): Promise<HttpAnswer> {
  let current = url;
  for (let hop = 0; ; hop++) {
    const answer = await sendOnce(current, options);
    const location = answer.headers.get('location');
    if (options.method !== 'GET' || !REDIRECTS.has(answer.status) || location === null || hop === MAX_REDIRECTS)
      return answer;
    let next: URL;
    try {
      next = new URL(location, current);
    } catch {
      return answer;
    }
    if (next.origin !== new URL(current).origin) return answer;
    current = next.href;
  }
}

function sendOnce(url: string, options: SendOptions): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch (error) {
      reject(new SendFailure('ERR_INVALID_URL', error));
      return;
    }
    const agent =
      target.protocol === 'https:' ? agents['https:'] : target.protocol === 'http:' ? agents['http:'] : undefined;
    if (!agent) {
      reject(new SendFailure('ERR_INVALID_PROTOCOL', new Error(`unsupported protocol ${target.protocol}`)));
      return;
    }
    const headers: Record<string, string> = { ...options.headers };
    const body = options.body === undefined ? undefined : Buffer.from(options.body, 'utf8');
    if (body) headers['content-length'] = String(body.length);
    let settled = false;
    const fail = (error: unknown, code = failureCode(error)) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(new SendFailure(code, error));
    };
    const request = (target.protocol === 'https:' ? https : http).request(
      target,
      { method: options.method, headers, agent },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', (error) => fail(error));
        // The connection dropped mid-body (Node.js may or may not also emit 'error').
        response.on('close', () => {
          if (!response.complete)
            fail(new Error('the connection closed before the whole answer arrived'), 'ECONNRESET');
        });
        response.on('end', () => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve({
            status: response.statusCode ?? 0,
            headers: headerReader(response.headers),
            text: Buffer.concat(chunks).toString('utf8'),
          });
        });
      },
    );
    const timer = setTimeout(() => {
      const error = new Error(`no answer within ${options.timeoutMs} ms`);
      fail(error, 'TIMEOUT');
      request.destroy(error);
    }, options.timeoutMs);
    request.on('error', (error) => fail(error));
    request.end(body);
  });
}
