import { describe, expect, it } from 'vitest';
import { planReconcile } from '../../src/plan/diff.ts';
import { KEY, WS, desired, live, livePlain, plain, planOne, repo, stateVar } from '../support/plan-builders.ts';
import { quoteValue } from '../../src/render/describe.ts';
import { renderJson } from '../../src/render/json.ts';
import { renderMarkdown } from '../../src/render/markdown.ts';
import { CANARIES, samplePlan } from '../support/render-fixtures.ts';
import { renderText } from '../../src/render/text.ts';

describe('renderText', () => {
  it('prints one line per change, grouped by scope, like terraform plan', () => {
    expect(renderText(samplePlan()).split('\n')).toEqual([
      'repository api: (1 unchanged)',
      '    ~ API_MODE: "lax" → "strict"',
      '    ~ DB_PASSWORD = (sensitive)  # value changed (fingerprint)',
      '    ~ DEPLOY_TOKEN = (secured)  # no fingerprint recorded, rewriting once',
      '    + LOG_LEVEL = "info"',
      '    ~ MANUAL: "a" → "b"  # adopting: exists in Bitbucket but was not managed by bb-vars',
      '    - OLD = "x"  # no longer declared in the manifest',
      '  -/+ TLS_CERT: (not shown) → (secured)  # secured flag changed: plain → secured',
      '',
      'deployment api/production:',
      '    + create environment production (Production)',
      '    + API_URL = "https://api.example.com"',
      '',
      'Plan: 2 to create, 4 to update, 1 to replace, 1 to delete.',
      '',
    ]);
  });

  it('says so when nothing changes, even if bookkeeping must be written', () => {
    const plan = planOne(desired(repo(), [plain('A', '1')]), live(repo(), [livePlain('A', '1')]));
    expect(plan.scopes[0]!.bookkeepingDirty).toBe(true);
    expect(renderText(plan)).toBe('No changes. Bitbucket matches the manifest.\n');
  });

  it('prints warnings after the summary', () => {
    const plan = planOne(
      desired(repo(), []),
      live(repo(), [{ uuid: '{s}', key: 'BB_VARS_STATE', value: 'junk', secured: false }]),
    );
    const lines = renderText(plan).split('\n');
    expect(lines[0]).toBe('No changes. Bitbucket matches the manifest.');
    expect(lines[2]).toMatch(/^Warning: repository api: BB_VARS_STATE is unreadable \(not valid JSON\)/);
  });

  it('colours only when asked', () => {
    expect(renderText(samplePlan())).not.toContain('\u001b[');
    const coloured = renderText(samplePlan(), { color: true });
    expect(coloured).toContain('\u001b[32m    + LOG_LEVEL = "info"\u001b[0m');
    expect(coloured).toContain('\u001b[33m    ~ API_MODE: "lax" → "strict"\u001b[0m');
    expect(coloured).toContain('\u001b[31m    - OLD = "x"');
    expect(coloured).toContain('\u001b[31m  -/+ TLS_CERT');
  });

  it('shows multi-line, control-character and long values safely on one line', () => {
    const long = 'x'.repeat(300);
    const plan = planReconcile(
      {
        workspace: WS,
        scopes: [desired(repo(), [plain('ML', 'a\nb\tc"d\\'), plain('ESC', '\u001b[31mred'), plain('LONG', long)])],
      },
      { workspace: WS, scopes: [live(repo(), [stateVar({})])] },
      { fingerprintKey: KEY },
    );
    const text = renderText(plan, { maxValueLength: 20 });
    expect(text).toContain('    + ML = "a\\nb\\tc\\"d\\\\"\n');
    expect(text).toContain('    + ESC = "\\u001b[31mred"\n');
    expect(text).toContain(`    + LONG = "${'x'.repeat(20)}"… (300 chars)\n`);
    expect(text).not.toContain('\u001b');
  });

  it('quoteValue counts characters, not UTF-16 units', () => {
    expect(quoteValue('😀😀😀', 2)).toBe('"😀😀"… (3 chars)');
  });
});

describe('no renderer ever shows a secret', () => {
  it.each([
    ['text', () => renderText(samplePlan(), { color: true })],
    ['markdown', () => renderMarkdown(samplePlan())],
    ['json', () => renderJson(samplePlan())],
  ])('%s', (_name, render) => {
    const out = render();
    for (const canary of CANARIES) expect(out).not.toContain(canary);
    expect(out).toMatch(/TLS_CERT/);
  });
});
