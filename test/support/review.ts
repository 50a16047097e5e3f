/** Shared setup for the pull-request comment tests: a sandbox with a pull request and clients. */
import type { BitbucketClient } from '../../src/bitbucket/index.ts';
import type { ScopeRef } from '../../src/core/types.ts';
import { planReconcile } from '../../src/plan/diff.ts';
import { KEY, WS, desired, live, livePlain, plain, repo, secured } from './plan-builders.ts';
import type { Plan } from '../../src/plan/types.ts';
import { PR_COMMENT_MARKER } from '../../src/render/markdown.ts';
import type { Sandbox, SandboxSeed } from '../../src/sandbox/index.ts';
import { clientFor as oauthClient, envFor } from './client.ts';
import { sandbox as startTestSandbox } from './sandbox.ts';

export const SECRET = 'CANARY-review-secret-4f1d';
export const HUMAN = 'Looks good, waiting for the plan.';
export const QUOTING = `> ${PR_COMMENT_MARKER}\n\nWhy does it say this?`;
/** A human's comment that ends with the marker line: not bb-vars', must never be edited. */
export const IMPOSTOR = `I copied the last plan here:\n\n${PR_COMMENT_MARKER}`;

export const TARGET = { workspace: WS, repository: 'api', pullRequest: 7 } as const;

function seed(): SandboxSeed {
  return {
    credentials: {
      oauthConsumers: [
        {
          clientId: 'writer',
          clientSecret: 'writer-secret-0000',
          scopes: ['pipeline', 'pipeline:variable', 'pullrequest'],
        },
        { clientId: 'no-pr', clientSecret: 'no-pr-secret-0000', scopes: ['pipeline', 'pipeline:variable'] },
      ],
    },
    users: { jane: 'Jane Developer' },
    workspaces: {
      [WS]: {
        repositories: {
          api: {
            pullRequests: [
              {
                id: 7,
                title: 'Infra change',
                comments: [
                  { raw: HUMAN, author: 'jane' },
                  { raw: QUOTING, author: 'jane' },
                ],
              },
            ],
          },
        },
      },
    },
  };
}

export async function startReviewSandbox(
  extraComments: Array<{ raw: string; author?: string }> = [],
): Promise<Sandbox> {
  const s = seed();
  s.workspaces[WS]!.repositories!.api!.pullRequests![0]!.comments!.push(...extraComments);
  return startTestSandbox({ seed: s });
}

/** A client logged in as one of the seed's OAuth consumers. */
export function clientFor(sandbox: Sandbox, clientId = 'writer'): BitbucketClient {
  return oauthClient(envFor(sandbox, 'oauth', clientId)).client;
}

/** A plan creating `count` variables in one repository, one of them secured with SECRET. */
export function planWith(count: number, valuePrefix = 'value'): Plan {
  const scope: ScopeRef = repo('api');
  const variables = Array.from({ length: count }, (_, i) =>
    plain(`VARIABLE_WITH_A_LONG_NAME_${String(i).padStart(5, '0')}`, `${valuePrefix}-${i}-${'x'.repeat(40)}`),
  );
  variables.push(secured('DB_PASSWORD', SECRET));
  return planReconcile(
    { workspace: WS, scopes: [desired(scope, variables)] },
    { workspace: WS, scopes: [live(scope, [livePlain('OTHER', SECRET.slice(0, 3))])] },
    { fingerprintKey: KEY },
  );
}
