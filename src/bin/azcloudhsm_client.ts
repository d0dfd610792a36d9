// azcloudhsm_client [azcloudhsm_resource.cfg] [--home DIR]: the client daemon, in the foreground
// (run it with `> /dev/null 2>&1 &`, or under systemd with azure-cloud-hsm.service).
import { isMainThread } from 'node:worker_threads';
import { ClientDaemon, readClientConfig } from '../client/daemon.ts';
import { DAEMON_VERSION } from '../client/protocol.ts';
import { openHome, readResourceCfg } from '../home.ts';
import { runMain } from '../main.ts';
import { answerInfoOptions, programArgs } from '../program.ts';

const USAGE = `Usage: azcloudhsm_client [azcloudhsm_resource.cfg] [--home DIR]
  The emulated Azure Cloud HSM client daemon that azcloudhsm_util talks to, in the foreground. From the
  home's bin/: ./azcloudhsm_client azcloudhsm_resource.cfg > /dev/null 2>&1 &
  It logs to stdout and the log file of azcloudhsm_client.cfg; SIGHUP reloads it, SIGTERM stops it.
  --home DIR   the emulator home (or AZCLOUDHSM_EMU_HOME; default ~/.azcloudhsm-emu)`;

// The daemon's crypto worker threads may start this very file (src/client/crypto-pool.ts): they only serve.
if (isMainThread) runMain(async () => {
  const args = programArgs(process.argv.slice(2));
  const answered = answerInfoOptions(args, 'azcloudhsm_client', { usage: USAGE, version: `azcloudhsm_client ${DAEMON_VERSION}` });
  if (answered !== undefined) return answered;
  const opened = openHome(args.home, args.vm === undefined ? {} : { vm: args.vm });
  const resourceCfg = args.words[0] ?? opened.paths.resourceCfg;
  const cfg = readResourceCfg(resourceCfg);
  const problems: string[] = [];
  const config = readClientConfig(opened.paths, problems);
  if (cfg.error) problems.unshift(cfg.error);
  if (problems.length > 0) {
    process.stderr.write(`azcloudhsm_client: ${problems.join('\nazcloudhsm_client: ')}\n`);
    opened.cluster.close();
    return 2;
  }
  const daemon = new ClientDaemon(opened.cluster, opened.paths, config);
  const connection = daemon.connectCluster(cfg.hostname ?? '');
  if (!connection.connected) {
    process.stderr.write(connection.hint + '\n');
    opened.cluster.close();
    return 1;
  }
  try {
    await daemon.start();
  } catch (e) {
    daemon.log('ERR', (e as Error).message);
    return 1;
  }
  return new Promise<number>((resolve) => {
    const stop = (signal: string) => () => {
      void daemon.stop(`received ${signal}`).then(() => {
        opened.cluster.close();
        resolve(0);
      });
    };
    process.once('SIGTERM', stop('SIGTERM'));
    process.once('SIGINT', stop('SIGINT'));
    process.on('SIGHUP', () => daemon.reload(resourceCfg));
  });
});
