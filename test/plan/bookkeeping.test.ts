import { describe, expect, it } from 'vitest';
import { BB_VARS_STATE, decodeBookkeeping, encodeBookkeeping, settleBookkeeping, type ChangeOutcome } from '../../src/plan/bookkeeping.ts';
import { deriveFingerprintKey, fingerprintKeyId, fingerprintValue } from '../../src/plan/fingerprint.ts';
import { KEY, OTHER_KEY, dep, desired, fp, live, liveSecured, livePlain, plain, planOne, repo, secured, stateVar } from '../support/plan-builders.ts';

describe('fingerprints', () => {
  const r = repo('api');

  it('are keyed, scoped, 128-bit base64url and never contain the value', () => {
    const a = fingerprintValue(KEY, r, 'S', 'hunter2');
    expect(a).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(a).toBe(fingerprintValue(KEY, r, 'S', 'hunter2'));
    expect(fingerprintValue(OTHER_KEY, r, 'S', 'hunter2')).not.toBe(a);
    expect(fingerprintValue(KEY, repo('web'), 'S', 'hunter2')).not.toBe(a);
    expect(fingerprintValue(KEY, dep('api', 'production'), 'S', 'hunter2')).not.toBe(a);
    expect(fingerprintValue(KEY, r, 'T', 'hunter2')).not.toBe(a);
    expect(fingerprintValue(KEY, { ...r, workspace: 'other-ws' }, 'S', 'hunter2')).not.toBe(a);
    expect(fingerprintValue(KEY, { type: 'workspace', workspace: 'acme' }, 'S', 'hunter2')).not.toBe(a);
    expect(fingerprintValue(KEY, r, 'S', 'hunter3')).not.toBe(a);
  });

  it('keeps scope parts apart (no ambiguity between workspace and repository names)', () => {
    const x = fingerprintValue(KEY, { type: 'repository', workspace: 'a', repository: 'b' }, 'K', 'v');
    const y = fingerprintValue(KEY, { type: 'repository', workspace: 'ab', repository: '' }, 'K', 'v');
    expect(x).not.toBe(y);
  });

  it('derive a stable key and key id from material, and refuse empty material', () => {
    expect(deriveFingerprintKey('m').equals(deriveFingerprintKey('m'))).toBe(true);
    expect(deriveFingerprintKey('m')).toHaveLength(32);
    expect(fingerprintKeyId(deriveFingerprintKey('m'))).toMatch(/^[A-Za-z0-9_-]{8}$/);
    expect(fingerprintKeyId(deriveFingerprintKey('m'))).not.toBe(fingerprintKeyId(deriveFingerprintKey('n')));
    expect(() => deriveFingerprintKey('')).toThrow(/set BB_VARS_FINGERPRINT_KEY/);
  });
});

describe('bookkeeping encoding', () => {
  it('round-trips compactly with sorted keys', () => {
    const record = { version: 1, keyId: 'abcd1234', managed: { Z: '', A: 'fp_-1' } };
    const text = encodeBookkeeping(record);
    expect(text).toBe('{"v":1,"k":"abcd1234","m":{"A":"fp_-1","Z":""}}');
    expect(decodeBookkeeping(text)).toEqual({ ok: record });
  });

  it('missing → null without warning', () => {
    expect(decodeBookkeeping(undefined)).toEqual({ ok: null });
    expect(decodeBookkeeping(null)).toEqual({ ok: null });
  });

  it.each([
    ['empty', '', /not valid JSON/],
    ['garbage', 'hello', /not valid JSON/],
    ['array', '[1]', /not a JSON object/],
    ['no version', '{"k":"x","m":{}}', /format version/],
    ['no key id', '{"v":1,"m":{}}', /key id/],
    ['no managed', '{"v":1,"k":"x"}', /managed keys/],
    ['bad key', '{"v":1,"k":"x","m":{"1BAD":""}}', /invalid key "1BAD"/],
    ['bad fingerprint', '{"v":1,"k":"x","m":{"A":5}}', /invalid fingerprint for A/],
    ['newer version', '{"v":2,"k":"x","m":{}}', /newer bb-vars.*Upgrade bb-vars/],
  ])('%s → warning, never a throw', (_name, value, message) => {
    const decoded = decodeBookkeeping(value);
    expect(decoded.ok).toBeUndefined();
    expect(decoded.warning).toMatch(message);
    expect(decoded.warning).toContain(BB_VARS_STATE);
  });
});

describe('settleBookkeeping', () => {
  const r = repo('api');
  const ok = (action: ChangeOutcome['action'], key: string): ChangeOutcome => ({ action, key, ok: true });
  const failed = (action: ChangeOutcome['action'], key: string): ChangeOutcome => ({ action, key, ok: false });

  // Live: A managed (old plain), S managed secured (old fp), OLD managed, MANUAL unmanaged, U unchanged unmanaged.
  const scopePlan = () =>
    planOne(
      desired(r, [plain('A', 'new'), secured('S', 'new-secret'), plain('N', 'n'), secured('M', 'm'), plain('U', 'u')], { prune: 'all' }),
      live(r, [
        livePlain('A', 'old'),
        liveSecured('S'),
        livePlain('OLD', 'x'),
        livePlain('MANUAL', 'y'),
        livePlain('U', 'u'),
        stateVar({ A: '', S: fp(r, 'S', 'old-secret'), OLD: '' }),
      ]),
    ).scopes[0]!;

  it('plans the expected changes for the cases below', () => {
    expect(scopePlan().changes.map((c) => `${c.action} ${c.key}`)).toEqual(['update A', 'create M', 'delete MANUAL', 'create N', 'delete OLD', 'update S']);
  });

  it('all succeeded → exactly the planned record', () => {
    const sp = scopePlan();
    const settled = settleBookkeeping(sp, sp.changes.map((c) => ok(c.action, c.key)));
    expect(settled).toEqual(sp.bookkeepingAfter);
  });

  it('failed writes keep the previous entry, or mark a new key managed without fingerprint', () => {
    const sp = scopePlan();
    const settled = settleBookkeeping(sp, [failed('update', 'A'), failed('update', 'S'), failed('create', 'N'), ok('create', 'M'), failed('delete', 'OLD'), ok('delete', 'MANUAL')]);
    expect(settled?.managed).toEqual({
      A: '', // previous entry
      S: fp(r, 'S', 'old-secret'), // previous fingerprint: the next plan sees a difference and rewrites
      N: '', // never recorded: managed, no fingerprint
      M: fp(r, 'M', 'm'),
      U: '', // unchanged declared key: adopted
      OLD: '', // failed delete: still ours
    });
  });

  it('a failed delete of a never-managed key (prune: all) is not recorded', () => {
    const sp = scopePlan();
    const settled = settleBookkeeping(sp, [failed('delete', 'MANUAL')]);
    expect(settled?.managed).not.toHaveProperty('MANUAL');
    expect(settled?.managed.OLD).toBe(''); // no outcome = failed, and OLD was managed: kept
  });

  it('a change missing from the outcomes counts as failed', () => {
    const sp = scopePlan();
    const settled = settleBookkeeping(sp, []);
    expect(settled?.managed.S).toBe(fp(r, 'S', 'old-secret'));
    expect(settled?.managed.N).toBe('');
  });

  it('after a key change, kept entries lose their (unusable) fingerprint', () => {
    const sp = planOne(desired(r, [secured('S', 'x')]), live(r, [liveSecured('S'), stateVar({ S: fp(r, 'S', 'x', OTHER_KEY) }, OTHER_KEY)])).scopes[0]!;
    expect(settleBookkeeping(sp, [failed('update', 'S')])).toEqual({ version: 1, keyId: fingerprintKeyId(KEY), managed: { S: '' } });
  });

  it('returns null when the environment could not be created', () => {
    const sp = planOne(desired(dep(), [plain('A', '1')]), undefined).scopes[0]!;
    expect(settleBookkeeping(sp, [failed('create-environment', 'production')])).toBeNull();
    expect(settleBookkeeping(sp, [ok('create-environment', 'production'), ok('create', 'A')])?.managed).toEqual({ A: '' });
  });

  it('a settled record makes the next plan converge', () => {
    const sp = scopePlan();
    const settled = settleBookkeeping(sp, [failed('update', 'S'), ok('update', 'A')]);
    const next = planOne(
      desired(r, [secured('S', 'new-secret'), plain('A', 'new')]),
      live(r, [liveSecured('S'), livePlain('A', 'new'), livePlain('OLD', 'x'), { uuid: '{s}', key: BB_VARS_STATE, value: encodeBookkeeping(settled!), secured: false }]),
    );
    expect(next.scopes[0]!.changes.map((c) => `${c.action} ${c.key} ${c.reason}`)).toEqual(['delete OLD not-declared', 'update S secured-value-changed']);
  });
});
