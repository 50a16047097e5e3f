/**
 * Where the manifest declares each scope and each variable: the lines a Code Insights annotation
 * goes on. One walk over the YAML document's nodes (positions cost memory, so only runs that
 * annotate or save a plan ask for them). Pure.
 */
import { isMap, isScalar, LineCounter, type Node } from 'yaml';
import { PACKAGE_PROP, type LoadedManifest } from './load.ts';
import { listScopes } from './scopes.ts';
import { parseYamlDocument, rootNode, type PathSegment } from './yaml-data.ts';

/** 1-based lines of a scope's declaration and of each of its variables' keys. */
export interface ScopeLines {
  line: number;
  keys: Map<string, number>;
}

/** The same key for a declared scope and a plan's scope: environment names compare without case. */
export function lineKey(scope: { type: string; repository?: string; environment?: string }): string {
  if (scope.type === 'workspace') return 'workspace';
  if (scope.type === 'repository') return scope.repository!;
  return `${scope.repository}/${scope.environment!.toLowerCase()}`;
}

/** Lines of every declared scope, by `lineKey`. */
export function declarationLines(
  loaded: Pick<LoadedManifest, 'source' | 'manifest' | 'file'>,
): Map<string, ScopeLines> {
  const lineCounter = new LineCounter();
  const doc = parseYamlDocument(loaded.source, lineCounter);
  const isPackage = loaded.file.endsWith('package.json');
  const root = rootNode(doc, isPackage ? PACKAGE_PROP : undefined);
  const lineOf = (offset: number) => lineCounter.linePos(offset).line;
  const out = new Map<string, ScopeLines>();
  for (const scope of listScopes(loaded.manifest)) {
    const found = find(root, scope.path);
    if (found === undefined) continue;
    const keys = new Map<string, number>();
    const variablesPath = scope.variables[0]?.path.slice(0, -1);
    const variables = variablesPath ? find(root, variablesPath)?.node : undefined;
    if (isMap(variables)) {
      for (const pair of variables.items) {
        const key = pair.key as Node | null;
        if (isScalar(key) && key.range) keys.set(String(key.value), lineOf(key.range[0]));
      }
    }
    out.set(lineKey(scope), { line: lineOf(found.keyOffset), keys });
  }
  return out;
}

/** The node at `path` (mapping keys only) and where its key starts. */
function find(
  root: Node | null | undefined,
  path: readonly PathSegment[],
): { node: Node | null | undefined; keyOffset: number } | undefined {
  let node = root;
  let keyOffset: number | undefined;
  for (const step of path) {
    if (!isMap(node)) return undefined;
    const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(step));
    const key = pair?.key as Node | null | undefined;
    if (!pair || !key?.range) return undefined;
    keyOffset = key.range[0];
    node = pair.value as Node | null;
  }
  return keyOffset === undefined ? undefined : { node, keyOffset };
}
