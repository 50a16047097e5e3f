import { describe, expect, it } from 'vitest';
import { encodeBookkeeping, decodeBookkeeping } from '../../src/plan/bookkeeping.ts';
import { planReconcile } from '../../src/plan/diff.ts';
import { fingerprintKeyId } from '../../src/plan/fingerprint.ts';
import { findOrphanDeployments } from '../../src/plan/orphans.ts';
import { dep, desired, KEY, live, livePlain, plain, repo, WS } from '../support/plan-builders.ts';

const record = (managed: Record<string, string>, environments?: string[]) =>
  livePlain('BB_VARS_STATE', encodeBookkeeping({ version: 1, keyId: fingerprintKeyId(KEY), managed, ...(environments ? { environments } : {}) }));

describe('deployments removed from the manifest', () => {
  it('finds the environments a repository record lists that the manifest no longer declares', () => {
    const d = { workspace: WS, scopes: [desired(repo('api'), [plain('A', '1')]), desired(dep('api', 'production'), [])] };
    const l = { workspace: WS, scopes: [live(repo('api'), [record({ A: '' }, ['production', 'qa'])])] };
    expect(findOrphanDeployments(d, l)).toEqual([{ scope: dep('api', 'qa'), prune: 'managed', variables: [], orphan: true }]);
    const none = { workspace: WS, scopes: [desired(repo('api'), [plain('A', '1')], { prune: 'none' })] };
    expect(findOrphanDeployments(none, l)).toEqual([]);
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
          live(dep('api', 'production'), [livePlain('B', '2'), record({ B: '' })]),
          live(qa, [livePlain('OURS', 'x'), livePlain('THEIRS', 'y'), record({ OURS: '' })]),
          live(gone, [], { exists: false }),
        ],
      },
      { fingerprintKey: KEY },
    );
    const changes = plan.scopes.flatMap((s) => s.changes.map((c) => `${c.action} ${c.key}`));
    expect(changes).toEqual(['delete OURS']);
    const repository = plan.scopes[0]!;
    expect(repository.bookkeepingAfter.environments).toEqual(['production', 'qa']);
    expect(repository.bookkeepingDirty).toBe(true);
    expect(decodeBookkeeping(encodeBookkeeping(repository.bookkeepingAfter)).ok?.environments).toEqual(['production', 'qa']);
  });
});
