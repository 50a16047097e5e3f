/** What `import --project` declares once for a project, and what each repository keeps (pure). */
import { describe, expect, it } from 'vitest';
import { shareProject } from '../../src/import/project.ts';
import type { ImportedRepository, ImportedVariable } from '../../src/import/types.ts';

const plain = (key: string, value: string): ImportedVariable => ({ key, value, secured: false });
const secured = (key: string): ImportedVariable => ({ key, secured: true });
const repository = (
  slug: string,
  variables: ImportedVariable[],
  environments: ImportedRepository['environments'] = [],
) => ({
  slug,
  variables,
  environments,
});

describe('shareProject', () => {
  it('shares a value more than half of the repositories hold; the others keep theirs as overrides', () => {
    const { shared, kept } = shareProject('PLAT', [
      repository('a', [plain('LOG', 'info'), plain('ONLY_A', '1')]),
      repository('b', [plain('LOG', 'info')]),
      repository('c', [plain('LOG', 'debug')]),
    ]);
    expect(shared.variables).toEqual([plain('LOG', 'info')]);
    expect(shared.overrides).toBe(1);
    expect(kept.map((r) => r.variables)).toEqual([[plain('ONLY_A', '1')], [], [plain('LOG', 'debug')]]);
  });

  it('shares nothing without a majority, nothing a repository lacks, and never a secured value', () => {
    const { shared, kept } = shareProject('PLAT', [
      repository('a', [plain('DB', 'a_db'), plain('HALF', 'x'), secured('TOKEN')]),
      repository('b', [plain('DB', 'b_db'), plain('HALF', 'y'), secured('TOKEN')]),
      repository('c', [plain('DB', 'c_db'), secured('TOKEN')]),
    ]);
    expect(shared.variables).toEqual([]);
    expect(shared.securedEverywhere).toEqual(['TOKEN']);
    expect(shared.overrides).toBe(0);
    expect(kept.map((r) => r.variables.length)).toEqual([3, 3, 2]);
  });

  it('two repositories with different values: no majority, each keeps its own', () => {
    const { shared } = shareProject('PLAT', [repository('a', [plain('X', '1')]), repository('b', [plain('X', '2')])]);
    expect(shared.variables).toEqual([]);
  });

  it('shares an environment every repository has with the same type, and only its shared variables', () => {
    const env = (type: 'Production' | 'Staging', variables: ImportedVariable[]) => [
      { name: 'production', type, variables },
    ];
    const { shared, kept } = shareProject('PLAT', [
      repository('a', [], env('Production', [plain('ROLE', 'r'), plain('REGION', 'eu')])),
      repository('b', [], env('Production', [plain('ROLE', 'r')])),
    ]);
    expect(shared.deployments).toEqual([{ name: 'production', type: 'Production', variables: [plain('ROLE', 'r')] }]);
    expect(kept[0]!.environments).toEqual(env('Production', [plain('REGION', 'eu')]));
    expect(kept[1]!.environments).toEqual([]);

    const mixed = shareProject('PLAT', [
      repository('a', [], env('Production', [plain('ROLE', 'r')])),
      repository('b', [], env('Staging', [plain('ROLE', 'r')])),
    ]);
    expect(mixed.shared.deployments).toEqual([]);
    expect(mixed.kept.map((r) => r.environments.length)).toEqual([1, 1]);
  });
});
