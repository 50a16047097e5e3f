import { describe, expect, it } from 'vitest';
import { loadManifest } from '../../src/config/load.ts';
import { ConfigError, formatIssue } from '../../src/errors.ts';
import { resolveManifest } from '../../src/sources/resolve.ts';
import { tempTree } from '../support/files.ts';

const OUTPUTS = JSON.stringify({
  db_host: { sensitive: false, type: 'string', value: 'db.internal' },
  db_password: { sensitive: true, type: 'string', value: 'hunter2-secret' },
  database: { sensitive: false, value: { port: 5432, name: 'app' } },
  subnets: { sensitive: false, value: ['a', 'b'] },
  nested: { sensitive: false, value: [['a'], ['b']] },
  commas: { sensitive: false, value: ['a,b', 'c'] },
  nothing: { sensitive: false, value: null },
  'app-version': { sensitive: false, value: '1.2.3' },
});

/** Resolves a manifest whose source `infra` reads OUTPUTS; returns every issue as users see it. */
async function issues(variables: string, env: NodeJS.ProcessEnv = {}): Promise<string[]> {
  const dir = await tempTree({
    'bb-vars.yaml': `version: 1\nworkspace: acme\nsources:\n  infra: { terraform: { outputs: o.json } }\nworkspace_variables:\n${variables}`,
    'o.json': OUTPUTS,
  });
  const m = await loadManifest({ cwd: dir });
  try {
    return (await resolveManifest(m, { env })).warnings.map(formatIssue);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.issues.map(formatIssue);
  }
}

describe('reference errors are located at the reference and name the closest match', () => {
  it.each([
    [
      'unknown output',
      '  A: { from: infra.db_hots }\n',
      [
        "bb-vars.yaml:6:14  workspace_variables.A.from: unknown output 'db_hots' in source 'infra'; did you mean 'db_host'?\n    hint: terraform outputs o.json has: db_host, db_password, database, subnets, nested, commas, nothing, app-version; outputs whose value is null are omitted by `terraform output -json`",
      ],
    ],
    [
      'hyphenated output name resolves; a typo in it is suggested',
      '  A: { from: infra.app-versoin }\n',
      [
        "bb-vars.yaml:6:14  workspace_variables.A.from: unknown output 'app-versoin' in source 'infra'; did you mean 'app-version'?\n    hint: terraform outputs o.json has: db_host, db_password, database, subnets, nested, commas, nothing, app-version; outputs whose value is null are omitted by `terraform output -json`",
      ],
    ],
    [
      'missing key in an object',
      '  A: { from: infra.database.prot }\n',
      [
        "bb-vars.yaml:6:14  workspace_variables.A.from: infra.database has no key 'prot'; did you mean 'port'?\n    hint: its keys: port, name",
      ],
    ],
    [
      'index out of range',
      '  A: { from: infra.subnets.5 }\n',
      [
        'bb-vars.yaml:6:14  workspace_variables.A.from: infra.subnets has 2 items; index 5 is out of range\n    hint: indexes run from 0 to 1',
      ],
    ],
    [
      'a key on a list',
      '  A: { from: infra.subnets.first }\n',
      [
        "bb-vars.yaml:6:14  workspace_variables.A.from: infra.subnets is a list of 2: 'first' is not an index\n    hint: use a number: infra.subnets.0",
      ],
    ],
    [
      'a step into a string',
      '  A: { from: infra.db_host.x }\n',
      [
        "bb-vars.yaml:6:14  workspace_variables.A.from: infra.db_host is a string, so it has no 'x'\n    hint: use infra.db_host itself",
      ],
    ],
    [
      'null output',
      '  A: { from: infra.nothing }\n',
      [
        'bb-vars.yaml:6:14  workspace_variables.A.from: output infra.nothing is null\n    hint: Terraform writes null for outputs without a value; give it one, or do not reference it',
      ],
    ],
    [
      'csv of a string',
      '  A: { from: infra.db_host, format: csv }\n',
      [
        'bb-vars.yaml:6:14  workspace_variables.A.from: format: csv needs a list, but infra.db_host is a string\n    hint: remove `format: csv`',
      ],
    ],
    [
      'csv of nested lists',
      '  A: { from: infra.nested, format: csv }\n',
      [
        'bb-vars.yaml:6:14  workspace_variables.A.from: format: csv needs a list of strings, numbers or booleans, but item 0 of infra.nested is a list of 1\n    hint: use the default format (JSON) for nested lists',
      ],
    ],
    [
      'csv with a comma inside',
      '  A: { from: infra.commas, format: csv }\n',
      [
        'bb-vars.yaml:6:14  workspace_variables.A.from: item 0 of infra.commas contains a comma, so format: csv would be ambiguous\n    hint: use the default format (JSON)',
      ],
    ],
    [
      'unknown output inside a template, at the reference',
      '  A: { template: "x=${infra.db_host} y=${ infra.db_hots }" }\n',
      [
        "bb-vars.yaml:6:40  workspace_variables.A.template: unknown output 'db_hots' in source 'infra'; did you mean 'db_host'?\n    hint: terraform outputs o.json has: db_host, db_password, database, subnets, nested, commas, nothing, app-version; outputs whose value is null are omitted by `terraform output -json`",
      ],
    ],
    [
      'env in a template must be set',
      '  A: { template: "${env.NOPE_NOT_SET}" }\n',
      [
        "bb-vars.yaml:4:3  warning: sources.infra: source 'infra' is not used by any variable\n    hint: it is not read; remove it or reference it with from: or a template",
        'bb-vars.yaml:6:19  workspace_variables.A.template: environment variable NOPE_NOT_SET is not set\n    hint: set it where bb-vars runs, or use an { env: NAME, default: ... } variable instead',
      ],
    ],
  ])('%s', async (_name, vars, expected) => {
    expect(await issues(vars)).toEqual(expected);
  });

  it('a value from a sensitive output cannot be secured: false (directly or through a template)', async () => {
    const expected = (line: number, col: number, key: string) =>
      `bb-vars.yaml:${line}:${col}  workspace_variables.${key}.secured: depends on a sensitive Terraform output, so it cannot be secured: false\n    hint: remove \`secured: false\`: values from sensitive outputs are always stored secured`;
    expect(
      await issues(
        '  P: { from: infra.db_password, secured: false }\n  T:\n    template: "u:${infra.db_password}"\n    secured: false\n',
      ),
    ).toEqual([expected(6, 33, 'P'), expected(9, 5, 'T')]);
  });

  it('never puts a secret value into an error message', async () => {
    const all = await issues(
      '  P: { from: infra.db_password.x }\n  Q: { template: "${infra.db_password.y}" }\n  R: { from: infra.db_password, secured: false }\n',
    );
    expect(all).toHaveLength(3);
    expect(all.join('\n')).not.toContain('hunter2');
  });
});

describe('size budget per pipeline step', () => {
  it('errors above 120,000 characters and warns above 90%', async () => {
    const big = 'x'.repeat(60_000);
    const over = await tempTree({
      'bb-vars.yaml': `version: 1\nworkspace: acme\nworkspace_variables:\n  W: ${big}\nrepositories:\n  r:\n    variables:\n      A: ${big}\n`,
    });
    await expect(loadManifest({ cwd: over }).then((m) => resolveManifest(m, { env: {} }))).rejects.toThrow(
      'bb-vars.yaml:6:3  repositories.r: variables reaching a step of repository r total 120,002 characters; Bitbucket allows 120,000; biggest: W in workspace acme (60,001), A in repository r (60,001)\n    hint: move large values',
    );
    const near = await tempTree({
      'bb-vars.yaml': `version: 1\nworkspace: acme\nrepositories:\n  r:\n    variables:\n      A: ${'y'.repeat(110_000)}\n    deployments:\n      production:\n        variables:\n          A: short\n      staging:\n        variables:\n          B: ${'z'.repeat(10)}\n`,
    });
    const r = await resolveManifest(await loadManifest({ cwd: near }), { env: {} });
    // production overrides A with a short value: only staging, and a step without deployment, see the large one.
    expect(r.warnings.map(formatIssue)).toEqual([
      "bb-vars.yaml:4:3  warning: repositories.r: variables reaching a step of repository r total 110,001 characters, over 90% of Bitbucket's 120,000; biggest: A in repository r (110,001)",
      "bb-vars.yaml:11:7  warning: repositories.r.deployments.staging: variables reaching a step of deployment r/staging total 110,012 characters, over 90% of Bitbucket's 120,000; biggest: A in repository r (110,001), B in deployment r/staging (11)",
    ]);
  });
});

describe('real state files through the resolver', () => {
  it('refuses a terrahelp-encrypted output when referenced, warns about a deprecated one', async () => {
    const { readFile } = await import('node:fs/promises');
    const { REALDATA } = await import('../support/files.ts');
    const dir = await tempTree({
      'bb-vars.yaml': [
        'version: 1',
        'workspace: acme',
        'sources:',
        '  th: { terraform: { state: th.tfstate } }',
        '  tofu: { terraform: { state: tofu.tfstate } }',
        'workspace_variables:',
        '  PLAIN: { from: th.normal_val_2 }',
        '  OLD: { from: tofu.foo }',
        '',
      ].join('\n'),
      'th.tfstate': await readFile(`${REALDATA}/tfstate/10-terrahelp.encrypted-inline.v4.tfstate`),
      'tofu.tfstate': await readFile(
        `${REALDATA}/tfstate/05-opentofu.builtin-remote-state.deprecation_warnings.v4.tfstate`,
      ),
    });
    const ok = await resolveManifest(await loadManifest({ cwd: dir }), { env: {} });
    expect(ok.desired.scopes[0]!.variables.map((v) => [v.key, v.value])).toEqual([
      ['PLAIN', 'normal value 2'],
      ['OLD', 'bar'],
    ]);
    expect(ok.warnings.map(formatIssue)).toEqual([
      'bb-vars.yaml:8:16  warning: workspace_variables.OLD.from: output tofu.foo is deprecated: I am deprecated',
    ]);

    const { writeFile } = await import('node:fs/promises');
    await writeFile(
      `${dir}/bb-vars.yaml`,
      'version: 1\nworkspace: acme\nsources:\n  th: { terraform: { state: th.tfstate } }\nworkspace_variables:\n  S: { from: th.sensitive_key_1 }\n',
    );
    await expect(loadManifest({ cwd: dir }).then((m) => resolveManifest(m, { env: {} }))).rejects.toThrow(
      'bb-vars.yaml:6:14  workspace_variables.S.from: output th.sensitive_key_1 is encrypted inline by terrahelp (@terrahelp-encrypted(...)); bb-vars does not decrypt it\n    hint: decrypt the state first (terrahelp decrypt), or use `dir:` so Terraform produces the values',
    );
  });
});
