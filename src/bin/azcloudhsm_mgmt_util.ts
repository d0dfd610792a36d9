// azcloudhsm_mgmt_util [azcloudhsm_resource.cfg] [--home DIR] [--no-color]
import { openHome, readResourceCfg, takeHomeOption } from '../home.ts';
import { LineConsole, LineReader, runLineMode } from '../line/line-mode.ts';
import { runMain } from '../main.ts';
import { MgmtShell } from '../mgmt_util/shell.ts';
import { transcriptHooks } from '../replay/transcript.ts';

runMain(async () => {
  const terminal = Boolean(process.stdin.isTTY && process.stdout.isTTY);
  const { home, vm, rest: args } = takeHomeOption(process.argv.slice(2));
  const rest = args.filter((a) => a !== '--no-color');
  const opened = openHome(home, vm === undefined ? {} : { vm });
  const cfg = readResourceCfg(rest[0] ?? opened.paths.resourceCfg);
  if (cfg.error) {
    process.stderr.write(`azcloudhsm_mgmt_util: ${cfg.error}\n`);
    return 2;
  }
  // `azcloudhsm_emu record` asks for the tool's own transcript through the environment.
  const makeShell = transcriptHooks().wrap((console) => new MgmtShell({ paths: opened.paths, cluster: opened.cluster, console, cfgHostname: cfg.hostname, hint: (text) => void process.stderr.write(text + '\n') }));
  try {
    if (terminal) {
      // The TUI is a bundle chunk of its own: a piped run never loads it.
      const { startTui, colorWanted } = await import('../tui/start.ts');
      return await startTui({
        tool: 'azcloudhsm_mgmt_util',
        homeRoot: opened.paths.root,
        color: colorWanted(process.env, args),
        makeShell,
      });
    }
    const console = new LineConsole(new LineReader(process.stdin), process.stdout);
    return await runLineMode(makeShell(console), console);
  } finally {
    opened.cluster.close();
  }
});
