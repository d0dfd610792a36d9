// azcloudhsm_util [--home DIR] [--vm NAME] [--no-tui] [--no-color] [--dry-run] [--mark-not-emulated] [--explain]
//                                                        the Command: prompt (line mode when piped)
// azcloudhsm_util singlecmd [loginHSM -u CU -s <user> -p <password>] <command ...>   one command, then exit
// azcloudhsm_util scriptfile <file>                      the commands of a file, one a line
// azcloudhsm_util -v | --version | --help                the version lines (without the daemon), or usage
// The modes and their lines follow the vendor source's main() (reference azcloudhsm_util.md §0.6).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Console } from '../console.ts';
import { type DaemonLink, DaemonConnection, openDaemonLink } from '../client/connection.ts';
import { readClientConfig } from '../client/daemon.ts';
import { homePaths } from '../home.ts';
import { runMain } from '../main.ts';
import { SINGLECMD_ECHO } from '../prompts.ts';
import { UtilShell } from '../azcloudhsm_util/shell.ts';
import { daemonHint, daemonMissingLines, DAEMON_SOCKET_FAILED, startLines, versionLines } from '../azcloudhsm_util/startup.ts';
import { explainedTextOf, type Output, textOf } from '../output.ts';
import { answerInfoOptions, helpMarksWanted, programArgs, runSession, SESSION_OPTIONS_USAGE, sessionMode } from '../program.ts';
import { transcriptHooks } from '../replay/transcript.ts';

const USAGE = `Usage: azcloudhsm_util [--home DIR] [--no-tui] [--no-color] [--dry-run]
       azcloudhsm_util singlecmd [loginHSM -u CU -s <user> -p <password>] <command ...>
       azcloudhsm_util scriptfile <file>
  The emulated key management tool (Command: prompt), a client of the azcloudhsm_client daemon, which
  must be running (from the home's bin/: ./azcloudhsm_client azcloudhsm_resource.cfg > /dev/null 2>&1 &).
${SESSION_OPTIONS_USAGE}
  -v, --version             the versions;  --help: this text`;

runMain(async () => {
  const args = programArgs(process.argv.slice(2));
  const paths = homePaths(args.home, args.vm);
  const socketPath = readClientConfig(paths).socketPath;
  // The vendor's tool prints its versions for a first argument starting with -v, before connecting.
  if (args.version || args.words[0]?.startsWith('-v') === true) {
    process.stdout.write(versionLines(await daemonAnswers(socketPath)).join('\n') + '\n');
    return 0;
  }
  const answered = answerInfoOptions({ help: args.help, version: false }, 'azcloudhsm_util', { usage: USAGE, version: '' });
  if (answered !== undefined) return answered;
  const mode = sessionMode(process, process.env, args.noTui);
  // `azcloudhsm_emu record` asks for the tool's own transcript through the environment.
  const transcript = transcriptHooks();
  const helpMarks = helpMarksWanted(args, process.env, mode, transcript.active);
  const out = (lines: readonly string[]): void => {
    transcript.print(lines);
    process.stdout.write(lines.join('\n') + '\n');
  };
  const print = (output: Output): void => out(args.explain ? explainedTextOf(output) : textOf(output));
  const connect = () => openDaemonLink(socketPath, 'azcloudhsm_util');
  const hint = daemonHint(paths);
  let link: DaemonLink;
  try {
    link = await connect();
  } catch {
    // The SDK's library says it on its own stream; the tool's lines are what scripts read.
    process.stderr.write(DAEMON_SOCKET_FAILED + '\n');
    print(daemonMissingLines());
    process.stderr.write(hint + '\n');
    return 1;
  }
  try {
    const { words } = args;
    // singlecmd and scriptfile ask nothing: a question (a hidden password) is answered as end of input.
    const oneShotConsole: Console = { tui: false, print, ask: async () => null, notify: (text) => void process.stderr.write(text + '\n') };
    const oneShot = () => new UtilShell({ console: oneShotConsole, link, interactive: false, dryRun: args.dryRun });
    if (words[0] === 'singlecmd') return await singleCommand(words.slice(1), oneShot(), out);
    if (words[0] === 'scriptfile') return await scriptFile(words[1], oneShot(), out);
    if (words.length > 0 || args.unknownOption) {
      print(startLines(link.hello));
      out(UNKNOWN_ARGUMENTS);
      return 2;
    }
    const makeShell = transcript.wrap((console) => new UtilShell({ console, link, reconnect: connect, daemonHint: hint, dryRun: args.dryRun, helpMarks }));
    return await runSession({ tool: 'azcloudhsm_util', homeRoot: paths.root, args, mode, makeShell });
  } finally {
    link.connection.close();
  }
});

async function daemonAnswers(socketPath: string): Promise<boolean> {
  try {
    (await DaemonConnection.connect(socketPath)).close();
    return true;
  } catch {
    return false;
  }
}

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

/**
 * singlecmd: an optional `loginHSM -u X -s Y -p Z` (flag pairs in any order), then one command echoed as
 * `Command: <words>` right after the login's lines (Microsoft Learn's transcript: no blank line before it,
 * none after the command's output).
 */
async function singleCommand(words: readonly string[], shell: UtilShell, out: (l: readonly string[]) => void): Promise<number> {
  await shell.start();
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
  await shell.start();
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
