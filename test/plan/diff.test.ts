import { describe, expect, it } from 'vitest';
import type { DesiredScope, LiveScope } from '../../src/core/types.ts';
import { BB_VARS_STATE, BOOKKEEPING_VERSION } from '../../src/plan/bookkeeping.ts';
import { planReconcile } from '../../src/plan/diff.ts';
import { fingerprintKeyId } from '../../src/plan/fingerprint.ts';
import {
  KEY,
  OTHER_KEY,
  WS,
  dep,
  desired,
  fp,
  live,
  liveSecured,
  livePlain,
  plain,
  planOne,
  repo,
  secured,
  stateVar,
  ws,
} from '../support/plan-builders.ts';
import type { VariableChange } from '../../src/plan/types.ts';

const r = repo('api');

interface Case {
  name: string;
  desired: DesiredScope;
  live?: LiveScope;
  forceSecured?: boolean;
  /** `action key reason` per change, in plan order. */
  changes: string[];
  unchanged: number;
}

const cases: Case[] = [
  {
    name: 'missing variable → create',
    desired: desired(r, [plain('A', '1')]),
    live: live(r, []),
    changes: ['create A new'],
    unchanged: 0,
  },
  {
    name: 'equal plain value → unchanged',
    desired: desired(r, [plain('A', '1')]),
    live: live(r, [livePlain('A', '1'), stateVar({ A: '' })]),
    changes: [],
    unchanged: 1,
  },
  {
    name: 'managed plain value differs → update value-changed',
    desired: desired(r, [plain('A', '2')]),
    live: live(r, [livePlain('A', '1'), stateVar({ A: '' })]),
    changes: ['update A value-changed'],
    unchanged: 0,
  },
  {
    name: 'unmanaged plain value differs → update adopted',
    desired: desired(r, [plain('A', '2')]),
    live: live(r, [livePlain('A', '1')]),
    changes: ['update A adopted'],
    unchanged: 0,
  },
  {
    name: 'unmanaged equal value → adopted silently',
    desired: desired(r, [plain('A', '1')]),
    live: live(r, [livePlain('A', '1')]),
    changes: [],
    unchanged: 1,
  },
  {
    name: 'plain → secured → replace',
    desired: desired(r, [secured('A', 's')]),
    live: live(r, [livePlain('A', 's'), stateVar({ A: '' })]),
    changes: ['replace A secured-flag-changed'],
    unchanged: 0,
  },
  {
    name: 'secured → plain (explicit secured: false) → replace',
    desired: desired(r, [{ ...plain('A', 'p'), declaredPlain: true }]),
    live: live(r, [liveSecured('A'), stateVar({ A: fp(r, 'A', 'p') })]),
    changes: ['replace A secured-flag-changed'],
    unchanged: 0,
  },
  {
    name: 'secured with matching fingerprint → unchanged',
    desired: desired(r, [secured('S', 'hunter2')]),
    live: live(r, [liveSecured('S'), stateVar({ S: fp(r, 'S', 'hunter2') })]),
    changes: [],
    unchanged: 1,
  },
  {
    name: 'secured with different fingerprint → update secured-value-changed',
    desired: desired(r, [secured('S', 'rotated')]),
    live: live(r, [liveSecured('S'), stateVar({ S: fp(r, 'S', 'hunter2') })]),
    changes: ['update S secured-value-changed'],
    unchanged: 0,
  },
  {
    name: 'secured managed without fingerprint → update no-fingerprint',
    desired: desired(r, [secured('S', 'x')]),
    live: live(r, [liveSecured('S'), stateVar({ S: '' })]),
    changes: ['update S no-fingerprint'],
    unchanged: 0,
  },
  {
    name: 'secured unmanaged (adoption), no record in the scope → update no-record',
    desired: desired(r, [secured('S', 'x')]),
    live: live(r, [liveSecured('S')]),
    changes: ['update S no-record'],
    unchanged: 0,
  },
  {
    name: 'secured matching but --force-secured → update forced',
    desired: desired(r, [secured('S', 'x')]),
    live: live(r, [liveSecured('S'), stateVar({ S: fp(r, 'S', 'x') })]),
    forceSecured: true,
    changes: ['update S forced'],
    unchanged: 0,
  },
  {
    name: 'fingerprint key changed → update key-changed',
    desired: desired(r, [secured('S', 'x')]),
    live: live(r, [liveSecured('S'), stateVar({ S: fp(r, 'S', 'x', OTHER_KEY) }, { fingerprintKey: OTHER_KEY })]),
    changes: ['update S key-changed'],
    unchanged: 0,
  },
  {
    name: 'secured in a scope whose record is not authentic → update record-untrusted',
    desired: desired(r, [secured('S', 'x')]),
    live: live(r, [liveSecured('S'), stateVar({ S: fp(r, 'S', 'x') }, { scope: repo('web') })]),
    changes: ['update S record-untrusted'],
    unchanged: 0,
  },
  {
    name: 'fingerprint of the same value from another scope does not match',
    desired: desired(r, [secured('S', 'x')]),
    live: live(r, [liveSecured('S'), stateVar({ S: fp(repo('other'), 'S', 'x') })]),
    changes: ['update S secured-value-changed'],
    unchanged: 0,
  },
  {
    name: 'prune managed deletes only managed undeclared keys',
    desired: desired(r, [plain('A', '1')]),
    live: live(r, [livePlain('A', '1'), livePlain('OLD', 'x'), livePlain('MANUAL', 'y'), stateVar({ A: '', OLD: '' })]),
    changes: ['delete OLD not-declared'],
    unchanged: 1,
  },
  {
    name: 'prune all deletes every undeclared key except BB_VARS_*',
    desired: desired(r, [plain('A', '1')], { prune: 'all' }),
    live: live(r, [
      livePlain('MANUAL', 'y'),
      livePlain('A', '1'),
      liveSecured('OLD'),
      livePlain('BB_VARS_OTHER', 'z'),
      stateVar({ OLD: '' }),
    ]),
    changes: ['delete MANUAL not-declared', 'delete OLD not-declared'],
    unchanged: 1,
  },
  {
    name: 'prune none never deletes',
    desired: desired(r, [], { prune: 'none' }),
    live: live(r, [livePlain('OLD', 'x'), stateVar({ OLD: '' })]),
    changes: [],
    unchanged: 0,
  },
  {
    name: 'corrupt bookkeeping proves no ownership: nothing pruned, declared adopted',
    desired: desired(r, [plain('A', '2')]),
    live: live(r, [
      livePlain('A', '1'),
      livePlain('OLD', 'x'),
      { uuid: '{s}', key: BB_VARS_STATE, value: '{nope', secured: false },
    ]),
    changes: ['update A adopted'],
    unchanged: 0,
  },
  {
    name: 'bookkeeping from a newer version: nothing pruned',
    desired: desired(r, []),
    live: live(r, [
      livePlain('OLD', 'x'),
      { uuid: '{s}', key: BB_VARS_STATE, value: '{"v":2,"k":"x","m":{"OLD":""}}', secured: false },
    ]),
    changes: [],
    unchanged: 0,
  },
  {
    name: 'changes sorted by key',
    desired: desired(r, [plain('Z', '1'), plain('B', '1'), plain('a', '1')]),
    live: live(r, [livePlain('C', 'x'), stateVar({ C: '' })]),
    changes: ['create B new', 'delete C not-declared', 'create Z new', 'create a new'],
    unchanged: 0,
  },
  {
    name: 'missing deployment environment → create-environment first, then creates',
    desired: desired(dep('api', 'production'), [plain('B', '1'), secured('A', 's')], { environmentType: 'Staging' }),
    live: live(dep('api', 'production'), [], { exists: false, environmentUuid: undefined }),
    changes: ['create-environment production missing-environment', 'create A new', 'create B new'],
    unchanged: 0,
  },
  {
    name: 'no live scope read for a deployment → environment created',
    desired: desired(dep('api', 'qa'), [plain('A', '1')], { environmentType: 'Test' }),
    changes: ['create-environment qa missing-environment', 'create A new'],
    unchanged: 0,
  },
];

describe('planReconcile rules', () => {
  it.each(cases)('$name', (c) => {
    const plan = planOne(c.desired, c.live, { forceSecured: c.forceSecured ?? false });
    const scope = plan.scopes[0]!;
    expect(scope.changes.map((ch) => `${ch.action} ${ch.key} ${ch.reason}`)).toEqual(c.changes);
    expect(scope.unchanged).toBe(c.unchanged);
  });
});

describe('planReconcile details', () => {
  it('never plans a change to BB_VARS_* keys under any prune mode', () => {
    for (const prune of ['managed', 'all', 'none'] as const) {
      const plan = planOne(
        desired(r, [], { prune }),
        live(r, [livePlain('BB_VARS_X', '1'), stateVar({ BB_VARS_X: '' })]),
      );
      expect(plan.scopes[0]!.changes).toEqual([]);
    }
  });

  it('summary counts variable changes and unchanged, not environments or bookkeeping', () => {
    const plan = planReconcile(
      {
        workspace: WS,
        scopes: [
          desired(ws, [plain('W', '1')]),
          desired(r, [plain('A', '2'), plain('K', 'k')]),
          desired(dep(), [plain('D', '1')]),
        ],
      },
      {
        workspace: WS,
        scopes: [
          live(ws, [livePlain('W', '1')]),
          live(r, [livePlain('A', '1'), livePlain('K', 'k'), livePlain('OLD', 'x'), stateVar({ OLD: '' })]),
        ],
      },
      { fingerprintKey: KEY },
    );
    expect(plan.summary).toEqual({ create: 1, update: 1, replace: 0, delete: 1, unchanged: 2 });
    expect(plan.scopes.map((s) => s.scope.type)).toEqual(['workspace', 'repository', 'deployment']);
  });

  it('uses the desired environment type, infers it only for test/staging/production, and never guesses', () => {
    const envType = (d: DesiredScope) => {
      const change = planOne(d, undefined).scopes[0]!.changes[0];
      return change?.action === 'create-environment' ? change.environmentType : undefined;
    };
    expect(envType(desired(dep('api', 'prod-eu'), [], { environmentType: 'Test' }))).toBe('Test');
    expect(envType(desired(dep('api', 'Staging'), []))).toBe('Staging');
    expect(envType(desired(dep('api', 'production'), []))).toBe('Production');
    expect(() => envType(desired(dep('api', 'prod-eu'), []))).toThrow(/no environment type/);
  });

  it('keeps the live environment uuid and the variable uuids for apply', () => {
    const a = livePlain('A', '1');
    const plan = planOne(desired(dep(), [plain('A', '2')]), live(dep(), [a], { environmentUuid: '{env-42}' }));
    expect(plan.scopes[0]!.environmentUuid).toBe('{env-42}');
    expect((plan.scopes[0]!.changes[0] as VariableChange).liveUuid).toBe(a.uuid);
  });

  it('shows plain values and hides secured ones, keeping fingerprints', () => {
    const plan = planOne(
      desired(r, [plain('P', 'new'), secured('S', 'x'), secured('T', 'y', true), plain('F', 'now-plain')]),
      live(r, [livePlain('P', 'old'), liveSecured('S'), livePlain('F', 'x'), stateVar({ S: 'AAAA', F: '' })]),
    );
    const byKey = new Map(plan.scopes[0]!.changes.map((c) => [c.key, c as VariableChange]));
    expect(byKey.get('P')).toMatchObject({
      before: { secured: false, value: 'old' },
      after: { secured: false, value: 'new' },
    });
    expect(byKey.get('S')).toMatchObject({
      before: { secured: true, fingerprint: 'AAAA' },
      after: { secured: true, fingerprint: fp(r, 'S', 'x') },
    });
    expect(byKey.get('S')!.after).not.toHaveProperty('value');
    expect(byKey.get('T')).toMatchObject({
      action: 'create',
      sensitive: true,
      after: { secured: true, fingerprint: fp(r, 'T', 'y') },
    });
    expect(byKey.get('F')).toMatchObject({ action: 'update', before: { value: 'x' }, after: { value: 'now-plain' } });
  });

  it('hides the old plain value when a variable becomes secured (it may be the secret)', () => {
    const plan = planOne(desired(r, [secured('A', 'secret')]), live(r, [livePlain('A', 'secret-in-plain')]));
    const change = plan.scopes[0]!.changes[0] as VariableChange;
    expect(change.before).toEqual({ secured: false });
  });

  it('never puts a desired secret anywhere in the plan', () => {
    const canaries = ['CANARY-secured-4f1c', 'CANARY-sensitive-9b2e', 'CANARY-old-plain-7d0a'];
    const plan = planReconcile(
      {
        workspace: WS,
        scopes: [
          desired(ws, [secured('W', canaries[0]!)]),
          desired(r, [secured('S', canaries[0]!), secured('T', canaries[1]!, true), secured('U', canaries[0]!)]),
          desired(dep(), [secured('D', canaries[1]!, true)]),
        ],
      },
      {
        workspace: WS,
        scopes: [live(ws, [liveSecured('W')]), live(r, [livePlain('U', canaries[2]!), liveSecured('S')])],
      },
      { fingerprintKey: KEY, forceSecured: true },
    );
    const text = JSON.stringify(plan);
    for (const canary of canaries) expect(text).not.toContain(canary);
    expect(plan.summary.create + plan.summary.update + plan.summary.replace).toBe(5);
  });
});

describe('planned bookkeeping', () => {
  it('records every declared key, with fingerprints for secured ones', () => {
    const plan = planOne(
      desired(r, [plain('A', '1'), secured('S', 'x')]),
      live(r, [livePlain('A', '1'), livePlain('OLD', 'o'), stateVar({ OLD: '' })]),
    );
    const s = plan.scopes[0]!;
    expect(s.bookkeepingAfter).toEqual({
      version: BOOKKEEPING_VERSION,
      keyId: fingerprintKeyId(KEY),
      managed: { A: '', S: fp(r, 'S', 'x') },
    });
    expect(s.bookkeepingBefore).toEqual({
      version: BOOKKEEPING_VERSION,
      keyId: fingerprintKeyId(KEY),
      managed: { OLD: '' },
    });
    expect(s.bookkeepingUuid).toMatch(/^\{u-state-\d+\}$/);
    expect(s.bookkeepingDirty).toBe(true);
  });

  it('bookkeeping-only work is dirty but no change', () => {
    // A and S exist as desired, but no record says so yet.
    const plan = planOne(desired(r, [plain('A', '1')]), live(r, [livePlain('A', '1')]));
    expect(plan.scopes[0]!.bookkeepingDirty).toBe(true);
    expect(plan.scopes[0]!.changes).toEqual([]);
    expect(plan.summary).toEqual({ create: 0, update: 0, replace: 0, delete: 0, unchanged: 1 });
  });

  it('an up-to-date record is not dirty', () => {
    const plan = planOne(
      desired(r, [plain('A', '1'), secured('S', 'x')]),
      live(r, [livePlain('A', '1'), liveSecured('S'), stateVar({ A: '', S: fp(r, 'S', 'x') })]),
    );
    expect(plan.scopes[0]!.bookkeepingDirty).toBe(false);
  });

  it('an empty scope without record writes nothing', () => {
    expect(planOne(desired(r, []), live(r, [livePlain('MANUAL', '1')])).scopes[0]!.bookkeepingDirty).toBe(false);
  });

  it('a record of a newer format is refused: "upgrade bb-vars", nothing planned, never rewritten', () => {
    const value = '{"v":9,"k":"x","m":{}}';
    expect(() =>
      planOne(
        desired(r, [plain('A', '1')]),
        live(r, [livePlain('A', '1'), { uuid: '{s}', key: BB_VARS_STATE, value, secured: false }]),
      ),
    ).toThrow(/BB_VARS_STATE was written by a newer bb-vars \(record format 9.*Upgrade bb-vars/);
  });

  it.each([
    ['corrupt', '{nope', /unreadable \(not valid JSON\)/],
    [
      'format 1 (unauthenticated)',
      '{"v":1,"k":"x","m":{"A":""}}',
      /not trusted \(format 1 carries no authentication\)/,
    ],
  ])('a %s record warns, is treated as absent and is rewritten', (_name, value, warning) => {
    const plan = planOne(
      desired(r, [plain('A', '1')]),
      live(r, [livePlain('A', '1'), { uuid: '{s}', key: BB_VARS_STATE, value, secured: false }]),
    );
    expect(plan.warnings).toHaveLength(1);
    expect(plan.warnings[0]).toMatch(/^repository api: /);
    expect(plan.warnings[0]).toMatch(warning);
    expect(plan.scopes[0]!.bookkeepingBefore).toBeNull();
    expect(plan.scopes[0]!.bookkeepingDirty).toBe(true);
  });

  it('a changed fingerprint key warns once per scope, nothing is pruned, and the record is rewritten', () => {
    const plan = planOne(
      desired(r, [secured('S', 'x')]),
      live(r, [
        liveSecured('S'),
        livePlain('OLD', 'o'),
        stateVar({ S: fp(r, 'S', 'x', OTHER_KEY), OLD: '' }, { fingerprintKey: OTHER_KEY }),
      ]),
    );
    expect(plan.warnings).toEqual([
      expect.stringMatching(/BB_VARS_STATE is not trusted \(written with another BB_VARS_FINGERPRINT_KEY/),
    ]);
    expect(plan.scopes[0]!.changes.map((c) => `${c.action} ${c.key} ${c.reason}`)).toEqual(['update S key-changed']);
    expect(plan.scopes[0]!.bookkeepingAfter.keyId).toBe(fingerprintKeyId(KEY));
    expect(plan.scopes[0]!.bookkeepingDirty).toBe(true);
  });

  it('while rotating, a record and fingerprints under the previous key are trusted, and rewritten under the new key', () => {
    const plan = planOne(
      desired(r, [secured('S', 'x'), secured('T', 'new')]),
      live(r, [
        liveSecured('S'),
        liveSecured('T'),
        livePlain('OLD', 'o'),
        stateVar(
          { S: fp(r, 'S', 'x', OTHER_KEY), T: fp(r, 'T', 'old', OTHER_KEY), OLD: '' },
          { fingerprintKey: OTHER_KEY },
        ),
      ]),
      { previousFingerprintKey: OTHER_KEY },
    );
    expect(plan.warnings).toEqual([]);
    expect(plan.scopes[0]!.changes.map((c) => `${c.action} ${c.key} ${c.reason}`)).toEqual([
      'delete OLD not-declared',
      'update T secured-value-changed',
    ]);
    expect(plan.scopes[0]!.bookkeepingAfter).toEqual({
      version: BOOKKEEPING_VERSION,
      keyId: fingerprintKeyId(KEY),
      managed: { S: fp(r, 'S', 'x'), T: fp(r, 'T', 'new') },
    });
    expect(plan.scopes[0]!.bookkeepingDirty).toBe(true);
  });

  it('a secured bookkeeping variable is unreadable: nothing pruned, and apply replaces it', () => {
    const plan = planOne(
      desired(r, []),
      live(r, [livePlain('OLD', '1'), { uuid: '{s}', key: BB_VARS_STATE, secured: true }]),
    );
    expect(plan.warnings[0]).toMatch(/BB_VARS_STATE is secured.*Apply replaces it with a plain record/);
    expect(plan.scopes[0]!.changes).toEqual([]);
    expect(plan.scopes[0]!.bookkeepingSecured).toBe(true);
    expect(plan.scopes[0]!.bookkeepingDirty).toBe(true);
  });

  it('a forged record (wrong key id) is not trusted: what it lists is never deleted', () => {
    const forged = {
      uuid: '{s}',
      key: BB_VARS_STATE,
      value: '{"v":2,"k":"AAAAAAAA","m":{"HANDMADE":""},"h":"AAAAAAAAAAAAAAAAAAAAAA"}',
      secured: false,
    };
    const plan = planOne(
      desired(r, [plain('A', '1')]),
      live(r, [livePlain('A', '1'), livePlain('HANDMADE', 'h'), forged]),
    );
    expect(plan.scopes[0]!.changes).toEqual([]);
    expect(plan.warnings).toEqual([expect.stringMatching(/BB_VARS_STATE is not trusted/)]);
    expect(plan.scopes[0]!.bookkeepingDirty).toBe(true);
  });
});

describe('a live secured variable declared without `secured` (issue 12, item 6)', () => {
  it('stays secured: an update whose value is never shown, not a replace to plain', () => {
    const plan = planOne(desired(r, [plain('NPM_TOKEN', 'npm_abcdef123')]), live(r, [liveSecured('NPM_TOKEN')]));
    const change = plan.scopes[0]!.changes[0]!;
    expect(change).toMatchObject({ action: 'update', key: 'NPM_TOKEN', secured: true, reason: 'no-record' });
    expect(JSON.stringify(plan)).not.toContain('npm_abcdef123');
  });

  it('becomes plain only with an explicit `secured: false`', () => {
    const plan = planOne(
      desired(r, [{ ...plain('NPM_TOKEN', 'npm_abcdef123'), declaredPlain: true }]),
      live(r, [liveSecured('NPM_TOKEN')]),
    );
    expect(plan.scopes[0]!.changes[0]).toMatchObject({
      action: 'replace',
      key: 'NPM_TOKEN',
      secured: false,
      reason: 'secured-flag-changed',
    });
  });
});

describe('manifest ids', () => {
  it("keep one record per id: BB_VARS_STATE_<ID>, and another id's record and keys are left alone", () => {
    const theirs = stateVar({ THEIRS: '' }, { manifestId: 'default' });
    const ours = stateVar({ OLD: '' }, { manifestId: 'platform-team' });
    const plan = planOne(
      desired(r, [plain('A', '1')], { prune: 'all' }),
      live(r, [livePlain('THEIRS', 't'), livePlain('OLD', 'o'), theirs, ours]),
      { manifestId: 'platform-team' },
    );
    expect(plan.manifestId).toBe('platform-team');
    expect(plan.scopes[0]!.recordKey).toBe('BB_VARS_STATE_PLATFORM_TEAM');
    expect(plan.scopes[0]!.changes.map((c) => `${c.action} ${c.key}`)).toEqual(['create A', 'delete OLD']);
  });

  it('a key both manifests declare is an error naming the other manifest id', () => {
    const theirs = stateVar({ SHARED: '' }, { manifestId: 'default' });
    expect(() =>
      planOne(desired(r, [plain('SHARED', '1')]), live(r, [livePlain('SHARED', '1'), theirs]), {
        manifestId: 'platform',
      }),
    ).toThrow(/SHARED is managed by manifest id 'default', and this manifest \(id 'platform'\) declares it too/);
  });
});

describe('keys that are Object.prototype member names', () => {
  it('never treats unmanaged toString / constructor / __proto__ variables as managed, and records them safely', async () => {
    const { desired, live, livePlain, planOne, plain, repo, stateVar } = await import('../support/plan-builders.ts');
    const scope = repo();
    const liveScope = live(scope, [
      livePlain('toString', 'a'),
      livePlain('constructor', 'b'),
      livePlain('__proto__', 'c'),
      livePlain('hasOwnProperty', 'd'),
      livePlain('OTHER', 'x'),
      stateVar({ OTHER: '' }, { scope }),
    ]);
    const plan = planOne(desired(scope, [plain('OTHER', 'x'), plain('valueOf', 'v')]), liveScope);
    const keys = plan.scopes[0]!.changes.map((c) => `${c.action} ${c.key}`);
    expect(keys).toEqual(['create valueOf']);
    const after = plan.scopes[0]!.bookkeepingAfter.managed;
    expect(Object.keys(after).sort()).toEqual(['OTHER', 'valueOf']);
    expect(Object.getPrototypeOf(after)).toBeNull();
  });
});
