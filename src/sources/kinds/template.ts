/** `{ template: "...${<source>.<output>}...${env.NAME}..." }`: text with references. */
import { parseTemplate } from '../../config/refs.ts';
import { needleAt } from '../../config/rules.ts';
import type { TemplateValue } from '../../config/types.generated.ts';
import { DEFERRED, referenceText } from '../evaluate.ts';
import type { ReadRequest, VariableKind } from '../types.ts';

export const templateKind: VariableKind<TemplateValue> = {
  matches: (value): value is TemplateValue => typeof value === 'object' && value !== null && 'template' in value,
  reads(value, _at, ctx) {
    const parsed = parseTemplate(value.template);
    if (!parsed.ok) return [];
    const reads: ReadRequest[] = [];
    for (const part of parsed.parts) {
      if (part.kind !== 'ref' || part.ref.source === 'env') continue;
      const read = ctx.named(part.ref.source);
      if (read) reads.push(read);
    }
    return reads;
  },
  evaluate(value, at, ctx, problems) {
    const template = value.template;
    const path = [...at, 'template'];
    const parsed = parseTemplate(template);
    if (!parsed.ok) return undefined; // reported by the rules
    let out = '';
    let sensitive = false;
    let failed = false;
    let deferred = false;
    for (const part of parsed.parts) {
      if (part.kind === 'text') {
        out += part.text;
        continue;
      }
      const needle = needleAt(template, part.raw, part.offset);
      if (part.ref.source === 'env') {
        const v = Object.hasOwn(ctx.env, part.ref.output) ? ctx.env[part.ref.output] : undefined;
        if (v === undefined) {
          problems.push({
            path,
            needle,
            message: `environment variable ${part.ref.output} is not set`,
            hint: 'set it where bb-vars runs, or use an { env: NAME, default: ... } variable instead',
          });
          failed = true;
        } else out += v;
        continue;
      }
      const got = referenceText(part.ref, undefined, ctx, { path, needle }, problems);
      if (got === DEFERRED) deferred = true;
      else if (!got) failed = true;
      else {
        out += got.value;
        sensitive ||= got.sensitive;
      }
    }
    if (failed) return undefined;
    return deferred ? { value: '', sensitive, deferred } : { value: out, sensitive };
  },
};
