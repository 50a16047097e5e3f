import { describe, expect, it } from 'vitest';
import type { ScopeRef } from '../../src/core/types.ts';
import { assignEnvNames, envFragment, slotId } from '../../src/import/env-names.ts';
import { repo } from '../support/plan-builders.ts';

const ws: ScopeRef = { type: 'workspace', workspace: 'acme' };
const dep = (repository: string, environment: string): ScopeRef => ({
  type: 'deployment',
  workspace: 'acme',
  repository,
  environment,
});

describe('envFragment', () => {
  it.each([
    ['api-service', 'API_SERVICE'],
    ['Production EU', 'PRODUCTION_EU'],
    ['1st.env', '_1ST_ENV'],
    ['--', 'X'],
    ['ünï', 'N'],
  ])('%s → %s', (input, expected) => expect(envFragment(input)).toBe(expected));
});

describe('assignEnvNames', () => {
  it('keeps the key as the name when the key is secured in one scope only', () => {
    const names = assignEnvNames([
      { scope: repo('api'), key: 'TOKEN' },
      { scope: dep('api', 'production'), key: 'OTHER' },
    ]);
    expect(names.get(slotId(repo('api'), 'TOKEN'))).toEqual({ name: 'TOKEN', renamed: false });
    expect(names.get(slotId(dep('api', 'production'), 'OTHER'))).toEqual({ name: 'OTHER', renamed: false });
  });

  it('prefixes colliding keys by scope and keeps every name distinct', () => {
    const slots = [
      { scope: ws, key: 'K' },
      { scope: repo('api'), key: 'K' },
      { scope: dep('api', 'production'), key: 'K' },
      { scope: dep('web', 'production'), key: 'K' },
      { scope: dep('api-2', 'production'), key: 'K' },
    ];
    const names = assignEnvNames(slots);
    expect(slots.map((s) => names.get(slotId(s.scope, s.key))!.name)).toEqual([
      'WORKSPACE_K',
      'API_K',
      'PRODUCTION_K',
      'WEB_PRODUCTION_K',
      'API_2_PRODUCTION_K',
    ]);
  });

  it('never hands out a name another secured key owns, and falls back to a numeric suffix', () => {
    // `PRODUCTION_K` is a key of its own elsewhere, and the two repositories sanitise alike.
    const slots = [
      { scope: repo('other'), key: 'PRODUCTION_K' },
      { scope: dep('a-b', 'production'), key: 'K' },
      { scope: dep('a_b', 'production'), key: 'K' },
    ];
    const names = assignEnvNames(slots).values();
    expect([...names].map((n) => n.name)).toEqual(['PRODUCTION_K', 'A_B_PRODUCTION_K', 'A_B_PRODUCTION_K_2']);
  });
});
