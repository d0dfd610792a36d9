// The registry entries of help and exit (grammar/azcloudhsm_util/tool.ts).
import * as specs from '../../../grammar/azcloudhsm_util/tool.ts';
import { local } from '../command.ts';
import { helpListLines } from '../render.ts';

export const toolCommands = {
  exit: local(specs.exit, () => false),
  help: local(specs.help, (_args, tool) => tool.out.print(helpListLines(tool.helpList()))),
};
