/**
 * Rules every final value obeys, whatever form produced it: no line breaks (unless
 * `encoding: base64`), and never bb-vars' own credential in a plain variable.
 */
import { describe, expect, it } from 'vitest';
import { loadManifest } from '../../src/config/load.ts';
import type { DesiredVariable } from '../../src/core/types.ts';
import { ConfigError, formatIssue } from '../../src/errors.ts';
import { resolveManifest } from '../../src/sources/resolve.ts';
import { tempTree } from '../support/files.ts';

const OUTPUTS = JSON.stringify({
  pem: { sensitive: true, value: '-----BEGIN KEY-----\nAAAA\n-----END KEY-----\n' },
  doc: { sensitive: false, value: 'a\r\nb' },
  host: { sensitive: false, value: 'db.internal' },
  list: { sensitive: false, value: ['x\ny', 'z'] },
});

const FINGERPRINT_KEY = 'fp-key-0123456789abcdef0123456789abcdef';
const CLIENT_SECRET = 'client-secret-XYZ123456';

interface Resolved {
  values: Record<string, DesiredVariable>;
  issues: string[];
  message?: string;
}

async function resolveVars(variables: string, env: NodeJS.ProcessEnv = {}): Promise<Resolved> {
  const dir = await tempTree({
    'bb-vars.yaml': `version: 1\nworkspace: acme\nsources:\n  infra: { terraform: { outputs: o.json } }\nworkspace_variables:\n  USES_INFRA: { from: infra.host }\n${variables}`,
    'o.json': OUTPUTS,
    'multi.txt': 'line 1\nline 2\n',
  });
  const m = await loadManifest({ cwd: dir });
  try {
    const r = await resolveManifest(m, { env });
    return {
      values: Object.fromEntries(r.desired.scopes[0]!.variables.map((v) => [v.key, v])),
      issues: r.warnings.map(formatIssue),
    };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return { values: {}, issues: error.issues.map(formatIssue), message: error.message };
  }
}

const LINE_BREAK = (line: number, key: string) =>
  `bb-vars.yaml:${line}:3  workspace_variables.${key}: the value contains a line break, which Bitbucket Pipelines variables cannot hold\n` +
  '    hint: add `encoding: base64` and decode it in the step (echo "$VAR" | base64 -d), or remove the line breaks';

describe('line breaks', () => {
  it('are refused in every form, located at the variable, without showing the value', async () => {
    const r = await resolveVars(
      [
        '  FROM: { from: infra.pem }',
        '  CRLF: { from: infra.doc }',
        '  CSV_LIST: { from: infra.list, format: csv }',
        '  TEMPLATE: { template: "x${infra.doc}" }',
        '  LITERAL: "a\\nb"',
        '  VALUE: { value: "a\\rb" }',
        '  ENV: { env: MULTI }',
        '  FILE: { file: multi.txt }',
        '',
      ].join('\n'),
      { MULTI: 'one\ntwo' },
    );
    expect(r.issues).toEqual([
      LINE_BREAK(7, 'FROM'),
      LINE_BREAK(8, 'CRLF'),
      LINE_BREAK(9, 'CSV_LIST'),
      LINE_BREAK(10, 'TEMPLATE'),
      LINE_BREAK(11, 'LITERAL'),
      LINE_BREAK(12, 'VALUE'),
      LINE_BREAK(13, 'ENV'),
      LINE_BREAK(14, 'FILE'),
    ]);
    expect(r.message).not.toContain('AAAA');
  });

  it('encoding: base64 works on every form: the UTF-8 bytes of the final value, after format and templates', async () => {
    const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
    const r = await resolveVars(
      [
        '  FROM: { from: infra.pem, encoding: base64 }',
        '  CSV: { from: infra.list, format: csv, encoding: base64 }',
        '  TEMPLATE: { template: "ü${infra.doc}", encoding: base64 }',
        '  VALUE: { value: "a\\nb", encoding: base64 }',
        '  ENV: { env: MULTI, encoding: base64 }',
        '  FILE: { file: multi.txt, encoding: base64 }',
        '  PLAIN: { value: same, encoding: utf8 }',
        '',
      ].join('\n'),
      { MULTI: 'one\ntwo' },
    );
    expect(r.issues).toEqual([]);
    const v = r.values;
    expect(v.FROM).toEqual({
      key: 'FROM',
      value: b64('-----BEGIN KEY-----\nAAAA\n-----END KEY-----\n'),
      secured: true,
      sensitive: true,
    });
    expect(v.CSV!.value).toBe(b64('x\ny,z'));
    expect(v.TEMPLATE!.value).toBe(b64('üa\r\nb'));
    expect(v.VALUE!.value).toBe(b64('a\nb'));
    expect(v.ENV!.value).toBe(b64('one\ntwo'));
    // A file in base64 is its bytes as read: the trailing line break is kept.
    expect(v.FILE!.value).toBe(b64('line 1\nline 2\n'));
    expect(v.PLAIN!.value).toBe('same');
  });
});

describe("bb-vars' own credentials", () => {
  const env = { BB_VARS_FINGERPRINT_KEY: FINGERPRINT_KEY, BITBUCKET_CLIENT_SECRET: CLIENT_SECRET };

  it('are refused in a plain variable, from env or inside a template, without showing them', async () => {
    const r = await resolveVars(
      '  A: { env: BITBUCKET_CLIENT_SECRET, secured: false }\n  B: { template: "x-${env.BB_VARS_FINGERPRINT_KEY}" }\n  C: { env: BB_VARS_FINGERPRINT_KEY, encoding: base64 }\n',
      env,
    );
    expect(r.issues).toEqual([
      "bb-vars.yaml:7:3  workspace_variables.A: the value contains bb-vars' own credential BITBUCKET_CLIENT_SECRET, and the variable is not secured: plans and Bitbucket would show it\n    hint: do not pass bb-vars its own credential as a variable; if a step really needs it, declare the variable secured: true",
      "bb-vars.yaml:8:3  workspace_variables.B: the value contains bb-vars' own credential BB_VARS_FINGERPRINT_KEY, and the variable is not secured: plans and Bitbucket would show it\n    hint: do not pass bb-vars its own credential as a variable; if a step really needs it, declare the variable secured: true",
      "bb-vars.yaml:9:3  workspace_variables.C: the value contains bb-vars' own credential BB_VARS_FINGERPRINT_KEY, and the variable is not secured: plans and Bitbucket would show it\n    hint: do not pass bb-vars its own credential as a variable; if a step really needs it, declare the variable secured: true",
    ]);
    expect(r.message).not.toContain(FINGERPRINT_KEY);
    expect(r.message).not.toContain(CLIENT_SECRET);
  });

  it('are only a warning when the variable is secured', async () => {
    const r = await resolveVars('  A: { env: BITBUCKET_CLIENT_SECRET, secured: true }\n', env);
    expect(r.values.A!.secured).toBe(true);
    expect(r.issues).toEqual([
      "bb-vars.yaml:7:3  warning: workspace_variables.A: the value contains bb-vars' own credential BITBUCKET_CLIENT_SECRET\n    hint: give this variable its own credential: a pipeline that can read it can act as bb-vars",
    ]);
  });
});

describe('Terraform outputs that lie about sensitivity', () => {
  it('refuses "sensitive" that is not a boolean, naming the file and the output', async () => {
    const dir = await tempTree({
      'bb-vars.yaml':
        'version: 1\nworkspace: acme\nsources:\n  infra: { terraform: { outputs: o.json } }\nworkspace_variables:\n  P: { from: infra.password }\n',
      'o.json': JSON.stringify({ password: { sensitive: 'true', value: 'hunter2-pw' } }),
    });
    const m = await loadManifest({ cwd: dir });
    const error = (await resolveManifest(m, { env: {} }).catch((e: unknown) => e)) as Error;
    expect(error.message).toBe(
      'cannot read 1 source:\n' +
        `  bb-vars.yaml:4:34  sources.infra.terraform.outputs: o.json has an output 'password' whose "sensitive" is a string, not true or false\n` +
        '    hint: Terraform writes a boolean here; write the file again with Terraform, or correct it',
    );
    expect(error.message).not.toContain('hunter2');
  });
});
