// azcloudhsm_client [azcloudhsm_resource.cfg] [--home DIR]: the client daemon, in the foreground
// (run it with `> /dev/null 2>&1 &`, or under systemd with azure-cloud-hsm.service).
import { ClientDaemon, readClientConfig } from '../client/daemon.ts';
import { openHome, readResourceCfg, takeHomeOption } from '../home.ts';
import { runMain } from '../main.ts';

runMain(async () => {
  const { home, rest } = takeHomeOption(process.argv.slice(2));
  const opened = openHome(home);
  const resourceCfg = rest[0] ?? opened.paths.resourceCfg;
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
  try {
    await daemon.start();
  } catch (e) {
    daemon.log('ERR', (e as Error).message);
    return 1;
  }
  daemon.log('INF', `connected to ${cfg.hostname}`);
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
