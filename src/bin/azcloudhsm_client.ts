// azcloudhsm_client [azcloudhsm_resource.cfg] [--home DIR]: the client daemon, in the foreground
// (run it with `> /dev/null 2>&1 &`, or under systemd with azure-cloud-hsm.service).
import { ClientDaemon, readClientConfig } from '../client/daemon.ts';
import { openHome, readResourceCfg, takeHomeOption } from '../home.ts';
import { runMain } from '../main.ts';

runMain(async () => {
  const { home, vm, rest } = takeHomeOption(process.argv.slice(2));
  const opened = openHome(home, vm === undefined ? {} : { vm });
  const cfg = readResourceCfg(rest[0] ?? opened.paths.resourceCfg);
  if (cfg.error) {
    process.stderr.write(`azcloudhsm_client: ${cfg.error}\n`);
    return 2;
  }
  const daemon = new ClientDaemon(opened.cluster, opened.paths, readClientConfig(opened.paths));
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
    process.on('SIGHUP', () => daemon.reload());
  });
});
