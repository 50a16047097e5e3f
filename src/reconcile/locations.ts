/**
 * Each change's place in the manifest (`location`): the line declaring its key, or, for a key no
 * longer declared and for a new environment, the line declaring its scope. The path is relative
 * to the root of the git repository holding the manifest (Code Insights wants it so), or to the
 * manifest's directory outside git.
 */
import path from 'node:path';
import { declarationLines, lineKey, type ScopeLines } from '../config/lines.ts';
import type { LoadedManifest } from '../config/load.ts';
import type { Plan } from '../plan/types.ts';
import { confinementRoot } from '../sources/kinds/file.ts';

export interface ManifestLocations {
  /** The manifest, relative to the repository root, with `/` separators. */
  path: string;
  lines: Map<string, ScopeLines>;
}

/** Reads the lines of every declared scope and variable of a loaded manifest (no I/O but a stat walk). */
export function manifestLocations(loaded: LoadedManifest): ManifestLocations {
  const root = confinementRoot(loaded.dir);
  const relative = path.relative(root, loaded.file).split(path.sep).join('/');
  return { path: relative, lines: declarationLines(loaded) };
}

/** Sets `location` on every change the manifest declares a line for. */
export function locateChanges(plan: Plan, locations: ManifestLocations): void {
  for (const scope of plan.scopes) {
    const lines = locations.lines.get(lineKey(scope.scope));
    if (!lines) continue;
    for (const change of scope.changes) {
      const line = change.action === 'create-environment' ? lines.line : (lines.keys.get(change.key) ?? lines.line);
      change.location = { path: locations.path, line };
    }
  }
}
