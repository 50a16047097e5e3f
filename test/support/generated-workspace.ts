/**
 * A generated workspace for the request-count tests: the sandbox seed (`generateSeed`), a
 * manifest that declares every live variable with one changed value per repository, and the
 * lower bounds a perfect tool would need — computed from the description, not from bb-vars.
 */
import { generateSeed } from '../../src/sandbox/index.ts';
import type { EnvironmentType } from '../../src/core/types.ts';
import type { SandboxSeed } from '../../src/sandbox/index.ts';

export interface GeneratedWorkspace {
  seed: SandboxSeed;
  manifest: string;
  /** Declared scopes: the workspace, each repository, each environment. */
  scopes: number;
  /** token + ⌈variables/100⌉ pages per scope + one environments list per repository. */
  planLowerBound: number;
  /** Same, as `minimumReads` counts before pages are known: one page per scope. */
  minimumReads: number;
  /** Changes the plan must contain (one update per repository). */
  changes: number;
}

const ENVIRONMENTS: { name: string; type: EnvironmentType }[] = [
  { name: 'staging', type: 'Staging' },
  { name: 'production', type: 'Production' },
];

/** `repositories` repositories with 2 environments each and `perScope` plain variables everywhere. */
export function generatedWorkspace(repositories: number, perScope: number): GeneratedWorkspace {
  const seed = generateSeed({ repositories, variablesPerScope: perScope, environments: ENVIRONMENTS, securedEvery: 0 });
  const pad = (i: number) => String(i).padStart(4, '0');
  const vars = (indent: string, prefix: string, changeFirst: boolean) =>
    Array.from(
      { length: perScope },
      (_, i) =>
        `${indent}${prefix}_VAR_${pad(i + 1)}: ${prefix.toLowerCase()}-value-${i + 1}${changeFirst && i === 0 ? '-changed' : ''}`,
    );
  const lines = ['version: 1', 'workspace: acme', 'workspace_variables:', ...vars('  ', 'WS', false), 'repositories:'];
  for (let r = 1; r <= repositories; r++) {
    lines.push(`  repo-${pad(r)}:`, '    variables:', ...vars('      ', 'REPO', true), '    deployments:');
    for (const env of ENVIRONMENTS)
      lines.push(
        `      ${env.name}:`,
        `        type: ${env.type}`,
        '        variables:',
        ...vars('          ', env.name.toUpperCase(), false),
      );
  }
  const scopes = 1 + repositories * (1 + ENVIRONMENTS.length);
  const pages = Math.max(1, Math.ceil(perScope / 100));
  return {
    seed,
    manifest: lines.join('\n') + '\n',
    scopes,
    planLowerBound: 1 + scopes * pages + repositories,
    minimumReads: 1 + scopes + repositories,
    changes: repositories,
  };
}
