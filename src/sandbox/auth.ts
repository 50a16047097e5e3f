/**
 * Credentials and scopes, as Bitbucket Cloud checks them: OAuth client-credentials tokens
 * (expiring), fixed access tokens (Bearer, bound to a workspace or repository) and Atlassian API
 * tokens (Basic e-mail:token, `…:bitbucket` scopes that do not imply each other).
 */
import { randomBytes } from 'node:crypto';
import { forbidden, loginFailed, missingScopes, tokenExpired, tokenInvalid, type Reply } from './replies.ts';
import type { Actor, SandboxStore } from './store.ts';
import type { SeedAccessToken, SeedApiToken, SeedCredentials, SeedOAuthConsumer } from './types.ts';

/** Who is calling. `id` names the credential (never its secret): logs and rate limits use it. */
export interface Principal {
  kind: 'oauth' | 'access-token' | 'api-token';
  id: string;
  scopes: readonly string[];
  actor: Actor;
  workspace?: string;
  repository?: string;
}

/** What an endpoint needs. */
export type Permission = 'read' | 'variable-write' | 'environment-write' | 'pullrequest' | 'repository' | 'project';

const OAUTH_SCOPE: Record<Permission, string> = {
  read: 'pipeline',
  'variable-write': 'pipeline:variable',
  'environment-write': 'pipeline',
  pullrequest: 'pullrequest',
  // Repository listing, Code Insights and build statuses (writes included, per the spec).
  repository: 'repository',
  project: 'project',
};
const API_TOKEN_SCOPE: Record<Permission, string> = {
  read: 'read:pipeline:bitbucket',
  'variable-write': 'admin:pipeline:bitbucket',
  'environment-write': 'admin:pipeline:bitbucket',
  pullrequest: 'read:pullrequest:bitbucket',
  repository: 'read:repository:bitbucket',
  project: 'read:project:bitbucket',
};
/** Implications Bitbucket documents for OAuth scopes. `pipeline:variable` is NOT documented to imply `pipeline`. */
const IMPLIED: Record<string, readonly string[]> = {
  'pullrequest:write': ['pullrequest', 'repository:write', 'repository'],
  pullrequest: ['repository'],
  'repository:write': ['repository'],
  project: ['repository'],
  'snippet:write': ['snippet'],
  'issue:write': ['issue'],
};

interface IssuedToken {
  consumer: SeedOAuthConsumer;
  expiresAt: number;
}

export interface TokenResponse {
  access_token: string;
  scopes: string;
  expires_in: number;
  token_type: 'bearer';
  state: 'client_credentials';
  refresh_token: string;
}

export class Authenticator {
  private readonly consumers = new Map<string, SeedOAuthConsumer>();
  private readonly accessTokens = new Map<string, SeedAccessToken>();
  private readonly apiTokens = new Map<string, SeedApiToken>();
  private readonly issued = new Map<string, IssuedToken>();
  private readonly refreshTokens = new Map<string, SeedOAuthConsumer>();
  private readonly store: SandboxStore;
  private readonly now: () => number;
  tokenTtlSeconds: number;

  constructor(
    credentials: SeedCredentials | undefined,
    store: SandboxStore,
    options: { tokenTtlSeconds?: number; now: () => number },
  ) {
    this.store = store;
    for (const c of credentials?.oauthConsumers ?? []) this.consumers.set(c.clientId, c);
    for (const t of credentials?.accessTokens ?? []) this.accessTokens.set(t.token, t);
    for (const t of credentials?.apiTokens ?? []) this.apiTokens.set(t.username, t);
    this.tokenTtlSeconds = options.tokenTtlSeconds ?? 7200;
    this.now = options.now;
  }

  /** The consumer for these client credentials, or undefined when the id or secret is wrong. */
  consumer(clientId: string, clientSecret: string): SeedOAuthConsumer | undefined {
    const consumer = this.consumers.get(clientId);
    return consumer && consumer.clientSecret === clientSecret ? consumer : undefined;
  }

  /** Issues an access token (and a refresh token) for a consumer. */
  issue(consumer: SeedOAuthConsumer): TokenResponse {
    const accessToken = randomBytes(48).toString('base64url');
    const refreshToken = randomBytes(12).toString('base64url');
    this.issued.set(accessToken, { consumer, expiresAt: this.now() + this.tokenTtlSeconds * 1000 });
    this.refreshTokens.set(refreshToken, consumer);
    return {
      access_token: accessToken,
      scopes: consumer.scopes.join(' '),
      expires_in: this.tokenTtlSeconds,
      token_type: 'bearer',
      state: 'client_credentials',
      refresh_token: refreshToken,
    };
  }

  /** Spends a refresh token (each works once); undefined when unknown or not the consumer's. */
  redeemRefreshToken(refreshToken: string, consumer: SeedOAuthConsumer): TokenResponse | undefined {
    if (this.refreshTokens.get(refreshToken) !== consumer) return undefined;
    this.refreshTokens.delete(refreshToken);
    return this.issue(consumer);
  }

  /** Every OAuth access token issued so far answers 401 "Access token expired." from now on. */
  expireAll(): void {
    const now = this.now();
    for (const token of this.issued.values()) token.expiresAt = Math.min(token.expiresAt, now - 1);
  }

  /** The caller of an API request, or the 401 Bitbucket would answer. */
  authenticate(authorization: string | undefined): Principal | Reply {
    if (!authorization) return tokenInvalid();
    const [scheme = '', credentials = ''] = authorization.trim().split(/\s+/, 2);
    if (scheme.toLowerCase() === 'bearer') return this.bearer(credentials);
    if (scheme.toLowerCase() === 'basic') return this.basic(credentials);
    return tokenInvalid();
  }

  private bearer(token: string): Principal | Reply {
    const issued = this.issued.get(token);
    if (issued) {
      if (issued.expiresAt <= this.now()) return tokenExpired();
      const c = issued.consumer;
      return {
        kind: 'oauth',
        id: c.clientId,
        scopes: c.scopes,
        actor: this.store.actor(`oauth:${c.clientId}`, c.owner ?? 'Sandbox Admin'),
      };
    }
    const fixed = this.accessTokens.get(token);
    if (!fixed) return tokenInvalid();
    const name = fixed.name ?? 'Access token';
    const principal: Principal = {
      kind: 'access-token',
      id: name,
      scopes: fixed.scopes,
      actor: this.store.actor(`access-token:${name}`, name),
    };
    if (fixed.workspace !== undefined) principal.workspace = fixed.workspace;
    if (fixed.repository !== undefined) principal.repository = fixed.repository;
    return principal;
  }

  private basic(encoded: string): Principal | Reply {
    const decoded = Buffer.from(encoded, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const username = colon < 0 ? decoded : decoded.slice(0, colon);
    const token = colon < 0 ? '' : decoded.slice(colon + 1);
    const found = this.apiTokens.get(username);
    if (!found || found.token !== token) return loginFailed();
    // A token created without Bitbucket scopes is refused outright (avivsinai/bitbucket-cli#30).
    if (!found.scopes.some((s) => s.endsWith(':bitbucket'))) return tokenInvalid();
    return {
      kind: 'api-token',
      id: username,
      scopes: found.scopes,
      actor: this.store.actor(`api-token:${username}`, found.displayName ?? username),
    };
  }

  /** 403 with Bitbucket's scope detail when the principal lacks the scope for `permission`. */
  checkScopes(principal: Principal, permission: Permission): Reply | undefined {
    const required = principal.kind === 'api-token' ? API_TOKEN_SCOPE[permission] : OAUTH_SCOPE[permission];
    const granted = principal.kind === 'api-token' ? new Set(principal.scopes) : expand(principal.scopes);
    return granted.has(required) ? undefined : missingScopes([required], [...principal.scopes]);
  }

  /** 403 Forbidden when an access token bound to another workspace or repository is used. */
  checkBinding(principal: Principal, workspace: string, repository?: string): Reply | undefined {
    if (principal.workspace !== undefined && principal.workspace !== workspace) return forbidden();
    if (principal.repository !== undefined && principal.repository !== repository) return forbidden();
    return undefined;
  }
}

function expand(scopes: readonly string[]): Set<string> {
  const all = new Set<string>();
  const add = (s: string) => {
    if (all.has(s)) return;
    all.add(s);
    for (const implied of IMPLIED[s] ?? []) add(implied);
  };
  scopes.forEach(add);
  return all;
}
