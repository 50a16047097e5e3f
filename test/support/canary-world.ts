/**
 * The canary world: the scenario plus more kinds of secret — a sensitive object output, a
 * secured literal, a secured file, an access token and an API token — and helpers to collect
 * every byte bb-vars writes (stdout, stderr, files, PR comments) for scanning.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import type { Sandbox } from '../../src/sandbox/index.ts';
import { forward } from './hostile-echo.ts';
import { startWorld, type World } from './in-process.ts';
import { MANIFEST_V2, scenarioSeed, SECRETS } from './scenario.ts';

export const NESTED = 'CANARY-nested-output-91d2';
export const LITERAL = 'CANARY-literal-secured-6b0e';
export const FILE_SECRET = 'CANARY-file-secret-28fa';
export const ACCESS_TOKEN = 'CANARY-access-token-a3c5';
export const API_TOKEN = 'CANARY-api-token-d47b';
export const WRONG_SECRET = 'CANARY-wrong-client-secret-13ee';
export const READONLY_SECRET = 'CANARY-readonly-secret-7c21';
/**
 * A secret with quotes and a backslash: JSON-escaped in request bodies, so an echo does not contain
 * it verbatim. One line (Pipelines variables cannot hold line breaks); the file's final line break
 * is dropped when it is read.
 */
export const PEM_LINE = 'CANARY-pem-line-5e3a';
export const PEM = `-----BEGIN PRIVATE KEY----- ${PEM_LINE} "quoted" \\ tail -----END PRIVATE KEY-----\n`;
/** Too short to mask everywhere; must still never be echoed back from Bitbucket's error text. */
export const SHORT_SECRET = 'Q~z';
/** A 206-character database URL with `/`, `<`, `&` and quotes: what JSON, HTML and URL encodings change. */
export const DATABASE_URL =
  'postgres://app:CANARY-pg-pass-9d4e-Kx7Vq2LmZr8Tn5Wb@db-primary.internal.example.com:5432/app' +
  "?sslmode=require&application_name=<bb-vars>&options='-c search_path=app,public'&connect_timeout=10&target=rw-only1";
export const ALL_CANARIES = [
  SHORT_SECRET,
  ...SECRETS,
  NESTED,
  LITERAL,
  FILE_SECRET,
  ACCESS_TOKEN,
  API_TOKEN,
  WRONG_SECRET,
  READONLY_SECRET,
  PEM_LINE,
  DATABASE_URL,
];

/** Files bb-vars reads (they hold canaries by design); everything else in the directory is output. */
export const INPUT_FILES = new Set([
  'bb-vars.yaml',
  'outputs.json',
  'secret.txt',
  'key.pem',
  'seed.json',
  'package.json',
]);

export const CANARY_MANIFEST = MANIFEST_V2.replace(
  '      NEW_VAR: fresh\n',
  `      NEW_VAR: fresh
      NESTED_SECRET: { from: infra.creds.password }
      LITERAL_SECRET: { value: "${LITERAL}", secured: true }
      FILE_SECRET: { file: secret.txt, secured: true }
      PEM_KEY: { file: key.pem, secured: true }
      SHORT_SECRET: { value: "${SHORT_SECRET}", secured: true }
      LONG_DB_URL: { value: "${DATABASE_URL}", secured: true }
`,
);

export function canaryOutputs(secret: string): string {
  return JSON.stringify({
    db_host: { sensitive: false, type: 'string', value: 'db.internal' },
    db_password: { sensitive: true, type: 'string', value: secret },
    url: { sensitive: false, type: 'string', value: 'https://api.example' },
    creds: {
      sensitive: true,
      type: ['object', { user: 'string', password: 'string' }],
      value: { user: 'app', password: NESTED },
    },
  });
}

/** A world holding the canary manifest, with an access token and an API token seeded as well. */
export async function canaryWorld(secret: string): Promise<World> {
  const seed = scenarioSeed();
  const creds = seed.credentials!;
  // A consumer that may read but not write variables: every write is a 403.
  creds.oauthConsumers!.push({
    clientId: 'readonly',
    clientSecret: READONLY_SECRET,
    scopes: ['pipeline', 'pullrequest', 'repository'],
  });
  creds.accessTokens = [
    {
      token: ACCESS_TOKEN,
      scopes: ['pipeline', 'pipeline:variable', 'pullrequest', 'repository'],
      name: 'ci-token',
      workspace: 'acme',
    },
  ];
  creds.apiTokens = [
    {
      username: 'ci@example.com',
      token: API_TOKEN,
      scopes: [
        'read:pipeline:bitbucket',
        'admin:pipeline:bitbucket',
        'read:pullrequest:bitbucket',
        'write:pullrequest:bitbucket',
      ],
    },
  ];
  const world = await startWorld({ seed });
  await writeFile(join(world.dir, 'bb-vars.yaml'), CANARY_MANIFEST);
  await writeFile(join(world.dir, 'outputs.json'), canaryOutputs(secret));
  await writeFile(join(world.dir, 'secret.txt'), FILE_SECRET);
  await writeFile(join(world.dir, 'key.pem'), PEM);
  await writeFile(join(world.dir, 'package.json'), '{"name":"canary","private":true}\n');
  return world;
}

/** Every output file under `dir` (recursively), inputs excluded, as path → text. */
export async function outputFiles(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || INPUT_FILES.has(entry.name)) continue;
    const path = join(entry.parentPath, entry.name);
    files[path] = await readFile(path, 'latin1');
  }
  return files;
}

/** Every PR comment the sandbox holds, as `comment <id>` → raw text. */
export function prComments(sandbox: Sandbox): Record<string, string> {
  return Object.fromEntries(sandbox.store.comments('acme', 'api', 7).map((c) => [`PR comment ${c.id}`, c.raw]));
}

/**
 * A Bitbucket that echoes request bodies back in its 400 errors (message, detail and fields), as
 * some real validation errors quote the offending value. Reads pass through to the sandbox.
 */
export async function echoingProxy(target: Sandbox): Promise<{ url: string; tokenUrl: string; echoed: () => number }> {
  let echoed = 0;
  const origin = new URL(target.url).origin;
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const path = req.url ?? '/';
      if (req.method !== 'GET' && !path.includes('oauth2')) {
        echoed++;
        let value: unknown = body;
        try {
          value = (JSON.parse(body) as { value?: unknown }).value ?? body;
        } catch {
          // not JSON: echo it raw
        }
        const payload = JSON.stringify({
          type: 'error',
          error: {
            message: `Invalid value: ${String(value)}`,
            detail: `Request body was ${body}`,
            fields: { value: [`'${String(value)}' is not allowed`] },
          },
        });
        res.writeHead(400, { 'content-type': 'application/json' }).end(payload);
        return;
      }
      forward(origin, req, body, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const port = (server.address() as AddressInfo).port;
  const base = `http://127.0.0.1:${port}`;
  return { url: `${base}/2.0`, tokenUrl: `${base}${new URL(target.tokenUrl).pathname}`, echoed: () => echoed };
}
