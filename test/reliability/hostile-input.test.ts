/**
 * Property-based hostile input through the CLI entry point: generated manifests (hostile keys,
 * odd value types, YAML alias bombs, deep nesting, huge values, invalid UTF-8) and generated
 * Terraform output documents. Every run must end in bounded time with exit 0, 1 or 2, and every
 * failure must be one clear `Error:` message without a stack trace.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { afterAll, assert, beforeAll, describe, it } from 'vitest';
import { MAX_OUTPUT_BYTES } from '../../src/sources/terraform-exec.ts';
import { isCrash, recordFigures, runInProcess, type RunResult, noFigures } from '../support/in-process.ts';

const figures = noFigures();
afterAll(() => recordFigures('hostile-input', figures));

/** A run that has not finished after this hangs: a failure with a message, before the test's own timeout. */
const RUN_LIMIT_MS = 25_000;
const HOSTILE_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'BB_VARS_STATE',
  'BB_VARS_X',
  '',
  ' ',
  'a.b',
  '0',
  'ÄÖ',
  '\u0000',
  'KEY',
];

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bb-vars-hostile-'));
  await writeFile(join(dir, 'package.json'), '{"name":"hostile","private":true}\n');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function bounded(args: string[], env: Record<string, string> = {}): Promise<RunResult> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<RunResult>((resolve) => {
    timer = setTimeout(
      () => resolve({ code: -2, stdout: '', stderr: `HANG: no result after ${RUN_LIMIT_MS} ms` }),
      RUN_LIMIT_MS,
    );
  });
  try {
    return await Promise.race([runInProcess(args, dir, { NO_COLOR: '1', CI: 'true', API_KEY: 'k', ...env }), hang]);
  } finally {
    clearTimeout(timer);
  }
}

/** The property every run must satisfy; returns a description of the violation, or undefined. */
function violation(r: RunResult, allowed: readonly number[] = [0, 1]): string | undefined {
  figures.scenarios++;
  if (r.code === -2) return r.stderr;
  if (isCrash(r) || !allowed.includes(r.code)) {
    figures.crashes++;
    return `exit ${r.code}\n${r.stderr.slice(0, 2000)}`;
  }
  if (r.code === 1) {
    if (!r.stderr.startsWith('Error: ')) return `failure without a clear message:\n${r.stderr.slice(0, 2000)}`;
    if (r.stderr.length > 20_000) return `error message of ${r.stderr.length} characters`;
  }
  return undefined;
}

const hostileKey = fc.oneof(
  fc.constantFrom(...HOSTILE_KEYS),
  fc.string({ maxLength: 12 }),
  fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,10}$/),
);
const scalar = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.bigInt().map((b) => b.toString()),
);
const valueSpec = fc.oneof(
  scalar,
  fc.record({
    from: fc.oneof(
      fc.constantFrom(
        'infra.a',
        'infra.__proto__',
        'infra.constructor.x',
        'infra.list.0',
        'infra.list.99',
        'nope.x',
        'infra',
      ),
      fc.string({ maxLength: 20 }),
    ),
  }),
  fc.record({
    template: fc.oneof(
      fc.constantFrom('${infra.a}', '${infra.__proto__}', '${', '$${x}', '${infra.list}', '${nope.x}'),
      fc.string({ maxLength: 40 }),
    ),
  }),
  fc.record(
    {
      env: fc.oneof(fc.constantFrom('API_KEY', 'MISSING', '__proto__', ''), fc.string({ maxLength: 10 })),
      secured: fc.boolean(),
    },
    { requiredKeys: ['env'] },
  ),
  fc.record(
    {
      file: fc.constantFrom('outputs.json', '../../etc/passwd', '/dev/null', 'missing.txt', ''),
      encoding: fc.constantFrom('utf8', 'base64', 'hex'),
    },
    { requiredKeys: ['file'] },
  ),
  fc.record({ value: scalar, secured: fc.oneof(fc.boolean(), scalar) }, { requiredKeys: ['value'] }),
  fc.anything({ maxDepth: 3 }),
);
const variables = fc.dictionary(hostileKey, valueSpec, { maxKeys: 6 });
const manifestDoc = fc.record(
  {
    version: fc.oneof(fc.constant(1), scalar),
    workspace: fc.oneof(fc.constant('acme'), fc.string({ maxLength: 10 })),
    sources: fc.oneof(fc.constant({ infra: { terraform: { outputs: 'outputs.json' } } }), fc.anything({ maxDepth: 3 })),
    workspace_variables: variables,
    repositories: fc.dictionary(
      hostileKey,
      fc.record(
        {
          prune: fc.oneof(fc.constantFrom('managed', 'all', 'none'), scalar),
          variables,
          deployments: fc.dictionary(
            hostileKey,
            fc.record({ type: fc.constantFrom('Test', 'Staging', 'Production', 'Prod'), variables }),
          ),
        },
        { requiredKeys: [] },
      ),
      { maxKeys: 3 },
    ),
  },
  { requiredKeys: ['version'] },
);
const OUTPUTS = JSON.stringify({
  a: { value: 'x', sensitive: false },
  list: { value: [1, 2], sensitive: false },
  __proto__: { value: 'p', sensitive: true },
}).replace('"__proto__"', '"__proto__"');

describe('hostile manifests (property-based, through `validate` and `reconcile`)', () => {
  it(
    'generated manifests with hostile keys and values: exit 0 or 1, one clear message, no hang',
    { timeout: 120_000 },
    async () => {
      await writeFile(join(dir, 'outputs.json'), OUTPUTS);
      await fc.assert(
        fc.asyncProperty(manifestDoc, async (doc) => {
          await writeFile(join(dir, 'bb-vars.yaml'), stringify(doc));
          const problem = violation(await bounded(['validate']));
          assert.isUndefined(problem, problem);
        }),
        { numRuns: 150, seed: 4242 },
      );
    },
  );

  it('arbitrary text and bytes as the manifest: exit 1 with a clear message', { timeout: 60_000 }, async () => {
    const junk = fc.oneof(
      fc.string({ maxLength: 200 }).map((s) => Buffer.from(s)),
      fc.uint8Array({ maxLength: 200 }).map((a) => Buffer.from(a)),
      fc
        .string({ maxLength: 60 })
        .map((s) => Buffer.from(`version: 1\nworkspace: acme\nworkspace_variables:\n  A: ${s}\n`)),
    );
    await fc.assert(
      fc.asyncProperty(junk, async (bytes) => {
        await writeFile(join(dir, 'bb-vars.yaml'), bytes);
        const problem = violation(await bounded(['validate']));
        assert.isUndefined(problem, problem);
      }),
      { numRuns: 150, seed: 7 },
    );
  });

  const fixed: Array<[string, () => string | Buffer]> = [
    [
      'YAML alias bomb',
      () => {
        const lines = [
          'version: 1',
          'workspace: acme',
          'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
        ];
        for (let i = 1; i < 10; i++)
          lines.push(`l${i}: &l${i} [${Array.from({ length: 9 }, () => (i === 1 ? '*a' : `*l${i - 1}`)).join(',')}]`);
        return lines.join('\n') + '\nworkspace_variables:\n  A: *l9\n';
      },
    ],
    ['deep flow nesting', () => `version: 1\nworkspace: acme\nworkspace_variables:\n  A: ${'['.repeat(100_000)}\n`],
    [
      'deep block nesting',
      () =>
        `version: 1\nworkspace: acme\nworkspace_variables:\n${Array.from({ length: 3000 }, (_, i) => `${'  '.repeat(i + 1)}k${i}:`).join('\n')} x\n`,
    ],
    [
      'huge value (16 MB)',
      () => `version: 1\nworkspace: acme\nworkspace_variables:\n  A: "${'x'.repeat(16 * 1024 * 1024)}"\n`,
    ],
    [
      'many keys (20,000)',
      () =>
        `version: 1\nworkspace: acme\nworkspace_variables:\n${Array.from({ length: 20_000 }, (_, i) => `  K${i}: v`).join('\n')}\n`,
    ],
    [
      'invalid UTF-8',
      () =>
        Buffer.concat([
          Buffer.from('version: 1\nworkspace: acme\nworkspace_variables:\n  A: "'),
          Buffer.from([0xc3, 0x28, 0xff, 0xfe]),
          Buffer.from('"\n'),
        ]),
    ],
    ['UTF-16 with BOM', () => Buffer.from('\ufeffversion: 1\n', 'utf16le')],
    [
      '__proto__ at every level',
      () =>
        'version: 1\nworkspace: acme\n__proto__: { polluted: 1 }\nworkspace_variables:\n  __proto__: x\n  constructor: { value: y }\nrepositories:\n  __proto__:\n    variables: { A: b }\n',
    ],
    [
      'merge keys into the prototype',
      () =>
        'version: 1\nworkspace: acme\nbase: &b { __proto__: { polluted: 1 } }\nworkspace_variables:\n  <<: *b\n  A: x\n',
    ],
    [
      'tags and custom types',
      () =>
        'version: 1\nworkspace: !!binary aGVsbG8=\nworkspace_variables:\n  A: !!js/function "function(){}"\n  B: !!set { a, b }\n  C: !!timestamp 2001-12-14\n',
    ],
  ];
  for (const [name, make] of fixed) {
    it(`${name}: a clear error (or a valid result) in bounded time`, { timeout: 30_000 }, async () => {
      await writeFile(join(dir, 'outputs.json'), OUTPUTS);
      await writeFile(join(dir, 'bb-vars.yaml'), make());
      for (const args of [['validate'], ['reconcile']]) {
        // `reconcile` would need Bitbucket: an unroutable API makes it fail fast after validation.
        const r = await bounded(args, {
          BITBUCKET_ACCESS_TOKEN: 't',
          BITBUCKET_API_URL: 'http://127.0.0.1:9/2.0',
          BB_VARS_MAX_RETRIES: '0',
        });
        const problem = violation(r);
        assert.isUndefined(problem, `${name} (${args[0]}): ${problem}`);
      }
      assert.isUndefined((Object.prototype as Record<string, unknown>).polluted, 'prototype polluted');
    });
  }
});

describe('hostile Terraform output documents (property-based)', () => {
  const MANIFEST =
    'version: 1\nworkspace: acme\nsources:\n  infra:\n    terraform:\n      outputs: outputs.json\nworkspace_variables:\n  A: { from: infra.a }\n  B: { template: "x-${infra.b.c}" }\n';
  const outputEntry = fc.oneof(
    fc.record(
      {
        value: fc.jsonValue({ maxDepth: 4 }),
        sensitive: fc.oneof(fc.boolean(), scalar),
        type: fc.anything({ maxDepth: 2 }),
      },
      { requiredKeys: [] },
    ),
    fc.jsonValue({ maxDepth: 3 }),
  );
  const outputsDoc = fc.oneof(
    fc
      .dictionary(
        fc.oneof(fc.constantFrom('a', 'b', '__proto__', 'constructor', 'toString'), fc.string({ maxLength: 8 })),
        outputEntry,
        { maxKeys: 5 },
      )
      .map((d) => JSON.stringify(d)),
    fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
    fc.string({ maxLength: 100 }),
    fc.constant('{"a": {"value": 12345678901234567890123, "sensitive": false}, "b": {"value": {"c": 1e400}}}'),
    fc.constant('{"__proto__": {"value": {"polluted": true}}, "a": {"value": "x"}}'),
    fc.constant(`${'['.repeat(50_000)}${']'.repeat(50_000)}`),
    fc.constant('{"a": {"value": "x"'),
  );

  it('generated documents: exit 0 or 1, one clear message, nothing polluted', { timeout: 120_000 }, async () => {
    await writeFile(join(dir, 'bb-vars.yaml'), MANIFEST);
    await fc.assert(
      fc.asyncProperty(outputsDoc, async (text) => {
        await writeFile(join(dir, 'outputs.json'), text);
        const problem = violation(await bounded(['validate']));
        assert.isUndefined(problem, problem);
        assert.isUndefined((Object.prototype as Record<string, unknown>).polluted, 'prototype polluted');
      }),
      { numRuns: 200, seed: 99 },
    );
  });

  it(
    'invalid UTF-8, a 4 MB value and a document over the size limit are handled clearly',
    { timeout: 60_000 },
    async () => {
      await writeFile(join(dir, 'bb-vars.yaml'), MANIFEST);
      for (const bytes of [
        Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0xff, 0xfe, 0x7d]),
        Buffer.from(`{"a": {"value": "${'x'.repeat(4 * 1024 * 1024)}"}}`),
      ]) {
        await writeFile(join(dir, 'outputs.json'), bytes);
        const problem = violation(await bounded(['validate']));
        assert.isUndefined(problem, problem);
      }
      // Over the limit: refused by its size, before it is read.
      await writeFile(join(dir, 'outputs.json'), Buffer.alloc(MAX_OUTPUT_BYTES + 1, 0x20));
      const tooBig = await bounded(['validate']);
      assert.isUndefined(violation(tooBig), tooBig.stderr);
      assert.strictEqual(tooBig.code, 1, tooBig.stderr);
      assert.match(tooBig.stderr, /the limit is 50/);
    },
  );
});
