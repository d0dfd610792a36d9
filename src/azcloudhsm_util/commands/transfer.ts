// The registry entries of the Key Transfer Commands (grammar/azcloudhsm_util/transfer.ts): masked objects.
// Lines as AWS's pages and the vendor source print them: extract prints no cluster block; insert prints
// `\tNew Key Handle: N` right under its result line, then the cluster block.
import { extractMaskedObject, insertMaskedObject } from '../../../emulator/operations/masked-objects.ts';
import * as specs from '../../../grammar/azcloudhsm_util/transfer.ts';
import { data, success } from '../../output.ts';
import { core } from '../command.ts';
import { clusterBlock, failedLines, overallCode, reasonLines, reasonOf, returnedLine, writeFailed } from '../render.ts';

export const transferCommands = {
  extractMaskedObject: core({
    spec: specs.extractMaskedObject,
    operation: extractMaskedObject,
    input: (a) => ({ handle: a.o }),
    render: (answer, ctx) => {
      const code = overallCode(answer.outcomes);
      if (code !== 'SUCCESS' || !answer.result) return failedLines(ctx.fn, answer.outcomes);
      const error = ctx.writeFile(ctx.args.out, answer.result.masked);
      if (error) return writeFailed(error);
      return [...data(''), ...success(`Object was masked and written to file "${ctx.args.out}"`), ...data(''), returnedLine(ctx.fn, code, '\t')];
    },
  }),

  insertMaskedObject: core({
    spec: specs.insertMaskedObject,
    operation: insertMaskedObject,
    input: (_a, files) => ({ masked: files.f }),
    render: (answer, ctx) => {
      const code = overallCode(answer.outcomes);
      const handle = code === 'SUCCESS' && answer.result ? success(`\tNew Key Handle: ${answer.result.handles[0]}`) : reasonLines(reasonOf(answer.outcomes));
      return [...data(''), returnedLine(ctx.fn, code), ...handle, ...data(''), ...clusterBlock(answer.outcomes)];
    },
  }),
};
