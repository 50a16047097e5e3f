/**
 * Runs `<binary> output -json` in a directory. The child gets its own process group so a
 * timeout kills it together with anything it started. Output is capped; stderr is reported
 * (trimmed), stdout never is: it holds the output values.
 */
export const MAX_OUTPUT_BYTES = 50 * 1024 * 1024;
const STDERR_KEEP = 4000;

export interface ExecResult {
  stdout: string;
}

/** Why running the binary failed, phrased for the user (no output values). */
export class ExecFailure extends Error {
  readonly hint: string | undefined;
  constructor(message: string, hint?: string) {
    super(message);
    this.name = 'ExecFailure';
    this.hint = hint;
  }
}

export async function runOutputJson(opts: {
  binary: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
}): Promise<ExecResult> {
  // Loaded here: node:child_process costs ~2 ms of start-up, and only directory sources run a binary.
  const { spawn } = await import('node:child_process');
  const { binary, cwd, timeoutMs } = opts;
  const command = `${binary} output -json`;
  return new Promise((resolve, reject) => {
    const child = spawn(binary, ['output', '-json'], {
      cwd,
      env: { ...opts.env, TF_IN_AUTOMATION: '1', TF_INPUT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: process.platform !== 'win32',
    });
    const out: Buffer[] = [];
    let outBytes = 0;
    let err = '';
    let settled = false;
    const finish = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };
    const kill = (): void => {
      try {
        if (child.pid !== undefined && process.platform !== 'win32') process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => {
      kill();
      finish(() =>
        reject(
          new ExecFailure(
            `\`${command}\` timed out after ${timeoutMs / 1000}s`,
            'raise `timeout:` (seconds) for this source, or check that the backend is reachable',
          ),
        ),
      );
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      outBytes += chunk.length;
      if (outBytes > MAX_OUTPUT_BYTES) {
        kill();
        finish(() => reject(new ExecFailure(`\`${command}\` wrote more than ${MAX_OUTPUT_BYTES / 1024 / 1024} MB`)));
      } else out.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      err = (err + chunk.toString('utf8')).slice(-STDERR_KEEP);
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      finish(() => {
        if (error.code === 'ENOENT') {
          reject(
            new ExecFailure(
              `'${binary}' was not found on PATH`,
              binary === 'tofu'
                ? 'install OpenTofu (https://opentofu.org/docs/intro/install/), or set `binary:` to its path'
                : 'install Terraform (https://developer.hashicorp.com/terraform/install), set `binary: tofu` for OpenTofu, or set `binary:` to a path',
            ),
          );
        } else if (error.code === 'EACCES')
          reject(
            new ExecFailure(`'${binary}' is not executable`, 'check the file permissions or the `binary:` setting'),
          );
        else reject(new ExecFailure(`cannot run '${binary}': ${error.code ?? error.message}`));
      });
    });
    child.on('close', (code, signal) => {
      finish(() => {
        if (code === 0) return resolve({ stdout: Buffer.concat(out).toString('utf8') });
        const detail = cleanStderr(err);
        const status = signal ? `was killed by ${signal}` : `exited with code ${code}`;
        reject(
          new ExecFailure(
            `\`${command}\` ${status}${detail ? `:\n${detail}` : ''}`,
            'run it yourself in that directory; `terraform init` may be needed',
          ),
        );
      });
    });
  });
}

/** Terraform's stderr without colour codes and box drawing, indented under the message. */
function cleanStderr(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex
      .replace(/\u001b\[[0-9;]*[A-Za-z]/g, '')
      .replace(/^[\s│╷╵]+$/gm, '')
      .replace(/^[│╷╵] ?/gm, '')
      .trim()
      .split('\n')
      .filter((l) => l.trim() !== '')
      .slice(-20)
      .map((l) => `      ${l}`)
      .join('\n')
  );
}
