/**
 * A hostile Bitbucket peer for the secrets canary suite. Reads and token requests go through to
 * the sandbox; every write is answered with an error status, echoing what was sent — the value,
 * the whole request body and the Authorization header's credential — in every encoding a server
 * might use, whole or cut short as a server truncating its text would. From one write to the next
 * the status, the cut and the body's shape rotate: JSON (plain, with `\/`, with `\u003c`), an
 * RFC 6749 error, a bare message and text/plain.
 *
 * Its encoders are written here, apart from src/bitbucket/redact.ts: the scan must not share the
 * code it checks.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Sandbox } from '../../src/sandbox/index.ts';
import { listenForTest } from './client.ts';

const uHex = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
const base64At = (s: string, offset: number, url: boolean) =>
  Buffer.from(s, 'utf8')
    .subarray(offset)
    .toString(url ? 'base64url' : 'base64');

/** Every encoding the peer echoes a value in. */
export const ENCODINGS: Record<string, (s: string) => string> = {
  raw: (s) => s,
  json: (s) => JSON.stringify(s).slice(1, -1),
  'json \\/': (s) => JSON.stringify(s).slice(1, -1).replaceAll('/', '\\/'),
  'json \\u003c': (s) =>
    JSON.stringify(s)
      .slice(1, -1)
      .replace(/[<>&'=]/g, uHex),
  'json ascii': (s) =>
    JSON.stringify(s)
      .slice(1, -1)
      .replace(/[^\x20-\x7e]/g, uHex),
  html: (s) =>
    s
      .replaceAll('&', '&amp;')
      .replaceAll('<', '&lt;')
      .replaceAll('>', '&gt;')
      .replaceAll('"', '&quot;')
      .replaceAll("'", '&#x27;'),
  url: (s) => encodeURIComponent(s),
  'url lower-case': (s) => encodeURIComponent(s).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()),
  form: (s) => encodeURIComponent(s).replaceAll('%20', '+'),
  base64: (s) => base64At(s, 0, false),
  base64url: (s) => base64At(s, 0, true),
};

/** How a server cuts what it echoes: not at all, at 150 characters, to a short prefix, or a slice from the middle. */
export const CUTS: ReadonlyArray<(s: string) => string> = [
  (s) => s,
  (s) => s.slice(0, 150),
  (s) => `${s.slice(0, 40)}…`,
  (s) => s.slice(10, 70),
];

/** The error statuses the peer answers writes with, in turn. */
export const STATUSES = [400, 401, 403, 404, 409, 422, 429, 500, 502, 503] as const;

type Format = (echoes: string[]) => { type: string; body: string };
const errorJson = (echoes: string[]) =>
  JSON.stringify({
    type: 'error',
    error: {
      message: `Invalid value: ${echoes[0]}`,
      detail: echoes.join(' | '),
      fields: Object.fromEntries(echoes.slice(0, 12).map((e, i) => [`value${i}`, [e]])),
    },
  });
const FORMATS: Format[] = [
  (echoes) => ({ type: 'application/json', body: errorJson(echoes) }),
  (echoes) => ({ type: 'application/json', body: errorJson(echoes).replaceAll('/', '\\/') }),
  (echoes) => ({ type: 'application/json', body: errorJson(echoes).replace(/[<>&]/g, uHex) }),
  (echoes) => ({
    type: 'application/json',
    body: JSON.stringify({ error: 'invalid_request', error_description: echoes.join(' ') }),
  }),
  (echoes) => ({ type: 'application/json', body: JSON.stringify({ error: { message: echoes.join(' ') } }) }),
  (echoes) => ({ type: 'text/plain', body: echoes.join('\n') }),
];

export interface HostileEchoPeer {
  url: string;
  tokenUrl: string;
  /** Writes answered with an echo. */
  echoed: () => number;
  /** Credentials seen in Authorization headers (live OAuth tokens included): secrets to scan for too. */
  credentials: () => string[];
}

/**
 * Passes a request on to `origin` (the sandbox) as it came, and its answer back; `seen` is shown
 * each answer first. Used by every test peer that stands in front of the sandbox.
 */
export function forward(
  origin: string,
  req: IncomingMessage,
  body: string,
  res: ServerResponse,
  seen?: (answer: Response, text: string) => void,
): void {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers))
    if (typeof v === 'string' && k !== 'host' && k !== 'content-length') headers[k] = v;
  fetch(origin + (req.url ?? '/'), { method: req.method ?? 'GET', headers, ...(body === '' ? {} : { body }) })
    .then(async (answer) => {
      const text = await answer.text();
      seen?.(answer, text);
      res
        .writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' })
        .end(text);
    })
    .catch(() => res.destroy());
}

/** Starts the peer in front of `target`. */
export async function hostileEchoPeer(target: Sandbox): Promise<HostileEchoPeer> {
  let echoed = 0;
  const credentials = new Set<string>();
  /** UUIDs of the apply locks created through the peer: releasing one passes through too. */
  const locks = new Set<string>();
  const origin = new URL(target.url).origin;
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const path = req.url ?? '/';
      const authorization = req.headers.authorization ?? '';
      const credential = authorization.replace(/^(Bearer|Basic) /, '');
      if (credential !== '') credentials.add(credential);
      // bb-vars' own records and apply lock pass through, so the value writes behind them are
      // reached and echoed.
      const lock = /"key":"BB_VARS_LOCK/.test(body);
      const releasing =
        req.method === 'DELETE' && [...locks].some((uuid) => decodeURIComponent(path).endsWith(`/${uuid}`));
      const record = /"key":"BB_VARS_/.test(body) || releasing;
      if (req.method !== 'GET' && !path.includes('oauth2') && !record) {
        const n = echoed++;
        let value = body;
        try {
          const parsed = (JSON.parse(body) as { value?: unknown }).value;
          if (typeof parsed === 'string') value = parsed;
        } catch {
          // not JSON: echo the body as the value
        }
        const status = STATUSES[n % STATUSES.length]!;
        const cut = CUTS[n % CUTS.length]!;
        const echoes = Object.entries(ENCODINGS).flatMap(([name, encode]) => [
          `${name}: ${cut(encode(value))}`,
          `body ${name}: ${cut(encode(body))}`,
          `credential ${name}: ${cut(encode(credential))}`,
        ]);
        const { type, body: answer } = FORMATS[n % FORMATS.length]!(echoes);
        res.writeHead(status, { 'content-type': type, ...(status === 429 ? { 'retry-after': '0' } : {}) }).end(answer);
        return;
      }
      forward(origin, req, body, res, (answer, text) => {
        if (lock && answer.ok) locks.add((JSON.parse(text) as { uuid: string }).uuid);
      });
    });
  });
  const base = `http://127.0.0.1:${await listenForTest(server)}`;
  return {
    url: `${base}/2.0`,
    tokenUrl: `${base}${new URL(target.tokenUrl).pathname}`,
    echoed: () => echoed,
    credentials: () => [...credentials],
  };
}

/**
 * Where any of `secrets` shows in `texts`, in any encoding above (base64 at each alignment): a
 * secret of 16+ characters leaks when 16 consecutive characters of a form show, a shorter one
 * when a whole form does. Returned as `secret #i (encoding) in <where>`; secrets are never printed.
 */
export function findEchoLeaks(texts: Record<string, string>, secrets: readonly string[]): string[] {
  const leaks: string[] = [];
  secrets.forEach((secret, i) => {
    const forms: Array<[string, string]> = Object.entries(ENCODINGS).map(([name, encode]) => [name, encode(secret)]);
    for (const offset of [1, 2])
      forms.push(
        [`base64@${offset}`, base64At(secret, offset, false)],
        [`base64url@${offset}`, base64At(secret, offset, true)],
      );
    for (const [name, form] of forms) {
      // The padding and the last group of a base64 form also depend on what follows the secret.
      const checked = name.startsWith('base64') ? form.replace(/=+$/, '').slice(0, -4) : form;
      const pieces =
        secret.length >= 16
          ? Array.from({ length: Math.max(0, checked.length - 15) }, (_, j) => checked.slice(j, j + 16))
          : [checked];
      for (const [where, text] of Object.entries(texts)) {
        if (pieces.some((p) => p.length >= 3 && text.includes(p))) leaks.push(`secret #${i} (${name}) in ${where}`);
      }
    }
  });
  return [...new Set(leaks)];
}
