import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../src/config/load.ts';
import { ConfigError, formatIssue } from '../../src/errors.ts';

/** Every issue (errors and warnings) that parsing `text` as bb-vars.yaml reports, formatted as users see them. */
async function issuesOf(text: string): Promise<string[]> {
  try {
    return parseManifest(text, { file: '/x/bb-vars.yaml', displayFile: 'bb-vars.yaml' }).warnings.map(formatIssue);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.issues.map(formatIssue);
  }
}

const head = 'version: 1\nworkspace: acme\nsources:\n  infra: { terraform: { outputs: o.json } }\n';

describe('schema errors, phrased and located', () => {
  it.each([
    [
      'wrong version',
      'version: 2\n',
      [
        'bb-vars.yaml:1:10  version: must be 1, not 2\n    hint: this bb-vars reads manifest format version 1: write version: 1',
      ],
    ],
    [
      'missing version',
      'workspace: acme\n',
      ["bb-vars.yaml:1:1  missing required property 'version'\n    hint: version: Manifest format version. Always 1."],
    ],
    [
      'unknown top-level key with suggestion',
      'version: 1\nworkspce: acme\n',
      [
        "bb-vars.yaml:2:1  workspce: unknown property 'workspce'; did you mean 'workspace'?\n    hint: allowed here: version, id, workspace, home, prune, sources, workspace_variables, repositories, policy, projects",
      ],
    ],
    [
      'bad prune with suggestion',
      'version: 1\nprune: manged\n',
      ["bb-vars.yaml:2:8  prune: must be one of managed, all, none, not 'manged'; did you mean 'managed'?"],
    ],
    [
      'invalid variable key',
      'version: 1\nworkspace_variables:\n  my-var: x\n',
      [
        "bb-vars.yaml:3:3  workspace_variables.my-var: 'my-var' is not a valid variable key\n    hint: Bitbucket's rule: letters, digits and `_`, not starting with a digit. Keys starting with `BB_VARS_` are reserved.",
      ],
    ],
    [
      'empty value',
      'version: 1\nworkspace_variables:\n  EMPTY:\n',
      [
        "bb-vars.yaml:3:3  workspace_variables.EMPTY: must be a string, a number, true or false, or a mapping with one of from, template, env, file, value; got empty\n    hint: an empty value is not allowed; write KEY: '' for an empty string",
      ],
    ],
    [
      'a list as value',
      'version: 1\nworkspace_variables:\n  L: [1, 2]\n',
      [
        'bb-vars.yaml:3:6  workspace_variables.L: must be a string, a number, true or false, or a mapping with one of from, template, env, file, value; got a list\n    hint: e.g. KEY: value, or KEY: { from: source.output }',
      ],
    ],
    [
      'mistyped value kind',
      'version: 1\nworkspace_variables:\n  G: { frm: infra.a }\n',
      [
        "bb-vars.yaml:3:6  workspace_variables.G: needs one of from, template, env, file, value; 'frm' is not one of them; did you mean 'from'?\n    hint: e.g. { from: source.output }, { env: NAME }, { file: path }, { template: \"...\" } or { value: ..., secured: true }",
      ],
    ],
    [
      'two value kinds',
      `${head}workspace_variables:\n  F: { from: infra.a, env: X }\n`,
      [
        "bb-vars.yaml:6:6  workspace_variables.F: has 'from' and 'env': use exactly one of from, template, env, file, value\n    hint: split it into two variables, or use a template to combine values",
      ],
    ],
    [
      'unknown option inside the chosen kind',
      `${head}workspace_variables:\n  J: { from: infra.a, formt: csv }\n`,
      [
        "bb-vars.yaml:6:23  workspace_variables.J.formt: unknown property 'formt'; did you mean 'format'?\n    hint: allowed here: from, format, encoding, secured",
      ],
    ],
    [
      'bad format',
      `${head}workspace_variables:\n  J: { from: infra.a, format: xml }\n`,
      ["bb-vars.yaml:6:31  workspace_variables.J.format: must be one of json, csv, not 'xml'"],
    ],
    [
      'bad environment type',
      'version: 1\nrepositories:\n  r:\n    deployments:\n      production: { type: Prod }\n',
      [
        "bb-vars.yaml:5:27  repositories.r.deployments.production.type: must be one of Test, Staging, Production, not 'Prod'; did you mean 'Production'?",
      ],
    ],
    [
      'secured not boolean',
      'version: 1\nworkspace_variables:\n  A: { value: x, secured: "yes" }\n',
      ["bb-vars.yaml:3:27  workspace_variables.A.secured: must be true or false, not 'yes'"],
    ],
    [
      'timeout too big',
      'version: 1\nsources:\n  a: { terraform: { dir: x, timeout: 99999 } }\n',
      [
        "bb-vars.yaml:3:3  warning: sources.a: source 'a' is not used by any variable\n    hint: it is not read; remove it or reference it with from: or a template",
        'bb-vars.yaml:3:38  sources.a.terraform.timeout: must be at most 3600, not 99999',
      ],
    ],
  ])('%s', async (_name, text, expected) => {
    expect(await issuesOf(text)).toEqual(expected);
  });
});

describe('rules beyond the schema', () => {
  it.each([
    [
      'reserved BB_VARS_ prefix',
      'version: 1\nworkspace_variables:\n  BB_VARS_STATE: x\n',
      [
        "bb-vars.yaml:3:3  workspace_variables.BB_VARS_STATE: keys starting with BB_VARS_ are reserved for bb-vars' own bookkeeping\n    hint: rename the variable",
      ],
    ],
    [
      'duplicate key in a scope, named',
      'version: 1\nworkspace_variables:\n  A: x\n  A: y\n',
      [
        "bb-vars.yaml:4:3  duplicate key 'A': a key may appear once per mapping\n    hint: remove or rename one of the two entries (the other is on line 3)",
      ],
    ],
    [
      'duplicate quoted keys in a flow mapping, each named',
      'version: 1\nworkspace_variables: { "A_B": x, "A_B": y }\nrepositories:\n  api: {}\n  api: {}\n',
      [
        "bb-vars.yaml:2:34  duplicate key 'A_B': a key may appear once per mapping\n    hint: remove or rename one of the two entries (the other is on line 2)",
        "bb-vars.yaml:5:3  duplicate key 'api': a key may appear once per mapping\n    hint: remove or rename one of the two entries (the other is on line 4)",
      ],
    ],
    [
      'one line indented one space too few: one error, with the indentation',
      'version: 1\nworkspace_variables:\n  A: x\n B: y\n  C: z\n  D: w\n  E: v\n',
      [
        'bb-vars.yaml:4:1  invalid YAML: all mapping items must start at the same column\n    hint: this line is indented 1 space and the line before 2 spaces: entries of one mapping start in the same column',
      ],
    ],
    [
      'deployment names that differ only in case',
      'version: 1\nrepositories:\n  api:\n    deployments:\n      production: {}\n      Production: {}\n  web:\n    deployments:\n      production: {}\n',
      [
        "bb-vars.yaml:6:7  repositories.api.deployments.Production: deployments 'production' and 'Production' differ only in case: Bitbucket sees one environment\n    hint: keep one of them and move the other's variables into it",
      ],
    ],
    [
      'manifest id not in the allowed form',
      'version: 1\nid: Platform_Team\n',
      [
        "bb-vars.yaml:2:5  id: 'Platform_Team' is not a valid manifest id\n    hint: Names this manifest: bb-vars keeps ownership per id, so manifests with different ids can manage variables in the same repository. Lowercase letters, digits and `-`, at most 40 characters. Default: default.",
      ],
    ],
    [
      'keys differing only in case',
      'version: 1\nworkspace_variables:\n  Db_Host: x\n  DB_HOST: y\n',
      [
        "bb-vars.yaml:4:3  warning: workspace_variables.DB_HOST: 'DB_HOST' differs from 'Db_Host' only in case\n    hint: Bitbucket may treat keys case-insensitively; rename one of them",
      ],
    ],
    [
      'unknown source with suggestion',
      `${head}workspace_variables:\n  A: { from: infr.db_host }\n`,
      [
        "bb-vars.yaml:4:3  warning: sources.infra: source 'infra' is not used by any variable\n    hint: it is not read; remove it or reference it with from: or a template",
        "bb-vars.yaml:6:14  workspace_variables.A.from: unknown source 'infr' in 'infr.db_host'; did you mean 'infra'?\n    hint: sources declared under sources: infra",
      ],
    ],
    [
      'unknown source inside a template, located at the reference',
      `${head}workspace_variables:\n  T: { template: "a-\${infra.x}-\${infrq.y}" }\n`,
      [
        "bb-vars.yaml:6:32  workspace_variables.T.template: unknown source 'infrq' in 'infrq.y'; did you mean 'infra'?\n    hint: sources declared under sources: infra",
      ],
    ],
    [
      'unclosed template reference',
      `${head}workspace_variables:\n  T: { template: "a \${infra.x" }\n`,
      [
        "bb-vars.yaml:4:3  warning: sources.infra: source 'infra' is not used by any variable\n    hint: it is not read; remove it or reference it with from: or a template",
        "bb-vars.yaml:6:21  workspace_variables.T.template: unclosed '${' in template\n    hint: close it with '}', or write $${ for a literal ${",
      ],
    ],
    [
      'source without output',
      `${head}workspace_variables:\n  A: { from: infra }\n`,
      [
        "bb-vars.yaml:4:3  warning: sources.infra: source 'infra' is not used by any variable\n    hint: it is not read; remove it or reference it with from: or a template",
        "bb-vars.yaml:6:14  workspace_variables.A.from: reference 'infra' names a source but no output\n    hint: write infra.<output>",
      ],
    ],
    [
      'from env',
      `${head}workspace_variables:\n  A: { from: env.HOME }\n`,
      [
        "bb-vars.yaml:6:14  workspace_variables.A.from: 'from: env.HOME' reads a source named env\n    hint: for an environment variable write { env: HOME }",
        "bb-vars.yaml:4:3  warning: sources.infra: source 'infra' is not used by any variable\n    hint: it is not read; remove it or reference it with from: or a template",
      ].reverse(),
    ],
    [
      'source named env',
      'version: 1\nsources:\n  env: { terraform: { outputs: o.json } }\n',
      [
        "bb-vars.yaml:3:3  sources.env: 'env' cannot be a source name\n    hint: `${env.NAME}` in templates means an environment variable; rename the source",
      ],
    ],
    [
      'terraform source with two modes',
      'version: 1\nsources:\n  a:\n    terraform: { outputs: o.json, state: s.tfstate }\nworkspace_variables:\n  A: { from: a.x }\n',
      [
        'bb-vars.yaml:4:16  sources.a.terraform: sets outputs and state: use exactly one of outputs, state or dir\n    hint: outputs: a `terraform output -json` file; state: a local state file; dir: run `terraform output -json` there',
      ],
    ],
    [
      'binary without dir',
      'version: 1\nsources:\n  a:\n    terraform: { outputs: o.json, binary: tofu }\nworkspace_variables:\n  A: { from: a.x }\n',
      [
        "bb-vars.yaml:4:35  sources.a.terraform.binary: 'binary' applies only with dir\n    hint: remove binary, or use dir: to run the binary",
      ],
    ],
    [
      'two sources on stdin',
      'version: 1\nsources:\n  a: { terraform: { outputs: "-" } }\n  b: { terraform: { state: "-" } }\nworkspace_variables:\n  A: { from: a.x }\n  B: { from: b.x }\n',
      [
        'bb-vars.yaml:4:28  sources.b.terraform.state: standard input is already read by source \'a\'\n    hint: only one source can read "-"; write the other to a file',
      ],
    ],
    [
      'deployment without inferable type',
      'version: 1\nrepositories:\n  r:\n    deployments:\n      qa: { variables: { A: x } }\n      Production: { variables: { A: x } }\n',
      [
        "bb-vars.yaml:5:7  repositories.r.deployments.qa: deployment 'qa' needs a type\n    hint: add type: Test, Staging or Production (used if bb-vars must create the environment); it is inferred only for environments named test, staging or production",
      ],
    ],
    [
      'bad env reference in template',
      `version: 1\nworkspace_variables:\n  T: { template: "\${env.not-valid}" }\n`,
      [
        "bb-vars.yaml:3:19  workspace_variables.T.template: 'env.not-valid' is not a valid environment variable reference\n    hint: write ${env.NAME} with NAME made of letters, digits and _",
      ],
    ],
  ])('%s', async (_name, text, expected) => {
    expect(await issuesOf(text)).toEqual(expected);
  });

  it('reports YAML, schema and rule problems of one manifest together', async () => {
    const issues = await issuesOf(
      `${head}prune: sometimes\nworkspace_variables:\n  BB_VARS_X: 1\n  A: { from: nope.x }\n`,
    );
    expect(issues.map((i) => i.split('  ')[0])).toEqual([
      'bb-vars.yaml:4:3',
      'bb-vars.yaml:5:8',
      'bb-vars.yaml:7:3',
      'bb-vars.yaml:8:14',
    ]);
  });

  it('exposes the manifest id, default when it sets none', () => {
    expect(parseManifest('version: 1\nid: platform-2\n', { file: '/x/bb-vars.yaml' }).id).toBe('platform-2');
    expect(parseManifest('version: 1\n', { file: '/x/bb-vars.yaml' }).id).toBe('default');
  });

  it('keeps the digits of numbers as written, also through aliases and merge keys', () => {
    const m = parseManifest(
      'version: 1\nworkspace_variables:\n  BIG: &n 12345678901234567890\n  AGAIN: *n\n  F: 1.10\n',
      { file: '/x/bb-vars.yaml' },
    );
    expect(m.numberText(['workspace_variables', 'BIG'])).toBe('12345678901234567890');
    expect(m.numberText(['workspace_variables', 'AGAIN'])).toBe('12345678901234567890');
    expect(m.numberText(['workspace_variables', 'F'])).toBe('1.10');
  });

  it('accepts the object form of workspace_variables and infers deployment types by name', async () => {
    expect(
      await issuesOf(
        'version: 1\nworkspace_variables:\n  prune: none\n  variables:\n    A: x\nrepositories:\n  r:\n    deployments:\n      STAGING: {}\n      test: {}\n',
      ),
    ).toEqual([]);
  });
});
