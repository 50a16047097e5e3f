import { describe, expect, it } from 'vitest';
import { planReconcile } from '../../src/plan/diff.ts';
import {
  KEY,
  WS,
  desired,
  live,
  livePlain,
  plain,
  planOne,
  repo,
  secured,
  stateVar,
} from '../support/plan-builders.ts';
import { PR_COMMENT_MARKER, code, renderMarkdown } from '../../src/render/markdown.ts';
import { samplePlan } from '../support/render-fixtures.ts';

function bigPlan(count: number) {
  const vars = Array.from({ length: count }, (_, i) =>
    i % 3 === 0 ? secured(`SECRET_${i}`, `CANARY-${i}`) : plain(`VAR_${String(i).padStart(5, '0')}`, `value-${i}`),
  );
  return planReconcile(
    { workspace: WS, scopes: [desired(repo('big'), vars)] },
    { workspace: WS, scopes: [live(repo('big'), [])] },
    { fingerprintKey: KEY },
  );
}

describe('renderMarkdown', () => {
  it('puts the summary first, then a table per scope', () => {
    const lines = renderMarkdown(samplePlan(), { marker: PR_COMMENT_MARKER }).split('\n');
    expect(lines.slice(0, 3)).toEqual([
      '### bb-vars plan for workspace `acme`',
      '',
      '**Plan: 2 to create, 4 to update, 1 to replace, 1 to delete.** 2 unchanged.',
    ]);
    expect(lines).toContain('#### repository api');
    expect(lines).toContain('| Action | Key | Secured | Change |');
    expect(lines).toContain('| update | `API_MODE` | no | `"lax"` → `"strict"` |');
    expect(lines).toContain('| update | `DB_PASSWORD` | yes | *(sensitive)* — value changed (fingerprint) |');
    expect(lines).toContain(
      '| update | `DEPLOY_TOKEN` | yes | *(secured)* — no fingerprint recorded, rewriting once |',
    );
    expect(lines).toContain(
      '| replace | `TLS_CERT` | yes | *(not shown)* → *(secured)* — secured flag changed: plain → secured |',
    );
    expect(lines).toContain('| delete | `OLD` | no | `"x"` — no longer declared in the manifest |');
    expect(lines).toContain('#### deployment api/production');
    expect(lines).toContain('| create environment | `production` |  | type Production |');
    expect(lines.at(-2)).toBe('`bb-vars:plan`');
  });

  it('uses no HTML', () => {
    expect(renderMarkdown(samplePlan())).not.toMatch(/<\/?[a-z]+[^>]*>|&[a-z]+;/i);
  });

  it('says so when there are no changes', () => {
    const plan = planOne(desired(repo(), [plain('A', '1')]), live(repo(), [livePlain('A', '1'), stateVar({ A: '' })]));
    expect(renderMarkdown(plan)).toBe(
      '### bb-vars plan for workspace `acme`\n\n**No changes. Bitbucket matches the manifest.** 1 unchanged.\n',
    );
  });

  it('escapes pipes and backticks in cells so a value cannot break the table', () => {
    const plan = planOne(desired(repo(), [plain('P', 'a|b'), plain('B', 'x`y``z')]), live(repo(), []));
    const out = renderMarkdown(plan);
    expect(out).toContain('| create | `P` | no | `"a\\|b"` |');
    expect(out).toContain('| create | `B` | no | ``` "x`y``z" ``` |');
  });

  it('code spans fence longer than any backtick run inside', () => {
    expect(code('plain')).toBe('`plain`');
    expect(code('`')).toBe('`` ` ``');
  });

  it('stays within maxChars with a 2,000-change plan and says how many rows were left out', () => {
    const plan = bigPlan(2000);
    const out = renderMarkdown(plan, { marker: PR_COMMENT_MARKER });
    expect(out.length).toBeLessThanOrEqual(30_000);
    expect(out).toContain('**Plan: 2000 to create, 0 to update, 0 to replace, 0 to delete.**');
    const rows = out.split('\n').filter((l) => l.startsWith('| create |'));
    expect(rows.length).toBeGreaterThan(200);
    expect(rows.length).toBeLessThan(2000);
    expect(out).toContain(
      `… and ${2000 - rows.length} more changes not shown (run \`bb-vars reconcile\` locally for the full plan)`,
    );
    expect(out.trimEnd().endsWith(PR_COMMENT_MARKER)).toBe(true);
    expect(out).not.toContain('CANARY-');
  });

  it.each([500, 2_000, 10_000])('honours a custom bound of %i characters', (maxChars) => {
    const out = renderMarkdown(bigPlan(2000), { maxChars });
    expect(out.length).toBeLessThanOrEqual(maxChars);
    expect(out).toContain('**Plan: 2000 to create');
    expect(out).toMatch(/… and \d+ more changes not shown/);
  });

  it('keeps the summary even when the bound is smaller than the summary', () => {
    const out = renderMarkdown(bigPlan(10), { maxChars: 10 });
    expect(out).toContain('**Plan: 10 to create');
    expect(out).toContain('… and 10 more changes not shown');
  });

  it('shows a prefix of the rows: a row that does not fit ends the list, shorter later rows are not squeezed in', () => {
    const vars = Array.from({ length: 40 }, (_, i) =>
      plain(`V${String(i).padStart(2, '0')}`, i === 20 ? 'L'.repeat(55) : 'v'),
    );
    const plan = planOne(desired(repo(), vars), live(repo(), []));
    const full = renderMarkdown(plan, { maxChars: 1e9 });
    const cut = full.indexOf('| create | `V20`');
    const out = renderMarkdown(plan, { maxChars: cut + 150 });
    const rows = (text: string) => text.split('\n').filter((l) => l.startsWith('| create |'));
    expect(rows(out)).toEqual(rows(full).slice(0, 20));
    expect(out).toContain('… and 20 more changes not shown');
  });

  it('shows every row when the plan fits', () => {
    const out = renderMarkdown(bigPlan(50));
    expect(out.split('\n').filter((l) => l.startsWith('| create |'))).toHaveLength(50);
    expect(out).not.toContain('not shown');
  });
});
