import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeUtf8, readFileCapped } from '../../src/sources/read-text.ts';
import { tempTree } from '../support/files.ts';

describe('readFileCapped', () => {
  it('reads a whole file, small or spanning several chunks', async () => {
    const big = 'x'.repeat(3 * 1024 * 1024 + 17);
    const dir = await tempTree({ 'small.txt': 'héllo', 'big.txt': big });
    expect((await readFileCapped(join(dir, 'small.txt'), 100)).toString('utf8')).toBe('héllo');
    expect((await readFileCapped(join(dir, 'big.txt'), 4 * 1024 * 1024)).toString('utf8')).toBe(big);
  });

  it('refuses files over the limit, directories and missing files with short messages', async () => {
    const dir = await tempTree({ 'f.txt': 'x'.repeat(2048), 'sub/.keep': '' });
    await expect(readFileCapped(join(dir, 'f.txt'), 1024)).rejects.toThrow('is 2 KB; the limit is 1 KB');
    await expect(readFileCapped(join(dir, 'sub'), 1024)).rejects.toThrow('is a directory, not a file');
    await expect(readFileCapped(join(dir, 'nope.txt'), 1024)).rejects.toThrow('does not exist');
  });

  it('stops a file that never ends at the limit instead of exhausting memory', async () => {
    await expect(readFileCapped('/dev/zero', 300_000)).rejects.toThrow('is larger than 293 KB');
  });
});

describe('decodeUtf8', () => {
  it('drops a leading BOM and refuses invalid UTF-8', () => {
    expect(decodeUtf8(Buffer.from([0xef, 0xbb, 0xbf, 0x61, 0x62]))).toBe('ab');
    expect(decodeUtf8(Buffer.from('zürich\u{1F600}', 'utf8'))).toBe('zürich\u{1F600}');
    expect(decodeUtf8(Buffer.from('a\uFEFFb', 'utf8'))).toBe('a\uFEFFb');
    expect(() => decodeUtf8(Buffer.from([0x61, 0xff, 0x62]))).toThrow('is not valid UTF-8 text');
    expect(() => decodeUtf8(Buffer.from([0xed, 0xa0, 0x80]))).toThrow('is not valid UTF-8 text');
  });
});
