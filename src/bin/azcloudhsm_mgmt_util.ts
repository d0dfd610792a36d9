// azcloudhsm_mgmt_util [azcloudhsm_resource.cfg] [--home DIR]
import { openHome, takeHomeOption } from '../home.ts';
import { LineConsole, LineReader, runLineMode } from '../line/line-mode.ts';
import { runMain } from '../main.ts';
import { MgmtShell, readResourceCfg } from '../mgmt/shell.ts';

runMain(async () => {
  const { home, rest } = takeHomeOption(process.argv.slice(2));
  const opened = openHome(home);
  const cfg = readResourceCfg(rest[0] ?? opened.paths.resourceCfg);
  if (cfg.error) {
    process.stderr.write(`azcloudhsm_mgmt_util: ${cfg.error}\n`);
    return 2;
  }
  const terminal = Boolean(process.stdin.isTTY && process.stdout.isTTY);
  const console = new LineConsole(new LineReader(process.stdin), process.stdout, !terminal);
  const shell = new MgmtShell({ paths: opened.paths, cluster: opened.cluster, console, cfgHostname: cfg.hostname });
  try {
    return await runLineMode(shell, console);
  } finally {
    opened.cluster.close();
  }
});
