/** Sandbox seeds shared by tests: the end-to-end workspace and generated variables. */
import { defaultSeed, type SandboxSeed, type SeedVariable } from '../../src/sandbox/index.ts';

export const CLIENT_ID = 'e2e-client';
export const CLIENT_SECRET = 'e2e-client-secret-CANARY-5d1e';
export const SECRETS = ['CANARY-db-pass-7f3a', 'CANARY-api-key-91bc', 'CANARY-legacy-0c4d', CLIENT_SECRET];

/** A small workspace: repository `api` with an existing `production` environment and unmanaged variables. */
export function e2eSeed(): SandboxSeed {
  return {
    credentials: {
      oauthConsumers: [
        {
          clientId: CLIENT_ID,
          clientSecret: CLIENT_SECRET,
          scopes: ['pipeline', 'pipeline:variable', 'pullrequest', 'repository'],
        },
      ],
    },
    workspaces: {
      acme: {
        variables: [{ key: 'ORG_WIDE', value: 'untouched' }],
        repositories: {
          api: {
            variables: [
              { key: 'UNMANAGED', value: 'keep-me' },
              { key: 'LEGACY_SECRET', value: 'CANARY-legacy-0c4d', secured: true },
            ],
            environments: [{ name: 'production', type: 'Production', variables: [{ key: 'HAND_MADE', value: 'x' }] }],
            pullRequests: [{ id: 7, title: 'Change infra', state: 'OPEN' }],
          },
        },
      },
    },
  };
}

/** A strong BB_VARS_FINGERPRINT_KEY for tests (required by reconcile and import; never a real secret). */
export const TEST_FINGERPRINT_KEY = 'test-only-9fK2xQ7mVb3LpZ8rW1nC5tY0hJ4dG6sA';

export function e2eEnv(): Record<string, string> {
  return {
    BITBUCKET_CLIENT_ID: CLIENT_ID,
    BITBUCKET_CLIENT_SECRET: CLIENT_SECRET,
    BB_VARS_FINGERPRINT_KEY: TEST_FINGERPRINT_KEY,
    API_KEY: 'CANARY-api-key-91bc',
  };
}

/** `n` plain variables `VAR_000…` with predictable values. */
export function manyVariables(n: number, prefix = 'VAR'): SeedVariable[] {
  return Array.from({ length: n }, (_, i) => ({ key: `${prefix}_${String(i).padStart(3, '0')}`, value: `value-${i}` }));
}

/** The default seed with extra repositories merged into workspace `acme`. */
export function seedWith(
  repositories: NonNullable<SandboxSeed['workspaces'][string]['repositories']>,
  workspaceVariables?: SeedVariable[],
): SandboxSeed {
  const seed = defaultSeed();
  const acme = seed.workspaces.acme!;
  acme.repositories = { ...acme.repositories, ...repositories };
  if (workspaceVariables) acme.variables = workspaceVariables;
  return seed;
}
