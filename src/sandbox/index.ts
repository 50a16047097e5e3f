/**
 * The embedded Bitbucket Cloud sandbox: an in-process HTTP emulator of the endpoints bb-vars
 * uses, quirks included. Tests, the demo and `bb-vars sandbox` start it with `startSandbox()`.
 */
import type { Sandbox } from './server.ts';

export { startSandbox, type Sandbox } from './server.ts';
export { defaultSeed, loadSeedFile, validateSeed, SEED_SCHEMA } from './seed.ts';
export { generateSeed, LARGE_PROJECT_KEY, type GenerateSeedOptions } from './generate-seed.ts';
export {
  SandboxStore,
  DEFAULT_PROJECT,
  type ReportSnapshot,
  type StoredVariable,
  type VariableSnapshot,
} from './store.ts';
export { ROUTES } from './router.ts';
export { peakInFlight } from './request-log.ts';
export type * from './types.ts';

/**
 * The environment a bb-vars process needs to talk to this sandbox: API and token URLs, the first
 * OAuth consumer, and a workspace, repository and open pull request from the seed (the first
 * repository with an open pull request, else the first repository).
 */
export function sandboxEnv(sandbox: Sandbox): Record<string, string> {
  const env: Record<string, string> = { BITBUCKET_API_URL: sandbox.url, BITBUCKET_TOKEN_URL: sandbox.tokenUrl };
  const consumer = sandbox.seed.credentials?.oauthConsumers?.[0];
  if (consumer) {
    env.BITBUCKET_CLIENT_ID = consumer.clientId;
    env.BITBUCKET_CLIENT_SECRET = consumer.clientSecret;
  }
  let fallback: { workspace: string; repository: string } | undefined;
  for (const [workspace, ws] of Object.entries(sandbox.seed.workspaces)) {
    for (const [repository, repo] of Object.entries(ws.repositories ?? {})) {
      fallback ??= { workspace, repository };
      const open = (repo.pullRequests ?? []).find((pr) => (pr.state ?? 'OPEN') === 'OPEN');
      if (open)
        return {
          ...env,
          BITBUCKET_WORKSPACE: workspace,
          BITBUCKET_REPO_SLUG: repository,
          BITBUCKET_PR_ID: String(open.id),
        };
    }
  }
  if (fallback) return { ...env, BITBUCKET_WORKSPACE: fallback.workspace, BITBUCKET_REPO_SLUG: fallback.repository };
  const firstWorkspace = Object.keys(sandbox.seed.workspaces)[0];
  return firstWorkspace === undefined ? env : { ...env, BITBUCKET_WORKSPACE: firstWorkspace };
}
