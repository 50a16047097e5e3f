/**
 * One list of options: docs/cli.md, `--help` and the parser all come from src/cli/specs.ts.
 * After changing a command's options: npx vitest run test/cli/reference.test.ts -u
 */
import { describe, expect, it } from 'vitest';
import { commandHelp, parseCommandArgs } from '../../src/cli/args.ts';
import { main } from '../../src/cli/index.ts';
import { cliReference } from '../../src/cli/reference.ts';
import { COMMANDS, type CommandName } from '../../src/cli/specs.ts';
import { captureIO } from '../support/files.ts';

const names = Object.keys(COMMANDS) as CommandName[];

describe('the command-line reference', () => {
  it('docs/cli.md is generated from the command definitions', async () => {
    await expect(cliReference()).toMatchFileSnapshot('../../docs/cli.md');
  });

  it.each(names)(
    'bb-vars %s --help prints the definition, and the parser takes every option it lists',
    async (name) => {
      const io = captureIO(process.cwd());
      expect(await main([name, '--help'], io)).toBe(0);
      expect(io.out()).toBe(commandHelp(name) + '\n');
      for (const [long, option] of Object.entries(COMMANDS[name].options) as Array<
        [string, { type: string; short?: string }]
      >) {
        expect(io.out()).toContain(`--${long}`);
        const value = option.type === 'string' ? ['1'] : [];
        const flags = [`--${long}`, ...(option.short ? [`-${option.short}`] : [])];
        for (const flag of flags) expect(parseCommandArgs(name, [flag, ...value]).values).toHaveProperty(long);
      }
    },
  );

  it('bb-vars --help lists every command', async () => {
    const io = captureIO(process.cwd());
    expect(await main(['--help'], io)).toBe(0);
    for (const name of names) expect(io.out()).toContain(`bb-vars ${name}`);
  });
});
