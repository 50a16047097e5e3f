/**
 * The fast manifest parser against the `yaml` library: on any text it either gives up
 * (`undefined`) or returns exactly what parseYamlData returns — data, and node positions with and
 * without `positions`. It must not give up on the manifests people actually write.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderImportManifest } from '../../src/import/manifest.ts';
import type { ImportSnapshot } from '../../src/import/types.ts';
import { parseYamlData } from '../../src/config/yaml-data.ts';
import { parseYamlFast } from '../../src/config/yaml-fast.ts';

const ROOT = join(import.meta.dirname, '../..');

/** 'bail', 'same', or throws with the difference. */
function compare(text: string): 'bail' | 'same' {
  const results = [false, true].map((positions) => {
    const fast = parseYamlFast(text, undefined, { positions });
    if (fast === undefined) return 'bail';
    const slow = parseYamlData(text, undefined, { positions });
    const view = (p: typeof slow) => ({
      text,
      positions,
      problems: p.problems,
      data: p.data,
      nodes: Object.fromEntries(p.nodes),
      order: [...p.nodes.keys()],
      lines: [0, text.length >> 1, text.length].map((o) => p.lineCounter.linePos(o)),
    });
    expect(view(fast)).toStrictEqual(view(slow));
    return 'same';
  });
  // Positions never change whether the text is in the subset.
  expect(new Set(results).size).toBe(1);
  return results[0]!;
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name.startsWith('.')) return [];
    if (statSync(path).isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(name) ? [path] : [];
  });
}

const importSnapshot: ImportSnapshot = {
  workspace: 'acme',
  workspaceVariables: [
    { key: 'REGION', value: 'eu-west-1', secured: false },
    { key: 'TOKEN', secured: true },
  ],
  repositories: [
    {
      slug: 'api',
      variables: [
        { key: 'LOG_LEVEL', value: 'info', secured: false },
        { key: 'PORT', value: '8080', secured: false },
        { key: 'FLAG', value: 'true', secured: false },
        { key: 'JSON', value: '{"a": [1, 2], "b": "c # d"}', secured: false },
        { key: 'QUOTES', value: `it's "quoted": yes`, secured: false },
        { key: 'MULTI', value: 'line one\nline two', secured: false },
        { key: 'EMPTY', value: '', secured: false },
        { key: 'DB_PASSWORD', secured: true },
      ],
      environments: [{ name: 'production', type: 'Production', variables: [{ key: 'API_URL', value: 'https://api.example.com/v1?x=1#frag', secured: false }] }],
    },
  ],
};

describe('the fast YAML parser agrees with the yaml library', () => {
  const files = [join(ROOT, 'bb-vars.yaml'), ...yamlFiles(join(ROOT, 'examples')), ...yamlFiles(join(ROOT, 'test'))];

  it.each(files.map((f) => [f.slice(ROOT.length + 1), f]))('on %s', (_, file) => {
    expect(compare(readFileSync(file, 'utf8'))).toMatch(/^(?:bail|same)$/);
  });

  it('parses the typical manifests itself (does not hand them to the yaml library)', () => {
    for (const file of ['examples/bb-vars.yaml', 'bb-vars.yaml', 'test/fixtures/full/bb-vars.yaml', 'test/e2e/fixtures/basic/bb-vars.yaml']) {
      expect({ file, result: compare(readFileSync(join(ROOT, file), 'utf8')) }).toEqual({ file, result: 'same' });
    }
  });

  it('on the manifests the import command writes', () => {
    const text = renderImportManifest(importSnapshot).text;
    // Multi-line values are written as block scalars, which the fast parser leaves to the library.
    expect(compare(text)).toBe('bail');
    const single = { ...importSnapshot, repositories: importSnapshot.repositories.map((r) => ({ ...r, variables: r.variables.filter((v) => !v.value?.includes('\n')) })) };
    expect(compare(renderImportManifest(single).text)).toBe('same');
  });

  const SAME: Record<string, string> = {
    quotes: `a: "x # y"\nb: 'it''s: here'\nc: "say \\"hi\\"\\n\\t\\\\ \\/ \\u00e9 \\x41 \\U0001F600"\n'd e': "f"\n"g:": 'h'\n`,
    comments: `# top\n\na: 1 # one\n# between\nb: x#y\nc:  # nested\n  d: e   \n  # end of c\n\n# last\n`,
    numbers: `a: 12345678901234567890\nb: -0\nc: +1\nd: 1e3\ne: 1.0\nf: .5\ng: 007\nh: 1_000\ni: 1.\nj: -1.5e-3\nk: 0.1\n`,
    keywords: `a: true\nb: False\nc: TRUE\nd: null\ne: ~\nf: Null\ng: yes\nh: off\ni: NULL\n`,
    'keys that look like numbers or booleans when quoted': `"1": a\n'true': b\n"null": c\n`,
    'empty values': `a:\nb:\nc:\n  d:\n  e: []\n  f: {}\ng:\n`,
    'deep nesting': `a:\n  b:\n    c:\n      d:\n        e:\n          f:\n            g:\n              h: 1\n`,
    sequences: `a:\n- x\n- 1\n-   k: v\n    l: w\n-\n  m: n\n- [1, [2, {p: q}]]\nb:\n  - 'y'\n  -\n    - z\n`,
    'trailing spaces': `a: b   \nc: "d"   \ne: [f]   \n`,
    flow: `a: { from: infra.x, format: csv }\nb: [a, "b, c", 'd]', {e: f}]\nc: {"q": 'r', s: [ ]}\n`,
    'colons and hashes in values': `a: http://x.example/a#b\nb: c:d\nc: "e: f"\nd: x #: y\n`,
  };
  it.each(Object.entries(SAME))('%s: parsed by the fast path, same result', (_, text) => {
    expect(compare(text)).toBe('same');
  });

  const BAIL: Record<string, string> = {
    tab: 'a:\n\tb: 1\n',
    'document marker': '---\na: 1\n',
    directive: '%YAML 1.2\n---\na: 1\n',
    anchor: 'a: &x 1\nb: *x\n',
    tag: 'a: !!str 1\n',
    merge: 'a: {x: 1}\nb:\n  <<: {y: 2}\n',
    'complex key': '? a\n: b\n',
    'block scalar': 'a: |\n  x\n',
    'multi-line plain': 'a: b\n  c\n',
    'multi-line quoted': 'a: "b\n  c"\n',
    'duplicate key': 'a: 1\na: 2\n',
    'forbidden key': '__proto__: 1\n',
    bom: '\ufeffa: 1\n',
    crlf: 'a: 1\r\nb: 2\r\n',
    hex: 'a: 0x1F\n',
    inf: 'a: .inf\n',
    'number key': '1: a\n',
    'unknown escape': 'a: "\\q"\n',
    'comment after an empty value': 'a:\n# c\nb: 1\n',
    'deep flow': `a: ${'['.repeat(101)}\n`,
    'root list': '- a\n',
  };
  it.each(Object.entries(BAIL))('%s: left to the yaml library', (_, text) => {
    expect(compare(text)).toBe('bail');
  });

  it('gives up on nesting beyond LIMITS.maxDepth, as the library reports it', () => {
    const deep = Array.from({ length: 70 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + ' 1\n';
    expect(compare(deep)).toBe('bail');
    expect(parseYamlData(deep).problems[0]?.message).toMatch(/nested more than 64/);
  });
});

const CHARS = [...'abcXYZ019 :#\'"{}[],&*!|>%@`-?~.+_/$\\\t'];
const text = (max: number) => fc.array(fc.constantFrom(...CHARS), { minLength: 1, maxLength: max }).map((a) => a.join(''));
const WORDS = ['12345678901234567890', '-0', '+1', '1e3', '1.0', '.5', '0x1F', '0o17', '.inf', '-.inf', '.nan', '1_000', '007', '1.', '1e', 'true', 'True', 'TRUE', 'yes', 'null', '~', 'Null', 'NULL', '<<', '__proto__', 'a b', 'x:y', 'a#b', '-a', '--', 'http://h/p#f'];
const ESCAPES = ['\\\\', '\\"', '\\n', '\\t', '\\/', '\\u00e9', '\\x41', '\\q', '\\U0001F600', '\\uD83D', "'", '#', ': ', ' '];

const plainArb = fc.oneof(text(8), fc.constantFrom(...WORDS), fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_.-]{0,8}$/));
const doubleArb = fc.array(fc.oneof(text(4), fc.constantFrom(...ESCAPES)), { maxLength: 4 }).map((p) => `"${p.join('').replace(/(?<!\\)"/g, '\\"')}"`);
const singleArb = fc.array(fc.oneof(text(4), fc.constantFrom("''", '"', '\\', '#', ': ')), { maxLength: 4 }).map((p) => `'${p.join('')}'`);
const scalarArb = fc.oneof({ weight: 4, arbitrary: plainArb }, doubleArb, singleArb);
const keyArb = fc.oneof({ weight: 4, arbitrary: fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_-]{0,6}$/) }, plainArb, doubleArb, singleArb);
const sp = fc.constantFrom('', ' ', '  ');

const { flowArb } = fc.letrec<{ flowArb: string }>((tie) => ({
  flowArb: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalarArb,
    fc.tuple(sp, fc.array(tie('flowArb'), { maxLength: 3 }), sp, fc.constantFrom(', ', ',', ' , ')).map(([a, items, b, sep]) => `[${a}${items.join(sep)}${b}]`),
    fc.tuple(sp, fc.array(fc.tuple(keyArb, tie('flowArb')), { maxLength: 3 }), sp).map(([a, entries, b]) => `{${a}${entries.map(([k, v]) => `${k}: ${v}`).join(', ')}${b}}`),
  ),
}));

type Tree = { kind: 'scalar'; text: string } | { kind: 'empty' } | { kind: 'map'; entries: Array<[string, Tree]> } | { kind: 'seq'; items: Tree[] };
const { treeArb } = fc.letrec<{ treeArb: Tree }>((tie) => ({
  treeArb: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.oneof(scalarArb, flowArb).map((t): Tree => ({ kind: 'scalar', text: t })),
    fc.constant<Tree>({ kind: 'empty' }),
    fc.array(fc.tuple(keyArb, tie('treeArb')), { minLength: 1, maxLength: 4 }).map((entries): Tree => ({ kind: 'map', entries })),
    fc.array(tie('treeArb'), { minLength: 1, maxLength: 3 }).map((items): Tree => ({ kind: 'seq', items })),
  ),
}));

/** Layout choices, drawn as a stream of small numbers. */
export function render(root: Array<[string, Tree]>, choices: number[]): string {
  let n = 0;
  const pick = (k: number) => (choices.length === 0 ? 0 : choices[n++ % choices.length]! % k);
  const lines: string[] = [];
  const extra = (indent: number) => {
    const c = pick(8);
    if (c === 0) lines.push('');
    else if (c === 1) lines.push(`${' '.repeat(Math.max(0, indent + pick(7) - 3))}# note`);
    else if (c === 2) lines.push('   ');
  };
  const tail = () => [' # c', '', '', '  ', ''][pick(5)]!;
  const step = () => 1 + pick(4);
  const value = (first: string, tree: Tree, indent: number, inSeq: boolean) => {
    if (tree.kind === 'scalar') lines.push(`${first} ${tree.text}${tail()}`);
    else if (tree.kind === 'empty') lines.push(`${first}${tail()}`);
    else {
      lines.push(`${first}${tail()}`);
      extra(indent);
      if (tree.kind === 'map') block(tree.entries, indent + step());
      else list(tree.items, !inSeq && pick(2) === 0 ? indent : indent + step());
    }
  };
  const block = (entries: Array<[string, Tree]>, indent: number, firstPrefix?: string) => {
    entries.forEach(([k, v], i) => {
      value(i === 0 && firstPrefix !== undefined ? `${firstPrefix}${k}:` : `${' '.repeat(indent)}${k}:`, v, indent, false);
      extra(indent);
    });
  };
  const list = (items: Tree[], indent: number) => {
    for (const item of items) {
      const dash = `${' '.repeat(indent)}-`;
      if (item.kind === 'map' && pick(2) === 0) {
        const gap = 1 + pick(3);
        block(item.entries, indent + 1 + gap, `${dash}${' '.repeat(gap)}`);
      } else value(dash, item, indent, true);
      extra(indent);
    }
  };
  block(root, 0);
  return lines.join('\n') + ['\n', '', '\n\n'][pick(3)]!;
}

const simpleTree = fc.letrec<{ t: Tree }>((tie) => ({
  t: fc.oneof(
    { depthSize: 'small' },
    fc.stringMatching(/^[a-z0-9][a-z0-9./-]{0,6}(?: [a-z0-9./-]{1,4})?$/).map((t): Tree => ({ kind: 'scalar', text: t })),
    fc.array(fc.tuple(fc.stringMatching(/^[A-Z_]{1,6}$/), tie('t')), { minLength: 1, maxLength: 4 }).map((entries): Tree => ({ kind: 'map', entries })),
    fc.array(tie('t'), { minLength: 1, maxLength: 3 }).map((items): Tree => ({ kind: 'seq', items })),
  ),
})).t;
export const simpleRoot = fc.array(fc.tuple(fc.stringMatching(/^[a-z]{1,6}$/), simpleTree), { minLength: 1, maxLength: 4 });

describe('the fast YAML parser never disagrees (property tests)', () => {
  it('on generated manifest-shaped YAML', () => {
    let same = 0;
    fc.assert(
      fc.property(fc.array(fc.tuple(keyArb, treeArb), { minLength: 1, maxLength: 5 }), fc.array(fc.nat(100), { maxLength: 40 }), (root, choices) => {
        if (compare(render(root, choices)) === 'same') same++;
      }),
      { numRuns: Number(process.env.YAML_FAST_RUNS ?? 3000) },
    );
    // The generator must exercise the fast path, not only its bail-outs.
    expect(same).toBeGreaterThan(300);
  });

  it('on generated manifests made of plain keys and values (mostly parsed fast)', () => {
    let same = 0;
    fc.assert(
      fc.property(simpleRoot, fc.array(fc.nat(100), { maxLength: 40 }), (root, choices) => {
        if (compare(render(root, choices)) === 'same') same++;
      }),
      { numRuns: 2000 },
    );
    expect(same).toBeGreaterThan(1000);
  });

  it('on random text: never throws, never disagrees', () => {
    const seen = new Set<string>();
    const line = fc.tuple(fc.constantFrom('', ' ', '  ', '    ', '- ', '  - '), fc.array(fc.oneof(text(6), keyArb, scalarArb, fc.constantFrom(': ', ':', ' #', '- ')), { maxLength: 5 }));
    fc.assert(
      fc.property(fc.array(line, { maxLength: 8 }), (lines) => {
        seen.add(compare(lines.map(([indent, parts]) => indent + parts.join('')).join('\n')));
      }),
      { numRuns: Number(process.env.YAML_FAST_RUNS ?? 3000) },
    );
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (t) => void seen.add(compare(t))), { numRuns: 1000 });
    expect([...seen].sort()).toEqual(['bail', 'same']);
  });
});
