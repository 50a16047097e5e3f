/**
 * The scopes a manifest's `policy.protected` names: `workspace`, `<repo>`, `<repo>/<env>` (written
 * as for `--target`) and `project:<KEY>`. One parser for validate and for the plan's policy. Pure.
 */
import { ENVIRONMENT_NAME_PATTERN, PROJECT_KEY_PATTERN, SLUG_PATTERN } from './names.ts';

export type ProtectedScope =
  | { kind: 'workspace' }
  | { kind: 'repository'; repository: string }
  | { kind: 'deployment'; repository: string; environment: string }
  | { kind: 'project'; project: string };

/** The syntax, for messages. */
export const PROTECTED_SCOPE_SYNTAX = "'workspace', '<repo>', '<repo>/<env>' or 'project:<KEY>'";

/** The entry parsed, or undefined when it is none of the accepted forms. */
export function parseProtectedScope(raw: string): ProtectedScope | undefined {
  if (raw === 'workspace') return { kind: 'workspace' };
  if (raw.startsWith('project:')) {
    const project = raw.slice('project:'.length);
    return PROJECT_KEY_PATTERN.test(project) ? { kind: 'project', project } : undefined;
  }
  const slash = raw.indexOf('/');
  if (slash < 0) return SLUG_PATTERN.test(raw) ? { kind: 'repository', repository: raw } : undefined;
  const repository = raw.slice(0, slash);
  const environment = raw.slice(slash + 1);
  if (!SLUG_PATTERN.test(repository) || !ENVIRONMENT_NAME_PATTERN.test(environment)) return undefined;
  return { kind: 'deployment', repository, environment };
}
