import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { main } from '../../src/cli/index.ts';
import { run, shellQuote } from '../../src/cli/commands/sandbox.ts';
import type { Sandbox } from '../../src/sandbox/index.ts';
import { fetchToken } from '../support/sandbox.ts';
import { captureIO } from '../support/files.ts';

function fakeIO(cwd = tmpdir()) {
  return captureIO(cwd);
}

/** Runs `bb-vars sandbox` in-process until `use` is done, then stops it through the AbortSignal. */
async function serve(argv: string[], use: (sb: Sandbox, io: ReturnType<typeof fakeIO>) => Promise<void>, cwd?: string) {
  const io = fakeIO(cwd);
  const controller = new AbortController();
  let ready!: (sb: Sandbox) => void;
  const started = new Promise<Sandbox>((resolve) => (ready = resolve));
  const exit = run(argv, io, { signal: controller.signal, onReady: ready });
  const sb = await Promise.race([started, exit.then(() => Promise.reject(new Error(`exited early: ${io.err()}`)))]);
  try {
    await use(sb, io);
  } finally {
    controller.abort();
  }
  return { code: await exit, io };
}

describe('bb-vars sandbox', () => {
  it('prints export lines for the sandbox environment, serves, and stops cleanly', async () => {
    const { code, io } = await serve(['--latency', '0'], async (sb, io) => {
      const lines = io.out().trim().split('\n');
      // A fresh 32-byte key per run, base64url (43 characters, shell-safe, never quoted).
      const key = /^export BB_VARS_FINGERPRINT_KEY=([A-Za-z0-9_-]{43})$/.exec(lines.at(-1)!)?.[1];
      expect(key).toBeDefined();
      expect(Buffer.from(key!, 'base64url')).toHaveLength(32);
      expect(lines.slice(0, -1)).toEqual([
        `export BITBUCKET_API_URL=${sb.url}`,
        `export BITBUCKET_TOKEN_URL=${sb.tokenUrl}`,
        'export BITBUCKET_CLIENT_ID=bb-vars-demo',
        'export BITBUCKET_CLIENT_SECRET=demo-secret-change-me',
        'export BITBUCKET_WORKSPACE=acme',
        'export BITBUCKET_REPO_SLUG=api-service',
        'export BITBUCKET_PR_ID=1',
      ]);
      const env = Object.fromEntries(
        lines.map((l) =>
          l
            .replace(/^export /, '')
            .split(/=(.*)/s)
            .slice(0, 2),
        ),
      );
      const token = await fetch(env.BITBUCKET_TOKEN_URL, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${env.BITBUCKET_CLIENT_ID}:${env.BITBUCKET_CLIENT_SECRET}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: 'grant_type=client_credentials',
      });
      const { access_token } = (await token.json()) as { access_token: string };
      const res = await fetch(`${env.BITBUCKET_API_URL}/repositories/acme/api-service/environments`, {
        headers: { authorization: `Bearer ${access_token}` },
      });
      expect(res.status).toBe(200);
    });
    expect(code).toBe(0);
    expect(io.err()).toMatch(/listening at http:\/\/127\.0\.0\.1:\d+\/2\.0.*Ctrl-C/);
    expect(io.err()).toContain('Sandbox stopped.');
  });

  it('prints a different fingerprint key on every run', async () => {
    const keys: string[] = [];
    for (let i = 0; i < 2; i++) {
      await serve([], async (_sb, io) => {
        keys.push(/^export BB_VARS_FINGERPRINT_KEY=(.+)$/m.exec(io.out())![1]!);
      });
    }
    expect(keys[0]).not.toBe(keys[1]);
  });

  it('uses a seed file relative to the working directory, and the rate-limit flag', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bb-vars-cmd-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    await writeFile(
      join(dir, 'seed.json'),
      JSON.stringify({
        credentials: {
          oauthConsumers: [{ clientId: "o'brien", clientSecret: "has space & quote's", scopes: ['pipeline'] }],
        },
        workspaces: { widgets: { repositories: { shop: {} } } },
      }),
    );
    const { code } = await serve(
      ['--seed', 'seed.json', '--rate-limit', '2/60'],
      async (sb, io) => {
        expect(io.out()).toContain(`export BITBUCKET_CLIENT_ID='o'\\''brien'`);
        expect(io.out()).toContain(`export BITBUCKET_CLIENT_SECRET='has space & quote'\\''s'`);
        expect(io.out()).toContain('export BITBUCKET_REPO_SLUG=shop');
        expect(io.out()).not.toContain('BITBUCKET_PR_ID');
        const token = await fetchToken(sb, "o'brien", "has space & quote's");
        const statuses = [];
        for (let i = 0; i < 3; i++)
          statuses.push(
            (
              await fetch(`${sb.url}/repositories/widgets/shop/pipelines_config/variables`, {
                headers: { authorization: `Bearer ${token}` },
              })
            ).status,
          );
        expect(statuses).toEqual([200, 200, 429]);
      },
      dir,
    );
    expect(code).toBe(0);
  });

  it.each([
    [['--port', 'abc'], /--port must be a whole number between 1 and 65535, got 'abc'/],
    [['--rate-limit', 'lots'], /--rate-limit must look like <requests>\/<seconds>, e.g\. 1000\/3600, got 'lots'/],
    [['--latency', 'soon'], /--latency must be a whole number of milliseconds \(0 or more\), got 'soon'/],
    [['--seed', 'missing.json'], /Cannot read seed file .*missing\.json: no such file/],
    [['--bogus'], /Unknown option '--bogus'/],
    [['extra'], /Unexpected argument 'extra'/],
  ])('refuses %j with a clear message and exit 1', async (args, message) => {
    const io = fakeIO();
    const code = await main(['sandbox', ...args], io);
    expect(code).toBe(1);
    expect(io.err()).toMatch(message);
    expect(io.err()).not.toMatch(/\n\s+at /); // no stack trace
    expect(io.out()).toBe('');
  });

  it('serves correct next links with --no-pagination-bugs', async () => {
    await serve(['--no-pagination-bugs'], async (sb) => {
      sb.store.setVariable({ type: 'workspace', workspace: 'acme' }, { key: 'THIRD', value: '3' });
      const token = await fetchToken(sb);
      const res = await fetch(`${sb.url}/workspaces/acme/pipelines-config/variables?pagelen=2`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const body = (await res.json()) as { next?: string };
      expect(body.next).toBe(`${sb.url}/workspaces/acme/pipelines-config/variables?pagelen=2&page=2`);
    });
  });

  it('reports a port already in use', async () => {
    await serve([], async (sb) => {
      const io = fakeIO();
      expect(await main(['sandbox', '--port', String(sb.port)], io)).toBe(1);
      expect(io.err()).toContain(`Port ${sb.port} is already in use`);
    });
  });

  it('prints help', async () => {
    const io = fakeIO();
    expect(await main(['sandbox', '--help'], io)).toBe(0);
    expect(io.out()).toContain('Usage: bb-vars sandbox');
  });

  it('quotes values for POSIX shells only when needed', () => {
    expect(shellQuote('http://127.0.0.1:8787/2.0')).toBe('http://127.0.0.1:8787/2.0');
    expect(shellQuote('a b')).toBe("'a b'");
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(shellQuote('$(rm -rf /)')).toBe("'$(rm -rf /)'");
    expect(shellQuote('')).toBe("''");
  });
});
