/**
 * The one definition of every command's arguments. `--help`, the parser (args.ts) and
 * docs/cli.md (checked by test/cli/reference.test.ts) are all derived from it. Data only: the
 * entry point loads this file for every run, and a command's code only when it is run.
 */

export interface OptionSpec {
  type: 'boolean' | 'string';
  short?: string;
  multiple?: boolean;
  /** Placeholder of the value (`<file>`); in brackets when the value may be left out. */
  value?: string;
  /**
   * The value may be left out (`--comment-pr`, `--pipelines`): the next argument is taken as the
   * value only when it matches this; otherwise the option's value is the empty string.
   */
  optionalValue?: RegExp;
  /** Lines of help; later lines continue the first. */
  help: string;
}

export interface CommandSpec {
  /** `bb-vars <name> <usage>`. */
  usage: string;
  /** One line for `bb-vars --help`. */
  summary: string;
  /** What the command does (paragraphs). */
  description: string;
  /** Positional arguments the command takes at most, and what they are. */
  positionals?: { max: number; name: string };
  options: Record<string, OptionSpec>;
  /** Sections after the options: environment, exit codes, examples. */
  footer?: string;
}

const HELP = { type: 'boolean', short: 'h', help: 'show this help' } as const;
const CONFIG = {
  type: 'string',
  short: 'c',
  value: '<file>',
  help: 'manifest; default: search from the current directory\n(bb-vars.yaml, bb-vars.yml, .bb-varsrc*, package.json "bb-vars")',
} as const;
const VERBOSE = { type: 'boolean', help: 'more detail, stack traces for unexpected errors (never secrets)' } as const;

const CREDENTIALS = `Environment (credentials; one kind is enough, see docs/auth.md):
  BITBUCKET_CLIENT_ID, BITBUCKET_CLIENT_SECRET  OAuth consumer (client credentials)
  BITBUCKET_ACCESS_TOKEN                        repository, project or workspace access token
  BITBUCKET_USERNAME, BITBUCKET_API_TOKEN       Atlassian account e-mail and API token
  BITBUCKET_API_URL                             API base (default https://api.bitbucket.org/2.0)
  BITBUCKET_WORKSPACE                           the workspace when the manifest names none
  BB_VARS_FINGERPRINT_KEY                       required: key for fingerprints and ownership records
                                                (openssl rand -base64 32; see docs/ownership.md)
  BB_VARS_FINGERPRINT_KEY_PREVIOUS              the previous key, while rotating`;

export const COMMANDS = {
  reconcile: {
    usage: '[options]',
    summary: 'plan against live state; with --apply, apply it',
    description: 'Plans Bitbucket Pipelines variables against the manifest; with --apply, makes Bitbucket match.',
    options: {
      config: CONFIG,
      apply: { type: 'boolean', help: 'apply the plan' },
      format: { type: 'string', value: '<text|markdown|json>', help: 'how to print the plan (default text)' },
      out: { type: 'string', value: '<file>', help: 'also write the plan to a file (format from --format)' },
      'detailed-exitcode': {
        type: 'boolean',
        help: 'exit 0 no changes, 2 changes pending, 1 error; with --apply: 0 when\neverything was applied (as terraform apply)',
      },
      target: {
        type: 'string',
        multiple: true,
        value: '<repo>[/<env>]',
        help: 'limit to these scopes (repeatable; "workspace" for workspace vars;\n<repo> alone = its variables and all its environments)',
      },
      concurrency: {
        type: 'string',
        value: '<n>',
        help: 'parallel API requests (max 32; default 8, and up to 32\nfor the reads of a small plan)',
      },
      'force-secured': { type: 'boolean', help: 'rewrite every secured value even if its fingerprint matches' },
      'comment-pr': {
        type: 'string',
        value: '[<id>]',
        optionalValue: /^\d+$/,
        help: 'post the markdown plan to a pull request (default $BITBUCKET_PR_ID)',
      },
      report: {
        type: 'boolean',
        help: 'publish the plan as a Code Insights report on $BITBUCKET_COMMIT of\n$BITBUCKET_REPO_SLUG and set its build status (docs/review.md)',
      },
      'allow-destructive': {
        type: 'boolean',
        help: "with --apply: also apply changes the manifest's policy forbids\n(docs/policy.md)",
      },
      plan: {
        type: 'string',
        value: '<file>',
        help: 'with --apply: apply exactly this saved plan (from --out with --format json)',
      },
      'max-requests': {
        type: 'string',
        value: '<n>',
        help: 'stop before starting work the request budget cannot finish',
      },
      shard: {
        type: 'string',
        value: '<i>/<n>',
        help: 'only shard i (0-based) of n: a stable share of the repositories by a\nhash of the slug; workspace variables belong to shard 0 (docs/ci.md)',
      },
      'changed-since': {
        type: 'string',
        value: '<git-ref>',
        help: 'only scopes whose declared state (manifest and git-tracked sources)\ndiffers from that at <git-ref>; env, Terraform dir: and files outside\nthe repository count as changed (docs/ci.md)',
      },
      'lock-timeout': {
        type: 'string',
        value: '<duration>',
        help: 'with --apply: how long to wait while another apply holds the lock\n(30s, 5m, 1h; 0: do not wait; default 5m)',
      },
      verbose: VERBOSE,
      help: HELP,
    },
    footer: `${CREDENTIALS}

Exit codes:
  0    success (plan made; with --apply: every change applied)
  1    any error: bad input, API failure, a partial apply, a policy violation (plan shown first)
  2    changes pending (plan mode with --detailed-exitcode)
  130  interrupted (Ctrl-C, SIGTERM): a re-run finishes the apply`,
  },
  validate: {
    usage: '[<file>] [-c <file>] [--pipelines [<file>]] [--repo <slug>]',
    summary: 'offline: manifest, schema, sources, rules; no network',
    description:
      'Checks the manifest offline: YAML, schema, rules, and every value source (Terraform outputs,\nstate, environment variables, files, templates). No network access and no program run: a\nTerraform `dir:` source has its directory checked; reconcile runs `terraform output` there.\n\n' +
      'With --pipelines, also checks that every variable the steps of a bitbucket-pipelines.yml use\n' +
      'is declared for a scope the step sees, and that declared variables are used (docs/pipelines.md).',
    positionals: { max: 1, name: 'the manifest (same as -c)' },
    options: {
      config: CONFIG,
      pipelines: {
        type: 'string',
        value: '[<file>]',
        optionalValue: /^[^-]/,
        help: 'also check this bitbucket-pipelines.yml against the manifest\n(default ./bitbucket-pipelines.yml)',
      },
      repo: {
        type: 'string',
        value: '<slug>',
        help: "with --pipelines: the repository the file belongs to\n(default $BITBUCKET_REPO_SLUG, else the manifest's only repository)",
      },
      verbose: VERBOSE,
      help: HELP,
    },
    footer: 'Exit codes: 0 valid (warnings allowed), 1 invalid or a --pipelines error (problems on stderr).',
  },
  doctor: {
    usage: '[<file>] [-c <file>] [--format text|json]',
    summary: 'check that an apply of this manifest would work (live, reads only)',
    description:
      'Checks, against the live API, everything an apply of the manifest needs: the credential and its\n' +
      'scopes, access to the workspace, repositories, projects and deployment environments, the\n' +
      'fingerprint key and the records it must match, rate-limit headroom, Node.js. Reads only: no\n' +
      'write, no lock. Runs Terraform `dir:` sources as reconcile does (docs/doctor.md).',
    positionals: { max: 1, name: 'the manifest (same as -c)' },
    options: {
      config: CONFIG,
      format: { type: 'string', value: '<text|json>', help: 'how to print the checklist (default text)' },
      verbose: VERBOSE,
      help: HELP,
    },
    footer: `${CREDENTIALS}

Exit codes: 0 every check passed (notes marked ! allowed), 1 a check failed (marked ✗).`,
  },
  publish: {
    usage: '<plan.json>... [--comment-pr [<id>]] [--report]',
    summary: 'publish saved JSON plans as one PR comment and/or one Code Insights report',
    description:
      'Publishes saved JSON plans (reconcile --format json --out <file>: one plan, or one per\n' +
      '--shard) as one pull-request comment and/or one Code Insights report with its build status,\n' +
      'identical to what reconcile --comment-pr --report posts for the whole plan. Plans from\n' +
      'different workspaces or manifests are refused (docs/review.md).',
    positionals: { max: Infinity, name: 'saved JSON plans' },
    options: {
      'comment-pr': {
        type: 'string',
        value: '[<id>]',
        optionalValue: /^\d+$/,
        help: 'post the plan to a pull request (default $BITBUCKET_PR_ID)',
      },
      report: {
        type: 'boolean',
        help: 'publish a Code Insights report on $BITBUCKET_COMMIT of\n$BITBUCKET_REPO_SLUG and set its build status',
      },
      verbose: VERBOSE,
      help: HELP,
    },
    footer: `${CREDENTIALS}

Exit codes: 0 published, 1 an error or a policy violation in the plans (after publishing).`,
  },
  import: {
    usage: '[--repo <slug>...] [--project <key>...] [--workspace-variables] [-o <file>] [--workspace <ws>]',
    summary: "write a manifest that reproduces today's live variables",
    description: `Writes a manifest that reproduces today's live variables: the repositories' variables, their
deployment environments and, with --workspace-variables, the workspace's variables.
With --project, every repository of that Bitbucket project is read: what they all share is
written once under projects:, and what differs stays with each repository (its own value wins).
Non-secured values are written as literals; secured values (which Bitbucket never returns) as
{ env: NAME, secured: true } placeholders to provide in CI or map to a Terraform output.`,
    positionals: { max: Infinity, name: 'repositories (same as --repo)' },
    options: {
      repo: {
        type: 'string',
        multiple: true,
        value: '<slug>',
        help: 'a repository to import (repeatable; also --repo a,b)',
      },
      project: {
        type: 'string',
        multiple: true,
        value: '<key>',
        help: 'import every repository of this project, shared variables once (repeatable)',
      },
      'workspace-variables': { type: 'boolean', help: "also import the workspace's variables" },
      output: {
        type: 'string',
        short: 'o',
        value: '<file>',
        help: 'write the manifest to this file (default: standard output)',
      },
      workspace: { type: 'string', value: '<ws>', help: 'the workspace (default: $BITBUCKET_WORKSPACE)' },
      verbose: VERBOSE,
      help: HELP,
    },
    footer: `${CREDENTIALS}
Reading needs the 'pipeline' scope; --project also needs 'repository' (and 'project' to name the
closest key when one is unknown).

Examples:
  bb-vars import --repo api-service --repo web-frontend --workspace-variables -o bb-vars.yaml
  bb-vars import --project PLAT -o bb-vars.yaml`,
  },
  sandbox: {
    usage: '[options]',
    summary: 'start the embedded Bitbucket Cloud sandbox',
    description:
      "Start the embedded Bitbucket Cloud sandbox and serve until interrupted (Ctrl-C).\nPrints 'export NAME=value' lines for the environment bb-vars needs to talk to it,\nincluding a fresh random BB_VARS_FINGERPRINT_KEY.",
    options: {
      port: { type: 'string', value: '<n>', help: 'port to listen on (default: any free port)' },
      host: { type: 'string', value: '<address>', help: 'address to bind (default 127.0.0.1)' },
      seed: { type: 'string', value: '<file>', help: "JSON seed file (default: the built-in 'acme' workspace)" },
      latency: { type: 'string', value: '<ms>', help: 'delay every request by <ms> milliseconds' },
      'rate-limit': {
        type: 'string',
        value: '<n>/<secs>',
        help: 'answer 429 beyond <n> requests per <secs> seconds per credential',
      },
      'token-ttl': { type: 'string', value: '<secs>', help: 'OAuth access-token lifetime (default 7200)' },
      'no-pagination-bugs': { type: 'boolean', help: "serve correct 'next' links (default: Bitbucket's real bugs)" },
      verbose: VERBOSE,
      help: HELP,
    },
    footer: `Example:
  bb-vars sandbox --port 8787 > sandbox.env &   # then: source sandbox.env`,
  },
  schema: {
    usage: '',
    summary: "print the manifest's JSON Schema",
    description: `Prints the JSON Schema of bb-vars.yaml (format version 1), for editors and other tools:
  bb-vars schema > bb-vars.schema.json
and in bb-vars.yaml:
  # yaml-language-server: $schema=./bb-vars.schema.json`,
    options: { verbose: VERBOSE, help: HELP },
  },
} as const satisfies Record<string, CommandSpec>;

export type CommandName = keyof typeof COMMANDS;

/** Commands users reach for that bb-vars spells differently. */
export const ALIASES: Record<string, string> = {
  plan: 'bb-vars reconcile',
  apply: 'bb-vars reconcile --apply',
  diff: 'bb-vars reconcile',
  sync: 'bb-vars reconcile --apply',
};
