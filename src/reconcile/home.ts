/**
 * The home repository an apply needs (its rule: src/core/home.ts), or a clear error.
 */
import type { Home } from '../core/home.ts';
import { UserError } from '../errors.ts';

/** The home, or a clear error for a manifest that declares no repository and sets no `home:`. */
export function requireHome(home: Home | undefined, manifestFile: string, needs: string): Home {
  if (home) return home;
  throw new UserError(
    `${manifestFile}: ${needs} needs a home repository, and this manifest declares no repository ` +
      '(nor does it run in the pipeline, $BITBUCKET_REPO_SLUG, of a repository its projects list).\n' +
      '  hint: add `home: <repository slug>` to the manifest: a repository of the workspace where bb-vars may keep ' +
      'its own repository variables (BB_VARS_LOCK, BB_VARS_INVENTORY); usually the repository that runs this pipeline.',
  );
}
