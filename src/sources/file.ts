/** A file's contents as a source: one output, `content`, as UTF-8 text or base64. */
import path from 'node:path';
import { decodeUtf8, readFileCapped } from './read-text.ts';
import { SourceReadError } from './terraform.ts';
import type { Output, ValueSource } from './types.ts';

/** Bitbucket allows about 120K characters for all variables of a step; a bigger file cannot fit. */
export const MAX_FILE_BYTES = 1024 * 1024;

export interface FileSpec {
  file: string;
  encoding: 'utf8' | 'base64';
}

export const file: ValueSource<FileSpec> = {
  id: (spec, ctx) => `file:${spec.encoding}:${path.resolve(ctx.baseDir, spec.file)}`,
  describe: (spec) => `file ${spec.file}`,
  async read(spec, ctx) {
    let bytes: Buffer;
    try {
      bytes = await readFileCapped(path.resolve(ctx.baseDir, spec.file), MAX_FILE_BYTES);
    } catch (error) {
      throw new SourceReadError(`file ${spec.file} ${(error as Error).message}`, 'the path is relative to the manifest');
    }
    let value: string;
    if (spec.encoding === 'base64') value = bytes.toString('base64');
    else {
      try {
        value = decodeUtf8(bytes);
      } catch {
        throw new SourceReadError(`file ${spec.file} is not valid UTF-8 text`, 'add `encoding: base64` for binary files');
      }
    }
    const output: Output = { value, sensitive: false };
    return { outputs: new Map([['content', output]]), origin: `file ${spec.file}` };
  },
};
