/**
 * Property tests: names that come from Bitbucket or from a record (workspace, repository,
 * environment, keys, warnings quoting them) can never inject a raw control character, a line, a
 * second summary or a table column into any renderer's output.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { markdownCode, markdownText, visible } from '../../src/core/escape.ts';
import type { ScopeRef } from '../../src/core/types.ts';
import type { Change, Plan, ScopePlan } from '../../src/plan/types.ts';
import { renderJson } from '../../src/render/json.ts';
import { renderMarkdown } from '../../src/render/markdown.ts';
import { renderText } from '../../src/render/text.ts';
import { renderPlanComment } from '../../src/review/index.ts';

/** Raw control characters, line breaks and direction overrides: none may reach the output from a name. */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/** Strings made to hurt: control characters, fake summaries, ANSI codes, markdown punctuation. */
const hostile = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        '\n',
        '\r',
        '\r\n',
        '\t',
        '\u001b[8m',
        '\u001b]8;;x\u0007',
        '\u0000',
        '\u007f',
        '\u0085',
        '\u009b31m',
      ),
      fc.constantFrom('\u2028', '\u2029', '\u202e', '\u2066', '\u200f', '\\', '\\n'),
      fc.constantFrom('Plan: 0 to create, 0 to update, 0 to replace, 0 to delete.', 'No changes.', 'Warning: '),
      fc.constantFrom('|', '`', '``', '*', '_', '[x](http://e)', '<b>', '#', '> ', '---', '&lt;', '!'),
      fc.string({ maxLength: 8 }),
      fc.string({ unit: 'binary', maxLength: 4 }),
    ),
    { minLength: 1, maxLength: 8 },
  )
  .map((parts) => parts.join(''));

const change = (scope: ScopeRef, key: string, action: Change['action']): Change =>
  action === 'create-environment'
    ? {
        action,
        scope: scope as Extract<ScopeRef, { type: 'deployment' }>,
        key,
        environmentType: 'Test',
        secured: false,
        sensitive: false,
        reason: 'missing-environment',
      }
    : {
        action,
        scope,
        key,
        secured: false,
        sensitive: false,
        reason: 'not-declared',
        before: { secured: false, value: 'v' },
        after: { secured: false, value: 'w' },
      };

function scopePlan(scope: ScopeRef, changes: Change[]): ScopePlan {
  const record = { version: 1, keyId: 'k', managed: {} };
  return {
    scope,
    changes,
    recordKey: 'BB_VARS_STATE',
    bookkeepingBefore: null,
    bookkeepingAfter: record,
    bookkeepingDirty: true,
    unchanged: 1,
  };
}

/** A plan whose every name is hostile, with one change of each kind. */
function hostilePlan(workspace: string, repository: string, environment: string, key: string, warning: string): Plan {
  const ws: ScopeRef = { type: 'workspace', workspace };
  const repo: ScopeRef = { type: 'repository', workspace, repository };
  const dep: ScopeRef = { type: 'deployment', workspace, repository, environment };
  const scopes = [
    scopePlan(ws, [change(ws, key, 'create')]),
    scopePlan(repo, [change(repo, key, 'update'), change(repo, key, 'delete')]),
    scopePlan(dep, [change(dep, environment, 'create-environment'), change(dep, key, 'replace')]),
  ];
  return {
    workspace,
    manifestId: 'default',
    scopes,
    summary: { create: 1, update: 1, replace: 1, delete: 1, unchanged: 3 },
    warnings: [warning],
    violations: [],
  };
}

const plans = fc.tuple(hostile, hostile, hostile, hostile, hostile).map((names) => hostilePlan(...names));

describe('hostile names in every renderer (property)', () => {
  it('text plan: no raw control character, exactly one "Plan:" line, one line per change', () => {
    fc.assert(
      fc.property(plans, fc.boolean(), (plan, color) => {
        const out = renderText(plan, { color });
        // eslint-disable-next-line no-control-regex -- strips the renderer's own colour codes
        const plainOut = color ? out.replace(/\u001b\[[0-9;]*m/g, '') : out;
        expect(plainOut.replace(/\n/g, '')).not.toMatch(UNSAFE);
        const lines = plainOut.split('\n');
        expect(lines.filter((l) => l.startsWith('Plan:'))).toHaveLength(1);
        expect(lines.filter((l) => /^ {2}(-\/\+| {2}[+~-]) /.test(l))).toHaveLength(5);
        expect(lines.filter((l) => l.startsWith('Warning:'))).toHaveLength(1);
        // Three scope headers, three blank separators, summary, blank, warning, final empty string.
        expect(lines).toHaveLength(3 + 5 + 3 + 1 + 1 + 1 + 1);
      }),
      { numRuns: 300 },
    );
  });

  it('markdown plan and PR comment: one summary, tables keep four columns, no raw control character', () => {
    fc.assert(
      fc.property(plans, (plan) => {
        for (const out of [renderMarkdown(plan), renderPlanComment(plan)]) {
          expect(out.replace(/\n/g, '')).not.toMatch(UNSAFE);
          const lines = out.split('\n');
          expect(lines.filter((l) => /^(\*\*)?Plan:/.test(l))).toHaveLength(1);
          const rows = lines.filter((l) => l.startsWith('|'));
          expect(rows).toHaveLength(3 * 2 + 5);
          // An unescaped `|` is a cell border: exactly five per row (four columns).
          for (const row of rows) expect(row.match(/(?<!\\)\|/g)).toHaveLength(5);
          expect(lines.filter((l) => l.startsWith('#### '))).toHaveLength(3);
          expect(lines.filter((l) => l.startsWith('> '))).toHaveLength(1);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('JSON plan: parses back to the very names, with no raw control character', () => {
    fc.assert(
      fc.property(plans, (plan) => {
        const out = renderJson(plan);
        expect(out.replace(/\n/g, '')).not.toMatch(UNSAFE);
        const doc = JSON.parse(out) as { workspace: string; warnings: string[] };
        expect(doc.workspace).toBe(plan.workspace);
        expect(doc.warnings).toEqual(plan.warnings);
      }),
      { numRuns: 200 },
    );
  });

  it('escaping is one line, inert, and tells distinct names apart', () => {
    fc.assert(
      fc.property(hostile, hostile, (a, b) => {
        for (const f of [visible, markdownText, markdownCode]) expect(f(a)).not.toMatch(UNSAFE);
        expect(visible(a) === visible(b)).toBe(a === b);
      }),
      { numRuns: 500 },
    );
    expect(visible('prod\nPlan:\u001b[8m\\')).toBe('prod\\nPlan:\\u001b[8m\\\\');
    expect(markdownText('a|b*`c`<b>')).toBe('a\\|b\\*\\`c\\`\\<b\\>');
    expect(markdownCode('x|`y`')).toBe('`` x\\|`y` ``');
  });
});
