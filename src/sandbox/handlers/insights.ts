/**
 * Code Insights (API-NOTES §9.3): reports on a commit, identified by the caller's external id (or
 * their UUID), and their annotations. PUT creates or replaces a report and keeps its annotations;
 * DELETE removes a report with its annotations. Annotations are uploaded in bulk, at most 100 per
 * request and 1,000 per report; an external id already in the report overwrites that annotation.
 */
import { paginate, readPageRequest } from '../pagination.ts';
import { formatTimestamp } from '../random.ts';
import { apiError, applied, badRequest, json, noContent, type Reply } from '../replies.ts';
import type { StoredAnnotation, StoredCommit, StoredReport } from '../store.ts';
import {
  commitOf,
  FieldCheck,
  isReply,
  objectBody,
  type ApiContext,
  type Handler,
  type JsonObject,
} from './context.ts';

const REPORT_TYPES = ['SECURITY', 'COVERAGE', 'TEST', 'BUG'] as const;
const REPORT_RESULTS = ['PASSED', 'FAILED', 'PENDING'] as const;
const DATA_TYPES = ['BOOLEAN', 'DATE', 'DURATION', 'LINK', 'NUMBER', 'PERCENTAGE', 'TEXT'] as const;
const ANNOTATION_TYPES = ['VULNERABILITY', 'CODE_SMELL', 'BUG'] as const;
const ANNOTATION_RESULTS = ['PASSED', 'FAILED', 'SKIPPED', 'IGNORED'] as const;
const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'] as const;
export const MAX_ANNOTATIONS_PER_REQUEST = 100;
export const MAX_ANNOTATIONS_PER_REPORT = 1000;
const MAX_DATA_FIELDS = 10;

const REPORT_FIELDS = [
  'title',
  'details',
  'report_type',
  'reporter',
  'link',
  'logo_url',
  'result',
  'data',
  'remote_link_enabled',
];
const ANNOTATION_FIELDS = ['annotation_type', 'path', 'line', 'summary', 'details', 'result', 'severity', 'link'];

/** The fields a body sets, copied (nulls dropped). */
function pick(body: JsonObject, names: readonly string[]): JsonObject {
  const out: JsonObject = {};
  for (const name of names)
    if (body[name] !== undefined && body[name] !== null) out[name] = structuredClone(body[name]);
  return out;
}

/** `data[]`: at most 10 `{title, type?, value}`, the value matching its type (spec's table). */
function checkData(data: unknown, problems: Record<string, string>): void {
  if (data === undefined || data === null) return;
  if (!Array.isArray(data)) {
    problems.data = 'expected list';
    return;
  }
  if (data.length > MAX_DATA_FIELDS) problems.data = `at most ${MAX_DATA_FIELDS} data fields are allowed`;
  data.forEach((item: unknown, i) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      problems[`data[${i}]`] = 'expected an object';
      return;
    }
    const d = item as JsonObject;
    const check = new FieldCheck(d, `data[${i}].`);
    check.string('title', true);
    check.oneOf('type', DATA_TYPES);
    Object.assign(problems, check.problems);
    const v = d.value;
    const where = `data[${i}].value`;
    if (v === undefined || v === null) problems[where] = 'required key not provided';
    else if (d.type === 'BOOLEAN' ? typeof v !== 'boolean' : d.type === 'TEXT' ? typeof v !== 'string' : false)
      problems[where] = `expected a ${d.type === 'TEXT' ? 'string' : 'boolean'}`;
    else if (['DATE', 'DURATION', 'NUMBER', 'PERCENTAGE'].includes(d.type as string) && typeof v !== 'number')
      problems[where] = 'expected a number';
    else if (d.type === 'PERCENTAGE' && ((v as number) < 0 || (v as number) > 100))
      problems[where] = 'expected a number between 0 and 100';
    else if (
      d.type === 'LINK' &&
      (typeof v !== 'object' ||
        typeof (v as JsonObject).text !== 'string' ||
        typeof (v as JsonObject).href !== 'string')
    ) {
      problems[where] = 'expected {"text": …, "href": …}';
    } else if (d.type === undefined && !['string', 'number', 'boolean'].includes(typeof v))
      problems[where] = 'expected a number, string or boolean';
  });
}

function findReport(commit: StoredCommit | undefined, id: string): StoredReport | undefined {
  if (!commit) return undefined;
  return (
    commit.reports.get(id) ?? (id.startsWith('{') ? [...commit.reports.values()].find((r) => r.uuid === id) : undefined)
  );
}

function findAnnotation(report: StoredReport, id: string): StoredAnnotation | undefined {
  return (
    report.annotations.get(id) ??
    (id.startsWith('{') ? [...report.annotations.values()].find((a) => a.uuid === id) : undefined)
  );
}

function renderReport(r: StoredReport): JsonObject {
  return {
    type: 'report',
    uuid: r.uuid,
    external_id: r.externalId,
    ...r.fields,
    created_on: formatTimestamp(r.createdOn),
    updated_on: formatTimestamp(r.updatedOn),
  };
}

function renderAnnotation(a: StoredAnnotation): JsonObject {
  return {
    type: 'report_annotation',
    uuid: a.uuid,
    external_id: a.externalId,
    ...a.fields,
    created_on: formatTimestamp(a.createdOn),
    updated_on: formatTimestamp(a.updatedOn),
  };
}

const reportNotFound = (id: string | undefined): Reply => apiError(404, `Report ${id} not found.`);

/** The report named by the path, or the 404. */
function reportOf(ctx: ApiContext): StoredReport | Reply {
  const commit = commitOf(ctx, false);
  if (isReply(commit)) return commit;
  return findReport(commit, ctx.params.reportId ?? '') ?? reportNotFound(ctx.params.reportId);
}

/** Problems of one annotation body; `prefix` names its position in a bulk upload. */
function checkAnnotation(body: JsonObject, prefix: string, needsExternalId: boolean): Record<string, string> {
  const check = new FieldCheck(body, prefix);
  if (needsExternalId) check.string('external_id', true);
  check.oneOf('annotation_type', ANNOTATION_TYPES, true);
  check.string('summary', true);
  check.string('details');
  check.string('path');
  check.integer('line', 1);
  check.oneOf('result', ANNOTATION_RESULTS);
  check.oneOf('severity', SEVERITIES);
  check.url('link');
  return check.problems;
}

/** Creates or overwrites an annotation by external id (the caller has checked the limits). */
function upsertAnnotation(
  ctx: ApiContext,
  report: StoredReport,
  externalId: string,
  body: JsonObject,
): StoredAnnotation {
  const now = ctx.now();
  const existing = report.annotations.get(externalId);
  if (existing) {
    existing.fields = pick(body, ANNOTATION_FIELDS);
    existing.updatedOn = now;
    return existing;
  }
  const created: StoredAnnotation = {
    uuid: ctx.store.uuid(),
    externalId,
    fields: pick(body, ANNOTATION_FIELDS),
    createdOn: now,
    updatedOn: now,
  };
  report.annotations.set(externalId, created);
  return created;
}

const tooMany = (count: number): Reply =>
  badRequest(
    {},
    `A report can have at most ${MAX_ANNOTATIONS_PER_REPORT} annotations; this request would make it ${count}.`,
  );

export const listReports: Handler = (ctx) => {
  const commit = commitOf(ctx, false);
  if (isReply(commit)) return commit;
  const page = readPageRequest(ctx.query);
  if (isReply(page)) return page;
  return json(200, paginate([...(commit?.reports.values() ?? [])], page, ctx.url, { kind: 'correct' }, renderReport));
};

export const getReport: Handler = (ctx) => {
  const report = reportOf(ctx);
  return isReply(report) ? report : json(200, renderReport(report));
};

export const putReport: Handler = (ctx) => {
  const hash = commitOf(ctx, false);
  if (isReply(hash)) return hash;
  const body = objectBody(ctx.body);
  if (isReply(body)) return body;
  const check = new FieldCheck(body);
  check.string('title', true);
  check.string('details', true);
  check.oneOf('report_type', REPORT_TYPES, true);
  check.oneOf('result', REPORT_RESULTS);
  check.string('reporter');
  check.url('link');
  check.url('logo_url');
  check.boolean('remote_link_enabled');
  const problems = { ...check.problems };
  checkData(body.data, problems);
  if (Object.keys(problems).length > 0) return badRequest(problems);
  const commit = commitOf(ctx, true) as StoredCommit;
  const id = ctx.params.reportId ?? '';
  const now = ctx.now();
  let report = findReport(commit, id);
  if (report) {
    report.fields = pick(body, REPORT_FIELDS);
    report.updatedOn = now;
  } else {
    report = {
      uuid: ctx.store.uuid(),
      externalId: id,
      fields: pick(body, REPORT_FIELDS),
      createdOn: now,
      updatedOn: now,
      annotations: new Map(),
    };
    commit.reports.set(id, report);
  }
  return applied(json(200, renderReport(report)));
};

export const deleteReport: Handler = (ctx) => {
  const report = reportOf(ctx);
  if (isReply(report)) return report;
  (commitOf(ctx, false) as StoredCommit).reports.delete(report.externalId);
  return applied(noContent());
};

export const listAnnotations: Handler = (ctx) => {
  const report = reportOf(ctx);
  if (isReply(report)) return report;
  const page = readPageRequest(ctx.query);
  if (isReply(page)) return page;
  return json(200, paginate([...report.annotations.values()], page, ctx.url, { kind: 'correct' }, renderAnnotation));
};

export const bulkAnnotations: Handler = (ctx) => {
  const report = reportOf(ctx);
  if (isReply(report)) return report;
  const items = ctx.body;
  if (!Array.isArray(items)) return badRequest({}, 'The request body must be a JSON array of annotations.');
  if (items.length === 0) return badRequest({}, 'The request body must hold at least one annotation.');
  if (items.length > MAX_ANNOTATIONS_PER_REQUEST) {
    return badRequest(
      {},
      `At most ${MAX_ANNOTATIONS_PER_REQUEST} annotations can be uploaded per request; this one has ${items.length}.`,
    );
  }
  const problems: Record<string, string> = {};
  const ids = new Set<string>();
  items.forEach((item: unknown, i) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      problems[`[${i}]`] = 'expected an object';
      return;
    }
    Object.assign(problems, checkAnnotation(item as JsonObject, `[${i}].`, true));
    const id = (item as JsonObject).external_id;
    if (typeof id === 'string' && ids.has(id))
      problems[`[${i}].external_id`] = `external_id '${id}' appears twice in this request`;
    if (typeof id === 'string') ids.add(id);
  });
  if (Object.keys(problems).length > 0) return badRequest(problems);
  const added = [...ids].filter((id) => !report.annotations.has(id)).length;
  if (report.annotations.size + added > MAX_ANNOTATIONS_PER_REPORT) return tooMany(report.annotations.size + added);
  const saved = (items as JsonObject[]).map((item) => upsertAnnotation(ctx, report, item.external_id as string, item));
  return applied(json(200, saved.map(renderAnnotation)));
};

export const getAnnotation: Handler = (ctx) => {
  const report = reportOf(ctx);
  if (isReply(report)) return report;
  const annotation = findAnnotation(report, ctx.params.annotationId ?? '');
  return annotation
    ? json(200, renderAnnotation(annotation))
    : apiError(404, `Annotation ${ctx.params.annotationId} not found.`);
};

export const putAnnotation: Handler = (ctx) => {
  const report = reportOf(ctx);
  if (isReply(report)) return report;
  const body = objectBody(ctx.body);
  if (isReply(body)) return body;
  const problems = checkAnnotation(body, '', false);
  if (Object.keys(problems).length > 0) return badRequest(problems);
  const existing = findAnnotation(report, ctx.params.annotationId ?? '');
  if (!existing && report.annotations.size + 1 > MAX_ANNOTATIONS_PER_REPORT)
    return tooMany(report.annotations.size + 1);
  return applied(
    json(
      200,
      renderAnnotation(upsertAnnotation(ctx, report, existing?.externalId ?? ctx.params.annotationId ?? '', body)),
    ),
  );
};

export const deleteAnnotation: Handler = (ctx) => {
  const report = reportOf(ctx);
  if (isReply(report)) return report;
  const annotation = findAnnotation(report, ctx.params.annotationId ?? '');
  if (!annotation) return apiError(404, `Annotation ${ctx.params.annotationId} not found.`);
  report.annotations.delete(annotation.externalId);
  return applied(noContent());
};
