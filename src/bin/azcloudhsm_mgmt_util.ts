// azcloudhsm_mgmt_util [azcloudhsm_resource.cfg] [--home DIR] [--no-color] [--dry-run] [--mark-not-emulated] [--explain]
import { openHome, readResourceCfg, takeHomeOption } from '../home.ts';
import { LineConsole, LineReader, runLineMode } from '../line/line-mode.ts';
import { runMain } from '../main.ts';
import { MgmtShell } from '../mgmt_util/shell.ts';
import { transcriptHooks } from '../replay/transcript.ts';
import { takeToolOptions } from '../tool-options.ts';

runMain(async () => {
  const terminal = Boolean(process.stdin.isTTY && process.stdout.isTTY);
  const { home, vm, rest: args } = takeHomeOption(process.argv.slice(2));
  // `azcloudhsm_emu record` asks for the tool's own transcript through the environment.
  const transcript = transcriptHooks();
  // A recorded TUI session is line mode's transcript: no marks in it.
  const { rest, dryRun, helpMarks, explain } = takeToolOptions(args, process.env, terminal && !transcript.active);
  const opened = openHome(home, vm === undefined ? {} : { vm });
  const cfg = readResourceCfg(rest[0] ?? opened.paths.resourceCfg);
  if (cfg.error) {
    process.stderr.write(`azcloudhsm_mgmt_util: ${cfg.error}\n`);
    return 2;
  }
  const makeShell = transcript.wrap(
    (console) =>
      new MgmtShell({ paths: opened.paths, cluster: opened.cluster, console, cfgHostname: cfg.hostname, dryRun, helpMarks, hint: (text) => void process.stderr.write(text + '\n') }),
  );
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
    const console = new LineConsole(new LineReader(process.stdin), process.stdout, { explain });
    return await runLineMode(makeShell(console), console);
  } finally {
    opened.cluster.close();
  }
});
