import { describe, expect, it } from 'vitest';
import { planReconcile } from '../../src/plan/diff.ts';
import {
  KEY,
  OTHER_KEY,
  WS,
  desired,
  live,
  liveSecured,
  livePlain,
  plain,
  planOne,
  repo,
  secured,
  stateVar,
} from '../support/plan-builders.ts';
import {
  canonicalJson,
  planDigest,
  renderJson,
  toJsonDocument,
  type JsonChange,
  type JsonPlanDocument,
} from '../../src/render/json.ts';
import { samplePlan } from '../support/render-fixtures.ts';

describe('renderJson', () => {
  it('has the documented top-level shape and summary', () => {
    const doc = JSON.parse(renderJson(samplePlan())) as JsonPlanDocument;
    expect(Object.keys(doc)).toEqual([
      'format_version',
      'workspace',
      'summary',
      'changes',
      'warnings',
      'violations',
      'manifest_id',
      'plan_digest',
    ]);
    expect(doc.format_version).toBe('1');
    expect(doc.workspace).toBe('acme');
    expect(doc.summary).toEqual({ create: 2, update: 4, replace: 1, delete: 1, unchanged: 2 });
    expect(doc.warnings).toEqual([]);
    expect(doc.plan_digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(doc.changes.map((c) => `${c.action} ${c.key}`)).toEqual([
      'update API_MODE',
      'update DB_PASSWORD',
      'update DEPLOY_TOKEN',
      'create LOG_LEVEL',
      'update MANUAL',
      'delete OLD',
      'replace TLS_CERT',
      'create-environment production',
      'create API_URL',
    ]);
  });

  it('describes each change with scope, flags, reason and sides', () => {
    const doc = JSON.parse(renderJson(samplePlan())) as JsonPlanDocument;
    const byKey = new Map<string, JsonChange>(doc.changes.map((c) => [c.key, c]));
    expect(byKey.get('API_MODE')).toEqual({
      action: 'update',
      scope: { type: 'repository', workspace: 'acme', repository: 'api' },
      key: 'API_MODE',
      secured: false,
      sensitive: false,
      reason: 'value-changed',
      before: { secured: false, value: 'lax' },
      after: { secured: false, value: 'strict' },
    });
    expect(byKey.get('DB_PASSWORD')).toEqual({
      action: 'update',
      scope: { type: 'repository', workspace: 'acme', repository: 'api' },
      key: 'DB_PASSWORD',
      secured: true,
      sensitive: true,
      reason: 'secured-value-changed',
      before: { secured: true, fingerprint: expect.stringMatching(/^[\w-]{22}$/) },
      after: { secured: true, fingerprint: expect.stringMatching(/^[\w-]{22}$/) },
    });
    expect(byKey.get('production')).toEqual({
      action: 'create-environment',
      scope: { type: 'deployment', workspace: 'acme', repository: 'api', environment: 'production' },
      key: 'production',
      secured: false,
      sensitive: false,
      reason: 'missing-environment',
      environment_type: 'Production',
    });
    expect(byKey.get('OLD')).not.toHaveProperty('after');
    expect(byKey.get('LOG_LEVEL')).not.toHaveProperty('before');
  });

  it('contains no ANSI codes and no bookkeeping', () => {
    const out = renderJson(samplePlan());
    expect(out).not.toContain('\u001b');
    expect(out).not.toContain('BB_VARS_STATE');
  });

  it('a bookkeeping-only plan has no changes and a zero summary', () => {
    const plan = planOne(desired(repo(), [plain('A', '1')]), live(repo(), [livePlain('A', '1')]));
    const doc = toJsonDocument(plan);
    expect(doc.changes).toEqual([]);
    expect(doc.summary).toEqual({ create: 0, update: 0, replace: 0, delete: 0, unchanged: 1 });
  });

  it('drops a value from a secured side even if one slipped into the plan', () => {
    const plan = planOne(desired(repo(), [secured('S', 'x')]), live(repo(), []));
    const change = plan.scopes[0]!.changes[0]!;
    if (change.action !== 'create') throw new Error('expected create');
    change.after = { secured: true, value: 'LEAKED-VALUE', fingerprint: 'f' };
    expect(renderJson(plan)).not.toContain('LEAKED-VALUE');
  });
});

describe('planDigest', () => {
  const build = (value: string, secret: string, fingerprintKey = KEY) =>
    planReconcile(
      { workspace: WS, scopes: [desired(repo(), [plain('A', value), secured('S', secret)])] },
      { workspace: WS, scopes: [live(repo(), [livePlain('A', 'old'), liveSecured('S'), stateVar({ A: '', S: '' })])] },
      { fingerprintKey },
    );

  it('is stable for the same plan and changes with a plain value, a secret, or the fingerprint key', () => {
    const base = planDigest(build('new', 's1'));
    expect(planDigest(build('new', 's1'))).toBe(base);
    expect(planDigest(build('newer', 's1'))).not.toBe(base);
    expect(planDigest(build('new', 's2'))).not.toBe(base);
    expect(planDigest(build('new', 's1', OTHER_KEY))).not.toBe(base);
  });

  it('ignores warnings', () => {
    const plan = build('new', 's1');
    const before = planDigest(plan);
    plan.warnings.push('something');
    expect(planDigest(plan)).toBe(before);
  });

  it('canonicalJson sorts keys at every level and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: undefined, b: 'x' }] })).toBe('{"a":[{"b":"x","d":2}],"b":1}');
  });
});
