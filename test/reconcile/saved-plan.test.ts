import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.ts';
import { planReconcile } from '../../src/plan/diff.ts';
import {
  KEY,
  WS,
  desired,
  live,
  liveSecured,
  livePlain,
  plain,
  repo,
  secured,
  stateVar,
} from '../support/plan-builders.ts';
import { digestOf, renderJson, toJsonDocument, type JsonChange } from '../../src/render/json.ts';
import { samplePlan } from '../support/render-fixtures.ts';
import { describePlanDrift, parseSavedPlan } from '../../src/reconcile/saved-plan.ts';

const DIGEST = 'hmac-sha256:live';
const saveJson = (plan: Parameters<typeof renderJson>[0]) => renderJson(plan, { targets: [], liveDigest: DIGEST });

/** A saved plan as tests edit it: every field may be broken or removed. */
interface LooseDoc {
  workspace: string;
  summary: Record<string, unknown>;
  warnings: unknown[];
  plan_digest: string;
  changes: Array<{
    action?: unknown;
    reason?: unknown;
    secured?: unknown;
    environment_type?: unknown;
    after?: { value?: unknown };
    scope: { type?: unknown; repository?: unknown };
  }>;
}
type Edit = (doc: LooseDoc) => unknown;

const fail = (text: string) => () => parseSavedPlan(text, 'plan.json');

describe('parseSavedPlan', () => {
  it('reads back exactly what renderJson wrote', () => {
    const plan = samplePlan();
    expect(parseSavedPlan(saveJson(plan))).toEqual({ ...toJsonDocument(plan), targets: [], live_digest: DIGEST });
  });

  it('refuses a plan without live_digest: it could not tell whether Bitbucket changed', () => {
    expect(fail(renderJson(samplePlan()))).toThrow(/plan\.json: live_digest: must be a string\./);
  });

  it.each([
    [
      'not JSON',
      '{',
      /^plan\.json is not valid JSON \(.*\)\. Write it again with 'bb-vars reconcile --format json --out <file>'/,
    ],
    ['not an object', '[]', /^plan\.json: document: must be an object\./],
    ['not a plan file', '{"hello":1}', /^plan\.json: format_version: missing; this is not a bb-vars plan file\./],
    ['another format', '{"format_version":"2"}', /format_version: is "2", but this bb-vars reads plan format "1"/],
  ])('rejects %s with a clear message', (_name, text, message) => {
    expect(fail(text)).toThrow(UserError);
    expect(fail(text)).toThrow(message);
  });

  const edit = (mutate: Edit, fixDigest = true) => {
    const doc = JSON.parse(saveJson(samplePlan())) as LooseDoc;
    mutate(doc);
    if (fixDigest) doc.plan_digest = digestOf(doc.workspace, doc.changes as JsonChange[]);
    return JSON.stringify(doc);
  };

  it.each([
    [
      'bad action',
      (d: LooseDoc) => (d.changes[0]!.action = 'upsert'),
      /changes\[0\]\.action: must be one of "create", "update"/,
    ],
    [
      'bad scope type',
      (d: LooseDoc) => (d.changes[1]!.scope.type = 'project'),
      /changes\[1\]\.scope\.type: must be one of/,
    ],
    [
      'missing repository',
      (d: LooseDoc) => delete d.changes[1]!.scope.repository,
      /changes\[1\]\.scope\.repository: must be a string/,
    ],
    [
      'secured not boolean',
      (d: LooseDoc) => (d.changes[2]!.secured = 'yes'),
      /changes\[2\]\.secured: must be true or false/,
    ],
    ['bad reason', (d: LooseDoc) => (d.changes[0]!.reason = 'because'), /changes\[0\]\.reason: must be one of/],
    ['update without after', (d: LooseDoc) => delete d.changes[0]!.after, /changes\[0\]\.after: missing for update/],
    [
      'bad environment type',
      (d: LooseDoc) => (d.changes[7]!.environment_type = 'Prod'),
      /changes\[7\]\.environment_type: must be one of "Test", "Staging", "Production"/,
    ],
    ['negative summary', (d: LooseDoc) => (d.summary.create = -1), /summary\.create: must be a whole number/],
    ['warnings not strings', (d: LooseDoc) => (d.warnings = [1]), /warnings: must be a list of strings/],
  ])('locates %s', (_name, mutate, message) => {
    expect(fail(edit(mutate))).toThrow(message);
  });

  it('detects a hand-edited plan through its digest', () => {
    const text = edit((d) => (d.changes[0]!.after!.value = 'edited'), false);
    expect(fail(text)).toThrow(/plan_digest: does not match the changes: the file was edited or damaged/);
  });
});

describe('describePlanDrift', () => {
  const build = (value: string, secret: string, extra = false) =>
    planReconcile(
      {
        workspace: WS,
        scopes: [desired(repo(), [plain('A', value), secured('S', secret), ...(extra ? [plain('NEW', '1')] : [])])],
      },
      { workspace: WS, scopes: [live(repo(), [livePlain('A', 'old'), liveSecured('S'), stateVar({ A: '', S: '' })])] },
      { fingerprintKey: KEY },
    );
  const saved = () => parseSavedPlan(saveJson(build('new', 'secret-1')));

  it('is empty when a fresh plan matches', () => {
    expect(describePlanDrift(saved(), build('new', 'secret-1'))).toEqual([]);
  });

  it('names changed and new keys, never values', () => {
    const lines = describePlanDrift(saved(), build('newer', 'secret-2', true));
    expect(lines).toEqual([
      'api A: planned update (value-changed) is now update (value-changed), or its value or live state changed',
      'api S: planned update (no-fingerprint) is now update (no-fingerprint), or its value or live state changed',
      'api NEW: a fresh plan would create it (new); the saved plan would not',
    ]);
    expect(lines.join('\n')).not.toMatch(/secret-|newer/);
  });

  it('names changes that are no longer planned', () => {
    const fresh = planReconcile(
      { workspace: WS, scopes: [desired(repo(), [plain('A', 'new')])] },
      { workspace: WS, scopes: [live(repo(), [livePlain('A', 'new'), stateVar({ A: '' })])] },
      { fingerprintKey: KEY },
    );
    expect(describePlanDrift(saved(), fresh)).toEqual([
      'api A: the saved plan would update it; a fresh plan would not',
      'api S: the saved plan would update it; a fresh plan would not',
    ]);
  });
});
