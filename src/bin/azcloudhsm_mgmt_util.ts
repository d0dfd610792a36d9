// azcloudhsm_mgmt_util [azcloudhsm_resource.cfg] [--home DIR] [--vm NAME] [--no-tui] [--no-color] [--dry-run]
//                      [--mark-not-emulated] [--explain] | --help | --version
import { openHome, readResourceCfg } from '../home.ts';
import { runMain } from '../main.ts';
import { banner } from '../mgmt_util/connect.ts';
import { MgmtShell } from '../mgmt_util/shell.ts';
import { textOf } from '../output.ts';
import { answerInfoOptions, helpMarksWanted, programArgs, runSession, SESSION_OPTIONS_USAGE, sessionMode } from '../program.ts';
import { transcriptHooks } from '../replay/transcript.ts';

const USAGE = `Usage: azcloudhsm_mgmt_util [azcloudhsm_resource.cfg] [--home DIR] [--no-tui] [--no-color] [--dry-run]
  The emulated cluster's management tool (cloudmgmt> prompt): users, ownership, cluster admin.
  azcloudhsm_resource.cfg   the SDK's resource file (default: the home's bin/azcloudhsm_resource.cfg);
                            relative paths in commands (../cert/P1.csr) are from where you start it
${SESSION_OPTIONS_USAGE}
  --help, --version         this text; the tool's versions`;

runMain(async () => {
  const args = programArgs(process.argv.slice(2));
  const answered = answerInfoOptions(args, 'azcloudhsm_mgmt_util', { usage: USAGE, version: textOf(banner()).slice(0, 3).join('\n') });
  if (answered !== undefined) return answered;
  const mode = sessionMode(process, process.env, args.noTui);
  // `azcloudhsm_emu record` asks for the tool's own transcript through the environment.
  const transcript = transcriptHooks();
  const helpMarks = helpMarksWanted(args, process.env, mode, transcript.active);
  const opened = openHome(args.home, args.vm === undefined ? {} : { vm: args.vm });
  const cfg = readResourceCfg(args.words[0] ?? opened.paths.resourceCfg);
  if (cfg.error) {
    process.stderr.write(`azcloudhsm_mgmt_util: ${cfg.error}\n`);
    return 2;
  }
  const makeShell = transcript.wrap((console) => new MgmtShell({ paths: opened.paths, cluster: opened.cluster, console, cfgHostname: cfg.hostname, dryRun: args.dryRun, helpMarks }));
  try {
    return await runSession({ tool: 'azcloudhsm_mgmt_util', homeRoot: opened.paths.root, args, mode, makeShell });
  } finally {
    opened.cluster.close();
  }
});
