import { describe, expect, it } from 'vitest';
import { formatIssue } from '../../src/errors.ts';
import { parseManifest } from '../../src/config/load.ts';

const manifest = (value: string) =>
  `version: 1\nworkspace: acme\nrepositories:\n  api:\n    variables:\n      DEPLOY_TOKEN: ${value}\n      REGION: { env: AWS_REGION }\n`;

describe('an environment variable that looks like a secret', () => {
  it('warns, at the key, when it is read without secured', async () => {
    const warnings = parseManifest(manifest('{ env: DEPLOY_TOKEN }'), { file: 'bb-vars.yaml' }).warnings.map(
      formatIssue,
    );
    expect(warnings).toEqual([
      "bb-vars.yaml:6:7  warning: repositories.api.variables.DEPLOY_TOKEN: 'DEPLOY_TOKEN' reads $DEPLOY_TOKEN, which looks like a secret, but is not secured: plans would show its value and Bitbucket would store it in plain text\n    hint: add secured: true (or secured: false to keep it plain on purpose)",
    ]);
  });

  it('stays quiet when secured is set either way, and for ordinary names', async () => {
    expect(parseManifest(manifest('{ env: DEPLOY_TOKEN, secured: true }'), { file: 'bb-vars.yaml' }).warnings).toEqual(
      [],
    );
    expect(parseManifest(manifest('{ env: DEPLOY_TOKEN, secured: false }'), { file: 'bb-vars.yaml' }).warnings).toEqual(
      [],
    );
  });
});
