/**
 * Seed data: the realistic default the demo and `bb-vars sandbox` start from, and validation of
 * seeds from files (clear errors naming the file and the JSON path).
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject } from 'ajv';
import { UserError } from '../errors.ts';
import { KEY_PATTERN } from './handlers/variables.ts';
import type { SandboxSeed, SeedVariable } from './types.ts';

/**
 * The default seed: workspace `acme` with projects PLAT (api-service, billing-worker,
 * notification-service) and WEB (web-frontend), as the demo and docs use it.
 */
export function defaultSeed(): SandboxSeed {
  return {
    credentials: {
      oauthConsumers: [
        {
          clientId: 'bb-vars-demo',
          clientSecret: 'demo-secret-change-me',
          scopes: ['pipeline', 'pipeline:variable', 'pullrequest', 'repository', 'project'],
          owner: 'Acme CI',
        },
        {
          clientId: 'bb-vars-readonly',
          clientSecret: 'readonly-secret-change-me',
          scopes: ['pipeline', 'repository'],
          owner: 'Acme Auditor',
        },
      ],
      accessTokens: [
        {
          token: 'ATCTT3xFfGN0-sandbox-repository-token',
          name: 'api-service bb-vars',
          scopes: ['pipeline', 'pipeline:variable', 'pullrequest', 'repository'],
          workspace: 'acme',
          repository: 'api-service',
        },
        {
          token: 'ATCTT3xFfGN0-sandbox-workspace-token',
          name: 'acme bb-vars',
          scopes: ['pipeline', 'pipeline:variable', 'pullrequest', 'repository', 'project'],
          workspace: 'acme',
        },
      ],
      apiTokens: [
        {
          username: 'ci-bot@acme.example',
          token: 'ATATT3xFfGF0-sandbox-api-token',
          scopes: [
            'read:pipeline:bitbucket',
            'admin:pipeline:bitbucket',
            'read:pullrequest:bitbucket',
            'read:repository:bitbucket',
            'read:project:bitbucket',
          ],
          displayName: 'Acme CI Bot',
        },
      ],
    },
    users: { jane: 'Jane Developer' },
    workspaces: {
      acme: {
        projects: {
          PLAT: { name: 'Platform', description: 'Backend services' },
          WEB: { name: 'Web', description: 'Customer-facing front ends' },
        },
        variables: [
          { key: 'DEFAULT_REGION', value: 'eu-west-1' },
          {
            key: 'SLACK_WEBHOOK_URL',
            value: 'https://hooks.slack.example/services/T0000/B0000/sandbox-only',
            secured: true,
          },
        ],
        repositories: {
          'api-service': {
            project: 'PLAT',
            variables: [
              { key: 'LOG_LEVEL', value: 'debug' },
              { key: 'LEGACY_FEATURE_FLAG', value: 'on' },
              { key: 'NPM_TOKEN', value: 'npm_sandboxOnlyToken0000000000000000', secured: true },
            ],
            environments: [
              { name: 'test', type: 'Test', variables: [{ key: 'API_URL', value: 'https://api.test.acme.example' }] },
              {
                name: 'staging',
                type: 'Staging',
                variables: [{ key: 'API_URL', value: 'https://api.staging.acme.example' }],
              },
              {
                name: 'production',
                type: 'Production',
                variables: [
                  { key: 'SENTRY_ENVIRONMENT', value: 'production' },
                  { key: 'VPN_SHARED_KEY', value: 'sandbox-old-vpn-key', secured: true },
                ],
              },
            ],
            pullRequests: [
              {
                id: 1,
                title: 'Manage pipeline variables with bb-vars',
                state: 'OPEN',
                comments: [{ raw: 'Looks good, waiting for the plan.', author: 'jane' }],
              },
            ],
          },
          'web-frontend': {
            project: 'WEB',
            variables: [{ key: 'NODE_ENV', value: 'production' }],
            environments: [
              { name: 'staging', type: 'Staging' },
              { name: 'production', type: 'Production' },
            ],
          },
          'billing-worker': {
            project: 'PLAT',
            variables: [{ key: 'QUEUE_NAME', value: 'billing' }],
          },
          'notification-service': {
            project: 'PLAT',
            variables: [{ key: 'QUEUE_NAME', value: 'notifications' }],
          },
        },
      },
    },
  };
}

const variables = { type: 'array', items: { $ref: '#/definitions/variable' } };
const scopes = { type: 'array', items: { type: 'string', minLength: 1 } };

/** JSON Schema of a seed file (documented in docs/sandbox.md). */
export const SEED_SCHEMA = {
  type: 'object',
  required: ['workspaces'],
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    credentials: {
      type: 'object',
      additionalProperties: false,
      properties: {
        oauthConsumers: {
          type: 'array',
          items: {
            type: 'object',
            required: ['clientId', 'clientSecret', 'scopes'],
            additionalProperties: false,
            properties: {
              clientId: { type: 'string', minLength: 1 },
              clientSecret: { type: 'string', minLength: 1 },
              scopes,
              owner: { type: 'string' },
            },
          },
        },
        accessTokens: {
          type: 'array',
          items: {
            type: 'object',
            required: ['token', 'scopes'],
            additionalProperties: false,
            properties: {
              token: { type: 'string', minLength: 1 },
              scopes,
              name: { type: 'string' },
              workspace: { type: 'string' },
              repository: { type: 'string' },
            },
          },
        },
        apiTokens: {
          type: 'array',
          items: {
            type: 'object',
            required: ['username', 'token', 'scopes'],
            additionalProperties: false,
            properties: {
              username: { type: 'string', minLength: 1 },
              token: { type: 'string', minLength: 1 },
              scopes,
              displayName: { type: 'string' },
            },
          },
        },
      },
    },
    users: { type: 'object', additionalProperties: { type: 'string' } },
    workspaces: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        properties: {
          uuid: { $ref: '#/definitions/uuid' },
          variables,
          projects: {
            type: 'object',
            propertyNames: { pattern: '^[A-Za-z][A-Za-z0-9_]*$' },
            additionalProperties: {
              type: 'object',
              additionalProperties: false,
              properties: {
                name: { type: 'string', minLength: 1 },
                uuid: { $ref: '#/definitions/uuid' },
                description: { type: 'string' },
                isPrivate: { type: 'boolean' },
              },
            },
          },
          repositories: {
            type: 'object',
            additionalProperties: {
              type: 'object',
              additionalProperties: false,
              properties: {
                uuid: { $ref: '#/definitions/uuid' },
                project: { type: 'string', minLength: 1 },
                permission: { enum: ['admin', 'write', 'read'] },
                variables,
                environments: {
                  type: 'array',
                  items: {
                    type: 'object',
                    required: ['name', 'type'],
                    additionalProperties: false,
                    properties: {
                      name: { type: 'string', minLength: 1 },
                      type: { enum: ['Test', 'Staging', 'Production'] },
                      uuid: { $ref: '#/definitions/uuid' },
                      variables,
                    },
                  },
                },
                pullRequests: {
                  type: 'array',
                  items: {
                    type: 'object',
                    required: ['id', 'title'],
                    additionalProperties: false,
                    properties: {
                      id: { type: 'integer', minimum: 1 },
                      title: { type: 'string' },
                      state: { enum: ['OPEN', 'MERGED', 'DECLINED', 'SUPERSEDED'] },
                      comments: {
                        type: 'array',
                        items: {
                          type: 'object',
                          required: ['raw'],
                          additionalProperties: false,
                          properties: {
                            id: { type: 'integer', minimum: 1 },
                            raw: { type: 'string' },
                            author: { type: 'string' },
                          },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
  definitions: {
    uuid: { type: 'string', pattern: '^\\{[0-9a-fA-F-]{36}\\}$' },
    variable: {
      type: 'object',
      required: ['key', 'value'],
      additionalProperties: false,
      properties: {
        key: { type: 'string' },
        value: { type: 'string' },
        secured: { type: 'boolean' },
        uuid: { $ref: '#/definitions/uuid' },
      },
    },
  },
} as const;

let compiled: ReturnType<Ajv['compile']> | undefined;

function describe(error: ErrorObject): string {
  const where = error.instancePath === '' ? '(top level)' : error.instancePath.slice(1).replace(/\//g, '.');
  if (error.keyword === 'additionalProperties')
    return `${where}: unknown property '${String(error.params.additionalProperty)}'`;
  if (error.keyword === 'enum')
    return `${where}: must be one of ${(error.params.allowedValues as unknown[]).map(String).join(', ')}`;
  if (error.keyword === 'pattern' && error.propertyName !== undefined) {
    return `${where}: project key '${error.propertyName}' must start with a letter and hold only letters, digits and _`;
  }
  if (error.keyword === 'pattern')
    return `${where}: must be a UUID in braces, like {0b6e5d28-3c5f-4a6b-9a43-5d8e0f2b1c7a}`;
  return `${where}: ${error.message ?? 'is invalid'}`;
}

function checkVariables(list: SeedVariable[] | undefined, where: string, problems: string[]): void {
  const seen = new Set<string>();
  (list ?? []).forEach((v, i) => {
    if (!KEY_PATTERN.test(v.key))
      problems.push(
        `${where}.variables.${i}.key: '${v.key}' is not a valid variable name (letters, digits and _, not starting with a digit)`,
      );
    if (seen.has(v.key)) problems.push(`${where}.variables.${i}.key: '${v.key}' appears twice in this scope`);
    seen.add(v.key);
  });
}

/** Checks a seed (from a file or code); throws a UserError naming `source` and every problem. */
export function validateSeed(raw: unknown, source: string): SandboxSeed {
  compiled ??= new Ajv({ allErrors: true, strict: false }).compile(SEED_SCHEMA);
  const problems: string[] = [];
  // A bad project key is reported once, by its `pattern` error (ajv adds a `propertyNames` one too).
  if (!compiled(raw))
    problems.push(...(compiled.errors ?? []).filter((e) => e.keyword !== 'propertyNames').map(describe));
  else {
    const seed = raw as SandboxSeed;
    for (const [wsSlug, ws] of Object.entries(seed.workspaces)) {
      checkVariables(ws.variables, `workspaces.${wsSlug}`, problems);
      for (const [slug, repo] of Object.entries(ws.repositories ?? {})) {
        const where = `workspaces.${wsSlug}.repositories.${slug}`;
        if (repo.project !== undefined && !Object.hasOwn(ws.projects ?? {}, repo.project)) {
          const known = Object.keys(ws.projects ?? {});
          problems.push(
            `${where}.project: no project '${repo.project}' in workspace '${wsSlug}' (declared: ${known.length > 0 ? known.join(', ') : 'none'})`,
          );
        }
        checkVariables(repo.variables, where, problems);
        const names = new Set<string>();
        (repo.environments ?? []).forEach((env, i) => {
          if (names.has(env.name.toLowerCase()))
            problems.push(`${where}.environments.${i}.name: environment '${env.name}' appears twice`);
          names.add(env.name.toLowerCase());
          checkVariables(env.variables, `${where}.environments.${i}`, problems);
        });
        const ids = new Set<number>();
        (repo.pullRequests ?? []).forEach((pr, i) => {
          if (ids.has(pr.id)) problems.push(`${where}.pullRequests.${i}.id: pull request ${pr.id} appears twice`);
          ids.add(pr.id);
        });
      }
    }
  }
  if (problems.length > 0) {
    const shown = problems.slice(0, 20).map((p) => `  ${p}`);
    if (problems.length > 20) shown.push(`  … and ${problems.length - 20} more`);
    throw new UserError(
      `${source}: invalid sandbox seed\n${shown.join('\n')}\nSee docs/sandbox.md ("Seed format") for the expected shape.`,
    );
  }
  return raw as SandboxSeed;
}

/** Reads and validates a JSON seed file. */
export function loadSeedFile(path: string): SandboxSeed {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(
      `Cannot read seed file ${path}${code === 'ENOENT' ? ': no such file' : `: ${code ?? String(error)}`}. Pass an existing JSON file to --seed.`,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new UserError(
      `${path}: not valid JSON (${error instanceof Error ? error.message : String(error)}). A seed file is a JSON document; see docs/sandbox.md.`,
    );
  }
  return validateSeed(raw, path);
}
