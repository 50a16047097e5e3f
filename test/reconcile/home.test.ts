import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.ts';
import { homeRepository } from '../../src/core/home.ts';
import { requireHome } from '../../src/reconcile/home.ts';

describe('homeRepository', () => {
  it('is the home: field when set, whatever else is declared or in the environment', () => {
    expect(homeRepository({ home: 'infra', declared: ['api', 'web'], pipelineRepository: 'web' })).toEqual({
      repository: 'infra',
      from: 'manifest',
    });
  });

  it('is $BITBUCKET_REPO_SLUG when the manifest declares that repository, spelled as declared', () => {
    expect(homeRepository({ declared: ['api', 'Web'], pipelineRepository: 'web' })).toEqual({
      repository: 'Web',
      from: 'pipeline',
    });
  });

  it('is $BITBUCKET_REPO_SLUG when the manifest lists that repository without declaring it', () => {
    expect(homeRepository({ declared: ['api'], listed: ['web'], pipelineRepository: 'web' })).toEqual({
      repository: 'web',
      from: 'pipeline',
    });
  });

  it('ignores $BITBUCKET_REPO_SLUG of a repository the manifest does not reach', () => {
    const home = homeRepository({ declared: ['web', 'api'], pipelineRepository: 'elsewhere' });
    expect(home?.repository).toBe('api');
    expect(home?.from).toBe('first-declared');
  });

  it('defaults to the first declared repository in code-unit order, with a warning to set home:', () => {
    const home = homeRepository({ declared: ['web', 'api', 'Zeta', '_x'] });
    // Code-unit order: uppercase before `_` before lowercase.
    expect(home?.repository).toBe('Zeta');
    expect(home?.warning).toContain('set `home: Zeta`');
    expect(homeRepository({ declared: ['api'], pipelineRepository: '' })?.from).toBe('first-declared');
  });

  it('is none for a manifest that declares no repository and sets no home:', () => {
    expect(homeRepository({ declared: [], listed: ['web'] })).toBeUndefined();
    expect(homeRepository({ declared: [], pipelineRepository: 'web' })).toBeUndefined();
  });
});

describe('requireHome', () => {
  it('returns the home when there is one', () => {
    expect(requireHome({ repository: 'api', from: 'manifest' }, 'bb-vars.yaml', 'apply')).toEqual({
      repository: 'api',
      from: 'manifest',
    });
  });

  it('explains how to set home: when there is none', () => {
    expect(() => requireHome(undefined, 'bb-vars.yaml', 'Applying')).toThrow(UserError);
    expect(() => requireHome(undefined, 'bb-vars.yaml', 'Applying')).toThrow(
      /bb-vars\.yaml: Applying needs a home repository[\s\S]*add `home: <repository slug>`/,
    );
  });
});
