import { assert, describe, expect, it } from 'vitest';
import {
  BB_VARS_STATE,
  BOOKKEEPING_VERSION,
  decodeBookkeeping,
  encodeBookkeeping,
  settleBookkeeping,
  type ChangeOutcome,
  type RecordCheck,
} from '../../src/plan/bookkeeping.ts';
import {
  deriveFingerprintKey,
  fingerprintKeyId,
  fingerprintKeysFromEnv,
  fingerprintValue,
} from '../../src/plan/fingerprint.ts';
import {
  KEY,
  OTHER_KEY,
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
} from '../support/plan-builders.ts';

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

  it('bind the environment name lower-cased: renaming production → Production is not a change of scope', () => {
    expect(fingerprintValue(KEY, dep('api', 'Production'), 'S', 'v')).toBe(
      fingerprintValue(KEY, dep('api', 'production'), 'S', 'v'),
    );
  });
});

describe('the fingerprint key from the environment', () => {
  const strong = 'Zq3v9L0pX2mN8rT4wY6bC1dF5gH7jK0s';

  it('is required, with how to make one', () => {
    expect(() => fingerprintKeysFromEnv({})).toThrow(/BB_VARS_FINGERPRINT_KEY is not set.*openssl rand -base64 32/s);
  });

  it.each([
    ['short', 'dog', /too short \(3 characters; at least 32\).*openssl rand -base64 32/],
    ['repetitive', 'password'.repeat(5), /does not look random.*openssl rand -base64 32/],
  ])('refuses a weak key (%s) without echoing it', (_name, weak, message) => {
    let error: unknown;
    try {
      fingerprintKeysFromEnv({ BB_VARS_FINGERPRINT_KEY: weak });
    } catch (e) {
      error = e;
    }
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain(weak);
  });

  it('takes the previous key for rotation, checked the same way', () => {
    const keys = fingerprintKeysFromEnv({
      BB_VARS_FINGERPRINT_KEY: strong,
      BB_VARS_FINGERPRINT_KEY_PREVIOUS: `${strong}-old`,
    });
    expect(keys.current.equals(deriveFingerprintKey(strong))).toBe(true);
    expect(keys.previous?.equals(deriveFingerprintKey(`${strong}-old`))).toBe(true);
    expect(() =>
      fingerprintKeysFromEnv({ BB_VARS_FINGERPRINT_KEY: strong, BB_VARS_FINGERPRINT_KEY_PREVIOUS: 'short' }),
    ).toThrow(/BB_VARS_FINGERPRINT_KEY_PREVIOUS is too short/);
  });
});

describe('bookkeeping encoding and authentication', () => {
  const r = repo('api');
  const binding = { scope: r, manifestId: 'default' };
  const check = { keys: { current: KEY }, binding, name: BB_VARS_STATE };
  const record = {
    version: BOOKKEEPING_VERSION,
    keyId: fingerprintKeyId(KEY),
    managed: { Z: '', A: 'fp_-1' },
    environments: ['qa'],
  };

  it('round-trips compactly with sorted keys and a MAC', () => {
    const text = encodeBookkeeping(record, KEY, binding);
    expect(text).toMatch(
      new RegExp(
        `^\\{"v":2,"k":"${fingerprintKeyId(KEY)}","m":\\{"A":"fp_-1","Z":""\\},"e":\\["qa"\\],"h":"[A-Za-z0-9_-]{22}"\\}$`,
      ),
    );
    expect(decodeBookkeeping(text, check)).toEqual({ ok: record });
  });

  it('missing → null without warning', () => {
    expect(decodeBookkeeping(undefined, check)).toEqual({ ok: null });
    expect(decodeBookkeeping(null, check)).toEqual({ ok: null });
  });

  it('a record is not trusted when edited, copied to another scope or manifest, forged, or of the unauthenticated format 1', () => {
    const text = encodeBookkeeping(record, KEY, binding);
    const edited = text.replace('"Z":""', '"Z":"","MANUAL":""');
    const cases: [string, string, RecordCheck][] = [
      ['edited', edited, check],
      ['copied to another repository', text, { ...check, binding: { scope: repo('web'), manifestId: 'default' } }],
      [
        'copied to a deployment',
        text,
        { ...check, binding: { scope: dep('api', 'production'), manifestId: 'default' } },
      ],
      ['read as another manifest', text, { ...check, binding: { scope: r, manifestId: 'platform' } }],
      [
        'written with another key',
        encodeBookkeeping({ ...record, keyId: fingerprintKeyId(OTHER_KEY) }, OTHER_KEY, binding),
        check,
      ],
      ['forged key id', text.replace(fingerprintKeyId(KEY), 'AAAAAAAA'), check],
      ['format 1', '{"v":1,"k":"x","m":{"MANUAL":""}}', check],
      ['no MAC', text.replace(/,"h":"[^"]*"/, ''), check],
    ];
    for (const [name, value, how] of cases) {
      const decoded = decodeBookkeeping(value, how);
      assert.isUndefined(decoded.ok, name);
      assert.match(decoded.warning ?? '', /BB_VARS_STATE is not trusted .*treating no variable as managed/, name);
    }
  });

  it('a record made with the previous key is trusted while rotating', () => {
    const old = encodeBookkeeping({ ...record, keyId: fingerprintKeyId(OTHER_KEY) }, OTHER_KEY, binding);
    expect(decodeBookkeeping(old, check).ok).toBeUndefined();
    expect(decodeBookkeeping(old, { ...check, keys: { current: KEY, previous: OTHER_KEY } }).ok?.managed).toEqual({
      A: 'fp_-1',
      Z: '',
    });
  });

  it('a record of a newer format is refused with "upgrade bb-vars", never read as managing nothing', () => {
    expect(() => decodeBookkeeping('{"v":3,"k":"x","m":{}}', check)).toThrow(
      /newer bb-vars \(record format 3.*Upgrade bb-vars/,
    );
  });

  it.each([
    ['empty', '', /not valid JSON/],
    ['garbage', 'hello', /not valid JSON/],
    ['array', '[1]', /not a JSON object/],
    ['no version', '{"k":"x","m":{}}', /format version/],
    ['no key id', '{"v":2,"m":{}}', /key id/],
    ['no managed', '{"v":2,"k":"x"}', /managed keys/],
    ['bad key', '{"v":2,"k":"x","m":{"1BAD":""},"h":"x"}', /invalid key "1BAD"/],
    ['bad fingerprint', '{"v":2,"k":"x","m":{"A":5},"h":"x"}', /invalid fingerprint for A/],
  ])('%s → warning, never a throw', (_name, value, message) => {
    const decoded = decodeBookkeeping(value, check);
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
      desired(r, [plain('A', 'new'), secured('S', 'new-secret'), plain('N', 'n'), secured('M', 'm'), plain('U', 'u')], {
        prune: 'all',
      }),
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
    expect(scopePlan().changes.map((c) => `${c.action} ${c.key}`)).toEqual([
      'update A',
      'create M',
      'delete MANUAL',
      'create N',
      'delete OLD',
      'update S',
    ]);
  });

  it('all succeeded → exactly the planned record', () => {
    const sp = scopePlan();
    const settled = settleBookkeeping(
      sp,
      sp.changes.map((c) => ok(c.action, c.key)),
    );
    expect(settled).toEqual(sp.bookkeepingAfter);
  });

  it('failed writes keep the previous entry, or mark a new key managed without fingerprint', () => {
    const sp = scopePlan();
    const settled = settleBookkeeping(sp, [
      failed('update', 'A'),
      failed('update', 'S'),
      failed('create', 'N'),
      ok('create', 'M'),
      failed('delete', 'OLD'),
      ok('delete', 'MANUAL'),
    ]);
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
    const sp = planOne(
      desired(r, [secured('S', 'x')]),
      live(r, [liveSecured('S'), stateVar({ S: fp(r, 'S', 'x', OTHER_KEY) }, { fingerprintKey: OTHER_KEY })]),
    ).scopes[0]!;
    expect(settleBookkeeping(sp, [failed('update', 'S')])).toEqual({
      version: BOOKKEEPING_VERSION,
      keyId: fingerprintKeyId(KEY),
      managed: { S: '' },
    });
  });

  it('returns null when the environment could not be created', () => {
    const sp = planOne(desired(dep(), [plain('A', '1')]), undefined).scopes[0]!;
    expect(settleBookkeeping(sp, [failed('create-environment', 'production')])).toBeNull();
    expect(settleBookkeeping(sp, [ok('create-environment', 'production'), ok('create', 'A')])?.managed).toEqual({
      A: '',
    });
  });

  it('a settled record makes the next plan converge', () => {
    const sp = scopePlan();
    const settled = settleBookkeeping(sp, [failed('update', 'S'), ok('update', 'A')]);
    const next = planOne(
      desired(r, [secured('S', 'new-secret'), plain('A', 'new')]),
      live(r, [
        liveSecured('S'),
        livePlain('A', 'new'),
        livePlain('OLD', 'x'),
        {
          uuid: '{s}',
          key: BB_VARS_STATE,
          value: encodeBookkeeping(settled!, KEY, { scope: r, manifestId: 'default' }),
          secured: false,
        },
      ]),
    );
    expect(next.scopes[0]!.changes.map((c) => `${c.action} ${c.key} ${c.reason}`)).toEqual([
      'delete OLD not-declared',
      'update S secured-value-changed',
    ]);
  });
});
