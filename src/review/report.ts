/**
 * The plan in Bitbucket's own review surfaces (API-NOTES §9.3–9.4): a Code Insights report
 * `bb-vars` on the commit, one annotation per manifest line that changes something, and a build
 * status `bb-vars` that a required-builds merge check turns into a gate. Building them is pure;
 * `publishReport` sends them. Nothing here carries a value: only actions, keys, scopes and counts.
 */
import type { BitbucketClient } from '../bitbucket/index.ts';
import type { AnnotationInput, BuildStatusInput, ReportInput } from '../bitbucket/types.ts';
import { compare } from '../core/data.ts';
import { visible } from '../core/escape.ts';
import { scopeId } from '../core/types.ts';
import type { Change, PlanView } from '../plan/types.ts';
import { describeReason, noChanges, summaryLine } from '../render/describe.ts';

/** The report's id and the build status' key. */
export const REPORT_ID = 'bb-vars';
export const STATUS_KEY = 'bb-vars';
/** Bitbucket's limits (API-NOTES §9.3). */
export const MAX_ANNOTATIONS_PER_REQUEST = 100;
export const MAX_ANNOTATIONS_PER_REPORT = 1000;
const MAX_SUMMARY = 450;
const MAX_DETAILS = 2000;
const MAX_STATUS_DESCRIPTION = 255;

/** What a report is built from: a plan, or saved plans merged (`bb-vars publish`). */
export type ReviewPlan = Pick<PlanView, 'summary' | 'violations' | 'unchecked' | 'scopes'>;

/** The commit the report and status go to. */
export interface ReportTarget {
  workspace: string;
  repository: string;
  commit: string;
  /** `$BITBUCKET_BRANCH`: the status' `refname`, which ties it to the branch's pull request. */
  branch?: string;
  /** Where the report and status link to: the pipeline run, else the pull request, else the commit. */
  url: string;
}

/** The report, its annotations and the build status for a plan. Pure. */
export interface BuiltReport {
  report: ReportInput;
  annotations: AnnotationInput[];
  status: Omit<BuildStatusInput, 'url' | 'refname'>;
}

export function buildReport(plan: ReviewPlan, targets: readonly string[] = []): BuiltReport {
  const violations = plan.violations.length;
  const changes = plan.scopes.reduce((n, s) => n + s.changes.length, 0);
  const failed = violations > 0;
  const headline = changes === 0 ? noChanges(targets, plan.unchecked) : summaryLine(plan.summary);
  const policy =
    violations === 0
      ? ''
      : ` ${violations} policy violation${violations === 1 ? '' : 's'}: \`bb-vars reconcile --apply\` refuses this plan unless given --allow-destructive.`;
  const limited = plan.unchecked ? ` Limited: ${plan.unchecked.reason}.` : '';
  const planWide = plan.violations.filter((v) => v.key === undefined).map((v) => ` ${v.message}.`);
  const { create, update, replace, delete: del, unchanged } = plan.summary;
  const report: ReportInput = {
    title: 'bb-vars plan',
    details: cut(visible(`${headline}${policy}${planWide.join('')}${limited}`), MAX_DETAILS),
    report_type: 'TEST',
    reporter: 'bb-vars',
    result: failed ? 'FAILED' : 'PASSED',
    data: [
      { title: 'To create', type: 'NUMBER', value: create },
      { title: 'To update', type: 'NUMBER', value: update },
      { title: 'To replace', type: 'NUMBER', value: replace },
      { title: 'To delete', type: 'NUMBER', value: del },
      { title: 'Unchanged', type: 'NUMBER', value: unchanged },
      { title: 'Policy violations', type: 'NUMBER', value: violations },
    ],
  };
  const status = {
    key: STATUS_KEY,
    state: failed ? ('FAILED' as const) : ('SUCCESSFUL' as const),
    name: 'bb-vars plan',
    description: cut(
      visible(failed ? `${violations} policy violation${violations === 1 ? '' : 's'}. ${headline}` : headline),
      MAX_STATUS_DESCRIPTION,
    ),
  };
  return { report, annotations: annotate(plan), status };
}

/**
 * The report and status of a plan that could not be computed (a bad manifest, a source or API
 * failure): FAILED, with the error's message (already free of secrets: it is what stderr shows),
 * so a required-builds merge check blocks the pull request.
 */
export function buildFailedReport(message: string): BuiltReport {
  const said = `The plan could not be computed: ${message}`;
  return {
    report: {
      title: 'bb-vars plan',
      details: cut(visible(said), MAX_DETAILS),
      report_type: 'TEST',
      reporter: 'bb-vars',
      result: 'FAILED',
    },
    annotations: [],
    status: {
      key: STATUS_KEY,
      state: 'FAILED',
      name: 'bb-vars plan',
      description: cut(visible(said), MAX_STATUS_DESCRIPTION),
    },
  };
}

interface Group {
  path?: string;
  line?: number;
  /** For changes without a line: their scope. */
  scope?: string;
  changes: Change[];
  violations: string[];
}

/**
 * One annotation per manifest line (and one per scope without a line: a scope no longer declared),
 * lines with a violation first; past 1,000, the rest are summed up in a last one.
 */
function annotate(plan: ReviewPlan): AnnotationInput[] {
  const groups = new Map<string, Group>();
  const violationsOf = new Map<string, string[]>();
  for (const v of plan.violations) {
    if (v.key === undefined) continue;
    const id = `${v.scope}\0${v.key}`;
    violationsOf.set(id, [...(violationsOf.get(id) ?? []), v.message]);
  }
  for (const scope of plan.scopes) {
    for (const change of scope.changes) {
      const where = change.location;
      const id = where ? `${where.path}\0${where.line}` : `\0${scopeId(scope.scope)}`;
      let group = groups.get(id);
      if (!group) {
        group = where
          ? { path: where.path, line: where.line, changes: [], violations: [] }
          : { scope: scopeId(scope.scope), changes: [], violations: [] };
        groups.set(id, group);
      }
      group.changes.push(change);
      group.violations.push(...(violationsOf.get(`${scopeId(change.scope)}\0${change.key}`) ?? []));
    }
  }
  const ordered = [...groups.values()].sort(
    (a, b) =>
      Number(b.violations.length > 0) - Number(a.violations.length > 0) ||
      Number(a.line === undefined) - Number(b.line === undefined) ||
      compare(a.path ?? '', b.path ?? '') ||
      (a.line ?? 0) - (b.line ?? 0) ||
      compare(a.scope ?? '', b.scope ?? ''),
  );
  const room = ordered.length > MAX_ANNOTATIONS_PER_REPORT ? MAX_ANNOTATIONS_PER_REPORT - 1 : ordered.length;
  const out = ordered.slice(0, room).map((group, i) => annotation(group, i + 1));
  if (room < ordered.length) {
    const rest = ordered.slice(room);
    const count = rest.reduce((n, g) => n + g.changes.length, 0);
    out.push({
      external_id: `bb-vars-${room + 1}`,
      annotation_type: 'CODE_SMELL',
      severity: 'LOW',
      summary: `… and ${count} more change${count === 1 ? '' : 's'} on ${rest.length} more lines, not annotated (Code Insights holds at most ${MAX_ANNOTATIONS_PER_REPORT} annotations): run bb-vars reconcile for the full plan.`,
    });
  }
  return out;
}

function annotation(group: Group, index: number): AnnotationInput {
  const what = describeGroup(group.changes);
  const failed = group.violations.length > 0;
  const summary = failed
    ? `Policy violation: ${what}`
    : group.line === undefined
      ? `${what} (no longer declared)`
      : what;
  // One line per violation and change, each made visible on its own: a name from Bitbucket that
  // carries a line break cannot start a line of its own.
  const details = [
    ...group.violations.map((m) => `Policy: ${m}.`),
    ...group.changes.map((c) => {
      const reason = describeReason(c);
      return `${verb(c)} ${c.action === 'create-environment' ? '' : `${c.key} `}in ${scopeId(c.scope)}${reason ? ` (${reason})` : ''}`;
    }),
  ]
    .map(visible)
    .join('\n');
  return {
    external_id: `bb-vars-${index}`,
    annotation_type: failed ? 'BUG' : 'CODE_SMELL',
    severity: failed ? 'HIGH' : 'LOW',
    ...(failed ? { result: 'FAILED' as const } : {}),
    summary: cut(visible(summary), MAX_SUMMARY),
    details: cut(details, MAX_DETAILS),
    ...(group.path !== undefined ? { path: group.path, line: group.line! } : {}),
  };
}

/** `create API_URL in 3 scopes; update API_URL in api-service/production`. */
function describeGroup(changes: readonly Change[]): string {
  const byVerb = new Map<string, { keys: string[]; scopes: string[] }>();
  for (const c of changes) {
    const v = verb(c);
    const entry = byVerb.get(v) ?? { keys: [], scopes: [] };
    if (c.action !== 'create-environment' && !entry.keys.includes(c.key)) entry.keys.push(c.key);
    if (!entry.scopes.includes(scopeId(c.scope))) entry.scopes.push(scopeId(c.scope));
    byVerb.set(v, entry);
  }
  return [...byVerb]
    .map(([v, { keys, scopes }]) => {
      const shownKeys =
        keys.length > 3 ? `${keys.slice(0, 3).join(', ')} and ${keys.length - 3} more` : keys.join(', ');
      const where = scopes.length === 1 ? scopes[0]! : `${scopes.length} scopes`;
      return `${v}${shownKeys ? ` ${shownKeys}` : ''} in ${where}`;
    })
    .join('; ');
}

function verb(change: Change): string {
  return change.action === 'create-environment' ? 'create environment' : change.action;
}

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** What `publishReport` did, for one line of output. */
export interface ReportResult {
  annotations: number;
  state: BuildStatusInput['state'];
}

/**
 * Replaces report `bb-vars` on the commit (deleting the old one first, so no stale annotation
 * survives), uploads the annotations 100 at a time, then sets build status `bb-vars`.
 *
 * @throws ApiError e.g. 403 naming the missing `repository` scope.
 */
export async function publishReport(
  client: BitbucketClient,
  target: ReportTarget,
  built: BuiltReport,
): Promise<ReportResult> {
  const { workspace, repository, commit } = target;
  await client.deleteReport(workspace, repository, commit, REPORT_ID);
  await client.putReport(workspace, repository, commit, REPORT_ID, { ...built.report, link: target.url });
  for (let i = 0; i < built.annotations.length; i += MAX_ANNOTATIONS_PER_REQUEST)
    await client.postAnnotations(
      workspace,
      repository,
      commit,
      REPORT_ID,
      built.annotations.slice(i, i + MAX_ANNOTATIONS_PER_REQUEST),
    );
  await client.postBuildStatus(workspace, repository, commit, {
    ...built.status,
    url: target.url,
    ...(target.branch ? { refname: target.branch } : {}),
  });
  return { annotations: built.annotations.length, state: built.status.state };
}

/** One line for the CLI. */
export function formatReportResult(result: ReportResult, target: ReportTarget): string {
  const where = visible(`commit ${target.commit.slice(0, 12)} of ${target.workspace}/${target.repository}`);
  return (
    `Published Code Insights report ${REPORT_ID} on ${where} (${result.annotations} annotation${result.annotations === 1 ? '' : 's'}) ` +
    `and build status ${STATUS_KEY}: ${result.state}.`
  );
}
