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
/** An apply takes its lock (a create in the home repository) and releases it (a delete). */
const LOCK_WRITES = 2;
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
  // Each repository scope creates NEW_KEY, so its intent (the record listing it) is written before
  // and its record after.
  const intents = ws.repositories;
  const bookkeeping = ws.scopes.length + 1 + intents + LOCK_WRITES;
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

// A project fan-out (issue 15, bench/projects.mjs): one project of N repositories declared once
// under `projects:`, and a few repositories of another project that the plan must never read.

export const PROJECT_KEY = 'FLEET';
export const OTHER_PROJECT_KEY = 'OTHER';
const OTHER_REPOSITORIES = 3;
const otherSlug = (i) => `other-${pad(i, 2)}`;

/**
 * Describes project FLEET of `repositories` repositories. Each has `min`–`max` variables of its
 * own (none of them declared by the manifest: they stay untouched), every 10th one also an
 * outdated SONAR_HOST (adopted and updated); each has a `production` environment with 0–`max`
 * variables, except every 10th (from the 5th), where the apply creates it.
 */
export function describeProject({ repositories, min = 1, max = 150, seed = 11 }) {
  const rnd = createRandom(seed + repositories);
  const count = (lo) => lo + Math.floor(rnd() * (max - lo + 1));
  const members = [];
  for (let r = 1; r <= repositories; r++)
    members.push({
      repository: `repo-${pad(r)}`,
      own: count(min),
      outdated: r % 10 === 0,
      production: r % 10 === 5 ? undefined : count(0),
    });
  return { repositories, members, home: members[0]?.repository };
}

/**
 * What a perfect tool would need, from the description alone. The plan's lower bound is the one of
 * the same repositories declared one by one under `repositories:` (1 token; per repository its
 * environments list, its variables' pages and, when production exists, production's pages) plus
 * ⌈repositories / 100⌉ listing pages. The apply writes each change (2 repository variables and
 * 1 production variable per repository, and the environments it creates), per scope its intent
 * (the record written before creating variables there) and its record, the inventory, and takes
 * and releases its lock. The second plan reads the same scopes,
 * now holding the new variables and records (and the inventory in the home repository).
 */
export function projectExpectations(p) {
  const listPages = pages(p.members.length);
  let firstReads = 1;
  let secondReads = 1;
  let changes = 0;
  let environments = 0;
  for (const m of p.members) {
    const live = m.own + (m.outdated ? 1 : 0);
    firstReads += 1 + pages(live) + (m.production === undefined ? 0 : pages(m.production));
    const after = m.own + 2 + 1 + (m.repository === p.home ? 1 : 0);
    secondReads += 1 + pages(after) + pages((m.production ?? 0) + 1 + 1);
    changes += 3;
    if (m.production === undefined) environments += 1;
  }
  const repositoryBound = firstReads;
  // Every scope gets a variable created: intent + record in each of the 2 scopes per repository.
  const bookkeeping = 2 * 2 * p.members.length + 1;
  return {
    listPages,
    repositoryBound,
    planRequests: repositoryBound + listPages,
    changes,
    environments,
    writes: changes + environments + bookkeeping + LOCK_WRITES,
    replanRequests: secondReads + listPages,
    scopes: 2 * p.members.length,
  };
}

/** The sandbox seed: workspace `bench` with projects FLEET and OTHER. */
export function projectSeedFor(p, credentials) {
  const vars = (prefix, n) =>
    Array.from({ length: n }, (_, i) => ({ key: key(prefix, i + 1), value: value(prefix, i + 1), secured: false }));
  const repositories = {};
  for (const m of p.members) {
    const variables = vars('REPO', m.own);
    if (m.outdated) variables.push({ key: 'SONAR_HOST', value: 'https://old-sonar.example', secured: false });
    const environments =
      m.production === undefined
        ? [{ name: 'staging', type: 'Staging', variables: vars('STAGING', 3) }]
        : [{ name: 'production', type: 'Production', variables: vars('PRODUCTION', m.production) }];
    repositories[m.repository] = { project: PROJECT_KEY, variables, environments };
  }
  for (let i = 1; i <= OTHER_REPOSITORIES; i++)
    repositories[otherSlug(i)] = {
      project: OTHER_PROJECT_KEY,
      variables: vars('REPO', 5),
      environments: [{ name: 'production', type: 'Production', variables: vars('PRODUCTION', 5) }],
    };
  return {
    credentials,
    workspaces: {
      bench: {
        projects: { [PROJECT_KEY]: { name: 'Fleet' }, [OTHER_PROJECT_KEY]: { name: 'Not declared' } },
        repositories,
      },
    },
  };
}

/** bb-vars.yaml for the description: the project's variables once, SONAR_TOKEN from the environment. */
export function projectManifestFor(p) {
  return [
    'version: 1',
    'workspace: bench',
    `home: ${p.home}`,
    'projects:',
    `  ${PROJECT_KEY}:`,
    '    variables:',
    '      SONAR_HOST: https://sonar.example',
    '      SONAR_TOKEN: { env: SONAR_TOKEN, secured: true }',
    '    deployments:',
    '      production:',
    '        type: Production',
    '        variables:',
    '          DEPLOY_ROLE: arn:aws:iam::123456789012:role/deploy',
    '',
  ].join('\n');
}
