/**
 * The inventory of managed repositories, pure parts: its seal (bound to the home repository and
 * the manifest id, like records), what it says the manifest no longer declares, and what apply
 * writes before and after.
 */
import { describe, expect, it } from 'vitest';
import type { LiveScope, LiveVariable } from '../../src/core/types.ts';
import { planReconcile } from '../../src/plan/diff.ts';
import {
  encodeInventory,
  inventoryIntent,
  managedRepositories,
  settleInventory,
  undeclared,
  type Inventory,
} from '../../src/reconcile/inventory.ts';
import { desired, KEY, live, livePlain, OTHER_KEY, plain, repo, stateVar, WS, ws } from '../support/plan-builders.ts';

const home = { type: 'repository' as const, workspace: WS, repository: 'api' };
const keys = { current: KEY };
const inventory: Inventory = { repositories: ['web', 'api'], workspace: true };

function homeWith(variable: Partial<LiveVariable> & { key: string }): LiveScope {
  return live(home, [{ uuid: '{inv}', secured: false, ...variable }]);
}

describe('the inventory (BB_VARS_INVENTORY)', () => {
  it('round-trips, sorted, when sealed for this home repository and manifest id', () => {
    const value = encodeInventory(inventory, KEY, home, 'default');
    expect(value).toMatch(/^\{"v":1,"k":"[\w-]+","r":\["api","web"\],"w":1,"h":"[\w-]{22}"\}$/);
    const read = managedRepositories(homeWith({ key: 'BB_VARS_INVENTORY', value }), keys, 'default');
    expect(read.trusted).toEqual({ repositories: ['api', 'web'], workspace: true });
    expect(read.warning).toBeUndefined();
    // Another id keeps its own: BB_VARS_INVENTORY_<ID>.
    const app = managedRepositories(
      homeWith({ key: 'BB_VARS_INVENTORY_MY_APP', value: encodeInventory(inventory, KEY, home, 'my-app') }),
      keys,
      'my-app',
    );
    expect(app.trusted?.repositories).toEqual(['api', 'web']);
  });

  it('is not trusted when forged, edited, copied to another repository or id, secured, or under another key', () => {
    const value = encodeInventory(inventory, KEY, home, 'default');
    const untrusted = [
      homeWith({ key: 'BB_VARS_INVENTORY', value: value.replace('"web"', '"billing"') }),
      homeWith({ key: 'BB_VARS_INVENTORY', value: '{"v":1,"k":"AAAAAAAA","r":["web"],"h":"AAAAAAAAAAAAAAAAAAAAAA"}' }),
      homeWith({ key: 'BB_VARS_INVENTORY', value: 'not json' }),
      homeWith({ key: 'BB_VARS_INVENTORY', secured: true }),
      homeWith({ key: 'BB_VARS_INVENTORY', value: encodeInventory(inventory, OTHER_KEY, home, 'default') }),
      live(repo('web'), [{ uuid: '{x}', key: 'BB_VARS_INVENTORY', value, secured: false }]),
    ];
    for (const scope of untrusted) {
      const read = managedRepositories(scope, keys, 'default');
      expect(read.trusted).toBeNull();
      expect(read.warning).toMatch(/BB_VARS_INVENTORY is not trusted .*not looked for on its strength/);
    }
    // Another manifest id's inventory is not this one's, even under its own key name.
    const copied = homeWith({ key: 'BB_VARS_INVENTORY_APP', value });
    expect(managedRepositories(copied, keys, 'app').trusted).toBeNull();
  });

  it('under the previous key (rotation) is trusted, and marked for rewriting', () => {
    const value = encodeInventory(inventory, OTHER_KEY, home, 'default');
    const read = managedRepositories(
      homeWith({ key: 'BB_VARS_INVENTORY', value }),
      { current: KEY, previous: OTHER_KEY },
      'default',
    );
    expect(read.trusted?.repositories).toEqual(['api', 'web']);
    expect(read.stale).toBe(true);
  });

  it('of a newer format is refused with "upgrade bb-vars"', () => {
    const newer = homeWith({ key: 'BB_VARS_INVENTORY', value: '{"v":2,"k":"x","r":[],"h":"y"}' });
    expect(() => managedRepositories(newer, keys, 'default')).toThrow(/newer bb-vars .*Upgrade bb-vars/);
  });

  it('names what the whole manifest no longer declares (slugs ignore case)', () => {
    const manifest = { workspace: WS, scopes: [desired(repo('API'), [])] };
    expect(undeclared({ repositories: ['api', 'web'], workspace: true }, manifest)).toEqual({
      repositories: ['web'],
      workspace: true,
    });
    expect(undeclared(inventory, { workspace: WS, scopes: [desired(ws, [])] }).workspace).toBe(false);
  });

  it('before apply lists every repository the plan may leave a record in; after, drops those with none left', () => {
    const scopes = [
      desired(repo('api'), [plain('A', '1')]),
      { scope: repo('gone'), prune: 'managed' as const, variables: [], orphan: true },
      { scope: repo('new'), prune: 'none' as const, variables: [], recordOnly: true },
    ];
    const plan = planReconcile(
      { workspace: WS, scopes },
      {
        workspace: WS,
        scopes: [
          live(repo('api'), []),
          live(repo('gone'), [livePlain('OLD', 'x'), stateVar({ OLD: '' }, { scope: repo('gone') })]),
          live(repo('new'), []),
        ],
      },
      { fingerprintKey: KEY },
    );
    const intent = inventoryIntent({ repositories: ['gone', 'elsewhere'], workspace: false }, plan);
    // `new` holds nothing and will hold nothing: not touched, not listed.
    expect(intent).toEqual({ repositories: ['api', 'elsewhere', 'gone'], workspace: false });
    // After: `gone` has no record left; `elsewhere` was not planned (kept); `deleted` no longer exists.
    const remains = (i: number) => i === 0;
    expect(
      settleInventory({ ...intent, repositories: [...intent.repositories, 'deleted'] }, plan, scopes, remains, [
        'deleted',
      ]),
    ).toEqual({
      repositories: ['api', 'elsewhere'],
      workspace: false,
    });
    // A record-only scope never proves a repository empty: its other deployments were not planned.
    expect(settleInventory({ repositories: ['new'], workspace: false }, plan, scopes, () => false, [])).toEqual({
      repositories: ['new'],
      workspace: false,
    });
  });
});
