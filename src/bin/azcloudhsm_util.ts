// azcloudhsm_util [--home DIR] [--no-color] [--dry-run] [--mark-not-emulated]   the Command: prompt (line mode when piped)
// azcloudhsm_util singlecmd [loginHSM -u CU -s <user> -p <password>] <command ...>   one command, then exit
import { DaemonConnection } from '../client/connection.ts';
import type { Hello } from '../client/protocol.ts';
import { readClientConfig } from '../client/daemon.ts';
import { homePaths, takeHomeOption } from '../home.ts';
import { LineConsole, LineReader, runLineMode } from '../line/line-mode.ts';
import { runMain } from '../main.ts';
import { SINGLECMD_ECHO } from '../prompts.ts';
import { UtilShell } from '../azcloudhsm_util/shell.ts';
import { daemonMissingLines } from '../azcloudhsm_util/startup.ts';
import { type Output, textOf } from '../output.ts';
import { transcriptHooks } from '../replay/transcript.ts';
import { takeToolOptions } from '../tool-options.ts';

runMain(async () => {
  const { home, vm, rest: args } = takeHomeOption(process.argv.slice(2));
  const terminal = Boolean(process.stdin.isTTY && process.stdout.isTTY);
  // `azcloudhsm_emu record` asks for the tool's own transcript through the environment.
  const transcript = transcriptHooks();
  // A recorded TUI session is line mode's transcript: no marks in it.
  const { rest, dryRun, helpMarks } = takeToolOptions(args, process.env, terminal && !transcript.active);
  const out = (lines: readonly string[]): void => {
    transcript.print(lines);
    process.stdout.write(lines.join('\n') + '\n');
  };
  const print = (output: Output): void => out(textOf(output));
  const paths = homePaths(home, vm);
  let connection: DaemonConnection;
  try {
    connection = await DaemonConnection.connect(readClientConfig(paths).socketPath);
  } catch {
    print(daemonMissingLines());
    return 1;
  }
  const hello = await connection.hello('azcloudhsm_util');
  try {
    if (rest[0] === 'singlecmd') return await singleCommand(rest.slice(1), connection, hello, out, dryRun);
    if (rest.length > 0) {
      out(['Error: Unknown commandline arguments.', '\tUsage: azcloudhsm_util singlecmd <command>', '\t       azcloudhsm_util singlecmd [loginHSM -u <CU> -s <username> -p <password>] <command>']);
      return 2;
    }
    const makeShell = transcript.wrap((console) => new UtilShell({ console, connection, hello, dryRun, helpMarks }));
    if (terminal) {
      // The TUI is a bundle chunk of its own: a piped run never loads it.
      const { startTui, colorWanted } = await import('../tui/start.ts');
      return await startTui({
        tool: 'azcloudhsm_util',
        homeRoot: paths.root,
        color: colorWanted(process.env, args),
        makeShell,
      });
    }
    const console = new LineConsole(new LineReader(process.stdin), process.stdout);
    return await runLineMode(makeShell(console), console);
  } finally {
    connection.close();
  }
});

/** singlecmd: an optional `loginHSM -u X -s Y -p Z` (flag pairs in any order), then one command. */
async function singleCommand(words: string[], connection: DaemonConnection, hello: Hello, out: (l: readonly string[]) => void, dryRun: boolean): Promise<number> {
  const lines: string[] = [];
  const console = { print: (output: Output) => void lines.push(...textOf(output)), ask: async () => null };
  const shell = new UtilShell({ console, connection, hello, interactive: false, dryRun });
  shell.start();
  let command = words;
  if (words[0] === 'loginHSM') {
    const login = words.slice(0, 7);
    command = words.slice(7);
    await shell.handle(login.join(' '));
    if (shell.failures > 0) {
      out(lines);
      return 1;
    }
  }
  if (command.length === 0) {
    out([...lines, 'Error: singlecmd needs a command']);
    return 2;
  }
  lines.push(SINGLECMD_ECHO + command.join(' '));
  await shell.handle(command.join(' '));
  out(lines);
  return shell.failures > 0 ? 1 : 0;
}
