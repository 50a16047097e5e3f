/**
 * The wording of Bitbucket failures, pure. Bodies are parsed defensively (JSON
 * `{error:{message,detail,fields}}`, RFC 6749 token errors, text/plain, HTML, truncated JSON):
 * decoded first, then scrubbed of secrets (redact.ts), then cut, and only a short excerpt of
 * anything unexpected is ever quoted.
 */
import { isRecord } from '../core/data.ts';
import { scrubEcho } from './redact.ts';
import type { Credentials } from './types.ts';

/** What we could make of an error body. */
export interface ErrorBody {
  message?: string;
  detail?: string;
  /** 403: scopes the endpoint requires / the credential has. */
  required?: string[];
  granted?: string[];
  /** 400: field → problem. */
  fields?: Record<string, string>;
  /** RFC 6749 token-endpoint error code and description. */
  oauthError?: string;
  oauthDescription?: string;
  /** A short excerpt of a body that was not JSON in a known shape. */
  excerpt?: string;
  html: boolean;
}

const EXCERPT_MAX = 160;
/** Only this much of an error body is read; an excerpt of it is all that is ever quoted. */
const BODY_MAX = 65_536;

/** Collapses whitespace and cuts to a short excerpt. */
export function excerpt(text: string, max = EXCERPT_MAX): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

/**
 * Parses any error body without throwing. Every string of it that may be quoted is decoded (JSON),
 * then scrubbed of `secrets`, then cut to an excerpt — in that order, so a cut cannot keep half a
 * secret and an escape cannot hide one.
 */
export function parseErrorBody(text: string, contentType: string | null, secrets: readonly string[] = []): ErrorBody {
  const quote = (value: string, max = EXCERPT_MAX) => excerpt(scrubEcho(value, secrets), max);
  const short = (value: unknown): string | undefined => {
    if (typeof value === 'string') return quote(value);
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    if (Array.isArray(value))
      return quote(value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join('; '));
    return undefined;
  };
  const list = (value: unknown): string[] | undefined =>
    Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string').map((v) => quote(v, 60)) : undefined;
  // Longer bodies are not worth the time to scrub (a hostile server could send megabytes).
  const trimmed = text.slice(0, BODY_MAX).trim();
  const html = /html/i.test(contentType ?? '') || /^<(!doctype|html|head|body)/i.test(trimmed);
  if (html) return { html: true };
  let json: unknown;
  try {
    json = JSON.parse(trimmed);
  } catch {
    return trimmed === '' ? { html: false } : { html: false, excerpt: quote(trimmed) };
  }
  if (!isRecord(json)) return { html: false, excerpt: quote(trimmed) };
  const out: ErrorBody = { html: false };
  if (typeof json.error === 'string') {
    out.oauthError = quote(json.error, 60);
    if (typeof json.error_description === 'string') out.oauthDescription = quote(json.error_description);
    return out;
  }
  const error = isRecord(json.error) ? json.error : undefined;
  if (!error) return { html: false, excerpt: quote(trimmed) };
  const message = short(error.message);
  if (message !== undefined) out.message = message;
  if (typeof error.detail === 'string') out.detail = quote(error.detail);
  else if (isRecord(error.detail)) {
    const required = list(error.detail.required);
    const granted = list(error.detail.granted);
    if (required) out.required = required;
    if (granted) out.granted = granted;
  }
  if (isRecord(error.fields)) {
    const fields: Record<string, string> = {};
    for (const [name, problem] of Object.entries(error.fields).slice(0, 10)) {
      fields[quote(name, 60)] = short(problem) ?? 'invalid';
    }
    out.fields = fields;
  }
  return out;
}

/** `"message" (detail)`, `fields: a: x; b: y`, or an excerpt: what Bitbucket said, in one line. */
export function bitbucketSaid(body: ErrorBody): string {
  if (body.html) return 'an HTML page instead of an API answer';
  const parts: string[] = [];
  if (body.message) parts.push(`"${body.message}"`);
  if (body.detail && body.detail !== body.message) parts.push(`(${body.detail})`);
  if (body.fields && Object.keys(body.fields).length > 0) {
    parts.push(
      `fields: ${Object.entries(body.fields)
        .map(([k, v]) => `${k}: ${v}`)
        .join('; ')}`,
    );
  }
  if (body.oauthError)
    parts.push(body.oauthDescription ? `${body.oauthError}: "${body.oauthDescription}"` : body.oauthError);
  if (parts.length === 0 && body.excerpt) parts.push(`"${body.excerpt}"`);
  return parts.length === 0 ? 'an empty body' : parts.join(' ');
}

/** What a request was about, for 404/409 messages. */
export interface ResourceRef {
  workspace?: string;
  repository?: string;
  environmentUuid?: string;
  environmentName?: string;
  pullRequest?: number | string;
  key?: string;
}

/** Context of a failed API call. */
export interface FailureContext {
  status: number;
  method: string;
  /** Path and query below the API base, for display. */
  path: string;
  credentials: Credentials['kind'];
  resource?: ResourceRef;
}

const CREDENTIAL_HINT: Record<Credentials['kind'], string> = {
  oauth:
    'Check BITBUCKET_CLIENT_ID and BITBUCKET_CLIENT_SECRET (the OAuth consumer key and secret) and that ' +
    'BITBUCKET_TOKEN_URL belongs to the same Bitbucket as BITBUCKET_API_URL; bb-vars already fetched a fresh token ' +
    'once.',
  'access-token':
    'Check BITBUCKET_ACCESS_TOKEN: access tokens expire on the date chosen at creation, can be revoked, and only ' +
    'work for the repository, project or workspace they were created in.',
  'api-token':
    'Check BITBUCKET_USERNAME (your Atlassian account e-mail, not your Bitbucket username) and BITBUCKET_API_TOKEN: ' +
    'API tokens expire (at most a year) and need Bitbucket scopes. App passwords no longer work.',
};

const SCOPE_HINT: Record<Credentials['kind'], string> = {
  oauth:
    "Grant them to the OAuth consumer (Workspace settings → OAuth consumers → Edit → Permissions: Pipelines 'Read' " +
    "and 'Edit variables' = pipeline, pipeline:variable; Pull requests 'Read' = pullrequest; Repositories 'Read' = " +
    'repository, for --report); the next run fetches a ' +
    'token with the new scopes.',
  'access-token':
    "An access token's scopes cannot be changed: create a new one with the scopes Pipelines 'Read' and 'Edit " +
    "variables' (pipeline, pipeline:variable; plus pullrequest for --comment-pr) and set BITBUCKET_ACCESS_TOKEN to " +
    'it.',
  'api-token':
    "An API token's scopes cannot be changed: create a new one with read:pipeline:bitbucket and " +
    'admin:pipeline:bitbucket (plus read:pullrequest:bitbucket for --comment-pr) and set BITBUCKET_API_TOKEN to it.',
};

function describeTarget(r: ResourceRef | undefined): string {
  if (!r) return 'the requested resource';
  if (r.pullRequest !== undefined)
    return `pull request #${r.pullRequest} of repository '${r.workspace}/${r.repository}'`;
  if (r.environmentUuid !== undefined || r.environmentName !== undefined) {
    const env = r.environmentName ? `'${r.environmentName}'` : r.environmentUuid!;
    return `deployment environment ${env} of repository '${r.workspace}/${r.repository}'`;
  }
  if (r.repository !== undefined) return `repository '${r.workspace}/${r.repository}'`;
  if (r.workspace !== undefined) return `workspace '${r.workspace}'`;
  return 'the requested resource';
}

/** The message of an `ApiError` for a final (not retried, or no longer retried) HTTP status. */
export function describeFailure(ctx: FailureContext, body: ErrorBody): string {
  const call = `${ctx.method} ${ctx.path}`;
  const said = bitbucketSaid(body);
  const r = ctx.resource;
  switch (ctx.status) {
    case 400:
      return (
        `Bitbucket rejected ${call} as invalid (400): ` +
        `${said}.${body.html ? ' Check BITBUCKET_API_URL: it should be the API base ending in /2.0.' : ''}`
      );
    case 401:
      return `Bitbucket did not accept the credentials (401) for ${call}: ${said}. ${CREDENTIAL_HINT[ctx.credentials]}`;
    case 403: {
      if (body.required && body.required.length > 0) {
        const granted = body.granted ? ` (granted: ${body.granted.join(', ') || 'none'})` : '';
        return (
          `Bitbucket refused ${call} (403): the credentials lack the ` +
          `scope${body.required.length === 1 ? '' : 's'} ${body.required.join(', ')}${granted}. ` +
          `${SCOPE_HINT[ctx.credentials]}`
        );
      }
      return (
        `Bitbucket refused ${call} (403): ${said}. The account behind the credentials needs admin permission on ` +
        `the repository (repository and deployment variables) or on the workspace (workspace variables), and the ` +
        `scopes listed in docs/auth.md.`
      );
    }
    case 404: {
      const what = describeTarget(r);
      let slugs = '';
      if (r?.repository !== undefined)
        slugs = ` Use slugs as in the repository's URL: bitbucket.org/${r.workspace}/${r.repository}.`;
      else if (r?.workspace !== undefined)
        slugs = ` Use the workspace slug as in its URL: bitbucket.org/${r.workspace}.`;
      const envHint = r?.environmentUuid
        ? ' If the environment was deleted since the plan was made, run reconcile again.'
        : '';
      return (
        `Not found (404): ${call} — Bitbucket says ${said}. Check that ${what} exists and that the credentials ` +
        `can see it.${slugs}${envHint}`
      );
    }
    case 409: {
      const what = describeTarget(r);
      const subject =
        r?.key !== undefined
          ? `a variable with key '${r.key}' already exists in ${what}`
          : r?.environmentName !== undefined
            ? `an environment named '${r.environmentName}' already exists in repository ` +
              `'${r.workspace}/${r.repository}'`
            : `it conflicts with the current state of ${what}`;
      return (
        `Conflict (409) on ${call}: ${subject} (Bitbucket says ${said}). Something changed since the plan was ` +
        `made; run reconcile again.`
      );
    }
    case 429:
      return `Bitbucket rate limit (429) on ${call}: ${said}.`;
    default:
      if (ctx.status >= 500)
        return (
          `Bitbucket failed with HTTP ${ctx.status} on ${call}: ${said}. This is on Bitbucket's side; retry ` +
          `later (status: https://bitbucket.status.atlassian.com).`
        );
      if (ctx.status >= 300 && ctx.status < 400) {
        return (
          `Bitbucket redirected ${call} (HTTP ${ctx.status}) somewhere bb-vars does not follow: to another host ` +
          `(credentials are only sent to BITBUCKET_API_URL's host), or a write. Check BITBUCKET_API_URL (default ` +
          `https://api.bitbucket.org/2.0) and that the workspace and repository names are current.`
        );
      }
      return `Bitbucket answered HTTP ${ctx.status} to ${call}: ${said}.`;
  }
}

/** Message for a failed OAuth client-credentials token request. */
export function describeTokenFailure(status: number, tokenUrl: string, body: ErrorBody): string {
  const said = bitbucketSaid(body);
  const code = body.oauthError ?? '';
  let fix =
    'Check BITBUCKET_CLIENT_ID and BITBUCKET_CLIENT_SECRET (the OAuth consumer key and secret) and ' +
    'BITBUCKET_TOKEN_URL.';
  if (code === 'invalid_grant' || /public/i.test(body.oauthDescription ?? '')) {
    fix =
      "The consumer must be private: edit it and tick 'This is a private consumer' (which enables the " +
      'client-credentials grant).';
  } else if (/callback/i.test(body.oauthDescription ?? '')) {
    fix = 'The consumer needs a callback URL: edit it and set any URL, e.g. https://localhost.';
  } else if (body.html) {
    fix =
      'Check BITBUCKET_TOKEN_URL: it should be the OAuth token endpoint (default ' +
      'https://bitbucket.org/site/oauth2/access_token).';
  }
  return (
    `The OAuth token request to ${tokenUrl} failed (HTTP ${status}): ${said}. ${fix} The consumer must be ` +
    `private and have a callback URL; see docs/auth.md.`
  );
}

/** Message when 429s outlast the retries. */
export function describeRateLimitExhausted(call: string, tries: number, waitedMs: number): string {
  return (
    `Bitbucket's rate limit is exhausted: ${call} still answered 429 after ${tries} tries over ` +
    `${formatDuration(waitedMs)}. ` +
    'Bitbucket allows about 1,000 API requests per rolling hour per OAuth consumer (each access token has its own ' +
    'allowance), ' +
    'so wait up to an hour and run again, or do less per run: --target, --max-requests, or a lower --concurrency.'
  );
}

/** Message when a request got no HTTP answer (see Outcome `no-answer` in transport.ts). */
export function describeNoAnswer(
  why: 'unreachable' | 'lost' | 'gave-up',
  host: string,
  call: string,
  what: string,
  tries: number,
  waitedMs: number,
): string {
  switch (why) {
    case 'unreachable':
      return (
        `Could not reach ${host} for ${call}: ${what}. Check BITBUCKET_API_URL / BITBUCKET_TOKEN_URL and your ` +
        `network or proxy.`
      );
    case 'lost':
      return (
        `Lost the answer from ${host} to ${call}: ${what}. It may or may not have been applied; check, then run ` +
        `again.`
      );
    case 'gave-up':
      return (
        `No answer from ${host} to ${call}: ${what}, after ${tries} tries over ${formatDuration(waitedMs)}. ` +
        `Check your network, or retry later.`
      );
  }
}

/** A network-level failure code in words. */
export function describeNetworkCode(code: string, timeoutMs: number): string {
  switch (code) {
    case 'TIMEOUT':
      return `no answer within ${timeoutMs} ms (raise BB_VARS_TIMEOUT_MS if the network is slow)`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `host not found (${code})`;
    case 'ECONNREFUSED':
      return 'connection refused (ECONNREFUSED)';
    case 'ECONNRESET':
    case 'EPIPE':
      return `connection reset (${code})`;
    default:
      return `network error (${code})`;
  }
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 120_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.round(ms / 60_000)} min`;
}
