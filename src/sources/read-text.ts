/**
 * Reading files and stdin with a size cap and strict UTF-8, for sources. Errors are plain
 * Errors with short, secret-free messages; callers add where and how to fix.
 */
import { open } from 'node:fs/promises';

/** Reads a file up to `maxBytes`; throws a readable Error otherwise. */
export async function readFileCapped(file: string, maxBytes: number): Promise<Buffer> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    throw new Error(describeFsError(error as NodeJS.ErrnoException), { cause: error });
  }
  try {
    const s = await handle.stat();
    if (s.isDirectory()) throw new Error('is a directory, not a file');
    if (s.size > maxBytes) throw new Error(`is ${mb(s.size)}; the limit is ${mb(maxBytes)}`);
    return await handle.readFile();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EISDIR') throw new Error('is a directory, not a file', { cause: error });
    throw error;
  } finally {
    await handle.close();
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
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    throw new Error('is not valid UTF-8 text', { cause: error });
  }
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
    default:
      return `cannot be read (${error.code ?? error.message})`;
  }
}

function mb(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}
