/**
 * What every variable form shares (pure): literals, looking references up in named sources, and
 * the rules applied to every final value — `encoding: base64`, `secured` against sensitive
 * outputs, no line breaks, and never the tool's own credential in a plain variable.
 */
import { formatRefPath, type Ref } from '../config/refs.ts';
import type { VariableValue } from '../config/types.generated.ts';
import type { PathSegment } from '../config/yaml-data.ts';
import { OWN_SECRET_ENV } from '../core/own-secrets.ts';
import { closest, listNames } from '../core/suggest.ts';
import type { EvalContext, Located, Raw } from './types.ts';
import { renderValue, walkPath } from './values.ts';

/** The final string and flags of one variable. */
export interface Evaluated {
  value: string;
  secured: boolean;
  sensitive: boolean;
  /** The manifest says `secured: false` explicitly: only then may a live secured variable become plain. */
  declaredPlain?: true;
}

/** Where a named source's read lands in EvalContext.data. */
export function namedKey(name: string): string {
  return `source:${name}`;
}

/** A literal as the variable's string; numbers keep the digits written in the manifest. */
export function literal(v: string | number | boolean, path: PathSegment[], ctx: EvalContext): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  // The YAML source keeps every digit: 12345678901234567890 would otherwise be rounded.
  const text = ctx.numberText(path);
  return text !== undefined && /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$/.test(text)
    ? text.replace(/^\+/, '')
    : String(v);
}

export const DEFERRED = Symbol('deferred');

/** A reference's value rendered as text; DEFERRED when its source is not read here (offline). */
export function referenceText(
  ref: Ref,
  format: 'json' | 'csv' | undefined,
  ctx: EvalContext,
  where: Pick<Located, 'path' | 'needle'>,
  problems: Located[],
): { value: string; sensitive: boolean } | typeof DEFERRED | undefined {
  const data = ctx.data(namedKey(ref.source));
  if (!data) return undefined; // unknown source: reported by the rules; unreadable: reported by the reader
  if (data.deferred !== undefined) return DEFERRED;
  const at = { path: where.path, ...(where.needle ? { needle: where.needle } : {}) };
  const output = data.outputs.get(ref.output);
  if (!output) {
    const names = [...data.outputs.keys()];
    const note = data.missingNote ? `; ${data.missingNote}` : '';
    if (names.length === 0) {
      problems.push({
        ...at,
        message: `unknown output '${ref.output}': source '${ref.source}' has no outputs`,
        hint: `${data.origin} holds no outputs${note}; run terraform apply, or check the path`,
      });
    } else {
      const guess = closest(ref.output, names);
      problems.push({
        ...at,
        message: `unknown output '${ref.output}' in source '${ref.source}'${guess ? `; did you mean '${guess}'?` : ''}`,
        hint: `${data.origin} has: ${listNames(names)}${note}`,
      });
    }
    return undefined;
  }
  if (output.unusable) {
    problems.push({
      ...at,
      message: `output ${ref.source}.${ref.output} ${output.unusable}`,
      hint: 'decrypt the state first (terrahelp decrypt), or use `dir:` so Terraform produces the values',
    });
    return undefined;
  }
  if (output.deprecated !== undefined) {
    problems.push({
      ...at,
      severity: 'warning',
      message: `output ${ref.source}.${ref.output} is deprecated: ${output.deprecated}`,
    });
  }
  const walked = walkPath(output.value, ref.source, ref.output, ref.path);
  if (!walked.ok) {
    problems.push({ ...at, message: walked.message, hint: walked.hint });
    return undefined;
  }
  const rendered = renderValue(walked.value, format, formatRefPath(ref.source, ref.output, ref.path));
  if (!rendered.ok) {
    problems.push({ ...at, message: rendered.message, hint: rendered.hint });
    return undefined;
  }
  return { value: rendered.value, sensitive: output.sensitive };
}

/** Own credentials shorter than this are not looked for (they would match ordinary text). */
const MIN_CREDENTIAL_LENGTH = 8;

/**
 * The rules every final value obeys. `raw` is what the variable's form produced; returns the
 * variable, or undefined after adding located problems (never quoting the value).
 */
export function finish(
  value: VariableValue,
  raw: Raw,
  path: PathSegment[],
  env: NodeJS.ProcessEnv,
  problems: Located[],
): Evaluated | undefined {
  const options: { secured?: boolean; encoding?: string } = typeof value === 'object' && value !== null ? value : {};
  const explicit = options.secured;
  if (explicit === false && raw.sensitive) {
    problems.push({
      path: [...path, 'secured'],
      at: 'key',
      message: 'depends on a sensitive Terraform output, so it cannot be secured: false',
      hint: 'remove `secured: false`: values from sensitive outputs are always stored secured',
    });
    return undefined;
  }
  const secured = explicit ?? raw.sensitive;
  const base64 = options.encoding === 'base64';
  const final = base64 && !raw.encoded ? Buffer.from(raw.value, 'utf8').toString('base64') : raw.value;
  let ok = true;
  if (/[\r\n]/.test(final)) {
    ok = false;
    problems.push({
      path,
      at: 'key',
      message: 'the value contains a line break, which Bitbucket Pipelines variables cannot hold',
      hint: 'add `encoding: base64` and decode it in the step (echo "$VAR" | base64 -d), or remove the line breaks',
    });
  }
  for (const name of OWN_SECRET_ENV) {
    const secret = env[name];
    if (secret === undefined || secret.length < MIN_CREDENTIAL_LENGTH) continue;
    if (!raw.value.includes(secret) && !final.includes(secret)) continue;
    if (secured) {
      problems.push({
        path,
        at: 'key',
        severity: 'warning',
        message: `the value contains bb-vars' own credential ${name}`,
        hint: 'give this variable its own credential: a pipeline that can read it can act as bb-vars',
      });
    } else {
      ok = false;
      problems.push({
        path,
        at: 'key',
        message: `the value contains bb-vars' own credential ${name}, and the variable is not secured: plans and Bitbucket would show it`,
        hint: 'do not pass bb-vars its own credential as a variable; if a step really needs it, declare the variable secured: true',
      });
    }
  }
  return ok
    ? {
        value: final,
        secured,
        sensitive: raw.sensitive,
        ...(explicit === false ? { declaredPlain: true as const } : {}),
      }
    : undefined;
}
