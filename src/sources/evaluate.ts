/**
 * One declared variable → its final string and secured/sensitive flags (pure: the sources have
 * been read already). Problems are returned located at the reference that caused them.
 */
import type { Problem } from '../config/locate.ts';
import { formatRefPath, parseRef, parseTemplate, type Ref } from '../config/refs.ts';
import { needleAt } from '../config/rules.ts';
import { closest, listNames } from '../core/suggest.ts';
import type { VariableValue } from '../config/types.generated.ts';
import type { PathSegment } from '../config/yaml-data.ts';
import type { Output, SourceData } from './types.ts';
import { renderValue, walkPath } from './values.ts';

/** What evaluation may look up. */
export interface EvalContext {
  /** Named sources (read), by name. */
  named: Map<string, SourceData>;
  /** File contents (read), by manifest path of the `file` node. */
  files: Map<string, string>;
  env: NodeJS.ProcessEnv;
  numberText(path: readonly PathSegment[]): string | undefined;
}

export interface Evaluated {
  value: string;
  secured: boolean;
  sensitive: boolean;
}

type Located = Omit<Problem, 'path'> & { path: PathSegment[] };

export function filesKey(path: readonly PathSegment[]): string {
  return path.join('\u0000');
}

function literal(v: string | number | boolean, path: PathSegment[], ctx: EvalContext): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  // The YAML source keeps every digit: 12345678901234567890 would otherwise be rounded.
  const text = ctx.numberText(path);
  return text !== undefined && /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$/.test(text) ? text.replace(/^\+/, '') : String(v);
}

export function evaluateVariable(value: VariableValue, path: PathSegment[], ctx: EvalContext, problems: Located[]): Evaluated | undefined {
  if (typeof value !== 'object' || value === null) return { value: literal(value, path, ctx), secured: false, sensitive: false };
  let result: { value: string; sensitive: boolean } | undefined;
  if ('value' in value) result = { value: literal(value.value, [...path, 'value'], ctx), sensitive: false };
  else if ('env' in value) {
    const v = Object.hasOwn(ctx.env, value.env) ? ctx.env[value.env] : undefined;
    if (v !== undefined) result = { value: v, sensitive: false };
    else if (value.default !== undefined) result = { value: literal(value.default, [...path, 'default'], ctx), sensitive: false };
    else problems.push({ path: [...path, 'env'], message: `environment variable ${value.env} is not set`, hint: 'set it where bb-vars runs (e.g. a secured repository variable in CI), or add `default:`' });
  } else if ('file' in value) {
    const content = ctx.files.get(filesKey([...path, 'file']));
    if (content !== undefined) result = { value: content, sensitive: false };
  } else if ('from' in value) {
    const parsed = parseRef(value.from);
    if (parsed.ok) {
      const got = lookup(parsed.ref, ctx, { path: [...path, 'from'] }, problems);
      if (got) {
        const rendered = renderValue(got.value, value.format, formatRefPath(parsed.ref.source, parsed.ref.output, parsed.ref.path));
        if (rendered.ok) result = { value: rendered.value, sensitive: got.sensitive };
        else problems.push({ path: [...path, 'from'], message: rendered.message, hint: rendered.hint });
      }
    }
  } else if ('template' in value) {
    result = evaluateTemplate(value.template, [...path, 'template'], ctx, problems);
  }
  if (!result) return undefined;
  const explicit = value.secured;
  if (explicit === false && result.sensitive) {
    problems.push({
      path: [...path, 'secured'],
      at: 'key',
      message: 'depends on a sensitive Terraform output, so it cannot be secured: false',
      hint: 'remove `secured: false`: values from sensitive outputs are always stored secured',
    });
    return undefined;
  }
  return { value: result.value, secured: explicit ?? result.sensitive, sensitive: result.sensitive };
}

function evaluateTemplate(template: string, path: PathSegment[], ctx: EvalContext, problems: Located[]): { value: string; sensitive: boolean } | undefined {
  const parsed = parseTemplate(template);
  if (!parsed.ok) return undefined; // reported by the rules
  let out = '';
  let sensitive = false;
  let failed = false;
  for (const part of parsed.parts) {
    if (part.kind === 'text') {
      out += part.text;
      continue;
    }
    const needle = needleAt(template, part.raw, part.offset);
    if (part.ref.source === 'env' && !ctx.named.has('env')) {
      const v = Object.hasOwn(ctx.env, part.ref.output) ? ctx.env[part.ref.output] : undefined;
      if (v === undefined) {
        problems.push({ path, needle, message: `environment variable ${part.ref.output} is not set`, hint: 'set it where bb-vars runs, or use an { env: NAME, default: ... } variable instead' });
        failed = true;
      } else out += v;
      continue;
    }
    const got = lookup(part.ref, ctx, { path, needle }, problems);
    if (!got) {
      failed = true;
      continue;
    }
    const rendered = renderValue(got.value, undefined, formatRefPath(part.ref.source, part.ref.output, part.ref.path));
    if (!rendered.ok) {
      problems.push({ path, needle, message: rendered.message, hint: rendered.hint });
      failed = true;
      continue;
    }
    out += rendered.value;
    sensitive ||= got.sensitive;
  }
  return failed ? undefined : { value: out, sensitive };
}

function lookup(ref: Ref, ctx: EvalContext, at: Pick<Problem, 'path' | 'needle'>, problems: Located[]): { value: Output['value']; sensitive: boolean } | undefined {
  const data = ctx.named.get(ref.source);
  if (!data) return undefined; // unknown source: reported by the rules; unreadable: reported by the reader
  const output = data.outputs.get(ref.output);
  const where = { path: at.path, ...(at.needle ? { needle: at.needle } : {}) };
  if (!output) {
    const names = [...data.outputs.keys()];
    if (names.length === 0) {
      problems.push({ ...where, message: `unknown output '${ref.output}': source '${ref.source}' has no outputs`, hint: `${data.origin} holds no outputs; run terraform apply, or check the path` });
    } else {
      const guess = closest(ref.output, names);
      problems.push({ ...where, message: `unknown output '${ref.output}' in source '${ref.source}'${guess ? `; did you mean '${guess}'?` : ''}`, hint: `${data.origin} has: ${listNames(names)}` });
    }
    return undefined;
  }
  if (output.unusable) {
    problems.push({ ...where, message: `output ${ref.source}.${ref.output} ${output.unusable}`, hint: 'decrypt the state first (terrahelp decrypt), or use `dir:` so Terraform produces the values' });
    return undefined;
  }
  if (output.deprecated !== undefined) {
    problems.push({ ...where, severity: 'warning', message: `output ${ref.source}.${ref.output} is deprecated: ${output.deprecated}` });
  }
  const walked = walkPath(output.value, ref.source, ref.output, ref.path);
  if (!walked.ok) {
    problems.push({ ...where, message: walked.message, hint: walked.hint });
    return undefined;
  }
  return { value: walked.value, sensitive: output.sensitive };
}
