import type { Argv, CommandModule } from 'yargs';
import { describe, expect, test, vi } from 'vitest';
import { yargsCli } from '../src/run-yargs.js';

interface Usage {
  help(): string;
}

/** yargs' usage instance: what renders help texts (see skipHelpCache in run-yargs.ts). */
function usageOf(cli: Argv): Usage {
  return (cli as unknown as { getInternalMethods(): { getUsageInstance(): Usage } }).getInternalMethods().getUsageInstance();
}

function noopCommand(calls: string[]): CommandModule<object, never> {
  return {
    command: 'noop [dir]',
    describe: 'Does nothing',
    builder: (y: Argv) => y.positional('dir', { type: 'string', default: '.' }).option('format', { type: 'string', choices: ['text', 'json'] }),
    handler: (args: { dir: string }) => void calls.push(args.dir),
  } as unknown as CommandModule<object, never>;
}

describe('yargs does not render help texts nobody prints', () => {
  test('running a command renders no help text', async () => {
    const calls: string[] = [];
    const cli = yargsCli(['noop', 'here'], [noopCommand(calls)]);
    const help = vi.spyOn(usageOf(cli), 'help');
    await cli.parseAsync(['noop', 'here', '--format', 'json'], {}, () => {});
    expect(calls).toEqual(['here']);
    expect(help).not.toHaveBeenCalled();
  });

  test('--help still renders the command help, and a mistake still names the help page', async () => {
    let output = '';
    await yargsCli(['noop', '--help'], [noopCommand([])]).parseAsync(['noop', '--help'], {}, (_e, _a, out) => void (output = out));
    expect(output).toContain('Does nothing');
    expect(output).toContain('--format');
    // yargs throws validation failures synchronously out of parseAsync.
    const mistake = async () => yargsCli(['noop', '--format', 'xml'], [noopCommand([])]).parseAsync(['noop', '--format', 'xml'], {}, () => {});
    await expect(mistake()).rejects.toThrow(/Invalid values[\s\S]*Run "tb-refs noop --help" for usage/);
  });
});
