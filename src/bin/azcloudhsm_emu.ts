// azcloudhsm_emu: the emulator's own control. init, status, node <0|1|2> down|up, journal, fsck, and
// replay / record of recorded sessions (src/replay/, loaded only for those).
import { homePaths, openHome, takeHomeOption } from '../home.ts';
import { LineReader } from '../line/line-mode.ts';
import { fsck } from '../emu/fsck.ts';
import { reset } from '../emu/reset.ts';
import { runMain } from '../main.ts';
import { describeRecord } from '../emu/journal-view.ts';
import { statusLines } from '../emu/status.ts';
import { progressBar } from '../progress.ts';
import { SERVER_COUNT } from '../../emulator/model.ts';

const USAGE = `Usage: azcloudhsm_emu [--home DIR] <command>
  init                     create the emulator home and cluster (idempotent)
  status                   nodes (state, applied position, lag), users, claim state
  node <0|1|2> down|up     fault a node / bring it back (up returns once it has caught up)
  journal [--from N] [--limit N]
                           list journal records
  fsck                     check the home: every journal record, the master key, a replay from scratch
  reset [--yes]            delete the cluster and start over with a new one (asks first)
  replay FILE... [options] replay recordings, each on a fresh home (replay --help for the options)
  record FILE [--after NAME] -- PROGRAM [ARGS...]
                           run a program and append it to a recording
The home is AZCLOUDHSM_EMU_HOME or --home DIR, default ~/.azcloudhsm-emu.`;

runMain(async () => {
  const argv = process.argv.slice(2);
  if (argv[0] === 'replay' || argv[0] === 'record') {
    const cli = await import('../replay/cli.ts');
    const args = argv.slice(1);
    if (args[0] === '--help' || args[0] === '-h') {
      process.stdout.write((argv[0] === 'replay' ? cli.REPLAY_USAGE : cli.RECORD_USAGE) + '\n');
      return 0;
    }
    return argv[0] === 'replay' ? cli.replayCommand(args) : cli.recordCommand(args);
  }
  const { home, rest } = takeHomeOption(argv);
  const [command, ...args] = rest;
  const out = (s: string): void => void process.stdout.write(s + '\n');
  if (!command || command === 'help' || command === '-h' || command === '--help') {
    out(USAGE);
    return command ? 0 : 2;
  }
  if (command === 'learn') {
    process.stderr.write(`azcloudhsm_emu ${command}: not built yet in this emulator version\n`);
    return 3;
  }
  const known = ['init', 'status', 'node', 'journal', 'fsck', 'reset'];
  if (!known.includes(command)) {
    process.stderr.write(`azcloudhsm_emu: unknown command '${command}'\n${USAGE}\n`);
    return 2;
  }
  // fsck and reset work on a home that fails its checks: they never open it the ordinary way.
  if (command === 'fsck') {
    const report = fsck(homePaths(home));
    out(report.lines.join('\n'));
    return report.problems > 0 ? 1 : 0;
  }
  if (command === 'reset') {
    const io = { out, err: (line: string) => void process.stderr.write(line + '\n'), ask: (question: string) => askLine(question) };
    return reset(homePaths(home), args, io);
  }
  const opened = openHome(home);
  const { cluster, paths } = opened;
  try {
    switch (command) {
      case 'init':
        out(`${opened.created ? 'Created' : 'Using existing'} emulator home ${paths.root}`);
        out(`Cloud HSM ${cluster.state.identity!.resourceName}; run the tools from ${paths.bin}`);
        return 0;
      case 'status':
        out(statusLines(cluster.state, paths.root, cluster.env.processes.alive).join('\n'));
        return 0;
      case 'node': {
        const [which, direction] = args;
        const server = Number(which);
        if (!/^\d$/.test(which ?? '') || server >= SERVER_COUNT || (direction !== 'up' && direction !== 'down')) {
          process.stderr.write(`Usage: azcloudhsm_emu node <0|1|2> down|up\n`);
          return 2;
        }
        const tty = process.stderr.isTTY;
        let last = { done: 0, total: 0 };
        cluster.onReplayProgress((p) => {
          last = p;
          if (tty) process.stderr.write(`\rReplaying the journal onto server ${p.server} ${progressBar(p.done, p.total)}`);
        });
        const records = cluster.setNodeUp(server, direction === 'up');
        if (tty && last.total > 0) process.stderr.write('\n');
        if (records.length === 0) out(`Server ${server} is already ${direction}`);
        else if (direction === 'down') out(`Server ${server} is down: changes meant for it wait in the journal`);
        else {
          const node = cluster.state.nodes[server]!;
          if (!node.activated) out(`Server ${server} is up (not activated: it joins when the cluster is activated)`);
          else out(`Server ${server} is up: replayed ${last.done} journal records ${progressBar(last.done, last.total)}, now at record ${node.appliedSeq}`);
        }
        return 0;
      }
      case 'journal': {
        const from = Number(optionValue(args, '--from') ?? 1);
        const limit = Number(optionValue(args, '--limit') ?? 1_000_000);
        let after = Math.max(0, from - 1);
        let shown = 0;
        while (shown < limit) {
          const batch = cluster.records(after, Math.min(1000, limit - shown));
          if (batch.length === 0) break;
          for (const rec of batch) out(describeRecord(rec));
          shown += batch.length;
          after = batch[batch.length - 1]!.seq;
        }
        return 0;
      }
    }
    return 2;
  } finally {
    cluster.close();
  }
});

/** Asks on stdout and reads one line of stdin (a terminal or a pipe); null at end of input. */
function askLine(question: string): Promise<string | null> {
  process.stdout.write(question);
  const reader = new LineReader(process.stdin);
  return reader.next().then((line) => {
    process.stdin.pause();
    process.stdout.write('\n');
    return typeof line === 'string' ? line : null;
  });
}

function optionValue(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}
