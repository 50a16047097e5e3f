/**
 * The pure parts of `bb-vars doctor`: which scopes a manifest needs and how a missing one is
 * named, the Node.js and rate-limit checks, and the two renderings of the checklist.
 */
import { describe, expect, it } from 'vitest';
import { nodeCheck, rateLimitCheck } from '../../src/doctor/index.ts';
import { renderDoctorJson, renderDoctorText } from '../../src/doctor/render.ts';
import { requirements, scopeChecks, scopeOf, type ScopeName } from '../../src/doctor/scopes.ts';

const none = new Set<ScopeName>();
const needs = requirements({ projects: false });

describe('scope checks', () => {
  it('passes with every scope an apply needs, and notes the optional ones that are missing', () => {
    const checks = scopeChecks(
      'oauth',
      { granted: ['pipeline', 'pipeline:variable'], used: none, refused: none },
      needs,
    );
    expect(checks.map((c) => [c.name, c.ok, c.warning ?? false])).toEqual([
      ['scopes', true, false],
      ['scopes --comment-pr', true, true],
      ['scopes --report', true, true],
    ]);
    expect(checks[0]!.message).toBe('granted: pipeline, pipeline:variable (all this manifest needs)');
    expect(checks[1]!.message).toMatch(/^pullrequest is not granted: only --comment-pr needs it/);
  });

  it('names each missing scope, what it is for and where to grant it, per credential kind', () => {
    const oauth = scopeChecks('oauth', { granted: ['pipeline'], used: none, refused: none }, needs)[0]!;
    expect(oauth.ok).toBe(false);
    expect(oauth.message).toMatch(/^missing pipeline:variable to write variables \(granted: pipeline\)\. Grant/);
    expect(oauth.message).toContain(
      "Workspace settings → OAuth consumers → Edit → Permissions: Pipelines 'Edit variables'",
    );
    const token = scopeChecks('access-token', { granted: [], used: none, refused: none }, needs)[0]!;
    expect(token.message).toMatch(
      /^missing pipeline to read .*, pipeline:variable to write variables \(granted: none\)/,
    );
    expect(token.message).toContain("An access token's scopes cannot be changed");
    const apiToken = scopeChecks(
      'api-token',
      { granted: ['read:pipeline:bitbucket'], used: none, refused: none },
      needs,
    )[0]!;
    expect(apiToken.message).toMatch(/^missing admin:pipeline:bitbucket to write variables/);
    expect(apiToken.message).toContain('id.atlassian.com');
  });

  it("needs project and repository for a manifest with projects, and knows OAuth's implied scopes", () => {
    const withProjects = requirements({ projects: true });
    const missing = scopeChecks(
      'oauth',
      { granted: ['pipeline', 'pipeline:variable'], used: none, refused: none },
      withProjects,
    );
    expect(missing[0]!.ok).toBe(false);
    expect(missing[0]!.message).toMatch(
      /missing project to list projects' repositories \(projects:\), repository to list/,
    );
    // `project` implies `repository`; `pullrequest` implies `repository` too.
    const implied = scopeChecks(
      'oauth',
      { granted: ['pipeline', 'pipeline:variable', 'project', 'pullrequest'], used: none, refused: none },
      withProjects,
    );
    expect(implied.every((c) => c.ok && !c.warning)).toBe(true);
    // API-token scopes do not imply each other.
    expect(scopeOf('api-token', 'read:project:bitbucket')).toBe('project');
    expect(scopeOf('oauth', 'webhook')).toBeUndefined();
  });

  it('without a list of scopes, trusts what single answers showed and says what it could not verify', () => {
    const unknown = scopeChecks('api-token', { used: new Set<ScopeName>(['pipeline']), refused: none }, needs);
    expect(unknown[0]).toMatchObject({ name: 'scopes', ok: true, warning: true });
    expect(unknown[0]!.message).toMatch(
      /^not verified: admin:pipeline:bitbucket to write variables\. Bitbucket does not list an API token's scopes/,
    );
    const refused = scopeChecks('api-token', { used: none, refused: new Set<ScopeName>(['pipeline']) }, needs);
    expect(refused[0]!.ok).toBe(false);
    expect(refused[0]!.message).toMatch(
      /^missing read:pipeline:bitbucket to read variables and environments\. An API token/,
    );
  });
});

describe('node and rate-limit checks', () => {
  it('wants Node.js 20 or newer', () => {
    expect(nodeCheck('20.0.0').ok).toBe(true);
    expect(nodeCheck('24.1.0').ok).toBe(true);
    expect(nodeCheck('18.19.1')).toMatchObject({ ok: false });
    expect(nodeCheck('18.19.1').message).toMatch(/too old: bb-vars needs 20 or newer/);
  });

  it('reads headroom from the X-RateLimit-* headers, and fails near the limit', () => {
    expect(rateLimitCheck(undefined, 6)).toMatchObject({ ok: true });
    expect(rateLimitCheck(undefined, 6).message).toMatch(/sent no X-RateLimit-\* headers.*this check took 6 requests/);
    expect(rateLimitCheck({ limit: 1000, resource: 'api', nearLimit: false }, 4).message).toMatch(
      /^1000 requests per hour \(resource api\), not near it/,
    );
    const near = rateLimitCheck({ limit: 1000, nearLimit: true }, 4);
    expect(near.ok).toBe(false);
    expect(near.message).toMatch(
      /^near the limit: Bitbucket says X-RateLimit-NearLimit: true for 1000 requests per hour\. /,
    );
  });
});

describe('rendering', () => {
  const report = {
    ok: false,
    checks: [
      { name: 'node', ok: true, message: 'Node.js 22.1.0' },
      { name: 'scopes --comment-pr', ok: true, warning: true, message: 'pullrequest is not granted' },
      { name: 'manifest', ok: false, message: 'cannot read 1 source:\n  bb-vars.yaml:3:4  bad\u001b[31m' },
    ],
  };

  it('text: one ✓ / ! / ✗ line per check, continuation lines indented, control characters shown', () => {
    expect(renderDoctorText(report)).toBe(
      [
        '✓ node: Node.js 22.1.0',
        '! scopes --comment-pr: pullrequest is not granted',
        '✗ manifest: cannot read 1 source:',
        '      bb-vars.yaml:3:4  bad\\u001b[31m',
        '',
        '1 of 3 checks failed: fix them (see ✗ above), then run bb-vars doctor again.',
        '',
      ].join('\n'),
    );
    expect(renderDoctorText({ ok: true, checks: report.checks.slice(0, 2) })).toMatch(
      /\nAll 2 checks passed \(1 with a note marked !\)\.\n$/,
    );
  });

  it("json: the contract's document", () => {
    expect(JSON.parse(renderDoctorJson(report))).toEqual({
      format_version: '1',
      ok: false,
      checks: [
        { name: 'node', ok: true, message: 'Node.js 22.1.0' },
        { name: 'scopes --comment-pr', ok: true, message: 'pullrequest is not granted', warning: true },
        { name: 'manifest', ok: false, message: 'cannot read 1 source:\n  bb-vars.yaml:3:4  bad\u001b[31m' },
      ],
    });
  });
});
