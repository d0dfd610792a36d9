// azcloudhsm_util [--home DIR] [--vm NAME] [--no-tui] [--no-color] [--dry-run] [--mark-not-emulated]   the Command: prompt
// azcloudhsm_util singlecmd [loginHSM -u CU -s <user> -p <password>] <command ...>   one command, then exit
// azcloudhsm_util -v | --version | --help
import { type DaemonLink, openDaemonLink } from '../client/connection.ts';
import { readClientConfig } from '../client/daemon.ts';
import { homePaths } from '../home.ts';
import { runMain } from '../main.ts';
import { SINGLECMD_ECHO } from '../prompts.ts';
import { UtilShell } from '../azcloudhsm_util/shell.ts';
import { daemonHint, daemonMissingLines, DAEMON_SOCKET_FAILED, versionLines } from '../azcloudhsm_util/startup.ts';
import { type Output, textOf } from '../output.ts';
import { answerInfoOptions, helpMarksWanted, programArgs, runSession, SESSION_OPTIONS_USAGE, sessionMode } from '../program.ts';
import { transcriptHooks } from '../replay/transcript.ts';

const USAGE = `Usage: azcloudhsm_util [--home DIR] [--no-tui] [--no-color] [--dry-run]
       azcloudhsm_util singlecmd [loginHSM -u CU -s <user> -p <password>] <command ...>
  The emulated key management tool (Command: prompt), a client of the azcloudhsm_client daemon, which
  must be running (from the home's bin/: ./azcloudhsm_client azcloudhsm_resource.cfg > /dev/null 2>&1 &).
${SESSION_OPTIONS_USAGE}
  -v, --version             the versions;  --help: this text`;

runMain(async () => {
  const args = programArgs(process.argv.slice(2));
  // The vendor's tool prints its versions for a first argument starting with -v, before connecting.
  const version = args.version || args.words[0]?.startsWith('-v') === true;
  const answered = answerInfoOptions({ help: args.help, version }, 'azcloudhsm_util', { usage: USAGE, version: versionLines().join('\n') });
  if (answered !== undefined) return answered;
  const mode = sessionMode(process, process.env, args.noTui);
  // `azcloudhsm_emu record` asks for the tool's own transcript through the environment.
  const transcript = transcriptHooks();
  const helpMarks = helpMarksWanted(args, process.env, mode, transcript.active);
  const out = (lines: readonly string[]): void => {
    transcript.print(lines);
    process.stdout.write(lines.join('\n') + '\n');
  };
  const paths = homePaths(args.home, args.vm);
  const connect = () => openDaemonLink(readClientConfig(paths).socketPath, 'azcloudhsm_util');
  const hint = daemonHint(paths);
  let link: DaemonLink;
  try {
    link = await connect();
  } catch {
    // The SDK's library says it on its own stream; the tool's lines are what scripts read.
    process.stderr.write(DAEMON_SOCKET_FAILED + '\n');
    out(textOf(daemonMissingLines()));
    process.stderr.write(hint + '\n');
    return 1;
  }
  try {
    const { words } = args;
    if (words[0] === 'singlecmd') return await singleCommand(words.slice(1), link, out, args.dryRun);
    if (words.length > 0 || args.unknownOption) {
      out(['Error: Unknown commandline arguments.', '\tUsage: azcloudhsm_util singlecmd <command>', '\t       azcloudhsm_util singlecmd [loginHSM -u <CU> -s <username> -p <password>] <command>']);
      return 2;
    }
    const makeShell = transcript.wrap((console) => new UtilShell({ console, link, reconnect: connect, daemonHint: hint, dryRun: args.dryRun, helpMarks }));
    return await runSession({ tool: 'azcloudhsm_util', homeRoot: paths.root, args, mode, makeShell });
  } finally {
    link.connection.close();
  }
});

/** singlecmd: an optional `loginHSM -u X -s Y -p Z` (flag pairs in any order), then one command. */
async function singleCommand(words: readonly string[], link: DaemonLink, out: (l: readonly string[]) => void, dryRun: boolean): Promise<number> {
  const lines: string[] = [];
  const console = {
    tui: false,
    print: (output: Output) => void lines.push(...textOf(output)),
    ask: async () => null,
    notify: (text: string) => void process.stderr.write(text + '\n'),
  };
  const shell = new UtilShell({ console, link, interactive: false, dryRun });
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
