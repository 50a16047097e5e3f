/**
 * `{ file: path, encoding?: utf8|base64 }`: a file's contents. The file must resolve, after
 * symlinks, inside the git repository that holds the manifest (or the manifest's directory
 * outside git), and be a regular file: FIFOs, devices, sockets and /proc are refused before
 * anything is opened, so none of them can hang a run or leak the process environment.
 */
import { existsSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import type { FileValue } from '../../config/types.generated.ts';
import type { PathSegment } from '../../config/yaml-data.ts';
import { decodeUtf8, describeFsError, readFileCapped, SourceReadError, specialKind } from '../read-text.ts';
import type { ReadContext, SourceData, VariableKind } from '../types.ts';

/** Bitbucket allows about 120K characters for all variables of a step; a bigger file cannot fit. */
export const MAX_FILE_BYTES = 1024 * 1024;

/** Kernel file systems: their "files" are views of processes and devices, never configuration. */
const SPECIAL_TREES = ['/proc', '/sys', '/dev'];

export const fileKind: VariableKind<FileValue> = {
  matches: (value): value is FileValue => typeof value === 'object' && value !== null && 'file' in value,
  reads(value, at, ctx) {
    const encoding = value.encoding ?? 'utf8';
    return [
      {
        key: fileKey(at),
        id: `file:${encoding}:${path.resolve(ctx.read.baseDir, value.file)}`,
        label: `file ${value.file}`,
        at: [...at, 'file'],
        read: () => readFile(value.file, encoding, ctx.read),
      },
    ];
  },
  evaluate(value, at, ctx) {
    const content = ctx.data(fileKey(at))?.outputs.get('content')?.value;
    if (typeof content !== 'string') return undefined; // the read failed: reported by the reader
    return { value: content, sensitive: false, encoded: value.encoding === 'base64' };
  },
};

function fileKey(at: PathSegment[]): string {
  return `file:${at.join('\u0000')}`;
}

/** The directory `file:` sources must stay in: the nearest ancestor holding `.git`, else `dir` itself. */
export function confinementRoot(dir: string): string {
  for (let d = dir; ; d = path.dirname(d)) {
    if (existsSync(path.join(d, '.git'))) return d;
    if (path.dirname(d) === d) return dir;
  }
}

function isInside(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (rel !== '..' && !rel.startsWith('..' + path.sep) && !path.isAbsolute(rel));
}

async function readFile(file: string, encoding: 'utf8' | 'base64', ctx: ReadContext): Promise<SourceData> {
  const hint = 'the path is relative to the manifest';
  let real: string;
  try {
    real = realpathSync(path.resolve(ctx.baseDir, file));
  } catch (error) {
    throw new SourceReadError(`file ${file} ${describeFsError(error as NodeJS.ErrnoException)}`, hint);
  }
  const root = confinementRoot(realpathSync(ctx.baseDir));
  const rule = `file: sources must resolve, after symlinks, inside ${root} (the git repository that holds the manifest, or its directory outside git), and be regular files`;
  const tree = SPECIAL_TREES.find((t) => isInside(t, real));
  if (tree)
    throw new SourceReadError(`file ${file} resolves to ${real}, in ${tree}, which holds no regular files`, rule);
  if (!isInside(root, real))
    throw new SourceReadError(`file ${file} resolves to ${real}, outside the repository`, rule);
  // stat before opening: opening a FIFO waits for a writer, and opening a device may act on it.
  const stats = statSync(real);
  if (stats.isDirectory()) throw new SourceReadError(`file ${file} is a directory, not a file`, hint);
  if (!stats.isFile()) throw new SourceReadError(`file ${file} is ${specialKind(stats)}, not a regular file`, rule);
  let bytes: Buffer;
  try {
    bytes = await readFileCapped(real, MAX_FILE_BYTES, { regularOnly: true });
  } catch (error) {
    throw new SourceReadError(`file ${file} ${(error as Error).message}`, hint);
  }
  let value: string;
  if (encoding === 'base64') value = bytes.toString('base64');
  else {
    try {
      // As `$(cat file)` does: the line break that ends the last line is not part of the value.
      value = decodeUtf8(bytes).replace(/\r?\n$/, '');
    } catch {
      throw new SourceReadError(`file ${file} is not valid UTF-8 text`, 'add `encoding: base64` for binary files');
    }
  }
  return { outputs: new Map([['content', { value, sensitive: false }]]), origin: `file ${file}` };
}
