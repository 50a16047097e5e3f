/**
 * Authorization headers for each credential kind. OAuth consumers trade their key and secret
 * for a bearer token (client-credentials grant); the token is cached, refreshed shortly before
 * `expires_in` runs out, and concurrent callers share one token request.
 */
import { ApiError } from '../errors.ts';
import { describeTokenFailure, parseErrorBody, redact } from './error-messages.ts';
import type { Transport } from './transport.ts';
import type { Credentials } from './types.ts';

interface CachedToken {
  header: string;
  token: string;
  /** Epoch ms after which we fetch a new one. */
  refreshAt: number;
}

/** Refresh this long before expiry, but at most a tenth of the token's lifetime early. */
const REFRESH_MARGIN_MS = 60_000;

export class Authenticator {
  readonly #credentials: Credentials;
  readonly #transport: () => Transport;
  #cached: CachedToken | undefined;
  #pending: Promise<CachedToken> | undefined;

  /** `transport` is a thunk because the transport needs this object's secrets to redact. */
  constructor(credentials: Credentials, transport: () => Transport) {
    this.#credentials = credentials;
    this.#transport = transport;
  }

  /** The secrets to keep out of messages: the credential's own and the live token. */
  secrets(): string[] {
    const c = this.#credentials;
    const list = c.kind === 'oauth' ? [c.clientSecret, basic(c.clientId, c.clientSecret)] : c.kind === 'access-token' ? [c.token] : [c.apiToken, basic(c.username, c.apiToken)];
    if (this.#cached) list.push(this.#cached.token);
    return list;
  }

  /** The Authorization header for the next request. */
  async header(): Promise<string> {
    const c = this.#credentials;
    if (c.kind === 'access-token') return `Bearer ${c.token}`;
    if (c.kind === 'api-token') return `Basic ${basic(c.username, c.apiToken)}`;
    if (this.#cached && Date.now() < this.#cached.refreshAt) return this.#cached.header;
    this.#pending ??= this.#fetchToken(c).finally(() => {
      this.#pending = undefined;
    });
    return (await this.#pending).header;
  }

  /**
   * A request was answered 401 with `refused`. For OAuth, drop that token (unless a newer one
   * replaced it meanwhile) so the retry fetches a fresh one; static credentials cannot improve.
   */
  refresh(refused: string): boolean {
    if (this.#credentials.kind !== 'oauth') return false;
    if (this.#cached?.header === refused) this.#cached = undefined;
    return true;
  }

  async #fetchToken(c: Extract<Credentials, { kind: 'oauth' }>): Promise<CachedToken> {
    const tokenUrl = new URL(c.tokenUrl);
    const response = await this.#transport().execute(
      {
        method: 'POST',
        url: c.tokenUrl,
        displayPath: tokenUrl.pathname,
        body: 'grant_type=client_credentials',
        contentType: 'application/x-www-form-urlencoded',
        // Asking for another token is harmless, so lost answers and 5xx are retried.
        retryAmbiguous: true,
        authorization: async () => `Basic ${basic(c.clientId, c.clientSecret)}`,
      },
      'token',
    );
    const fail = (message: string) => new ApiError(response.status, 'POST', c.tokenUrl, redact(message, this.secrets()));
    if (response.status < 200 || response.status >= 300) {
      throw fail(describeTokenFailure(response.status, c.tokenUrl, parseErrorBody(response.text, response.headers.get('content-type'))));
    }
    let body: unknown;
    try {
      body = JSON.parse(response.text);
    } catch {
      body = undefined;
    }
    const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
    const token = record.access_token;
    if (typeof token !== 'string' || token === '') {
      throw fail(`Unexpected answer from the OAuth token endpoint ${c.tokenUrl}: no access_token in the response. Check BITBUCKET_TOKEN_URL (default https://bitbucket.org/site/oauth2/access_token).`);
    }
    const lifetimeMs = typeof record.expires_in === 'number' && record.expires_in > 0 ? record.expires_in * 1000 : 3_600_000;
    const margin = Math.min(REFRESH_MARGIN_MS, lifetimeMs / 10);
    const cached = { token, header: `Bearer ${token}`, refreshAt: Date.now() + lifetimeMs - margin };
    this.#cached = cached;
    return cached;
  }
}

function basic(user: string, secret: string): string {
  return Buffer.from(`${user}:${secret}`, 'utf8').toString('base64');
}
