import { describe, expect, it } from 'vitest';
import { parseRef, parseTemplate } from '../../src/config/refs.ts';

describe('reference syntax', () => {
  it.each([
    ['infra.db_host', { source: 'infra', output: 'db_host', path: [] }],
    ['infra.app-version', { source: 'infra', output: 'app-version', path: [] }],
    ['network.subnet_ids.0', { source: 'network', output: 'subnet_ids', path: ['0'] }],
    ['network.subnet_ids[1]', { source: 'network', output: 'subnet_ids', path: [1] }],
    [
      'infra.tags["kubernetes.io/cluster"].x',
      { source: 'infra', output: 'tags', path: ['kubernetes.io/cluster', 'x'] },
    ],
  ])('%s', (text, expected) => {
    expect(parseRef(text)).toEqual({ ok: true, ref: { ...expected, text } });
  });

  it.each([
    ['infra', "reference 'infra' names a source but no output"],
    ['infra..x', "missing name at position 7 of reference 'infra..x'"],
    ['infra.x[abc]', "'[abc]' in reference 'infra.x[abc]' must be an index like [0] or a quoted key like [\"a.b\"]"],
    ['infra.x[0', "unclosed '[' in reference 'infra.x[0'"],
  ])('rejects %s', (text, message) => {
    expect(parseRef(text)).toMatchObject({ ok: false, message });
  });
});

describe('templates', () => {
  it('splits text and references, honours $${ and spaces inside braces', () => {
    const r = parseTemplate('a $${x} ${ infra.h } b ${env.HOME}');
    expect(r).toEqual({
      ok: true,
      parts: [
        { kind: 'text', text: 'a ${x} ' },
        {
          kind: 'ref',
          ref: { source: 'infra', output: 'h', path: [], text: 'infra.h' },
          raw: '${ infra.h }',
          offset: 8,
        },
        { kind: 'text', text: ' b ' },
        {
          kind: 'ref',
          ref: { source: 'env', output: 'HOME', path: [], text: 'env.HOME' },
          raw: '${env.HOME}',
          offset: 23,
        },
      ],
    });
  });

  it('keeps a lone $ and a closing brace as text', () => {
    expect(parseTemplate('cost $5 } {x}')).toEqual({ ok: true, parts: [{ kind: 'text', text: 'cost $5 } {x}' }] });
  });

  it('reports an unclosed reference with its offset', () => {
    expect(parseTemplate('ab ${infra.x')).toMatchObject({ ok: false, message: "unclosed '${' in template", offset: 3 });
  });
});
