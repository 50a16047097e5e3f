import { describe, expect, it } from 'vitest';
import { scopeId, type DesiredState } from '../../src/core/types.ts';
import { UserError } from '../../src/errors.ts';
import { closest } from '../../src/core/suggest.ts';
import { filterTargets } from '../../src/plan/targets.ts';
import { WS, dep, desired, repo, ws } from '../support/plan-builders.ts';

const state: DesiredState = {
  workspace: WS,
  scopes: [
    desired(ws, []),
    desired(repo('api-service'), []),
    desired(dep('api-service', 'staging'), []),
    desired(dep('api-service', 'production'), []),
    desired(repo('web'), []),
    desired(dep('web', 'production'), []),
  ],
};

const ids = (targets: string[]) => filterTargets(state, targets).scopes.map((s) => scopeId(s.scope));

describe('filterTargets', () => {
  it.each([
    [[], ['workspace', 'api-service', 'api-service/staging', 'api-service/production', 'web', 'web/production']],
    [['workspace'], ['workspace']],
    [['api-service'], ['api-service', 'api-service/staging', 'api-service/production']],
    [['web/production'], ['web/production']],
    [
      ['web/production', 'workspace'],
      ['workspace', 'web/production'],
    ],
    [
      ['api-service', 'api-service/staging'],
      ['api-service', 'api-service/staging', 'api-service/production'],
    ],
  ])('%j → %j (manifest order, no duplicates)', (targets, expected) => {
    expect(ids(targets)).toEqual(expected);
  });

  it('selects the environments of a repository that declares no repository variables', () => {
    const onlyDeployments: DesiredState = { workspace: WS, scopes: [desired(dep('infra', 'test'), [])] };
    expect(filterTargets(onlyDeployments, ['infra']).scopes).toHaveLength(1);
  });

  it('rejects an unknown target naming the closest scope and listing the valid ones', () => {
    expect(() => ids(['api-servce'])).toThrow(UserError);
    expect(() => ids(['api-servce'])).toThrow(
      /--target api-servce: no such scope in the manifest\. Did you mean 'api-service'\?/,
    );
    expect(() => ids(['web/prod'])).toThrow(
      /Did you mean 'web\/production'\?.*this manifest has: workspace, api-service, api-service\/staging/,
    );
    expect(() => ids(['zzzzzzzzzz'])).not.toThrow(/Did you mean/);
    expect(() => ids(['zzzzzzzzzz'])).toThrow(/no such scope/);
  });

  it('closest ignores case and refuses far-off candidates', () => {
    expect(closest('WEB', ['web', 'api'])).toBe('web');
    expect(closest('database', ['web', 'api'])).toBeUndefined();
  });
});
