/**
 * Reads credentials and client tuning from the environment. Pure: takes the env as an argument.
 * Errors name the variables involved and how to fix them, never their values.
 */
import { UserError } from '../errors.ts';
import type { ClientOptions, Credentials, RetryOptions } from './types.ts';

export const DEFAULT_API_URL = 'https://api.bitbucket.org/2.0';
export const DEFAULT_TOKEN_URL = 'https://bitbucket.org/site/oauth2/access_token';

type Env = Record<string, string | undefined>;

interface Method {
  label: string;
  vars: readonly [string, string] | readonly [string];
}

const METHODS: readonly Method[] = [
  { label: 'OAuth consumer', vars: ['BITBUCKET_CLIENT_ID', 'BITBUCKET_CLIENT_SECRET'] },
  { label: 'access token', vars: ['BITBUCKET_ACCESS_TOKEN'] },
  { label: 'API token', vars: ['BITBUCKET_USERNAME', 'BITBUCKET_API_TOKEN'] },
];

const OPTIONS_TEXT =
  '  - BITBUCKET_CLIENT_ID and BITBUCKET_CLIENT_SECRET: an OAuth consumer (client-credentials grant; recommended)\n' +
  '  - BITBUCKET_ACCESS_TOKEN: a repository, project or workspace access token\n' +
  '  - BITBUCKET_USERNAME and BITBUCKET_API_TOKEN: your Atlassian account e-mail and an API token';

/** An empty variable counts as unset: CI systems often define unset secrets as "". */
function get(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value === '' ? undefined : value;
}

/**
 * Picks the one authentication method configured in `env`.
 * @throws UserError when none, several, or half of a pair is set.
 */
export function credentialsFromEnv(env: Env): Credentials {
  const present = METHODS.filter((m) => m.vars.some((v) => get(env, v) !== undefined));
  if (present.length === 0) {
    throw new UserError(
      `No Bitbucket credentials found in the environment. Set one of:\n${OPTIONS_TEXT}\nSee docs/auth.md.`,
    );
  }
  if (present.length > 1) {
    const described = present.map((m) => `${m.label} (${m.vars.filter((v) => get(env, v) !== undefined).join(', ')})`);
    const [keep, ...drop] = present;
    const unset = drop.flatMap((m) => m.vars.filter((v) => get(env, v) !== undefined));
    throw new UserError(
      `Several Bitbucket authentication methods are configured: ${described.join(' and ')}. ` +
        `Use exactly one: to use the ${keep!.label}, unset ${unset.join(', ')}.`,
    );
  }
  const method = present[0]!;
  const missing = method.vars.filter((v) => get(env, v) === undefined);
  if (missing.length > 0) {
    const set = method.vars.filter((v) => get(env, v) !== undefined);
    throw new UserError(
      `${set.join(', ')} is set but ${missing.join(', ')} is not: the ${method.label} needs both. Set ` +
        `${missing.join(', ')} as well.`,
    );
  }
  if (method.label === 'OAuth consumer') {
    return {
      kind: 'oauth',
      clientId: get(env, 'BITBUCKET_CLIENT_ID')!,
      clientSecret: get(env, 'BITBUCKET_CLIENT_SECRET')!,
      tokenUrl: readUrl(env, 'BITBUCKET_TOKEN_URL', DEFAULT_TOKEN_URL),
    };
  }
  if (method.label === 'access token') return { kind: 'access-token', token: get(env, 'BITBUCKET_ACCESS_TOKEN')! };
  return { kind: 'api-token', username: get(env, 'BITBUCKET_USERNAME')!, apiToken: get(env, 'BITBUCKET_API_TOKEN')! };
}

/** The secret material of a credential, from which a fingerprint key can be derived. */
export function credentialSecret(credentials: Credentials): string {
  switch (credentials.kind) {
    case 'oauth':
      return credentials.clientSecret;
    case 'access-token':
      return credentials.token;
    case 'api-token':
      return credentials.apiToken;
  }
}

function readUrl(env: Env, name: string, fallback: string): string {
  const raw = get(env, name);
  if (raw === undefined) return fallback;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UserError(`${name} is not a valid URL: '${raw}'. Expected something like ${fallback}.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new UserError(`${name} must be an http(s) URL, got '${url.protocol}' in '${raw}'.`);
  }
  if (url.username || url.password) {
    throw new UserError(`${name} must not contain a user name or password; use the credential variables instead.`);
  }
  return raw.replace(/\/+$/, '');
}

function readInt(env: Env, name: string, min: number, max: number): number | undefined {
  const raw = get(env, name);
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw.trim()) || Number(raw) < min || Number(raw) > max) {
    throw new UserError(`${name} must be a whole number between ${min} and ${max}, got '${raw}'.`);
  }
  return Number(raw);
}

/**
 * Client options from the environment: API URL, credentials, the tuning variables
 * `BB_VARS_RETRY_BASE_MS`, `BB_VARS_RETRY_MAX_MS`, `BB_VARS_MAX_RETRIES`, `BB_VARS_TIMEOUT_MS`,
 * and `BB_VARS_FINGERPRINT_KEY` as a secret to keep out of messages.
 */
export function clientOptionsFromEnv(env: Env): ClientOptions {
  const retry: Partial<RetryOptions> = {};
  const base = readInt(env, 'BB_VARS_RETRY_BASE_MS', 0, 600_000);
  const max = readInt(env, 'BB_VARS_RETRY_MAX_MS', 0, 3_600_000);
  const retries = readInt(env, 'BB_VARS_MAX_RETRIES', 0, 100);
  const timeoutMs = readInt(env, 'BB_VARS_TIMEOUT_MS', 1, 3_600_000);
  if (base !== undefined) retry.baseDelayMs = base;
  if (max !== undefined) {
    retry.maxDelayMs = max;
    // A short per-wait cap (as end-to-end tests set) should also shorten the overall wait.
    retry.maxTotalWaitMs = max * 10;
  }
  if (retries !== undefined) retry.maxRetries = retries;
  const options: ClientOptions = {
    apiUrl: readUrl(env, 'BITBUCKET_API_URL', DEFAULT_API_URL),
    credentials: credentialsFromEnv(env),
    retry,
  };
  if (timeoutMs !== undefined) options.timeoutMs = timeoutMs;
  // Never sent to Bitbucket, but kept out of every message all the same.
  const fingerprintKey = get(env, 'BB_VARS_FINGERPRINT_KEY');
  if (fingerprintKey !== undefined) options.secrets = [fingerprintKey];
  return options;
}
