/**
 * Error classes shared by every stage. A `UserError` is expected (bad input, API refusal): the CLI
 * prints its message only. Anything else is a bug: the CLI prints "please report" (and the stack
 * with --verbose). Messages must never contain a secret value.
 */

/** The contract's exit codes: 0 success, 1 any error, 2 changes pending (with --detailed-exitcode). */
export const ExitCode = { Ok: 0, Failure: 1, ChangesPending: 2 } as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export class UserError extends Error {
  readonly exitCode: ExitCode;
  constructor(message: string, options?: { cause?: unknown; exitCode?: ExitCode }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'UserError';
    this.exitCode = options?.exitCode ?? ExitCode.Failure;
  }
}

/** Wrong command-line usage (unknown flag, bad flag value). */
export class UsageError extends UserError {
  constructor(message: string) {
    super(message, { exitCode: ExitCode.Failure });
    this.name = 'UsageError';
  }
}

/** One problem in the manifest (or in a file it references), located for the user. */
export interface Issue {
  /** File the problem is in. */
  file: string;
  /** One-based line and column, when known. */
  line?: number;
  col?: number;
  /** Dotted path to the node, e.g. `repositories.api.variables.DB_HOST`. */
  path?: string;
  message: string;
  /** How to fix it. */
  hint?: string;
  severity: 'error' | 'warning';
}

/** `file:line:col  path.to.node: message` plus an indented hint line. */
export function formatIssue(issue: Issue): string {
  const where = issue.line === undefined ? issue.file : `${issue.file}:${issue.line}:${issue.col ?? 1}`;
  const subject = issue.path ? `${issue.path}: ${issue.message}` : issue.message;
  const label = issue.severity === 'warning' ? 'warning: ' : '';
  return `${where}  ${label}${subject}${issue.hint ? `\n    hint: ${issue.hint}` : ''}`;
}

/** The manifest is invalid: carries every issue found, so they are all reported together. */
export class ConfigError extends UserError {
  readonly file: string;
  readonly issues: readonly Issue[];
  constructor(file: string, issues: readonly Issue[]) {
    const errors = issues.filter((i) => i.severity === 'error');
    super(
      `${file}: ${errors.length} problem${errors.length === 1 ? '' : 's'} found\n` +
        errors.map((i) => '  ' + formatIssue(i)).join('\n'),
    );
    this.name = 'ConfigError';
    this.file = file;
    this.issues = issues;
  }
}

/** A value source (Terraform, env, file) could not be read or resolved. */
export class SourceError extends UserError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SourceError';
  }
}

/** The Bitbucket API refused or failed. `message` is user-facing and secret-free. */
export class ApiError extends UserError {
  readonly status: number;
  readonly method: string;
  readonly url: string;
  constructor(status: number, method: string, url: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ApiError';
    this.status = status;
    this.method = method;
    this.url = url;
  }
}

/**
 * Bitbucket refused the credentials (401) or their permission (403: a missing scope, or no admin
 * rights). Later requests would be refused the same way, so a run stops at the first and prints
 * it once; the message says how to fix the credentials or grant the scope.
 */
export class PermissionError extends ApiError {
  /** A 403 for missing scopes: the scopes Bitbucket said the request requires. */
  readonly missingScopes: readonly string[] | undefined;
  constructor(
    status: number,
    method: string,
    url: string,
    message: string,
    options?: { cause?: unknown; missingScopes?: readonly string[] },
  ) {
    super(status, method, url, message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PermissionError';
    this.missingScopes = options?.missingScopes;
  }
}

/** A bug. Printed with "please report". */
export class InternalError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InternalError';
  }
}
