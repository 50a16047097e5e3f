/** The policy guard rails as a pure function of a plan: which changes a protected scope forbids, and max_deletes. */
import { describe, expect, it } from 'vitest';
import type { ScopeRef } from '../../src/core/types.ts';
import { planReconcile } from '../../src/plan/diff.ts';
import { checkPolicy } from '../../src/plan/policy.ts';
import { parseManifest } from '../../src/config/load.ts';
import { ConfigError, formatIssue } from '../../src/errors.ts';
import type { Plan } from '../../src/plan/types.ts';
import {
  dep,
  desired,
  KEY,
  live,
  livePlain,
  liveSecured,
  plain,
  repo,
  secured,
  WS,
  ws,
} from '../support/plan-builders.ts';

/**
 * One plan with, in each of the workspace, repository `api`, deployment `api/production` and
 * repository `web`: a create, a delete (prune: all), a replace (plain → secured) and, in
 * `api/production`, an un-securing (secured → `secured: false`).
 */
function mixedPlan(): Plan {
  const scopes: ScopeRef[] = [ws, repo('api'), dep('api', 'production'), repo('web')];
  return planReconcile(
    {
      workspace: WS,
      scopes: scopes.map((s) =>
        desired(
          s,
          [
            plain('NEW', 'n'),
            secured('FLIP', 'f'),
            ...(s.type === 'deployment' ? [{ ...plain('OPEN', 'o'), declaredPlain: true as const }] : []),
          ],
          { prune: 'all' },
        ),
      ),
    },
    {
      workspace: WS,
      scopes: scopes.map((s) =>
        live(s, [
          livePlain('GONE', 'g'),
          livePlain('FLIP', 'f'),
          ...(s.type === 'deployment' ? [liveSecured('OPEN')] : []),
        ]),
      ),
    },
    { fingerprintKey: KEY, forceSecured: false },
  );
}

describe('checkPolicy', () => {
  it('no policy, or an empty one: no violation, whatever the plan deletes', () => {
    expect(checkPolicy(mixedPlan(), undefined)).toEqual([]);
    expect(checkPolicy(mixedPlan(), {})).toEqual([]);
    expect(checkPolicy(mixedPlan(), { protected: [] })).toEqual([]);
  });

  it('a protected workspace: its delete and replace are violations, creates are not, other scopes untouched', () => {
    const violations = checkPolicy(mixedPlan(), { protected: ['workspace'] });
    expect(violations).toEqual([
      {
        rule: 'protected',
        scope: 'workspace',
        key: 'FLIP',
        message: "replaces FLIP in workspace, which policy.protected protects ('workspace')",
      },
      {
        rule: 'protected',
        scope: 'workspace',
        key: 'GONE',
        message: "deletes GONE in workspace, which policy.protected protects ('workspace')",
      },
    ]);
  });

  it('a protected repository covers its deployments, not other repositories', () => {
    const violations = checkPolicy(mixedPlan(), { protected: ['api'] });
    expect(violations.map((v) => `${v.scope} ${v.key}`)).toEqual([
      'api FLIP',
      'api GONE',
      'api/production FLIP',
      'api/production GONE',
      'api/production OPEN',
    ]);
  });

  it('un-securing is named as such; a deployment matches regardless of case', () => {
    const violations = checkPolicy(mixedPlan(), { protected: ['api/Production'] });
    expect(violations.find((v) => v.key === 'OPEN')?.message).toBe(
      "un-secures OPEN in api/production, which policy.protected protects ('api/Production')",
    );
    expect(violations).toHaveLength(3);
  });

  it('max_deletes: one violation when the plan deletes more, none at the limit', () => {
    // The plan deletes GONE in each of its 4 scopes.
    expect(mixedPlan().summary.delete).toBe(4);
    expect(checkPolicy(mixedPlan(), { max_deletes: 4 })).toEqual([]);
    expect(checkPolicy(mixedPlan(), { max_deletes: 3 })).toEqual([
      { rule: 'max_deletes', scope: '*', message: 'the plan deletes 4 variables; policy.max_deletes allows at most 3' },
    ]);
    expect(checkPolicy(mixedPlan(), { max_deletes: 0, protected: ['web'] }).map((v) => v.rule)).toEqual([
      'protected',
      'protected',
      'max_deletes',
    ]);
  });

  it('project:<KEY> covers the repositories whose changes come from that project, and nothing without origin', () => {
    const plan = mixedPlan();
    expect(checkPolicy(plan, { protected: ['project:PLAT'] })).toEqual([]);
    // Project fan-out marks the changes it declares; the repository's deletes are then covered too.
    const web = plan.scopes.find((s) => s.scope.type === 'repository' && s.scope.repository === 'web')!;
    const create = web.changes.find((c) => c.action === 'create')!;
    create.origin = { project: 'PLAT' };
    expect(checkPolicy(plan, { protected: ['project:PLAT'] }).map((v) => `${v.scope} ${v.key}`)).toEqual([
      'web FLIP',
      'web GONE',
    ]);
    expect(checkPolicy(plan, { protected: ['project:OTHER'] })).toEqual([]);
  });
});

describe('policy: in the manifest (validate)', () => {
  const manifest = (policy: string) =>
    `version: 1\nworkspace: acme\nworkspace_variables:\n  A: a\nrepositories:\n  api-service:\n    deployments:\n      production:\n        variables:\n          B: b\npolicy:\n${policy}`;
  function issuesOf(text: string): string[] {
    try {
      return parseManifest(text, { file: '/x/bb-vars.yaml', displayFile: 'bb-vars.yaml' }).warnings.map(formatIssue);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      return error.issues.map(formatIssue);
    }
  }

  it('every scope form the manifest declares is accepted without a word', () => {
    expect(
      issuesOf(
        manifest(
          '  protected: [workspace, api-service, api-service/production, api-service/Production]\n  max_deletes: 0\n',
        ),
      ),
    ).toEqual([]);
  });

  it('a malformed entry is a located error naming the syntax', () => {
    expect(
      issuesOf(manifest('  protected:\n    - workspace\n    - api-service/production/x\n    - "project:"\n')),
    ).toEqual([
      "bb-vars.yaml:14:7  policy.protected[1]: 'api-service/production/x' is not a scope\n    hint: write 'workspace', '<repo>', '<repo>/<env>' or 'project:<KEY>'",
      "bb-vars.yaml:15:7  policy.protected[2]: 'project:' is not a scope\n    hint: write 'workspace', '<repo>', '<repo>/<env>' or 'project:<KEY>'",
    ]);
  });

  it('a scope the manifest does not mention is a located warning with the closest scope', () => {
    const issues = issuesOf(manifest('  protected: [api-service/prod, api-servce]\n'));
    expect(issues).toHaveLength(2);
    expect(issues[0]).toMatch(
      /^bb-vars\.yaml:12:15 {2}warning: policy\.protected\[0\]: 'api-service\/prod' is not a scope of this manifest; did you mean 'api-service\/production'\?/,
    );
    expect(issues[1]).toMatch(
      /policy\.protected\[1\]: 'api-servce' is not a scope of this manifest; did you mean 'api-service'\?/,
    );
  });

  it('max_deletes must be a whole number of at least 0', () => {
    expect(issuesOf(manifest('  max_deletes: -1\n')).join('\n')).toMatch(/bb-vars\.yaml:12:16 {2}policy\.max_deletes/);
  });
});
