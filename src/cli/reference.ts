/**
 * docs/cli.md, generated from the command definitions (specs.ts), so the reference, `--help` and
 * the parser cannot disagree. test/cli/reference.test.ts checks the file; `-u` rewrites it.
 */
import { commandHelp } from './args.ts';
import { COMMANDS, type CommandName, type CommandSpec } from './specs.ts';

const INTRO = `# Command-line reference

<!-- Generated from src/cli/specs.ts by test/cli/reference.test.ts: edit the specs, then run
     npx vitest run test/cli/reference.test.ts -u -->

Every command below prints the same text with \`--help\`. Unknown options get a did-you-mean,
and a command refuses arguments it does not take. \`bb-vars plan\` and \`bb-vars apply\` do not
exist: they point to \`bb-vars reconcile\` and \`bb-vars reconcile --apply\`.`;

const BEHAVIOUR = `## Exit codes and how a run ends

| code | meaning |
|---|---|
| 0 | success: a plan was made (no changes pending with \`--detailed-exitcode\`), or an apply applied every change |
| 1 | any error: bad input, an API failure, a partial apply, a permission refusal |
| 2 | changes pending (\`reconcile --detailed-exitcode\`, plan mode) |
| 130 | interrupted (Ctrl-C, SIGTERM) during an apply |

- \`reconcile --apply --detailed-exitcode\` is allowed and behaves as \`terraform apply
  -detailed-exitcode\` does: 0 when every change was applied (there is nothing left pending),
  1 when anything failed. It never exits 2.
- **A missing permission** stops an apply at the first refusal. The first write of an apply is
  sent alone, so a credential that may not write variables is refused once; the refusal is
  printed once, with the scope or permission to grant, and nothing else is tried. Re-running
  does not help until the credential changes, so bb-vars does not suggest it.
- **Ctrl-C or SIGTERM** during an apply: bb-vars starts no more changes, lets those in flight
  finish, records what was done, prints how many changes were done and how many were not
  started, and exits 130. A re-run finishes the apply. A second Ctrl-C stops at once.
- **A closed or full output** never produces a stack trace. When a reader such as \`head\` closes
  standard output early, bb-vars stops writing quietly; a plan that cannot be written (a full
  disk) fails with one message and exit 1. An apply's exit status always reports what was
  applied, not whether its output could be written.
- **What an apply reports** is what this run did. A create that finds the variable already made
  by another run at the same time (Bitbucket answers 409) sets it to the desired value and is
  counted as "already created by another run", not as created.
- **A workspace typo** (\`acmee\`) is reported as the workspace not found or not visible to the
  credentials, not as each of its repositories missing.
- **A plan limited by \`--target\`** never says the whole manifest is in sync: without changes it
  says "No changes in the targeted scopes (…)" and names the targets.`;

function optionsTable(spec: CommandSpec): string {
  const rows = Object.entries(spec.options).map(([long, o]) => {
    const flag = `${o.short ? `\`-${o.short}\`, ` : ''}\`--${long}${o.value ? ` ${o.value}` : ''}\``;
    return `| ${flag} | ${o.help.replace(/\n/g, ' ').replace(/\|/g, '\\|')} |`;
  });
  return ['| option | meaning |', '|---|---|', ...rows].join('\n');
}

export function cliReference(): string {
  const names = Object.keys(COMMANDS) as CommandName[];
  const overview = [
    '| command | what it does |',
    '|---|---|',
    ...names.map((n) => `| [\`bb-vars ${n}\`](#bb-vars-${n}) | ${COMMANDS[n].summary} |`),
  ];
  const sections = names.map((name) => {
    const spec: CommandSpec = COMMANDS[name];
    return [`## bb-vars ${name}`, '', '```', commandHelp(name), '```', '', optionsTable(spec)].join('\n');
  });
  return [INTRO, overview.join('\n'), BEHAVIOUR, ...sections].join('\n\n') + '\n';
}
