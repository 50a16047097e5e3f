/**
 * The plan as a Bitbucket pull-request comment. Bitbucket renders no HTML, so this is plain
 * markdown: the summary first, then one table per scope. Comments must stay under 32,000
 * characters, so the output is bounded: the summary always fits, then as many rows as fit.
 */
import { scopeId, scopeLabel } from '../core/types.ts';
import type { Change, PlanView, VariableSide } from '../plan/types.ts';
import {
  describeReason,
  MAX_VIOLATIONS_SHOWN,
  noChanges,
  quoteValue,
  summaryLine,
  violationsHeading,
} from './describe.ts';
import { describeCounts, groupProjects, repositories, type KeyGroup } from './projects.ts';
import { codeSpan, markdownCode as code, markdownText as inline } from '../core/escape.ts';

export { code };

export interface MarkdownRenderOptions {
  /** Upper bound on the output length in characters. Default 30,000. */
  maxChars?: number;
  /** A line added verbatim at the end, so a later run can find and update its own comment. */
  marker?: string;
  /** Longest plain value shown before it is cut (characters). Default 60. */
  maxValueLength?: number;
  /** The `--target`s the plan was limited to: a plan without changes names them. */
  targets?: readonly string[];
}

export const DEFAULT_MARKDOWN_MAX_CHARS = 30_000;
/** A visible, unobtrusive marker line for pull-request comments. */
export const PR_COMMENT_MARKER = '`bb-vars:plan`';

const ACTION_CELL: Record<Change['action'], string> = {
  create: 'create',
  'create-environment': 'create environment',
  update: 'update',
  replace: 'replace',
  delete: 'delete',
};

const TABLE_HEAD = '| Action | Key | Secured | Change |\n|---|---|---|---|';

/**
 * The plan as markdown, at most `maxChars` characters (the summary is kept even if it alone is
 * longer). A project's fan-out comes first as one row per key; its per-repository detail comes
 * last, in a section cut to what fits.
 */
export function renderMarkdown(plan: PlanView, options: MarkdownRenderOptions = {}): string {
  const maxChars = options.maxChars ?? DEFAULT_MARKDOWN_MAX_CHARS;
  const maxValueLength = options.maxValueLength ?? 60;
  const total = plan.scopes.reduce((n, s) => n + s.changes.length, 0);
  const groups = groupProjects(plan, maxValueLength);
  const grouped = groups.reduce((n, g) => n + g.changes, 0);

  const head: string[] = [`### bb-vars plan for workspace ${code(plan.workspace)}`, ''];
  // Violations first: they are what a reviewer must not miss.
  const violations = plan.violations;
  if (violations.length > 0) {
    head.push(`> **⛔ ${inline(violationsHeading(violations))}**`, '>');
    for (const v of violations.slice(0, MAX_VIOLATIONS_SHOWN)) head.push(`> - ${inline(truncate(v.message, 300))}`);
    if (violations.length > MAX_VIOLATIONS_SHOWN)
      head.push(`> - … and ${violations.length - MAX_VIOLATIONS_SHOWN} more`);
    head.push('');
  }
  if (total === 0)
    head.push(`**${noChanges(options.targets, plan.unchecked)}**${unchangedNote(plan.summary.unchanged)}`);
  else head.push(`**${summaryLine(plan.summary)}**${unchangedNote(plan.summary.unchanged)}`);
  if (plan.unchecked) head.push('', `Limited: ${inline(plan.unchecked.reason)}.`);
  for (const warning of plan.warnings) head.push('', `> ⚠️ ${inline(truncate(warning, 500))}`);

  const tail = (options.marker === undefined ? '' : `\n\n${options.marker}`) + '\n';
  let out = head.join('\n');
  // Changes summarised or listed so far; what is left over is counted in one closing note.
  let shown = 0;
  const fits = (piece: string, remaining: number): boolean => {
    const reserve = remaining > 0 ? omittedNote(remaining).length : 0;
    return out.length + piece.length + reserve + tail.length <= maxChars;
  };
  let full = true;
  outer: for (const group of groups) {
    const project = inline(group.project);
    let section = `\n\n#### project ${code(group.project)}: changes in ${repositories(group.repositories)}\n\n${GROUP_HEAD}`;
    for (const key of group.keys) {
      const piece = section + '\n' + groupRow(key, project);
      const summarised = Object.values(key.counts).reduce((n, c) => n + c, 0);
      if (!fits(piece, total - shown - summarised)) {
        full = false;
        break outer;
      }
      out += piece;
      section = '';
      shown += summarised;
    }
  }
  if (full) {
    outer: for (const scope of plan.scopes) {
      const own = scope.changes.filter((c) => c.origin === undefined);
      if (own.length === 0) continue;
      const section = `\n\n#### ${inline(scopeLabel(scope.scope))}\n\n${TABLE_HEAD}`;
      for (const [i, change] of own.entries()) {
        const piece = (i === 0 ? section : '') + '\n' + row(change, maxValueLength);
        if (!fits(piece, total - shown - 1)) break outer;
        out += piece;
        shown++;
      }
    }
  }
  if (shown < total) out += omittedNote(total - shown);
  else if (grouped > 0) {
    // Everything is summarised: the per-repository rows follow while they fit.
    let section = `\n\n#### Per-repository detail of project changes\n\n${DETAIL_HEAD}`;
    let listed = 0;
    outer: for (const scope of plan.scopes) {
      for (const change of scope.changes) {
        if (!change.origin) continue;
        const piece = section + '\n' + detailRow(change, maxValueLength);
        const remaining = grouped - listed - 1;
        const reserve = remaining > 0 ? detailNote(remaining).length : 0;
        if (out.length + piece.length + reserve + tail.length > maxChars) break outer;
        out += piece;
        section = '';
        listed++;
      }
    }
    if (listed < grouped && listed > 0) out += detailNote(grouped - listed);
  }
  return out + tail;
}

const GROUP_HEAD = '| Key | Secured | Change |\n|---|---|---|';
const DETAIL_HEAD = '| Scope | Action | Key | Secured | Change |\n|---|---|---|---|---|';

function groupRow(key: KeyGroup, project: string): string {
  const name = key.environment ? `environment ${code(key.name)}` : code(key.name);
  const secured = key.environment ? '' : key.secured ? 'yes' : 'no';
  const value = key.value === undefined ? '' : ` → ${codeSpan(key.value)}`;
  return `| ${name} | ${secured} | ${describeCounts(key, project)}${value} |`;
}

function detailRow(change: Change, maxValueLength: number): string {
  return `| ${inline(scopeId(change.scope))} |${row(change, maxValueLength).slice(1)}`;
}

function detailNote(count: number): string {
  return `\n\n… and the detail of ${count} more change${count === 1 ? '' : 's'} (run \`bb-vars reconcile --format json\` for every repository)`;
}

function omittedNote(count: number): string {
  return `\n\n… and ${count} more change${count === 1 ? '' : 's'} not shown (run \`bb-vars reconcile\` locally for the full plan)`;
}

function unchangedNote(unchanged: number): string {
  return unchanged > 0 ? ` ${unchanged} unchanged.` : '';
}

function row(change: Change, maxValueLength: number): string {
  const secured = change.action === 'create-environment' ? '' : change.secured ? 'yes' : 'no';
  const cells = [ACTION_CELL[change.action], code(change.key), secured, describeCell(change, maxValueLength)];
  return `| ${cells.join(' | ')} |`;
}

function describeCell(change: Change, maxValueLength: number): string {
  let text: string;
  if (change.action === 'create-environment') text = `type ${change.environmentType}`;
  else {
    const side = (s: VariableSide | undefined) => (s ? cellValue(s, change.sensitive, maxValueLength) : '');
    const before = side(change.before);
    const after = side(change.after);
    if (change.action === 'create') text = after;
    else if (change.action === 'delete') text = before;
    else text = before === after ? after : `${before} → ${after}`;
  }
  const reason = describeReason(change);
  return reason ? `${text} — ${inline(reason)}` : text;
}

function cellValue(side: VariableSide, sensitive: boolean, maxValueLength: number): string {
  if (side.value !== undefined && !side.secured && !sensitive) return codeSpan(quoteValue(side.value, maxValueLength));
  if (sensitive) return '*(sensitive)*';
  return side.secured ? '*(secured)*' : '*(not shown)*';
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
