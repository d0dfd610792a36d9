// The registry entries of help and exit (grammar/azcloudhsm_util/tool.ts).
import { utilGrammar } from '../../../grammar/azcloudhsm_util/index.ts';
import * as specs from '../../../grammar/azcloudhsm_util/tool.ts';
import { utilHelpList } from '../../../grammar/help.ts';
import { data } from '../../output.ts';
import { local } from '../command.ts';

export const toolCommands = {
  exit: local(specs.exit, () => false),
  help: local(specs.help, (_args, tool) => tool.out.print(data('', utilHelpList(utilGrammar)))),
};
