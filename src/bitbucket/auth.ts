/**
 * Authorization headers for each credential kind, pure: no I/O. OAuth consumers trade their key
 * and secret for a bearer token (client-credentials grant); this class builds that request and
 * reads its answer, and the client sends it. The token is cached and refreshed shortly before
 * `expires_in` runs out.
 */
import { isRecord } from '../core/data.ts';
import type { Credentials } from './types.ts';

/** The token request of an OAuth consumer. */
export interface TokenRequest {
  url: string;
  body: string;
  contentType: string;
  authorization: string;
}

/** Refresh this long before expiry, but at most a tenth of the token's lifetime early. */
const REFRESH_MARGIN_MS = 60_000;

export class Authenticator {
  readonly #credentials: Credentials;
  #token: { value: string; header: string; refreshAt: number } | undefined;
  /** The scopes the last token response listed (a space-separated string in Bitbucket's answer). */
  #scopes: string[] | undefined;

  constructor(credentials: Credentials) {
    this.#credentials = credentials;
  }

  /** The secrets to keep out of messages: the credential's own and the live token. */
  secrets(): string[] {
    const c = this.#credentials;
    const list =
      c.kind === 'oauth'
        ? [c.clientSecret, basic(c.clientId, c.clientSecret)]
        : c.kind === 'access-token'
          ? [c.token]
          : [c.apiToken, basic(c.username, c.apiToken)];
    if (this.#token) list.push(this.#token.value);
    return list;
  }

  /** The Authorization header for the next request, or undefined when a token must be fetched first. */
  header(now = Date.now()): string | undefined {
    const c = this.#credentials;
    if (c.kind === 'access-token') return `Bearer ${c.token}`;
    if (c.kind === 'api-token') return `Basic ${basic(c.username, c.apiToken)}`;
    return this.#token && now < this.#token.refreshAt ? this.#token.header : undefined;
  }

  /** The request that fetches a token (OAuth consumers only). */
  tokenRequest(): TokenRequest | undefined {
    const c = this.#credentials;
    if (c.kind !== 'oauth') return undefined;
    return {
      url: c.tokenUrl,
      body: 'grant_type=client_credentials',
      contentType: 'application/x-www-form-urlencoded',
      authorization: `Basic ${basic(c.clientId, c.clientSecret)}`,
    };
  }

  /** Takes the token from the token endpoint's 2xx answer: its header, or undefined when there is no token in it. */
  accept(text: string, now = Date.now()): string | undefined {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return undefined;
    }
    const token = isRecord(body) ? body.access_token : undefined;
    if (typeof token !== 'string' || token === '') return undefined;
    const expiresIn = isRecord(body) ? body.expires_in : undefined;
    const lifetimeMs = typeof expiresIn === 'number' && expiresIn > 0 ? expiresIn * 1000 : 3_600_000;
    const margin = Math.min(REFRESH_MARGIN_MS, lifetimeMs / 10);
    this.#token = { value: token, header: `Bearer ${token}`, refreshAt: now + lifetimeMs - margin };
    const scopes = isRecord(body) ? body.scopes : undefined;
    if (typeof scopes === 'string') this.#scopes = splitScopes(scopes);
    return this.#token.header;
  }

  /** The scopes the OAuth token response granted, once a token was fetched. */
  get tokenScopes(): readonly string[] | undefined {
    return this.#scopes;
  }

  /**
   * A request was answered 401 with `refused`. For OAuth, drop that token (unless a newer one
   * replaced it meanwhile) so the retry fetches a fresh one; static credentials cannot improve.
   */
  refresh(refused: string): boolean {
    if (this.#credentials.kind !== 'oauth') return false;
    if (this.#token?.header === refused) this.#token = undefined;
    return true;
  }
}

/** `pipeline pullrequest` (token response) or `pipeline, pullrequest` (X-OAuth-Scopes header) → a list. */
export function splitScopes(text: string): string[] {
  return text.split(/[\s,]+/).filter((s) => s !== '');
}

function basic(user: string, secret: string): string {
  return Buffer.from(`${user}:${secret}`, 'utf8').toString('base64');
}
