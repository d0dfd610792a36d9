// azcloudhsm_emu: the emulator's own control. init, the Azure side (deploy, endpoint), status,
// node <0|1|2> down|up, journal, fsck, reset, replay / record of recorded sessions (src/replay/, loaded
// only for those), and the tutor (src/tutor/).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { homePaths, openHome, packageRoot, takeHomeOption } from '../home.ts';
import { LineReader } from '../line/line-mode.ts';
import { fsck } from '../emu/fsck.ts';
import { reset } from '../emu/reset.ts';
import { runMain } from '../main.ts';
import { describeRecord } from '../emu/journal-view.ts';
import { statusLines } from '../emu/status.ts';
import { DEPLOY_USAGE, deployCommand, deployHint, ENDPOINT_USAGE, endpointCommand } from '../emu/azure.ts';
import { progressBar } from '../progress.ts';
import { PARTITION_KEY_CAPACITY, SERVER_COUNT } from '../../emulator/model.ts';
import { VERSION } from '../text/version.ts';

const USAGE = `Usage: azcloudhsm_emu [--home DIR] <command>
  init [--bare] [--vm NAME]
                           create the emulator home: a Cloud HSM deployed, provisioned and
                           reachable (idempotent); --bare: nothing deployed (the guide from STEP 2);
                           --vm NAME: another VM's SDK layout (bin/, cert/) sharing the cluster
  deploy --name NAME --resource-group GROUP --location REGION [--sku Standard_B1] [--no-wait]
                           deploy a Cloud HSM and watch it provision (STEPs 2 and 3)
  endpoint create --name NAME --vnet VNET --subnet PREFIX
                           its private endpoint and privatelink DNS records (STEPs 4 to 7)
  endpoint show            the endpoint's DNS configuration: the FQDN of each HSM (STEP 10)
  status                   the Cloud HSM (provisioning, activation), its endpoint; nodes (state,
                           applied position, lag), users, claim state
  node <0|1|2> down|up     fault a node / bring it back (up returns once it has caught up)
  journal [--from N] [--limit N]
                           list journal records
  fsck                     check the home: every journal record, the master key, a replay from scratch
  reset [--yes]            delete the cluster and start over with a new one (asks first)
  capacity [N|default]     key handles a partition holds (default 3200, as on Azure); tests and
                           benchmarks raise it to measure scale
  replay FILE... [options] replay recordings, each on a fresh home (replay --help for the options)
  record FILE [--after NAME] -- PROGRAM [ARGS...]
                           run a program and append it to a recording
  learn [LESSON]           list the lessons, or run one on a home of its own (learn --help)
  chaos --seed S --steps N [--daemon-restarts]
                           random commands among node faults (and daemon restarts), checked
                           against the rules; a temporary home unless --home (chaos --help)
  --help, --version        this text; the emulator's version
The home is AZCLOUDHSM_EMU_HOME or --home DIR, default ~/.azcloudhsm-emu.`;

runMain(async () => {
  const argv = process.argv.slice(2);
  if (argv[0] === 'learn') {
    const { learnCommand } = await import('../tutor/cli.ts');
    return learnCommand(argv.slice(1));
  }
  if (argv[0] === 'replay' || argv[0] === 'record') {
    const cli = await import('../replay/cli.ts');
    const args = argv.slice(1);
    if (args[0] === '--help' || args[0] === '-h') {
      process.stdout.write((argv[0] === 'replay' ? cli.REPLAY_USAGE : cli.RECORD_USAGE) + '\n');
      return 0;
    }
    return argv[0] === 'replay' ? cli.replayCommand(args) : cli.recordCommand(args);
  }
  const { home, vm, rest } = takeHomeOption(argv);
  const [command, ...args] = rest;
  const out = (s: string): void => void process.stdout.write(s + '\n');
  if (command === 'chaos') {
    const { chaosCommand } = await import('../proof/chaos.ts');
    // Only a --home given on the command line is used: otherwise chaos makes a temporary home of its own.
    const explicit = argv.some((a) => a === '--home' || a.startsWith('--home='));
    return chaosCommand(args, explicit ? home : undefined, out, (s) => void process.stderr.write(s + '\n'));
  }
  if (!command || command === 'help' || command === '-h' || command === '--help') {
    out(USAGE);
    return command ? 0 : 2;
  }
  if (command === '--version') {
    out(`azcloudhsm_emu ${emulatorVersion()} (Azure Cloud HSM SDK ${VERSION.sdkPackage}, tools ${VERSION.util})`);
    return 0;
  }
  const known = ['init', 'deploy', 'endpoint', 'status', 'node', 'journal', 'fsck', 'reset', 'capacity'];
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
  if ((command === 'deploy' || command === 'endpoint') && args.length === 1 && (args[0] === '--help' || args[0] === '-h')) {
    out(command === 'deploy' ? DEPLOY_USAGE : ENDPOINT_USAGE);
    return 0;
  }
  const bare = command === 'init' && args[0] === '--bare' && args.length === 1;
  if (command === 'init' && args.length > 0 && !bare) {
    process.stderr.write(`Usage: azcloudhsm_emu [--home DIR] init [--bare] [--vm NAME]\n`);
    return 2;
  }
  const vmExisted = vm !== undefined && existsSync(homePaths(home, vm).resourceCfg);
  // The Azure commands on a home that does not exist yet start it bare: their user is doing the Azure steps.
  const opened = openHome(home, { ...(vm === undefined ? {} : { vm }), bare: bare || command === 'deploy' || command === 'endpoint' });
  const { cluster, paths } = opened;
  const io = { out, err: (s: string): void => void process.stderr.write(s + '\n'), ...(process.stdout.isTTY ? { redraw: (s: string): void => void process.stdout.write(`\r${s}\x1b[K`) } : {}) };
  try {
    switch (command) {
      case 'init': {
        const label = cluster.state.identity?.resourceName;
        if (vm !== undefined) {
          out(`${vmExisted ? 'Using existing' : 'Created'} SDK layout of VM ${vm} in ${paths.sdk}, sharing the cluster of emulator home ${paths.root}`);
        } else out(`${opened.created ? 'Created' : 'Using existing'} emulator home ${paths.root}${bare && opened.created ? ' with nothing deployed (bare)' : ''}`);
        if (label) out(`Cloud HSM ${label}; run the tools from ${paths.bin}`);
        else out(`No Cloud HSM deployed yet; next, the onboarding guide's STEP 2: ${deployHint()}`);
        if (vm !== undefined && !existsSync(paths.ownerCert)) {
          out(`Its cert/ holds no PO.crt: once the partition is claimed, copy the admin VM's (cp ${homePaths(home).ownerCert} ${paths.cert}/), as the FAQ says`);
        }
        return 0;
      }
      case 'deploy':
        return await deployCommand(cluster, args, io);
      case 'endpoint':
        return endpointCommand(cluster, args, io);
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
      case 'capacity': {
        const [value] = args;
        if (value !== undefined) {
          const wanted = value === 'default' ? PARTITION_KEY_CAPACITY : /^\d+$/.test(value) ? Number(value) : NaN;
          if (!Number.isSafeInteger(wanted) || wanted < 1) {
            process.stderr.write('Usage: azcloudhsm_emu capacity [N|default]   (N: key handles per partition, at least 1)\n');
            return 2;
          }
          cluster.setKeyCapacity(wanted);
        }
        const capacity = cluster.state.keyCapacity;
        out(`A partition holds at most ${capacity} key handles${capacity === PARTITION_KEY_CAPACITY ? ' (as on Azure Cloud HSM)' : ` (raised from Azure's ${PARTITION_KEY_CAPACITY}: an emulator setting)`}`);
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

/** The package's version, from its package.json. */
function emulatorVersion(): string {
  try {
    const version: unknown = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')).version;
    return typeof version === 'string' ? version : 'unknown';
  } catch {
    return 'unknown';
  }
}

function optionValue(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}
