/**
 * Rules the schema cannot express, checked without reading any source (pure). Written
 * defensively: they also run on a manifest that failed the schema, so every problem is reported
 * in one go.
 */
import type { Manifest } from './types.generated.ts';
import type { Problem } from './locate.ts';
import { parseRef, parseTemplate, type Ref } from './refs.ts';
import { listProjects, listScopes } from './scopes.ts';
import { isRecord } from '../core/data.ts';
import { KEY_PATTERN, RESERVED_PREFIX } from '../core/names.ts';
import { closest, listNames } from '../core/suggest.ts';
import type { PathSegment } from './yaml-data.ts';
import { parseProtectedScope, PROTECTED_SCOPE_SYNTAX } from '../core/protected.ts';

/** Names that usually hold credentials: reading one from the environment unsecured earns a warning. */
const SECRET_NAME = /TOKEN|SECRET|PASSW(?:OR)?D|PRIVATE_?KEY|API_?KEY|CREDENTIAL/i;

/** Which occurrence of `raw` in `text` starts at `offset` (to point at the right one in the file). */
export function needleAt(text: string, raw: string, offset: number): { text: string; index: number } {
  let index = 0;
  for (let at = text.indexOf(raw); at >= 0 && at < offset; at = text.indexOf(raw, at + 1)) index++;
  return { text: raw, index };
}

export function checkRules(manifest: Manifest): Problem[] {
  const problems: Problem[] = [];
  const sources = isRecord(manifest.sources) ? manifest.sources : {};
  const sourceNames = Object.keys(sources);
  const used = new Set<string>();

  let stdinUser: string | undefined;
  for (const name of sourceNames) {
    const path: PathSegment[] = ['sources', name];
    if (name === 'env')
      problems.push({
        path,
        at: 'key',
        message: "'env' cannot be a source name",
        hint: '`${env.NAME}` in templates means an environment variable; rename the source',
      });
    const source = sources[name];
    const tf = isRecord(source) && isRecord(source.terraform) ? source.terraform : undefined;
    if (!tf) continue;
    const tfPath = [...path, 'terraform'];
    const modes = (['outputs', 'state', 'dir'] as const).filter((k) => tf[k] !== undefined);
    if (modes.length !== 1) {
      problems.push({
        path: tfPath,
        message:
          modes.length === 0
            ? 'needs one of outputs, state or dir'
            : `sets ${modes.join(' and ')}: use exactly one of outputs, state or dir`,
        hint: 'outputs: a `terraform output -json` file; state: a local state file; dir: run `terraform output -json` there',
      });
    }
    for (const k of ['binary', 'timeout'] as const) {
      if (tf[k] !== undefined && tf.dir === undefined)
        problems.push({
          path: [...tfPath, k],
          at: 'key',
          message: `'${k}' applies only with dir`,
          hint: `remove ${k}, or use dir: to run the binary`,
        });
    }
    for (const k of ['outputs', 'state'] as const) {
      if (tf[k] !== '-') continue;
      if (stdinUser !== undefined)
        problems.push({
          path: [...tfPath, k],
          message: `standard input is already read by source '${stdinUser}'`,
          hint: 'only one source can read "-"; write the other to a file',
        });
      else stdinUser = name;
    }
  }

  const checkSource = (ref: Ref, path: PathSegment[], needle?: Problem['needle']): void => {
    if (Object.hasOwn(sources, ref.source)) {
      used.add(ref.source);
      return;
    }
    const guess = closest(ref.source, sourceNames);
    problems.push({
      path,
      needle,
      message: `unknown source '${ref.source}' in '${ref.text}'${guess ? `; did you mean '${guess}'?` : ''}`,
      hint:
        sourceNames.length > 0
          ? `sources declared under sources: ${listNames(sourceNames)}`
          : 'declare it under sources:, e.g. sources: { infra: { terraform: { outputs: infra/outputs.json } } }',
    });
  };

  /** Deployment names by repository and lower-cased name: Bitbucket's environment names ignore case. */
  const environments = new Map<string, string>();
  const scopes = [...listScopes(manifest), ...listProjects(manifest).flatMap((p) => p.scopes)];
  for (const scope of scopes) {
    const seen = new Map<string, string>();
    if (scope.type === 'deployment' && scope.environment !== undefined) {
      const owner = scope.repository ?? `project:${scope.project}`;
      const key = `${owner}\u0000${scope.environment.toLowerCase()}`;
      const other = environments.get(key);
      if (other === undefined) environments.set(key, scope.environment);
      else {
        problems.push({
          path: scope.path,
          at: 'key',
          message: `deployments '${other}' and '${scope.environment}' differ only in case: Bitbucket sees one environment`,
          hint: `keep one of them and move the other's variables into it`,
        });
      }
    }
    if (scope.type === 'deployment' && scope.environmentType === undefined) {
      problems.push({
        path: scope.path,
        at: 'key',
        message: `deployment '${scope.environment}' needs a type`,
        hint: 'add type: Test, Staging or Production (used if bb-vars must create the environment); it is inferred only for environments named test, staging or production',
      });
    }
    for (const { key, value, path } of scope.variables) {
      if (key.startsWith(RESERVED_PREFIX) && KEY_PATTERN.test(key)) {
        problems.push({
          path,
          at: 'key',
          message: `keys starting with ${RESERVED_PREFIX} are reserved for bb-vars' own bookkeeping`,
          hint: 'rename the variable',
        });
      }
      const lower = key.toLowerCase();
      const other = seen.get(lower);
      if (other !== undefined) {
        problems.push({
          path,
          at: 'key',
          severity: 'warning',
          message: `'${key}' differs from '${other}' only in case`,
          hint: 'Bitbucket may treat keys case-insensitively; rename one of them',
        });
      } else seen.set(lower, key);
      if (!isRecord(value)) continue;
      if (typeof value.env === 'string' && value.secured === undefined && SECRET_NAME.test(`${value.env} ${key}`)) {
        problems.push({
          path,
          at: 'key',
          severity: 'warning',
          message: `'${key}' reads $${value.env}, which looks like a secret, but is not secured: plans would show its value and Bitbucket would store it in plain text`,
          hint: 'add secured: true (or secured: false to keep it plain on purpose)',
        });
      }
      if (typeof value.from === 'string') {
        const parsed = parseRef(value.from);
        const at = [...path, 'from'];
        if (!parsed.ok) problems.push({ path: at, message: parsed.message, hint: parsed.hint });
        else if (parsed.ref.source === 'env' && !Object.hasOwn(sources, 'env')) {
          problems.push({
            path: at,
            message: `'from: ${value.from}' reads a source named env`,
            hint: `for an environment variable write { env: ${parsed.ref.output} }`,
          });
        } else checkSource(parsed.ref, at);
      }
      if (typeof value.template === 'string') {
        const template = value.template;
        const at = [...path, 'template'];
        const parsed = parseTemplate(template);
        if (!parsed.ok) {
          problems.push({
            path: at,
            message: parsed.message,
            hint: parsed.hint,
            needle: {
              text: template.slice(parsed.offset, parsed.offset + 2),
              index: countBefore(template, template.slice(parsed.offset, parsed.offset + 2), parsed.offset),
            },
          });
          continue;
        }
        for (const part of parsed.parts) {
          if (part.kind !== 'ref') continue;
          const needle = needleAt(template, part.raw, part.offset);
          if (part.ref.source === 'env') {
            if (part.ref.path.length > 0 || !KEY_PATTERN.test(part.ref.output)) {
              problems.push({
                path: at,
                needle,
                message: `'${part.ref.text}' is not a valid environment variable reference`,
                hint: 'write ${env.NAME} with NAME made of letters, digits and _',
              });
            }
          } else checkSource(part.ref, at, needle);
        }
      }
    }
  }

  problems.push(...checkPolicy(manifest));

  for (const name of sourceNames) {
    if (!used.has(name) && name !== 'env') {
      problems.push({
        path: ['sources', name],
        at: 'key',
        severity: 'warning',
        message: `source '${name}' is not used by any variable`,
        hint: 'it is not read; remove it or reference it with from: or a template',
      });
    }
  }
  return problems;
}

function countBefore(text: string, needle: string, offset: number): number {
  return needleAt(text, needle, offset).index;
}

/**
 * `policy.protected`: every entry must parse; one that names no scope of the manifest is most
 * likely a typo (it protects nothing declared), so it is a warning with the closest scope.
 */
function checkPolicy(manifest: Manifest): Problem[] {
  const policy: unknown = manifest.policy;
  if (!isRecord(policy) || !Array.isArray(policy.protected)) return [];
  const problems: Problem[] = [];
  const scopes = listScopes(manifest);
  const projects: unknown = (manifest as { projects?: unknown }).projects;
  const known = [
    ...scopes.map((s) =>
      s.type === 'workspace'
        ? 'workspace'
        : s.type === 'repository'
          ? s.repository!
          : `${s.repository}/${s.environment}`,
    ),
    ...(isRecord(projects) ? Object.keys(projects).map((key) => `project:${key}`) : []),
  ];
  const lowerKnown = new Set(known.map((k) => k.toLowerCase()));
  policy.protected.forEach((entry: unknown, i) => {
    if (typeof entry !== 'string') return; // the schema reports it
    const path: PathSegment[] = ['policy', 'protected', i];
    const parsed = parseProtectedScope(entry);
    if (!parsed) {
      problems.push({
        path,
        message: `'${entry}' is not a scope`,
        hint: `write ${PROTECTED_SCOPE_SYNTAX}`,
      });
      return;
    }
    // Environment names match regardless of case, as Bitbucket's do.
    if (lowerKnown.has(entry.toLowerCase())) return;
    const guess = closest(entry, known);
    problems.push({
      path,
      severity: 'warning',
      message: `'${entry}' is not a scope of this manifest${guess ? `; did you mean '${guess}'?` : ''}`,
      hint: `it protects only what bb-vars still manages there; scopes here: ${listNames(known)}`,
    });
  });
  return problems;
}
