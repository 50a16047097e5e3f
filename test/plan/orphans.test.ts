import { describe, expect, it } from 'vitest';
import type { ScopeRef } from '../../src/core/types.ts';
import { encodeBookkeeping, decodeBookkeeping } from '../../src/plan/bookkeeping.ts';
import { planReconcile } from '../../src/plan/diff.ts';
import { findOrphanDeployments } from '../../src/plan/orphans.ts';
import { dep, desired, KEY, live, livePlain, plain, repo, stateVar, WS } from '../support/plan-builders.ts';

const keys = { current: KEY };
const record = (managed: Record<string, string>, environments?: string[], scope: ScopeRef = repo('api')) =>
  stateVar(managed, { scope, ...(environments ? { environments } : {}) });

describe('deployments removed from the manifest', () => {
  it('finds the environments a repository record lists that the manifest no longer declares', () => {
    const d = {
      workspace: WS,
      scopes: [desired(repo('api'), [plain('A', '1')]), desired(dep('api', 'production'), [])],
    };
    const l = { workspace: WS, scopes: [live(repo('api'), [record({ A: '' }, ['production', 'qa'])])] };
    expect(findOrphanDeployments(d, l, keys)).toEqual([
      { scope: dep('api', 'qa'), prune: 'managed', variables: [], orphan: true },
    ]);
    const none = { workspace: WS, scopes: [desired(repo('api'), [plain('A', '1')], { prune: 'none' })] };
    expect(findOrphanDeployments(none, l, keys)).toEqual([]);
  });

  it('prunes only managed keys of an orphan, never creates its environment, and the repository record lists it until empty', () => {
    const qa = dep('api', 'qa');
    const gone = dep('api', 'gone');
    const plan = planReconcile(
      {
        workspace: WS,
        scopes: [
          desired(repo('api'), [plain('A', '1')]),
          desired(dep('api', 'production'), [plain('B', '2')], { environmentType: 'Production' }),
          { scope: qa, prune: 'managed', variables: [], orphan: true },
          { scope: gone, prune: 'managed', variables: [], orphan: true },
        ],
      },
      {
        workspace: WS,
        scopes: [
          live(repo('api'), [livePlain('A', '1'), record({ A: '' }, ['production', 'qa', 'gone'])]),
          live(dep('api', 'production'), [livePlain('B', '2'), record({ B: '' }, undefined, dep('api', 'production'))]),
          live(qa, [livePlain('OURS', 'x'), livePlain('THEIRS', 'y'), record({ OURS: '' }, undefined, qa)]),
          live(gone, [], { exists: false }),
        ],
      },
      { fingerprintKey: KEY },
    );
    const changes = plan.scopes.flatMap((s) => s.changes.map((c) => `${c.action} ${c.key}`));
    expect(changes).toEqual(['delete OURS']);
    const repository = plan.scopes[0]!;
    const binding = { scope: repo('api'), manifestId: 'default' };
    expect(repository.bookkeepingAfter.environments).toEqual(['production', 'qa']);
    expect(repository.bookkeepingDirty).toBe(true);
    expect(
      decodeBookkeeping(encodeBookkeeping(repository.bookkeepingAfter, KEY, binding), {
        keys,
        binding,
        name: 'BB_VARS_STATE',
      }).ok?.environments,
    ).toEqual(['production', 'qa']);
  });

  it('a deployment renamed only in case (production → Production) is the same environment: never an orphan', () => {
    const d = {
      workspace: WS,
      scopes: [desired(repo('api'), []), desired(dep('api', 'Production'), [plain('API_URL', 'u')])],
    };
    const l = { workspace: WS, scopes: [live(repo('api'), [record({}, ['production'])])] };
    expect(findOrphanDeployments(d, l, keys)).toEqual([]);
  });

  it('an untrusted repository record names no deployment to prune', () => {
    const d = { workspace: WS, scopes: [desired(repo('api'), [])] };
    const copied = record({}, ['qa'], repo('web'));
    expect(findOrphanDeployments(d, { workspace: WS, scopes: [live(repo('api'), [copied])] }, keys)).toEqual([]);
  });
});
