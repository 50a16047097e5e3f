/**
 * The steps of a parsed bitbucket-pipelines.yml, each as Pipelines runs it: where it is used
 * (every pipeline kind: default, branches, pull-requests, tags, bookmarks, custom), its name,
 * the deployment it runs in (its own, or its stage's), and the texts in which variables expand,
 * in run order. Steps inside `parallel:` groups and `stage:`s are included; steps shared through
 * YAML anchors (`- step: *build`, `<<: *build`, usually under `definitions:`) appear once per use,
 * since each use may run in another deployment. Pure.
 */
import { isRecord } from '../core/data.ts';
import type { PathSegment } from '../config/yaml-data.ts';

export const PIPELINE_KINDS = ['default', 'branches', 'pull-requests', 'tags', 'bookmarks', 'custom'] as const;

/**
 * A text in which variables expand, at its path in the document: a script command, or a value
 * that reaches a shell as written (pipe variables, image credentials).
 */
export interface Expansion {
  path: PathSegment[];
  text: string;
}

export interface Step {
  /** The pipeline it is used in: `default`, `branches main`, `custom deploy-prod`. */
  pipeline: string;
  /** Its `name:`, else `step <n>` (its position in the pipeline). */
  name: string;
  path: PathSegment[];
  deployment?: string;
  /** Script commands, pipe variables, after-script commands, image credentials: in run order. */
  expansions: Expansion[];
  /** Variables a custom pipeline asks for when it is run (`- variables: [{ name: X }]`). */
  runVariables: string[];
  /** Runs on a Windows runner (PowerShell: `$env:NAME`, not sh), so its scripts are not read. */
  windows: boolean;
}

/** Lists every use of every step. `doc` is the parsed file (plain data). */
export function listSteps(doc: unknown): Step[] {
  if (!isRecord(doc) || !isRecord(doc.pipelines)) return [];
  const pipelines = doc.pipelines;
  const steps: Step[] = [];
  for (const kind of PIPELINE_KINDS) {
    const value = pipelines[kind];
    if (kind === 'default') {
      walk(value, ['pipelines', kind], { pipeline: kind, doc, steps, counter: { n: 0 }, runVariables: [] });
      continue;
    }
    if (!isRecord(value)) continue;
    for (const pattern of Object.keys(value)) {
      const list = value[pattern];
      const runVariables = kind === 'custom' ? customVariables(list) : [];
      walk(list, ['pipelines', kind, pattern], {
        pipeline: `${kind} ${pattern}`,
        doc,
        steps,
        counter: { n: 0 },
        runVariables,
      });
    }
  }
  return steps;
}

interface WalkContext {
  pipeline: string;
  doc: Record<string, unknown>;
  steps: Step[];
  counter: { n: number };
  runVariables: string[];
  /** A stage's deployment, which its steps run in. */
  deployment?: string;
}

function walk(list: unknown, path: PathSegment[], ctx: WalkContext): void {
  if (!Array.isArray(list)) return;
  list.forEach((item: unknown, i) => {
    if (!isRecord(item)) return;
    const at = [...path, i];
    if (isRecord(item.step)) addStep(item.step, [...at, 'step'], ctx);
    const parallel = item.parallel;
    if (Array.isArray(parallel)) walk(parallel, [...at, 'parallel'], ctx);
    else if (isRecord(parallel)) walk(parallel.steps, [...at, 'parallel', 'steps'], ctx);
    if (isRecord(item.stage)) {
      const stage = item.stage;
      const inner: WalkContext = { ...ctx };
      if (typeof stage.deployment === 'string') inner.deployment = stage.deployment;
      walk(stage.steps, [...at, 'stage', 'steps'], inner);
    }
  });
}

function addStep(step: Record<string, unknown>, path: PathSegment[], ctx: WalkContext): void {
  ctx.counter.n++;
  const expansions: Expansion[] = [];
  for (const section of ['script', 'after-script'] as const) {
    const items = step[section];
    if (!Array.isArray(items)) continue;
    items.forEach((item: unknown, i) => {
      const at = [...path, section, i];
      if (typeof item === 'string') expansions.push({ path: at, text: item });
      else if (isRecord(item) && isRecord(item.variables)) {
        // A pipe's variables are its inputs: their names are not uses, their values expand.
        for (const [key, value] of Object.entries(item.variables)) values(value, [...at, 'variables', key], expansions);
      }
    });
  }
  const image = step.image ?? ctx.doc.image;
  const imagePath: PathSegment[] = step.image !== undefined ? [...path, 'image'] : ['image'];
  if (isRecord(image)) {
    for (const key of ['username', 'password']) values(image[key], [...imagePath, key], expansions);
    if (isRecord(image.aws))
      for (const key of Object.keys(image.aws)) values(image.aws[key], [...imagePath, 'aws', key], expansions);
  }
  const runsOn = step['runs-on'];
  const labels = Array.isArray(runsOn) ? runsOn : [runsOn];
  const own = typeof step.deployment === 'string' ? step.deployment : undefined;
  const deployment = own ?? ctx.deployment;
  const result: Step = {
    pipeline: ctx.pipeline,
    name: typeof step.name === 'string' && step.name.trim() !== '' ? step.name : `step ${ctx.counter.n}`,
    path,
    expansions,
    runVariables: ctx.runVariables,
    windows: labels.some((l) => typeof l === 'string' && l.toLowerCase() === 'windows'),
  };
  if (deployment !== undefined) result.deployment = deployment;
  ctx.steps.push(result);
}

function values(value: unknown, path: PathSegment[], out: Expansion[]): void {
  if (typeof value === 'string') out.push({ path, text: value });
  else if (Array.isArray(value)) value.forEach((v: unknown, i) => values(v, [...path, i], out));
}

/** `- variables: [{ name: X, default: … }]` at the start of a custom pipeline. */
function customVariables(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  const names: string[] = [];
  for (const item of list) {
    if (!isRecord(item) || !Array.isArray(item.variables)) continue;
    for (const v of item.variables) if (isRecord(v) && typeof v.name === 'string') names.push(v.name);
  }
  return names;
}
