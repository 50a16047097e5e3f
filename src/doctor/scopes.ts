/**
 * Which scopes a manifest needs, whether a credential has them, and where to grant a missing
 * one: pure. Scopes are named as OAuth consumers and access tokens know them (`pipeline`,
 * `pipeline:variable`, …); API tokens have `…:bitbucket` scopes of their own, which do not imply
 * each other.
 */
import type { Credentials } from '../bitbucket/types.ts';
import type { Check } from './types.ts';

export type ScopeName = 'pipeline' | 'pipeline:variable' | 'pullrequest' | 'repository' | 'project';

const SCOPES: Record<ScopeName, { apiToken: string; permission: string }> = {
  pipeline: { apiToken: 'read:pipeline:bitbucket', permission: "Pipelines 'Read'" },
  'pipeline:variable': { apiToken: 'admin:pipeline:bitbucket', permission: "Pipelines 'Edit variables'" },
  pullrequest: { apiToken: 'read:pullrequest:bitbucket', permission: "Pull requests 'Read'" },
  repository: { apiToken: 'read:repository:bitbucket', permission: "Repositories 'Read'" },
  project: { apiToken: 'read:project:bitbucket', permission: "Projects 'Read'" },
};

/** Implications Bitbucket documents for OAuth scopes. `pipeline:variable` is not documented to imply `pipeline`. */
const IMPLIED: Record<string, readonly string[]> = {
  'pullrequest:write': ['pullrequest', 'repository:write', 'repository'],
  pullrequest: ['repository'],
  'repository:write': ['repository'],
  'repository:admin': ['repository'],
  project: ['repository'],
  'project:admin': ['project', 'repository'],
};

/** A scope and what it is needed for; `optional` ones are needed by one flag only. */
export interface Requirement {
  scope: ScopeName;
  purpose: string;
  optional?: { flag: string };
}

/** The scopes an apply of a manifest needs, then those `--comment-pr` and `--report` need. */
export function requirements(manifest: { projects: boolean }): Requirement[] {
  const needs: Requirement[] = [
    { scope: 'pipeline', purpose: 'to read variables and environments' },
    { scope: 'pipeline:variable', purpose: 'to write variables' },
  ];
  if (manifest.projects) {
    needs.push(
      { scope: 'project', purpose: "to list projects' repositories (projects:)" },
      { scope: 'repository', purpose: "to list projects' repositories (projects:)" },
    );
  }
  needs.push({ scope: 'pullrequest', purpose: 'to comment on pull requests', optional: { flag: '--comment-pr' } });
  if (!manifest.projects)
    needs.push({ scope: 'repository', purpose: 'to publish Code Insights reports', optional: { flag: '--report' } });
  return needs;
}

/** The name a credential kind knows a scope by. */
export function scopeNameFor(kind: Credentials['kind'], scope: ScopeName): string {
  return kind === 'api-token' ? SCOPES[scope].apiToken : scope;
}

/** The scope a credential kind's scope name stands for, or undefined for one bb-vars never needs. */
export function scopeOf(kind: Credentials['kind'], name: string): ScopeName | undefined {
  return (Object.keys(SCOPES) as ScopeName[]).find((s) => scopeNameFor(kind, s) === name);
}

/**
 * What is known about the credential's scopes: the full list when Bitbucket named it, plus what
 * single answers showed (a read that needs a scope succeeded; a 403 named a missing one).
 */
export interface ScopeEvidence {
  granted?: readonly string[];
  used: ReadonlySet<ScopeName>;
  refused: ReadonlySet<ScopeName>;
}

type Verdict = 'granted' | 'missing' | 'unknown';

function verdict(kind: Credentials['kind'], evidence: ScopeEvidence, scope: ScopeName): Verdict {
  if (evidence.refused.has(scope)) return 'missing';
  if (evidence.granted) {
    const granted = kind === 'api-token' ? new Set(evidence.granted) : expand(evidence.granted);
    return granted.has(scopeNameFor(kind, scope)) ? 'granted' : 'missing';
  }
  return evidence.used.has(scope) ? 'granted' : 'unknown';
}

function expand(scopes: readonly string[]): Set<string> {
  const all = new Set<string>();
  const add = (s: string): void => {
    if (all.has(s)) return;
    all.add(s);
    for (const implied of IMPLIED[s] ?? []) add(implied);
  };
  scopes.forEach(add);
  return all;
}

/** Where to grant `scopes` to this kind of credential. */
export function howToGrant(kind: Credentials['kind'], scopes: readonly ScopeName[]): string {
  const names = scopes.map((s) => scopeNameFor(kind, s)).join(', ');
  switch (kind) {
    case 'oauth':
      return (
        `Grant ${names} to the OAuth consumer: Workspace settings → OAuth consumers → Edit → Permissions: ` +
        `${scopes.map((s) => SCOPES[s].permission).join(', ')}. The next run fetches a token with the new scopes.`
      );
    case 'access-token':
      return (
        `An access token's scopes cannot be changed: create a new one (Repository, Project or Workspace settings → ` +
        `Access tokens) with ${names} and set BITBUCKET_ACCESS_TOKEN to it.`
      );
    case 'api-token':
      return (
        `An API token's scopes cannot be changed: create a new one (id.atlassian.com → Security → API tokens → ` +
        `Create API token with scopes → Bitbucket) with ${names} and set BITBUCKET_API_TOKEN to it.`
      );
  }
}

/**
 * The scope checks: `scopes` for what an apply of this manifest needs (fails when one is
 * missing), and one per optional flag (a warning when missing: only that flag needs it).
 */
export function scopeChecks(kind: Credentials['kind'], evidence: ScopeEvidence, needs: Requirement[]): Check[] {
  const label = (r: Requirement): string => `${scopeNameFor(kind, r.scope)} ${r.purpose}`;
  const required = needs.filter((r) => !r.optional);
  const missing = required.filter((r) => verdict(kind, evidence, r.scope) === 'missing');
  const unknown = required.filter((r) => verdict(kind, evidence, r.scope) === 'unknown');
  const unique = (list: Requirement[]): ScopeName[] => [...new Set(list.map((r) => r.scope))];
  const checks: Check[] = [];
  if (missing.length > 0) {
    checks.push({
      name: 'scopes',
      ok: false,
      message:
        `missing ${missing.map(label).join(', ')}${grantedSuffix(evidence)}. ` + howToGrant(kind, unique(missing)),
    });
  } else if (unknown.length > 0) {
    checks.push({
      name: 'scopes',
      ok: true,
      warning: true,
      message:
        `not verified: ${unknown.map(label).join(', ')}. Bitbucket does not list an ${kind === 'api-token' ? 'API token' : 'access token'}'s ` +
        `scopes, and only a write would show whether it may write. Make sure the credential has ${unknown
          .map((r) => scopeNameFor(kind, r.scope))
          .join(', ')}.`,
    });
  } else {
    checks.push({
      name: 'scopes',
      ok: true,
      message: `granted: ${[...new Set(required.map((r) => scopeNameFor(kind, r.scope)))].join(', ')} (all this manifest needs)`,
    });
  }
  for (const need of needs.filter((r) => r.optional)) {
    const flag = need.optional!.flag;
    const seen = verdict(kind, evidence, need.scope);
    const name = scopeNameFor(kind, need.scope);
    checks.push(
      seen === 'granted'
        ? { name: `scopes ${flag}`, ok: true, message: `granted: ${name} (${flag})` }
        : {
            name: `scopes ${flag}`,
            ok: true,
            warning: true,
            message:
              seen === 'missing'
                ? `${name} is not granted: only ${flag} needs it, ${need.purpose}. ${howToGrant(kind, [need.scope])}`
                : `not verified: ${name}, needed only for ${flag}.`,
          },
    );
  }
  return checks;
}

function grantedSuffix(evidence: ScopeEvidence): string {
  return evidence.granted ? ` (granted: ${evidence.granted.join(', ') || 'none'})` : '';
}
