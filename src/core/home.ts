/**
 * The home repository of a manifest: where bb-vars keeps what belongs to the manifest as a whole
 * rather than to one scope (the apply lock, the inventory of managed repositories). Repository
 * variables, so only that repository's pipeline steps see them. Pure: the caller passes the env.
 * Used by reconcile (src/reconcile/home.ts) and doctor.
 */
import { compare } from './data.ts';

export interface Home {
  /** The repository's slug, spelled as the manifest (or `home:`) spells it. */
  repository: string;
  /** Where it came from: the `home:` field, $BITBUCKET_REPO_SLUG, or the first declared repository. */
  from: 'manifest' | 'pipeline' | 'first-declared';
  /** Set when the home is a guess that can change (declaring another repository can move it). */
  warning?: string;
}

export interface HomeInput {
  /** The manifest's `home:` field. */
  home?: string | undefined;
  /** Every repository the manifest declares (not limited by --target). */
  declared: readonly string[];
  /** Repositories the manifest reaches without declaring them (for example through a project). */
  listed?: readonly string[];
  /** $BITBUCKET_REPO_SLUG: the repository a pipeline runs in. */
  pipelineRepository?: string | undefined;
}

/**
 * `home:` when set; else $BITBUCKET_REPO_SLUG when the manifest declares or lists that repository;
 * else the first declared repository in code-unit order (with a warning); else none (a manifest of
 * workspace variables only: see `requireHome`).
 */
export function homeRepository(input: HomeInput): Home | undefined {
  if (input.home !== undefined) return { repository: input.home, from: 'manifest' };
  const known = [...input.declared, ...(input.listed ?? [])];
  const pipeline = input.pipelineRepository?.trim();
  if (pipeline) {
    // Slugs are case-insensitive in Bitbucket's URLs; keep the manifest's spelling.
    const match = known.find((slug) => slug.toLowerCase() === pipeline.toLowerCase());
    if (match !== undefined) return { repository: match, from: 'pipeline' };
  }
  const first = [...input.declared].sort(compare)[0];
  if (first === undefined) return undefined;
  return {
    repository: first,
    from: 'first-declared',
    warning:
      `bb-vars keeps its lock and inventory in repository ${first} (the first declared repository); ` +
      `set \`home: ${first}\` in the manifest so that declaring another repository never moves them.`,
  };
}
