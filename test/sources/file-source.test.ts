/**
 * `file:` sources: confined, after symlinks, to the git repository holding the manifest (or its
 * directory outside git); special files refused before they are opened; one trailing line break
 * dropped from text.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, symlink } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/index.ts';
import { loadManifest } from '../../src/config/load.ts';
import { resolveManifest } from '../../src/sources/resolve.ts';
import { captureIO, tempTree } from '../support/files.ts';

const manifest = (variables: string) => `version: 1\nworkspace: acme\nworkspace_variables:\n${variables}`;

/** Resolves; returns the values by key, or the error message as a user sees it. */
async function resolveIn(dir: string, sub = '.'): Promise<Record<string, string> | string> {
  try {
    const m = await loadManifest({ cwd: path.join(dir, sub) });
    const r = await resolveManifest(m, { env: {} });
    return Object.fromEntries(r.desired.scopes[0]!.variables.map((v) => [v.key, v.value]));
  } catch (error) {
    return (error as Error).message;
  }
}

describe('file: sources stay inside the repository', () => {
  it('reads files anywhere inside the git repository that holds the manifest, also above the manifest', async () => {
    const dir = await tempTree({
      '.git/HEAD': 'ref: refs/heads/main\n',
      'certs/ca.txt': 'ca-line\n',
      'ci/bb-vars.yaml': manifest('  CA: { file: ../certs/ca.txt }\n  LOCAL: { file: local.txt }\n'),
      'ci/local.txt': 'local',
    });
    expect(await resolveIn(dir, 'ci')).toEqual({ CA: 'ca-line', LOCAL: 'local' });
  });

  it('refuses a path that climbs out of the repository, located at the file reference', async () => {
    const dir = await tempTree({ 'bb-vars.yaml': manifest('  P: { file: ../../../../../../../../etc/passwd }\n') });
    const message = await resolveIn(dir);
    expect(message).toBe(
      'cannot read 1 source:\n' +
        '  bb-vars.yaml:4:14  workspace_variables.P.file: file ../../../../../../../../etc/passwd resolves to /etc/passwd, outside the repository\n' +
        `    hint: file: sources must resolve, after symlinks, inside ${dir} (the git repository that holds the manifest, or its directory outside git), and be regular files`,
    );
    expect(message).not.toContain('root:');
  });

  it('outside git, confines to the manifest directory: a sibling directory is refused', async () => {
    const dir = await tempTree({
      'other/secret.txt': 'nope',
      'app/bb-vars.yaml': manifest('  S: { file: ../other/secret.txt }\n'),
      'app/package.json': '{}',
    });
    expect(await resolveIn(dir, 'app')).toContain(
      `workspace_variables.S.file: file ../other/secret.txt resolves to ${path.join(dir, 'other/secret.txt')}, outside the repository`,
    );
  });

  it('follows symlinks before checking: a link out of the tree is refused, a link inside it is read', async () => {
    const dir = await tempTree({
      'bb-vars.yaml': manifest('  OUT: { file: out.txt }\n  IN: { file: in.txt }\n'),
      'real.txt': 'inside',
    });
    await symlink('/etc/hostname', path.join(dir, 'out.txt'));
    await symlink(path.join(dir, 'real.txt'), path.join(dir, 'in.txt'));
    expect(await resolveIn(dir)).toContain(
      'workspace_variables.OUT.file: file out.txt resolves to /etc/hostname, outside the repository',
    );
    const inside = await tempTree({ 'bb-vars.yaml': manifest('  IN: { file: in.txt }\n'), 'real.txt': 'inside' });
    await symlink(path.join(inside, 'real.txt'), path.join(inside, 'in.txt'));
    expect(await resolveIn(inside)).toEqual({ IN: 'inside' });
  });

  it('refuses /proc even with base64 (it would store the process environment)', async () => {
    const dir = await tempTree({ 'bb-vars.yaml': manifest('  C: { file: /proc/self/environ, encoding: base64 }\n') });
    const message = await resolveIn(dir);
    expect(message).toMatch(
      /workspace_variables\.C\.file: file \/proc\/self\/environ resolves to \/proc\/\d+\/environ, in \/proc, which holds no regular files/,
    );
  });

  it('refuses a FIFO at validate without opening it (validate does not hang)', async () => {
    const dir = await tempTree({ 'bb-vars.yaml': manifest('  F: { file: pipe }\n') });
    execFileSync('mkfifo', [path.join(dir, 'pipe')]);
    const io = captureIO(dir);
    expect(await main(['validate'], io)).toBe(1);
    expect(io.err()).toContain(
      'bb-vars.yaml:4:14  workspace_variables.F.file: file pipe is a FIFO (named pipe), not a regular file',
    );
  });

  it('refuses a device and a directory inside the tree', async () => {
    const dir = await tempTree({ 'bb-vars.yaml': manifest('  D: { file: sub }\n') });
    await mkdir(path.join(dir, 'sub'));
    expect(await resolveIn(dir)).toContain('workspace_variables.D.file: file sub is a directory, not a file');
    const root = await tempTree({ 'bb-vars.yaml': manifest('  Z: { file: /dev/zero }\n') });
    expect(await resolveIn(root)).toContain(
      'workspace_variables.Z.file: file /dev/zero resolves to /dev/zero, in /dev, which holds no regular files',
    );
  });
});

describe('file: text', () => {
  it('drops exactly one trailing line break (LF or CRLF), as $(cat file) does', async () => {
    const dir = await tempTree({
      'bb-vars.yaml': manifest(
        '  LF: { file: lf.txt }\n  CRLF: { file: crlf.txt }\n  NONE: { file: none.txt }\n  RAW: { file: lf.txt, encoding: base64 }\n',
      ),
      'lf.txt': 'abc\n',
      'crlf.txt': 'abc\r\n',
      'none.txt': 'abc',
    });
    expect(await resolveIn(dir)).toEqual({
      LF: 'abc',
      CRLF: 'abc',
      NONE: 'abc',
      RAW: Buffer.from('abc\n').toString('base64'),
    });
  });

  it('a second trailing line break stays, and is refused as a line break', async () => {
    const dir = await tempTree({ 'bb-vars.yaml': manifest('  TWO: { file: two.txt }\n'), 'two.txt': 'abc\n\n' });
    expect(await resolveIn(dir)).toContain(
      'bb-vars.yaml:4:3  workspace_variables.TWO: the value contains a line break, which Bitbucket Pipelines variables cannot hold',
    );
  });
});
