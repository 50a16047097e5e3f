// Generated benchmark workspaces: a sandbox seed, the matching bb-vars.yaml and a Terraform
// outputs file, plus what a perfect tool would need (the lower bounds) — all from one
// deterministic description, so bounds never depend on what bb-vars itself reports.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
// The same deterministic PRNG the sandbox uses: the same size always gives the same workspace.
import { createRandom } from '../dist/lib.mjs';

export const PAGELEN = 100;
export const ENVIRONMENTS = [
  { name: 'staging', type: 'Staging' },
  { name: 'production', type: 'Production' },
];

const pad = (n, w = 4) => String(n).padStart(w, '0');
const pages = (n) => Math.max(1, Math.ceil(n / PAGELEN));

/**
 * Describes a workspace of `repositories` repositories, each with 2 environments, and
 * `min`–`max` variables per scope (or exactly `perScope`).
 *
 * The manifest declares every live variable, so the plan adopts them, with these differences:
 * each repository scope gets one changed value and one new variable, each production
 * environment one changed value, and the workspace one secured value from a sensitive Terraform
 * output (rewritten once: there is no fingerprint for it yet).
 */
export function describeWorkspace({ repositories, min = 20, max = 150, perScope, seed = 7 }) {
  const rnd = createRandom(seed + repositories);
  const count = () => perScope ?? min + Math.floor(rnd() * (max - min + 1));
  const scopes = [];
  scopes.push({ type: 'workspace', live: count() });
  for (let r = 1; r <= repositories; r++) {
    const slug = `repo-${pad(r)}`;
    scopes.push({ type: 'repository', repository: slug, live: count() });
    for (const env of ENVIRONMENTS)
      scopes.push({ type: 'deployment', repository: slug, environment: env.name, envType: env.type, live: count() });
  }
  return { repositories, scopes };
}

/** Lower bounds and expected work, from the description alone. */
export function expectations(ws) {
  let listPages = 0;
  let changes = 0;
  let variables = 0;
  let longestChain = 0;
  for (const s of ws.scopes) {
    listPages += pages(s.live);
    variables += s.live;
    if (s.type === 'repository') changes += 2;
    if (s.type === 'deployment' && s.environment === 'production') changes += 1;
    if (s.type === 'workspace') changes += 1;
    // token → (environments →) the scope's pages, one after the other.
    longestChain = Math.max(longestChain, 1 + (s.type === 'deployment' ? 1 : 0) + pages(s.live));
  }
  const planRequests = 1 + listPages + ws.repositories;
  // Every declared scope gets its first bookkeeping record, and the home repository the inventory
  // of managed repositories (BB_VARS_INVENTORY, written once before the first repository is touched).
  const bookkeeping = ws.scopes.length + 1;
  return {
    planRequests,
    listPages,
    changes,
    bookkeeping,
    applyRequests: planRequests + changes + bookkeeping,
    variables,
    longestChain,
    scopes: ws.scopes.length,
  };
}

const key = (prefix, i) => `${prefix}_${pad(i)}`;
const value = (prefix, i) => `${prefix.toLowerCase()}-value-${i}`;

/** The sandbox seed: every scope with its live variables (none secured except the workspace's one). */
export function seedFor(ws, credentials) {
  const vars = (prefix, n) =>
    Array.from({ length: n }, (_, i) => ({ key: key(prefix, i + 1), value: value(prefix, i + 1), secured: false }));
  const [wsScope, ...rest] = ws.scopes;
  const workspaceVars = vars('WS', wsScope.live - 1);
  workspaceVars.push({ key: 'WS_SECRET', value: 'old-secret-value', secured: true });
  const repos = {};
  for (const s of rest) {
    if (s.type === 'repository') repos[s.repository] = { variables: vars('REPO', s.live), environments: [] };
    else
      repos[s.repository].environments.push({
        name: s.environment,
        type: s.envType,
        variables: vars(s.environment.toUpperCase(), s.live),
      });
  }
  return { credentials, workspaces: { bench: { variables: workspaceVars, repositories: repos } } };
}

/** bb-vars.yaml text and the Terraform outputs document for the description. */
export function manifestFor(ws) {
  const lines = [
    'version: 1',
    'workspace: bench',
    'sources:',
    '  infra:',
    '    terraform:',
    '      outputs: outputs.json',
    'workspace_variables:',
  ];
  const outputs = { ws_secret: { value: 'new-secret-value', type: 'string', sensitive: true } };
  const [wsScope, ...rest] = ws.scopes;
  for (let i = 1; i < wsScope.live; i++) lines.push(`  ${key('WS', i)}: ${value('WS', i)}`);
  lines.push('  WS_SECRET: { from: infra.ws_secret }');
  lines.push('repositories:');
  for (const s of rest) {
    if (s.type === 'repository') {
      const output = `${s.repository}-url`;
      outputs[output] = { value: value('REPO', 2), type: 'string', sensitive: false };
      lines.push(`  ${s.repository}:`, '    variables:');
      lines.push(`      ${key('REPO', 1)}: ${value('REPO', 1)}-changed`);
      // The second value comes from Terraform (equal to the live one: unchanged).
      if (s.live >= 2) lines.push(`      ${key('REPO', 2)}: { from: infra.${output} }`);
      for (let i = 3; i <= s.live; i++) lines.push(`      ${key('REPO', i)}: ${value('REPO', i)}`);
      lines.push('      NEW_KEY: created-by-bench', '    deployments:');
      continue;
    }
    const prefix = s.environment.toUpperCase();
    lines.push(`      ${s.environment}:`, `        type: ${s.envType}`, '        variables:');
    for (let i = 1; i <= s.live; i++) {
      const changed = s.environment === 'production' && i === 1 ? '-changed' : '';
      lines.push(`          ${key(prefix, i)}: ${value(prefix, i)}${changed}`);
    }
  }
  return { manifest: lines.join('\n') + '\n', outputs: JSON.stringify(outputs) };
}

/** Writes bb-vars.yaml and outputs.json into `dir`; returns the manifest path. */
export async function writeWorkspace(dir, ws) {
  await mkdir(dir, { recursive: true });
  const { manifest, outputs } = manifestFor(ws);
  await writeFile(join(dir, 'bb-vars.yaml'), manifest);
  await writeFile(join(dir, 'outputs.json'), outputs);
  return { manifest: join(dir, 'bb-vars.yaml'), bytes: Buffer.byteLength(manifest) };
}
