/**
 * The Terraform/OpenTofu source: an outputs file (or stdin), a local state file, or
 * `<binary> output -json` run in a directory.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import type { TerraformSource } from '../config/types.generated.ts';
import { ExecFailure, MAX_OUTPUT_BYTES, runOutputJson } from './terraform-exec.ts';
import { parseOutputsJson, parseStateJson, TerraformFormatError } from './terraform-parse.ts';
import { decodeUtf8, readFileCapped, readStreamCapped, SourceReadError } from './read-text.ts';
import type { Output, ReadContext, SourceData, SourceKind } from './types.ts';

export const DEFAULT_TIMEOUT_SECONDS = 120;

function mode(spec: TerraformSource): { kind: 'outputs' | 'state' | 'dir'; target: string } {
  if (spec.outputs !== undefined) return { kind: 'outputs', target: spec.outputs };
  if (spec.state !== undefined) return { kind: 'state', target: spec.state };
  return { kind: 'dir', target: spec.dir ?? '.' };
}

/** `terraform output -json` leaves null outputs out, so a missing output may be a null one. */
const NULL_NOTE = 'outputs whose value is null are omitted by `terraform output -json`';

export const terraform: SourceKind<TerraformSource> = {
  key: 'terraform',
  at: (spec) => [mode(spec).kind],
  id(spec, ctx) {
    const { kind, target } = mode(spec);
    return `terraform:${kind}:${target === '-' ? '-' : path.resolve(ctx.baseDir, target)}:${spec.binary ?? ''}`;
  },
  describe(spec) {
    const { kind, target } = mode(spec);
    if (kind === 'dir') return `\`${spec.binary ?? 'terraform'} output -json\` in ${target}`;
    if (target === '-') return `terraform ${kind === 'state' ? 'state' : 'outputs'} from standard input`;
    return kind === 'state' ? `terraform state ${target}` : `terraform outputs ${target}`;
  },
  async read(spec, ctx) {
    const { kind, target } = mode(spec);
    const origin = this.describe(spec);
    let text: string;
    if (kind === 'dir') {
      if (ctx.offline) {
        checkDir(target, ctx);
        return {
          outputs: new Map(),
          origin,
          deferred: `validate does not run \`${spec.binary ?? 'terraform'} output -json\``,
        };
      }
      text = await readDir(spec, target, ctx);
    } else {
      let bytes: Buffer;
      try {
        if (target === '-') {
          if (!ctx.stdin) throw new Error('standard input is not available');
          bytes = await readStreamCapped(ctx.stdin, MAX_OUTPUT_BYTES);
        } else bytes = await readFileCapped(path.resolve(ctx.baseDir, target), MAX_OUTPUT_BYTES);
        text = decodeUtf8(bytes);
      } catch (error) {
        const what = target === '-' ? 'standard input' : target;
        throw new SourceReadError(
          `${what} ${(error as Error).message}`,
          kind === 'outputs'
            ? 'create it with `terraform output -json > ' + (target === '-' ? 'outputs.json' : target) + '`'
            : 'check the path; it is relative to the manifest',
        );
      }
    }
    let outputs: Map<string, Output>;
    try {
      outputs = kind === 'state' ? parseStateJson(text) : parseOutputsJson(text);
    } catch (error) {
      if (!(error instanceof TerraformFormatError)) throw error;
      const what =
        kind === 'dir'
          ? `the output of \`${spec.binary ?? 'terraform'} output -json\``
          : target === '-'
            ? 'standard input'
            : target;
      throw new SourceReadError(`${what} ${error.message}`, error.hint);
    }
    return { outputs, origin, ...(kind === 'state' ? {} : { missingNote: NULL_NOTE }) } satisfies SourceData;
  },
};

function checkDir(dir: string, ctx: ReadContext): string {
  const cwd = path.resolve(ctx.baseDir, dir);
  try {
    if (!statSync(cwd).isDirectory()) throw new Error('not a directory');
  } catch {
    throw new SourceReadError(`directory ${dir} does not exist`, 'the path is relative to the manifest');
  }
  return cwd;
}

async function readDir(spec: TerraformSource, dir: string, ctx: ReadContext): Promise<string> {
  const cwd = checkDir(dir, ctx);
  const binary = spec.binary ?? 'terraform';
  try {
    const { stdout } = await runOutputJson({
      binary,
      cwd,
      env: ctx.env,
      timeoutMs: (spec.timeout ?? DEFAULT_TIMEOUT_SECONDS) * 1000,
    });
    return stdout;
  } catch (error) {
    if (error instanceof ExecFailure) throw new SourceReadError(error.message, error.hint);
    throw error;
  }
}
