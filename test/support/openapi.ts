/**
 * Conformance checks against the vendored Bitbucket OpenAPI subset
 * (spec/bitbucket/openapi-subset.json), with ajv. Both functions return a list of problems —
 * empty when the body conforms — so `expect(validateResponse(…)).toEqual([])` shows what is wrong.
 *
 * Where the spec and the real API disagree, the real API wins (spec/bitbucket/API-NOTES.md):
 * - Request bodies: the base `object` schema requires `type`, but real clients omit it for
 *   variables and environments, and a top-level `type` in a PR-comment body is refused with 400.
 *   So `type` is never required in a request body, and it is an error in a comment body.
 * - Request bodies also get the live rules the spec omits: variable `key` must match
 *   `^[A-Za-z_][A-Za-z0-9_]*$`; creating a variable needs `key` and `value`; creating an
 *   environment needs `environment_type: {name: Test|Staging|Production}`; a comment needs `content.raw`.
 * - The deployment-variable create response (201) has no `type`.
 * - Error bodies (status ≥ 400) are checked against the shape Bitbucket really sends:
 *   `{type?: "error", error: {message, detail?: string|object, fields?, data?, id?}}` — the
 *   spec's `error` schema forbids `fields` and an object `detail`, which real 400/403s carry.
 * - Comment `content` carries `type: "rendered"` live (recorded in test/realdata/bitbucket/more/),
 *   though the spec's `content` schema forbids extra keys: it is accepted here.
 * - 429 bodies are text/plain, not JSON: pass the text; it must be the rate-limit sentence.
 * - Code Insights `report_data.value` is typed `object` in the spec, but the spec's own table (and
 *   its example) sends numbers, booleans, strings and `{text, href}`: any JSON value is accepted.
 * - Code Insights and build-status request bodies get the live rules: a report needs `title`,
 *   `details` and `report_type`; an annotation needs `annotation_type` and `summary` (and, in a
 *   bulk upload, `external_id`, unique within the request); a new build status needs `key`,
 *   `state` and `url`.
 * - `GET …/commit/{commit}/statuses` is in the full spec (`paginated_commitstatuses`) but not in
 *   the vendored subset; it is added here with the subset's own `commitstatus` items.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';

type Json = Record<string, unknown>;

const SPEC_PATH = fileURLToPath(new URL('../../spec/bitbucket/openapi-subset.json', import.meta.url));
const spec = JSON.parse(readFileSync(SPEC_PATH, 'utf8')) as {
  paths: Record<string, Record<string, Json>>;
  components: Json;
};

const COMMIT_STATUSES = '/repositories/{workspace}/{repo_slug}/commit/{commit}/statuses';
spec.paths[COMMIT_STATUSES] ??= {
  get: {
    responses: {
      200: {
        description:
          'A paginated list of all commit statuses for this commit (paginated_commitstatuses in the full spec).',
        content: {
          'application/json': {
            schema: {
              type: 'object',
              properties: {
                size: { type: 'integer', minimum: 0 },
                page: { type: 'integer', minimum: 1 },
                pagelen: { type: 'integer', minimum: 1 },
                next: { type: 'string', format: 'uri' },
                previous: { type: 'string', format: 'uri' },
                values: { type: 'array', items: { $ref: '#/components/schemas/commitstatus' } },
              },
              additionalProperties: false,
            },
          },
        },
      },
    },
  },
};

/** Live-vs-spec fixes applied to both copies of the components (see the header). */
const fixSpec = (schema: Json, path: string): Json => (path === '#/schemas/report_data/properties/value' ? {} : schema);

const KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Deep copy that turns OpenAPI 3.0 `nullable` into JSON Schema and points `#/…` refs at `root`. */
function toJsonSchema(node: unknown, root: string, relax: (schema: Json, path: string) => Json, path = '#'): unknown {
  if (Array.isArray(node)) return node.map((n, i) => toJsonSchema(n, root, relax, `${path}/${i}`));
  if (node === null || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node as Json)) {
    if (k === '$ref' && typeof v === 'string' && v.startsWith('#/')) out.$ref = `${root}${v}`;
    else if (k === 'discriminator' || k === 'example' || k === 'x-bb-default-fields') continue;
    else out[k] = toJsonSchema(v, root, relax, `${path}/${k}`);
  }
  if (out.nullable === true) {
    delete out.nullable;
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    else return { anyOf: [out, { type: 'null' }] };
  }
  return relax(out, path);
}

const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addFormat('uri', { type: 'string', validate: (s: string) => URL.canParse(s) });
ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/i);
ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) });

// Two copies of the components: as the spec says (responses), and with `type` optional (requests).
ajv.addSchema({ $id: 'bb-response', components: toJsonSchema(spec.components, 'bb-response', fixSpec) });
ajv.addSchema({
  $id: 'bb-request',
  components: toJsonSchema(spec.components, 'bb-request', (s, path) =>
    path === '#/schemas/object' || path === '#/schemas/error'
      ? { ...s, required: ((s.required as string[]) ?? []).filter((r) => r !== 'type') }
      : fixSpec(s, path),
  ),
});

const realError = ajv.compile({
  type: 'object',
  required: ['error'],
  properties: {
    type: { const: 'error' },
    error: {
      type: 'object',
      required: ['message'],
      properties: {
        message: { type: 'string' },
        detail: { type: ['string', 'object'] },
        fields: {
          type: 'object',
          additionalProperties: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
        },
        data: { type: 'object' },
        id: { type: 'string' },
      },
      additionalProperties: false,
    },
  },
});

/** Finds the spec path template for `path`, which may be a template or a concrete path, with or without `/2.0`. */
export function findPathTemplate(path: string): string | undefined {
  const p = path
    .split('?')[0]!
    .replace(/^https?:\/\/[^/]+/, '')
    .replace(/^\/2\.0(?=\/)/, '')
    .replace(/\/+$/, '');
  if (spec.paths[p]) return p;
  const segments = p.split('/');
  return Object.keys(spec.paths).find((template) => {
    const t = template.split('/');
    return (
      t.length === segments.length &&
      t.every((seg, i) => seg.startsWith('{') || seg === decodeURIComponent(segments[i]!))
    );
  });
}

const cache = new Map<string, ValidateFunction>();

function validatorFor(root: 'bb-response' | 'bb-request', pointer: string): ValidateFunction {
  const id = `${root}:${pointer}`;
  let fn = cache.get(id);
  if (!fn) {
    const node = pointer
      .split('/')
      .slice(1)
      .reduce<unknown>((n, seg) => (n as Json)[seg.replace(/~1/g, '/').replace(/~0/g, '~')], spec);
    const schema = toJsonSchema(node, root, (s) => s) as Json;
    fn = ajv.compile(schema);
    cache.set(id, fn);
  }
  return fn;
}

const escape = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

const describe = (errors: ErrorObject[] | null | undefined): string[] =>
  (errors ?? []).map(
    (e) =>
      `${e.instancePath || '(body)'} ${e.message ?? 'is invalid'}${e.params && 'additionalProperty' in e.params ? `: '${String(e.params.additionalProperty)}'` : ''}`,
  );

function operation(method: string, path: string): { template: string; op: Json } | string {
  const template = findPathTemplate(path);
  if (!template) return `no path in the OpenAPI subset matches ${path}`;
  const op = spec.paths[template]![method.toLowerCase()];
  if (!op) return `${method.toUpperCase()} ${template} is not in the OpenAPI subset`;
  return { template, op };
}

/** Undoes the documented live-vs-spec differences on a copy, so the rest is checked strictly. */
function allowRealApiDeviations(template: string, status: number, body: unknown): unknown {
  if (body === null || typeof body !== 'object') return body;
  const copy = structuredClone(body) as Json;
  // The deployment-variable create response carries no `type`.
  if (status === 201 && template.includes('/deployments_config/') && !('type' in copy)) copy.type = 'pipeline_variable';
  if (template.includes('/comments')) {
    const items = Array.isArray(copy.values) ? (copy.values as Json[]) : [copy];
    for (const item of items) {
      const content = item.content as Json | undefined;
      if (content && content.type === 'rendered') delete content.type;
    }
  }
  return copy;
}

/** Problems with a response body for `method path` answering `status`; [] when it conforms. */
export function validateResponse(method: string, path: string, status: number, body: unknown): string[] {
  const found = operation(method, path);
  if (typeof found === 'string') return [found];
  if (status === 429)
    return body === 'Rate limit for this resource has been exceeded'
      ? []
      : ['429 body must be the text/plain rate-limit sentence'];
  if (status >= 400) return realError(body) ? [] : describe(realError.errors);
  const responses = found.op.responses as Record<string, Json>;
  const response = responses[String(status)];
  if (!response) return [`status ${status} is not documented for ${method.toUpperCase()} ${found.template}`];
  const content = response.content as Record<string, Json> | undefined;
  if (!content?.['application/json'])
    return body === undefined || body === '' ? [] : [`status ${status} has no body in the spec`];
  const pointer = `#/paths/${escape(found.template)}/${method.toLowerCase()}/responses/${status}/content/application~1json/schema`;
  const candidate = allowRealApiDeviations(found.template, status, body);
  const fn = validatorFor('bb-response', pointer);
  return fn(candidate) ? [] : describe(fn.errors);
}

function requiredFields(body: Json | null | undefined, names: string[], where: string): string[] {
  return names
    .filter((n) => body?.[n] === undefined || body[n] === null)
    .map((n) => `${where}/${n} is required (the real API answers 400 without it)`);
}

/** Problems with a request body for `method path`; [] when the real API would accept its shape. */
export function validateRequestBody(method: string, path: string, body: unknown): string[] {
  const found = operation(method, path);
  if (typeof found === 'string') return [found];
  let requestBody = found.op.requestBody as Json | undefined;
  if (requestBody && typeof requestBody.$ref === 'string') {
    requestBody = (spec.components.requestBodies as Record<string, Json>)[requestBody.$ref.split('/').pop()!];
  }
  const problems: string[] = [];
  const content = requestBody?.content as Record<string, Json> | undefined;
  const schema = content?.['application/json']?.schema as Json | undefined;
  if (!schema) return body === undefined ? [] : [`${method.toUpperCase()} ${found.template} takes no request body`];
  const fn = ajv.compile(toJsonSchema(schema, 'bb-request', (s) => s) as Json);
  const t = found.template;
  const m = method.toUpperCase();
  // The spec's `commitstatus` requires `key`; on PUT …/statuses/build/{key} the key is the path's.
  const withPathKey =
    t.endsWith('/statuses/build/{key}') && body !== null && typeof body === 'object' && !Array.isArray(body);
  if (!fn(withPathKey ? { key: '(the path key)', ...(body as Json) } : body)) problems.push(...describe(fn.errors));
  if (t.endsWith('/annotations') && m === 'POST') {
    if (!Array.isArray(body)) return problems;
    const ids = new Set<unknown>();
    (body as Json[]).forEach((a, i) => {
      problems.push(...requiredFields(a, ['external_id', 'annotation_type', 'summary'], `/${i}`));
      if (ids.has(a?.external_id))
        problems.push(`/${i}/external_id '${String(a.external_id)}' appears twice in the request`);
      ids.add(a?.external_id);
    });
    return problems;
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    return problems.length ? problems : ['(body) must be an object'];
  const b = body as Json;
  if (t.endsWith('/reports/{reportId}') && m === 'PUT')
    problems.push(...requiredFields(b, ['title', 'details', 'report_type'], ''));
  if (t.endsWith('/annotations/{annotationId}') && m === 'PUT')
    problems.push(...requiredFields(b, ['annotation_type', 'summary'], ''));
  if (t.endsWith('/statuses/build') && m === 'POST') problems.push(...requiredFields(b, ['key', 'state', 'url'], ''));
  if (t.endsWith('/variables') || t.endsWith('/{variable_uuid}')) {
    if (typeof b.key === 'string' && !KEY.test(b.key))
      problems.push(`/key '${b.key}' does not match ^[A-Za-z_][A-Za-z0-9_]*$`);
    if (m === 'POST' && (typeof b.key !== 'string' || typeof b.value !== 'string'))
      problems.push('(body) a new variable needs string key and value');
  }
  if (t.endsWith('/environments') && m === 'POST') {
    const envType = b.environment_type as Json | undefined;
    if (
      !envType ||
      typeof envType !== 'object' ||
      !['Test', 'Staging', 'Production'].includes(envType.name as string)
    ) {
      problems.push('/environment_type must be {name: Test|Staging|Production} (the real API requires it)');
    }
  }
  if (t.includes('/comments')) {
    if ('type' in b)
      problems.push("(body) must not have a top-level 'type' (Bitbucket answers 400 'extra keys not allowed')");
    if (typeof (b.content as Json | undefined)?.raw !== 'string') problems.push('/content/raw is required');
  }
  return problems;
}
