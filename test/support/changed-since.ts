/**
 * Helpers for the `--changed-since` tests: a git repository around a test's directory, and what a
 * run read from the sandbox.
 */
import { execFileSync } from 'node:child_process';
import type { Sandbox } from '../../src/sandbox/index.ts';

export function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } });
}

/** Makes `dir` a git repository (branch main, a test identity, unsigned commits); returns how to commit all of it. */
export function gitRepository(dir: string): { commit: (message: string) => void } {
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.name', 'bb-vars test');
  git(dir, 'config', 'user.email', 'test@example.invalid');
  git(dir, 'config', 'commit.gpgsign', 'false');
  return {
    commit: (message: string) => {
      git(dir, 'add', '-A');
      git(dir, 'commit', '-q', '-m', message);
    },
  };
}

/** Repositories of workspace acme named by the sandbox's requests since `from`, and whether workspace variables were read. */
export function readSince(sandbox: Sandbox, from: number): { repositories: string[]; workspace: boolean } {
  const entries = sandbox.requests.slice(from);
  const repositories = new Set<string>();
  for (const e of entries) {
    const m = /\/repositories\/acme\/([^/]+)\//.exec(e.path);
    if (m) repositories.add(decodeURIComponent(m[1]!));
  }
  return {
    repositories: [...repositories].sort(),
    workspace: entries.some((e) => e.path.includes('/workspaces/acme/pipelines-config/')),
  };
}
