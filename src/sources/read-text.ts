/**
 * Reading files and stdin with a size cap and strict UTF-8, for sources. Errors are plain
 * Errors with short, secret-free messages; callers add where and how to fix.
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { decodeStrictUtf8 } from '../core/utf8.ts';
import { SourceError } from '../errors.ts';
/** Error for one source; `where` is `file:line:col  sources.x.terraform.outputs` (added by the resolver). */
export class SourceReadError extends SourceError {
  readonly detail: string;
  readonly hint: string | undefined;
  constructor(detail: string, hint?: string) {
    super(hint ? `${detail}\n    hint: ${hint}` : detail);
    this.detail = detail;
    this.hint = hint;
  }
}

/**
 * Reads a file up to `maxBytes`; throws a readable Error otherwise. Synchronous inside: source
 * files are small and read once, and node:fs/promises would cost start-up time. The cap holds
 * while reading, so a device or FIFO that never ends (or a file that grows) cannot exhaust memory.
 * `regularOnly`: anything but a regular file is refused, and the open itself cannot block (a FIFO
 * without a writer) or follow a symlink swapped in after the caller checked the path.
 */
export async function readFileCapped(
  file: string,
  maxBytes: number,
  opts: { regularOnly?: boolean } = {},
): Promise<Buffer> {
  let fd: number;
  try {
    fd = openSync(file, opts.regularOnly ? constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW : 'r');
  } catch (error) {
    throw new Error(describeFsError(error as NodeJS.ErrnoException), { cause: error });
  }
  try {
    const s = fstatSync(fd);
    if (s.isDirectory()) throw new Error('is a directory, not a file');
    if (opts.regularOnly && !s.isFile()) throw new Error(`is ${specialKind(s)}, not a regular file`);
    if (s.size > maxBytes) throw new Error(`is ${mb(s.size)}; the limit is ${mb(maxBytes)}`);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(
        Math.min(maxBytes + 1 - total, Math.max(s.size - total + 1, 64 * 1024), 1024 * 1024),
      );
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      total += n;
      if (total > maxBytes) throw new Error(`is larger than ${mb(maxBytes)}`);
      chunks.push(n === chunk.length ? chunk : chunk.subarray(0, n));
    }
    return Buffer.concat(chunks, total);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EISDIR')
      throw new Error('is a directory, not a file', { cause: error });
    throw error;
  } finally {
    closeSync(fd);
  }
}

/** Reads a stream to the end, up to `maxBytes`. */
export async function readStreamCapped(stream: NodeJS.ReadableStream, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += buf.length;
    if (size > maxBytes) throw new Error(`is larger than ${mb(maxBytes)}`);
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

/** Strict UTF-8 decoding (a leading BOM is dropped). */
export function decodeUtf8(bytes: Uint8Array): string {
  const text = decodeStrictUtf8(bytes);
  if (text === undefined) throw new Error('is not valid UTF-8 text');
  return text;
}

export function describeFsError(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ENOENT':
      return 'does not exist';
    case 'EACCES':
    case 'EPERM':
      return 'cannot be read (permission denied)';
    case 'EISDIR':
      return 'is a directory, not a file';
    case 'ELOOP':
      return 'is a symbolic link';
    default:
      return `cannot be read (${error.code ?? error.message})`;
  }
}

/** What a non-regular file is, for messages. */
export function specialKind(s: Stats): string {
  if (s.isFIFO()) return 'a FIFO (named pipe)';
  if (s.isSocket()) return 'a socket';
  if (s.isCharacterDevice() || s.isBlockDevice()) return 'a device';
  if (s.isDirectory()) return 'a directory';
  return 'a special file';
}

function mb(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 1)} MB`
    : `${Math.ceil(bytes / 1024)} KB`;
}
