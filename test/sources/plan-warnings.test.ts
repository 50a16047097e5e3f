/**
 * Warnings about values reach the plan in every format (a reviewer reads the pull request, not
 * the CI log), and bb-vars' own credential is refused in a plain variable at plan time.
 * The built CLI against the sandbox.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { setupCli } from '../support/cli.ts';

const manifest = (variables: string) =>
  `version: 1\nworkspace: acme\nrepositories:\n  api-service:\n    variables:\n${variables}`;

const SECRET_WARNING =
  "bb-vars.yaml:6:7  repositories.api-service.variables.MY_TOKEN: 'MY_TOKEN' reads $MY_TOKEN, which looks like a secret, but is not secured";

describe('warnings in the plan', () => {
  it('a secret-looking env variable read without secured is warned about in the text, markdown and JSON plans', async () => {
    const cli = await setupCli();
    await writeFile(join(cli.dir, 'bb-vars.yaml'), manifest('      MY_TOKEN: { env: MY_TOKEN }\n'));
    const env = { MY_TOKEN: 'plain-token-value' };

    const text = await cli.run(['reconcile'], { env });
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`Warning: ${SECRET_WARNING}`);

    const markdown = await cli.run(['reconcile', '--format', 'markdown'], { env });
    expect(markdown.code).toBe(0);
    expect(markdown.stdout).toContain(
      "> ⚠️ bb-vars.yaml:6:7  repositories.api-service.variables.MY\\_TOKEN: 'MY\\_TOKEN' reads $MY\\_TOKEN, which looks like a secret",
    );

    const json = await cli.run(['reconcile', '--format', 'json'], { env });
    expect(json.code).toBe(0);
    const warnings = (JSON.parse(json.stdout) as { warnings: string[] }).warnings;
    expect(warnings.some((w) => w.startsWith(SECRET_WARNING))).toBe(true);
    expect(json.stderr).toContain(`Warning: ${SECRET_WARNING}`);
  });

  it("refuses bb-vars' own credential in a plain variable (exit 1, not shown), and only warns when it is secured", async () => {
    const cli = await setupCli();
    const secret = cli.env.BITBUCKET_CLIENT_SECRET!;
    await writeFile(
      join(cli.dir, 'bb-vars.yaml'),
      manifest('      LEAK: { template: "s=${env.BITBUCKET_CLIENT_SECRET}", secured: false }\n'),
    );
    const refused = await cli.run(['reconcile', '--format', 'markdown']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      "bb-vars.yaml:6:7  repositories.api-service.variables.LEAK: the value contains bb-vars' own credential BITBUCKET_CLIENT_SECRET, and the variable is not secured",
    );
    expect(refused.stdout + refused.stderr).not.toContain(secret);

    await writeFile(
      join(cli.dir, 'bb-vars.yaml'),
      manifest('      KEY_COPY: { env: BB_VARS_FINGERPRINT_KEY, secured: true }\n'),
    );
    const key = 'fingerprint-key-for-this-test-0123456789';
    const warned = await cli.run(['reconcile', '--format', 'json'], { env: { BB_VARS_FINGERPRINT_KEY: key } });
    expect(warned.code).toBe(0);
    expect((JSON.parse(warned.stdout) as { warnings: string[] }).warnings[0]).toBe(
      "bb-vars.yaml:6:7  repositories.api-service.variables.KEY_COPY: the value contains bb-vars' own credential BB_VARS_FINGERPRINT_KEY (give this variable its own credential: a pipeline that can read it can act as bb-vars)",
    );
    expect(warned.stdout + warned.stderr).not.toContain(key);
  });
});
