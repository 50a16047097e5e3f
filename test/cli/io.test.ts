import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { useColor, type CliIO } from '../../src/cli/io.ts';

function io(isTTY: boolean, env: NodeJS.ProcessEnv): CliIO {
  const stdout = Object.assign(new PassThrough(), { isTTY });
  return { stdout, stderr: new PassThrough(), stdin: new PassThrough(), env, cwd: '/' };
}

describe('colour', () => {
  it('only on a TTY, never with NO_COLOR, and when FORCE_COLOR asks for it', () => {
    expect(useColor(io(true, {}))).toBe(true);
    expect(useColor(io(false, {}))).toBe(false);
    expect(useColor(io(true, { NO_COLOR: '1' }))).toBe(false);
    expect(useColor(io(false, { FORCE_COLOR: '1' }))).toBe(true);
    expect(useColor(io(true, { FORCE_COLOR: '0' }))).toBe(true);
    expect(useColor(io(false, { FORCE_COLOR: '0' }))).toBe(false);
  });
});
