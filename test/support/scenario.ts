/**
 * The realistic apply used by the fault tests. `BEFORE` is what a previous bb-vars run left
 * behind (managed and unmanaged variables, bookkeeping in every scope); applying `AFTER` then
 * needs every kind of write: creates, updates (a rotated secured value included), a replace
 * (secured flipped), deletes of managed keys, a new deployment environment, in three scopes of
 * two repositories plus the workspace.
 */
import type { ScopeRef } from '../../src/core/types.ts';
import type { SandboxSeed } from '../../src/sandbox/index.ts';

export const CLIENT_ID = 'rel-client';
export const CLIENT_SECRET = 'rel-client-secret-CANARY-c1e7';
export const SECRET_V1 = 'CANARY-db-pass-v1-3b9e';
export const SECRET_V2 = 'CANARY-db-pass-v2-77a0';
export const API_KEY = 'CANARY-api-key-e2d4';
export const STAGING_TOKEN = 'CANARY-staging-token-5f10';
export const LEGACY = 'CANARY-legacy-unmanaged-0a9c';
/** Every secret of the scenario: none may appear in any output. */
export const SECRETS = [CLIENT_SECRET, SECRET_V1, SECRET_V2, API_KEY, STAGING_TOKEN, LEGACY];

/** The environment a CLI run of the scenario needs: its OAuth consumer and the secured values its manifests read. */
export const SCENARIO_ENV = {
  BITBUCKET_CLIENT_ID: CLIENT_ID,
  BITBUCKET_CLIENT_SECRET: CLIENT_SECRET,
  API_KEY,
  STAGING_TOKEN,
};

export const ws: ScopeRef = { type: 'workspace', workspace: 'acme' };
export const api: ScopeRef = { type: 'repository', workspace: 'acme', repository: 'api' };
export const web: ScopeRef = { type: 'repository', workspace: 'acme', repository: 'web' };
export const prod: ScopeRef = { type: 'deployment', workspace: 'acme', repository: 'api', environment: 'production' };
export const staging: ScopeRef = { type: 'deployment', workspace: 'acme', repository: 'api', environment: 'staging' };
export const SCOPES = [ws, api, web, prod, staging];

export function scenarioSeed(): SandboxSeed {
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
              { key: 'LEGACY_SECRET', value: LEGACY, secured: true },
            ],
            environments: [{ name: 'production', type: 'Production', variables: [{ key: 'HAND_MADE', value: 'x' }] }],
            pullRequests: [{ id: 7, title: 'Change infra', state: 'OPEN' }],
          },
          web: { variables: [{ key: 'WEB_UNMANAGED', value: 'w' }] },
        },
      },
    },
  };
}

export const MANIFEST_V1 = `version: 1
workspace: acme
sources:
  infra:
    terraform:
      outputs: outputs.json
workspace_variables:
  REGION: eu-west-1
  OLD_WS: gone-soon
repositories:
  api:
    variables:
      LOG_LEVEL: info
      DB_HOST: { from: infra.db_host }
      DB_PASSWORD: { from: infra.db_password }
      API_KEY: { env: API_KEY, secured: true }
      FLAG: "on"
      OBSOLETE: old
    deployments:
      production:
        type: Production
        variables:
          URL: { from: infra.url }
          OLD_PROD: "1"
  web:
    variables:
      BAR: one
`;

export const MANIFEST_V2 = `version: 1
workspace: acme
sources:
  infra:
    terraform:
      outputs: outputs.json
workspace_variables:
  REGION: eu-central-1
repositories:
  api:
    variables:
      LOG_LEVEL: debug
      DB_HOST: { from: infra.db_host }
      DB_PASSWORD: { from: infra.db_password }
      API_KEY: { env: API_KEY, secured: true }
      FLAG: { value: "on", secured: true }
      NEW_VAR: fresh
      DATABASE_URL:
        template: "postgres://app:\${infra.db_password}@\${infra.db_host}/app"
    deployments:
      production:
        type: Production
        variables:
          URL: { from: infra.url }
      staging:
        type: Staging
        variables:
          URL: { value: "https://staging.example" }
          TOKEN: { env: STAGING_TOKEN, secured: true }
  web:
    variables:
      BAR: two
      FOO: "42"
`;

/** AFTER without the keys AFTER creates in existing scopes: a killed apply's creations, dropped from the next manifest. */
export const DROPPED = { api: ['NEW_VAR', 'DATABASE_URL'], web: ['FOO'] } as const;
export const MANIFEST_V2_DROPPED = MANIFEST_V2.replace('      NEW_VAR: fresh\n', '')
  .replace('      DATABASE_URL:\n        template: "postgres://app:${infra.db_password}@${infra.db_host}/app"\n', '')
  .replace('      FOO: "42"\n', '');

export function outputs(secret: string): string {
  return JSON.stringify({
    db_host: { sensitive: false, type: 'string', value: 'db.internal' },
    db_password: { sensitive: true, type: 'string', value: secret },
    url: { sensitive: false, type: 'string', value: 'https://api.example' },
  });
}

/** What the store must hold after AFTER converged: every value exact, secured flags included. */
export const EXPECTED: Record<string, Record<string, { value: string; secured: boolean }>> = {
  workspace: { REGION: { value: 'eu-central-1', secured: false } },
  api: {
    LOG_LEVEL: { value: 'debug', secured: false },
    DB_HOST: { value: 'db.internal', secured: false },
    DB_PASSWORD: { value: SECRET_V2, secured: true },
    API_KEY: { value: API_KEY, secured: true },
    FLAG: { value: 'on', secured: true },
    NEW_VAR: { value: 'fresh', secured: false },
    DATABASE_URL: { value: `postgres://app:${SECRET_V2}@db.internal/app`, secured: true },
  },
  web: { BAR: { value: 'two', secured: false }, FOO: { value: '42', secured: false } },
  production: { URL: { value: 'https://api.example', secured: false } },
  staging: {
    URL: { value: 'https://staging.example', secured: false },
    TOKEN: { value: STAGING_TOKEN, secured: true },
  },
};

/** EXPECTED for MANIFEST_V2_DROPPED: the dropped keys are gone (pruned), everything else as in AFTER. */
export const EXPECTED_DROPPED: typeof EXPECTED = Object.fromEntries(
  Object.entries(EXPECTED).map(([name, vars]) => [
    name,
    Object.fromEntries(
      Object.entries(vars).filter(
        ([key]) => !((DROPPED as Record<string, readonly string[]>)[name] ?? []).includes(key),
      ),
    ),
  ]),
);

/** Variables bb-vars does not manage: they must come through every run untouched. */
export const UNMANAGED: Record<string, Record<string, { value: string; secured: boolean }>> = {
  workspace: { ORG_WIDE: { value: 'untouched', secured: false } },
  api: { UNMANAGED: { value: 'keep-me', secured: false }, LEGACY_SECRET: { value: LEGACY, secured: true } },
  web: { WEB_UNMANAGED: { value: 'w', secured: false } },
  production: { HAND_MADE: { value: 'x', secured: false } },
  staging: {},
};

export const SCOPE_BY_NAME: Record<string, ScopeRef> = { workspace: ws, api, web, production: prod, staging };
