/**
 * A project's fan-out in plans (issue 15), pure: expansion, one line per key in text and
 * markdown, the per-repository detail in JSON and a bounded markdown section — at 1,000
 * repositories the pull-request comment still fits Bitbucket's 32,000 characters.
 */
import { describe, expect, it } from 'vitest';
import type { DesiredProject, DesiredState, LiveScope } from '../../src/core/types.ts';
import { planReconcile } from '../../src/plan/diff.ts';
import { expandProjects } from '../../src/reconcile/projects.ts';
import { toJsonDocument } from '../../src/render/json.ts';
import { PR_COMMENT_MARKER, renderMarkdown } from '../../src/render/markdown.ts';
import { renderText } from '../../src/render/text.ts';
import { COMMENT_RENDER_CHARS, MAX_COMMENT_CHARS } from '../../src/review/comment.ts';
import { desired, KEY, live, livePlain, plain, repo, secured, WS } from '../support/plan-builders.ts';

const origin = { project: 'PLAT' };
const PROJECT: DesiredProject = {
  key: 'PLAT',
  exclude: ['legacy'],
  prune: 'managed',
  variables: [
    { ...plain('SONAR_HOST', 'https://sonar.example'), origin },
    { ...secured('SONAR_TOKEN', 'CANARY-fleet-token-4411'), origin },
  ],
  deployments: [
    {
      environment: 'production',
      environmentType: 'Production',
      prune: 'managed',
      variables: [{ ...plain('DEPLOY_ROLE', 'arn:role'), origin }],
    },
  ],
  where: 'bb-vars.yaml:10:3',
};

const slugs = (n: number) => Array.from({ length: n }, (_, i) => `svc-${String(i + 1).padStart(4, '0')}`);

describe('expandProjects', () => {
  it("fans out to each listed repository but the excluded; a repository's own key wins; deployments match without case", () => {
    const state: DesiredState = {
      workspace: WS,
      scopes: [
        desired(repo('svc-0002'), [plain('SONAR_HOST', 'own')]),
        desired({ type: 'deployment', workspace: WS, repository: 'svc-0002', environment: 'Production' }, []),
      ],
      projects: [PROJECT],
    };
    const { desired: out, warnings } = expandProjects(state, new Map([['PLAT', [...slugs(2), 'legacy']]]));
    expect(out.projects).toBeUndefined();
    expect(warnings).toEqual([]);
    const ids = out.scopes.map((s) =>
      s.scope.type === 'deployment'
        ? `${s.scope.repository}/${s.scope.environment}`
        : s.scope.type === 'repository'
          ? s.scope.repository
          : 'workspace',
    );
    expect(ids).toEqual(['svc-0002', 'svc-0002/Production', 'svc-0001', 'svc-0001/production']);
    const own = out.scopes[0]!;
    expect(own.variables.map((v) => [v.key, v.value, v.origin?.project])).toEqual([
      ['SONAR_HOST', 'own', undefined],
      ['SONAR_TOKEN', 'CANARY-fleet-token-4411', 'PLAT'],
    ]);
    expect(own.origin).toBeUndefined();
    expect(own.project).toBe('PLAT');
    expect(out.scopes[1]!.variables.map((v) => v.key)).toEqual(['DEPLOY_ROLE']);
    expect(out.scopes[2]).toMatchObject({ project: 'PLAT', origin });
    expect(out.scopes[3]).toMatchObject({ environmentType: 'Production', origin });
  });

  it('warns about an excluded slug that is not in the project, naming the closest', () => {
    const state: DesiredState = { workspace: WS, scopes: [], projects: [{ ...PROJECT, exclude: ['svc-001'] }] };
    const { warnings } = expandProjects(state, new Map([['PLAT', slugs(3)]]));
    expect(warnings).toEqual([
      "bb-vars.yaml:10:3  projects.PLAT.exclude: svc-001 is not a repository of project PLAT; did you mean 'svc-0001'?",
    ]);
  });
});

describe('a 1,000-repository fan-out in plans', () => {
  const repositories = slugs(1000);
  const state = expandProjects({ workspace: WS, scopes: [], projects: [PROJECT] }, new Map([['PLAT', repositories]]));
  // 40 repositories already have an older SONAR_HOST (not managed yet) and the production environment.
  const liveScopes: LiveScope[] = repositories
    .slice(0, 40)
    .flatMap((slug) => [
      live(repo(slug), [livePlain('SONAR_HOST', 'https://old.example')]),
      live({ type: 'deployment', workspace: WS, repository: slug, environment: 'production' }, []),
    ]);
  const plan = planReconcile(state.desired, { workspace: WS, scopes: liveScopes }, { fingerprintKey: KEY });

  it('text: one line per key', () => {
    const text = renderText(plan);
    expect(text).toContain('project PLAT: (changes in 1000 repositories)');
    expect(text).toContain('~ SONAR_HOST = "https://sonar.example": create in 960 repositories of PLAT, update in 40');
    expect(text).toContain('+ SONAR_TOKEN: create in 1000 repositories of PLAT');
    expect(text).toContain('+ environment production: create in 960 repositories of PLAT');
    expect(text).toContain('+ production/DEPLOY_ROLE = "arn:role": create in 1000 repositories of PLAT');
    expect(text.split('\n').length).toBeLessThan(15);
    expect(text).not.toContain('CANARY');
  });

  it('markdown: the summary rows, then per-repository detail cut to fit the 32,000-character comment', () => {
    const markdown = renderMarkdown(plan, { maxChars: COMMENT_RENDER_CHARS, marker: PR_COMMENT_MARKER });
    expect(markdown.length).toBeLessThanOrEqual(MAX_COMMENT_CHARS);
    expect(markdown).toContain('**Plan: 2960 to create, 40 to update, 0 to replace, 0 to delete.**');
    expect(markdown).toContain('| `SONAR_TOKEN` | yes | create in 1000 repositories of PLAT |');
    expect(markdown).toContain(
      '| `SONAR_HOST` | no | create in 960 repositories of PLAT, update in 40 → `"https://sonar.example"` |',
    );
    expect(markdown).toContain('#### Per-repository detail of project changes');
    expect(markdown).toContain('| svc-0001 | update | `SONAR_HOST` | no |');
    expect(markdown).toMatch(
      /… and the detail of \d+ more changes \(run `bb-vars reconcile --format json` for every repository\)/,
    );
    expect(markdown.endsWith(`${PR_COMMENT_MARKER}\n`)).toBe(true);
    expect(markdown).not.toContain('CANARY');
  });

  it('JSON: every change, each with its origin', () => {
    const doc = toJsonDocument(plan);
    expect(doc.changes).toHaveLength(2960 + 40 + 960);
    expect(doc.changes.every((c) => c.origin?.project === 'PLAT')).toBe(true);
    expect(JSON.stringify(doc)).not.toContain('CANARY');
  });
});
