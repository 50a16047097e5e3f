import type { SandboxSeed } from '../../src/sandbox/index.ts';

export const CLIENT_ID = 'e2e-client';
export const CLIENT_SECRET = 'e2e-client-secret-CANARY-5d1e';
export const SECRETS = ['CANARY-db-pass-7f3a', 'CANARY-api-key-91bc', 'CANARY-legacy-0c4d', CLIENT_SECRET];

/** A small workspace: repository `api` with an existing `production` environment and unmanaged variables. */
export function e2eSeed(): SandboxSeed {
  return {
    credentials: {
      oauthConsumers: [{ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, scopes: ['pipeline', 'pipeline:variable', 'pullrequest', 'repository'] }],
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

export function e2eEnv(): Record<string, string> {
  return { BITBUCKET_CLIENT_ID: CLIENT_ID, BITBUCKET_CLIENT_SECRET: CLIENT_SECRET, API_KEY: 'CANARY-api-key-91bc' };
}
