// pkpspeed [-s <CU user name>] [-p <password>] [-pname <partition>] [--home DIR] [emulator flags]: the
// vendor's throughput tool, through the azcloudhsm_client daemon (src/pkpspeed/).
import { readClientConfig } from '../client/daemon.ts';
import { homePaths, takeHomeOption } from '../home.ts';
import { LineConsole, LineReader } from '../line/line-mode.ts';
import { runMain } from '../main.ts';
import { parseArgs, USAGE } from '../pkpspeed/args.ts';
import { openSession } from '../pkpspeed/daemon-session.ts';
import { TerminalConsole, withStatusLine } from '../pkpspeed/terminal.ts';
import { runPkpspeed } from '../pkpspeed/tool.ts';
import { transcriptHooks } from '../replay/transcript.ts';

runMain(async () => {
  const { home, rest } = takeHomeOption(process.argv.slice(2));
  const parsed = parseArgs(rest);
  if ('help' in parsed) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  if ('error' in parsed) {
    process.stderr.write(`pkpspeed: ${parsed.error}\n${USAGE}\n`);
    return 2;
  }
  const socketPath = readClientConfig(homePaths(home)).socketPath;
  const reader = new LineReader(process.stdin);
  const typed = process.stdin.isTTY ? new TerminalConsole(reader, process.stdin, process.stdout) : new LineConsole(reader, process.stdout);
  // `azcloudhsm_emu record` asks for the tool's own transcript through the environment.
  const console = transcriptHooks().wrapConsole(typed);
  const io = process.stdout.isTTY
    ? (() => {
        const shown = withStatusLine(console, process.stdout);
        return { console: shown.console, progress: shown.status };
      })()
    : { console };
  const status = await runPkpspeed(parsed.args, { ...io, open: () => openSession(socketPath) });
  // Input may still be open (a terminal): pkpspeed ends by itself after X or its last test.
  process.stdin.destroy();
  return status;
});
