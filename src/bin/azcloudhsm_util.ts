// azcloudhsm_util [--home DIR] [--no-color] [--dry-run] [--mark-not-emulated] [--explain]   the Command: prompt (line mode when piped)
// azcloudhsm_util singlecmd [loginHSM -u CU -s <user> -p <password>] <command ...>   one command, then exit
// azcloudhsm_util scriptfile <file>                      the commands of a file, one a line
// azcloudhsm_util -v                                     the version lines, without the daemon
// The modes and their lines follow the vendor source's main() (reference azcloudhsm_util.md §0.6).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { DaemonConnection } from '../client/connection.ts';
import type { Hello } from '../client/protocol.ts';
import { readClientConfig } from '../client/daemon.ts';
import { homePaths, takeHomeOption } from '../home.ts';
import { LineConsole, LineReader, runLineMode } from '../line/line-mode.ts';
import { runMain } from '../main.ts';
import { SINGLECMD_ECHO } from '../prompts.ts';
import { UtilShell } from '../azcloudhsm_util/shell.ts';
import { daemonMissingLines, startLines } from '../azcloudhsm_util/startup.ts';
import { explainedTextOf, type Output, textOf } from '../output.ts';
import { transcriptHooks } from '../replay/transcript.ts';
import { takeToolOptions } from '../tool-options.ts';
import { VERSION } from '../text/version.ts';

runMain(async () => {
  const { home, vm, rest: args } = takeHomeOption(process.argv.slice(2));
  const terminal = Boolean(process.stdin.isTTY && process.stdout.isTTY);
  // `azcloudhsm_emu record` asks for the tool's own transcript through the environment.
  const transcript = transcriptHooks();
  // A recorded TUI session is line mode's transcript: no marks in it.
  const { rest, dryRun, helpMarks, explain } = takeToolOptions(args, process.env, terminal && !transcript.active);
  const out = (lines: readonly string[]): void => {
    transcript.print(lines);
    process.stdout.write(lines.join('\n') + '\n');
  };
  const print = (output: Output): void => out(explain ? explainedTextOf(output) : textOf(output));
  const paths = homePaths(home, vm);
  const socketPath = readClientConfig(paths).socketPath;
  if (rest[0]?.startsWith('-v')) return versionLines(socketPath, out);
  let connection: DaemonConnection;
  try {
    connection = await DaemonConnection.connect(socketPath);
  } catch {
    print(daemonMissingLines());
    return 1;
  }
  const hello = await connection.hello('azcloudhsm_util');
  try {
    // singlecmd and scriptfile ask nothing: a question (a hidden password) is answered as end of input.
    const oneShot = () => new UtilShell({ console: { print, ask: async () => null }, connection, hello, interactive: false, dryRun });
    if (rest[0] === 'singlecmd') return await singleCommand(rest.slice(1), oneShot(), out);
    if (rest[0] === 'scriptfile') return await scriptFile(rest[1], oneShot(), out);
    if (rest.length > 0) {
      print(startLines(hello));
      out(UNKNOWN_ARGUMENTS);
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
    const console = new LineConsole(new LineReader(process.stdin), process.stdout, { explain });
    return await runLineMode(makeShell(console), console);
  } finally {
    connection.close();
  }
});

/** The vendor source's block for arguments it does not know (its own program name in the lines). */
const UNKNOWN_ARGUMENTS = [
  '',
  '\tError: Unknown commandline arguments.',
  '\t\tIf you want to script a command, use the following format:',
  '\t\t\t"Cfm3Util singlecmd <command>"',
  '\t\tWhere <command> is the full command you would type when',
  '\t\tyou are using Cfm3Util in the normal interactive mode.',
  '',
  '',
  '\t\tIf you want to script a CU authorised command,',
  '\t\tuse the following format:',
  '\t\t\t"Cfm3Util singlecmd [loginHSM -u <CU> -s <username> -p <password>] <command>"',
  '',
];

/** `-v`: the versions as `major.minor`, before anything connects; the client's only when its daemon answers. */
async function versionLines(socketPath: string, out: (l: readonly string[]) => void): Promise<number> {
  const majorMinor = (v: string): string => v.split('.').slice(0, 2).join('.');
  const lines = [`Util Version\t\t\t:\t${majorMinor(VERSION.util)}`, `SDK API Version\t\t\t:\t${majorMinor(VERSION.sdkApi)}`];
  try {
    const connection = await DaemonConnection.connect(socketPath);
    connection.close();
    lines.push(`LiquidSec Client Version\t:\t${majorMinor(VERSION.util)}`);
  } catch {
    // No daemon: the vendor source leaves the client's line out.
  }
  out(lines);
  return 0;
}

/**
 * singlecmd: an optional `loginHSM -u X -s Y -p Z` (flag pairs in any order), then one command echoed as
 * `Command: <words>` right after the login's lines (Microsoft Learn's transcript: no blank line before it,
 * none after the command's output).
 */
async function singleCommand(words: string[], shell: UtilShell, out: (l: readonly string[]) => void): Promise<number> {
  shell.start();
  let command = words;
  if (words[0] === 'loginHSM') {
    const login = words.slice(0, 7);
    command = words.slice(7);
    await shell.handle(login.join(' '));
    if (shell.failures > 0) return 1;
  }
  if (command.length === 0) {
    out(['Error: singlecmd needs a command']);
    return 2;
  }
  out([SINGLECMD_ECHO + command.join(' ')]);
  await shell.handle(command.join(' '));
  return shell.failures > 0 ? 1 : 0;
}

/**
 * scriptfile: each line of the file in turn, as the vendor source reads it: `#...` prints `Comment: ...`, a
 * line holding `shell` runs the rest of it with /bin/sh, any other line prints `Command String: ...` and
 * runs as a command; `exit` ends the script.
 */
async function scriptFile(path: string | undefined, shell: UtilShell, out: (l: readonly string[]) => void): Promise<number> {
  shell.start();
  let text: string;
  try {
    text = readFileSync(path ?? '', 'utf8');
  } catch {
    out(['', `\tError: Failed to open script file ${path ?? '(null)'}.`]);
    return 1;
  }
  for (const line of text.split('\n').map((l) => l.replace(/\r/g, ''))) {
    if (line.length === 0) continue;
    if (line.startsWith('#')) {
      out([`Comment: ${line}`]);
      continue;
    }
    const at = line.indexOf('shell');
    if (at >= 0) {
      const command = line.slice(at + 'shell'.length).replace(/^ +/, '');
      out(['', command]);
      const r = spawnSync('/bin/sh', ['-c', command], { encoding: 'utf8' });
      const printed = `${r.stdout ?? ''}${r.stderr ?? ''}`;
      if (printed) out(printed.replace(/\n$/, '').split('\n'));
      continue;
    }
    out([`Command String: ${line}`]);
    if (!(await shell.handle(line))) break;
  }
  return shell.failures > 0 ? 1 : 0;
}
