/**
 * The terminal plan, like `terraform plan`: a project's fan-out first, one line per key, then the
 * other changes grouped by scope, one line each, then the summary line and warnings. Colour only when asked for (the shell decides: TTY, NO_COLOR).
 */
import { scopeLabel } from '../core/types.ts';
import type { Change, Plan } from '../plan/types.ts';
import { describeChange, MAX_VIOLATIONS_SHOWN, noChanges, summaryLine, violationsHeading } from './describe.ts';
import { visible } from '../core/escape.ts';
import { describeCounts, groupProjects, repositories } from './projects.ts';

export interface TextRenderOptions {
  /** Wrap change lines in ANSI colours (green create, yellow update, red replace/delete). */
  color?: boolean;
  /** Longest plain value shown before it is cut (characters). Default 120. */
  maxValueLength?: number;
  /** The `--target`s the plan was limited to: a plan without changes names them. */
  targets?: readonly string[];
}

const SYMBOL: Record<Change['action'], string> = {
  create: '+',
  'create-environment': '+',
  update: '~',
  replace: '-/+',
  delete: '-',
};

const ANSI = {
  green: '\u001b[32m',
  yellow: '\u001b[33m',
  red: '\u001b[31m',
  bold: '\u001b[1m',
  reset: '\u001b[0m',
} as const;

const COLOR: Record<Change['action'], string> = {
  create: ANSI.green,
  'create-environment': ANSI.green,
  update: ANSI.yellow,
  replace: ANSI.red,
  delete: ANSI.red,
};

/** The plan as terminal text, ending with a newline. */
export function renderText(plan: Plan, options: TextRenderOptions = {}): string {
  const color = options.color === true;
  const maxValueLength = options.maxValueLength ?? 120;
  const paint = (code: string, text: string) => (color ? `${code}${text}${ANSI.reset}` : text);
  const lines: string[] = [];
  for (const group of groupProjects(plan, maxValueLength)) {
    lines.push(
      paint(ANSI.bold, `project ${visible(group.project)}:`) + ` (changes in ${repositories(group.repositories)})`,
    );
    for (const key of group.keys) {
      const action = key.action ?? 'update';
      const what = key.environment ? `environment ${visible(key.name)}` : visible(key.name);
      const value = key.value === undefined ? '' : ` = ${key.value}`;
      const counts = describeCounts(key, visible(group.project));
      lines.push(paint(COLOR[action], `  ${SYMBOL[action].padStart(3)} ${what}${value}: ${counts}`));
    }
    lines.push('');
  }
  for (const scope of plan.scopes) {
    const own = scope.changes.filter((c) => c.origin === undefined);
    if (own.length === 0) continue;
    const unchanged = scope.unchanged > 0 ? ` (${scope.unchanged} unchanged)` : '';
    lines.push(paint(ANSI.bold, `${visible(scopeLabel(scope.scope))}:`) + unchanged);
    for (const change of own) {
      lines.push(
        paint(COLOR[change.action], `  ${SYMBOL[change.action].padStart(3)} ${describeChange(change, maxValueLength)}`),
      );
    }
    lines.push('');
  }
  const anyChange = lines.length > 0;
  lines.push(anyChange ? paint(ANSI.bold, summaryLine(plan.summary)) : noChanges(options.targets, plan.unchecked));
  if (plan.unchecked) lines.push(`Limited: ${visible(plan.unchecked.reason)}.`);
  const violations = plan.violations;
  if (violations.length > 0) {
    lines.push('', paint(ANSI.red, violationsHeading(violations)));
    for (const v of violations.slice(0, MAX_VIOLATIONS_SHOWN)) lines.push(paint(ANSI.red, `  ✗ ${visible(v.message)}`));
    if (violations.length > MAX_VIOLATIONS_SHOWN)
      lines.push(paint(ANSI.red, `  … and ${violations.length - MAX_VIOLATIONS_SHOWN} more (--format json lists all)`));
  }
  if (plan.warnings.length > 0) lines.push('');
  for (const warning of plan.warnings) lines.push(paint(ANSI.yellow, `Warning: ${visible(warning)}`));
  return lines.join('\n') + '\n';
}
