/**
 * `validate --pipelines`: reads the pipelines file (the only I/O here) and checks it against a
 * loaded manifest. The checks themselves are pure (check.ts, analyse.ts).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { decodeText, type LoadedManifest } from '../config/load.ts';
import { UserError } from '../errors.ts';
import { checkPipelines, chooseRepository, type PipelinesCheck } from './check.ts';

export { describeCheck } from './check.ts';

export const DEFAULT_PIPELINES_FILE = 'bitbucket-pipelines.yml';

export interface PipelinesOptions {
  /** The pipelines file; default ./bitbucket-pipelines.yml. */
  file?: string;
  /** --repo; default $BITBUCKET_REPO_SLUG, else the manifest's only repository. */
  repository?: string;
}

/** Reads and checks the pipelines file. Throws UserError when it cannot be read or no repository can be chosen. */
export function validatePipelines(
  loaded: LoadedManifest,
  options: PipelinesOptions,
  io: { cwd: string; env: NodeJS.ProcessEnv },
): PipelinesCheck & { displayFile: string } {
  const repository = chooseRepository(loaded, options.repository, io.env.BITBUCKET_REPO_SLUG);
  const given = options.file ?? DEFAULT_PIPELINES_FILE;
  const file = path.resolve(io.cwd, given);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const hint =
      code === 'ENOENT'
        ? `pass its path: --pipelines <file> (default ./${DEFAULT_PIPELINES_FILE})`
        : 'check the path and its permissions';
    throw new UserError(
      `Cannot read the pipelines file ${given}: ${code ?? (error as Error).message}.\n  hint: ${hint}`,
      { cause: error },
    );
  }
  return { ...checkPipelines(decodeText(bytes, given), given, loaded, repository), displayFile: given };
}
