// azcloudhsm_mgmt_util [azcloudhsm_resource.cfg] [--home DIR] [--no-tui] [--no-color] | --help | --version
import { openHome, readResourceCfg } from '../home.ts';
import { runMain } from '../main.ts';
import { banner } from '../mgmt_util/connect.ts';
import { MgmtShell } from '../mgmt_util/shell.ts';
import { textOf } from '../output.ts';
import { answerInfoOptions, NO_TUI_ENV, programArgs, runSession } from '../program.ts';
import { transcriptHooks } from '../replay/transcript.ts';

const USAGE = `Usage: azcloudhsm_mgmt_util [azcloudhsm_resource.cfg] [--home DIR] [--no-tui] [--no-color]
  The emulated cluster's management tool (cloudmgmt> prompt): users, ownership, cluster admin.
  azcloudhsm_resource.cfg   the SDK's resource file (default: the home's bin/azcloudhsm_resource.cfg);
                            relative paths in commands (../cert/P1.csr) are from where you start it
  --home DIR                the emulator home (or AZCLOUDHSM_EMU_HOME; default ~/.azcloudhsm-emu)
  --no-tui                  line mode on a terminal, as piped (also ${NO_TUI_ENV}=1, TERM=dumb, or a
                            terminal that reports no size, as an expect script's)
  --no-color                no colour in the TUI (also NO_COLOR=1)
  --help, --version         this text; the tool's versions`;

runMain(async () => {
  const args = programArgs(process.argv.slice(2));
  const answered = answerInfoOptions(args, 'azcloudhsm_mgmt_util', { usage: USAGE, version: textOf(banner()).slice(0, 3).join('\n') });
  if (answered !== undefined) return answered;
  const opened = openHome(args.home);
  const cfg = readResourceCfg(args.words[0] ?? opened.paths.resourceCfg);
  if (cfg.error) {
    process.stderr.write(`azcloudhsm_mgmt_util: ${cfg.error}\n`);
    return 2;
  }
  // `azcloudhsm_emu record` asks for the tool's own transcript through the environment.
  const makeShell = transcriptHooks().wrap((console) => new MgmtShell({ paths: opened.paths, cluster: opened.cluster, console, cfgHostname: cfg.hostname }));
  try {
    return await runSession({ tool: 'azcloudhsm_mgmt_util', homeRoot: opened.paths.root, args, makeShell });
  } finally {
    opened.cluster.close();
  }
});
