// The registry entries of the Key Management Commands (grammar/azcloudhsm_util/management.ts).
import { firstAnswer } from '../../../emulator/operations/fan-out.ts';
import { checkKeyHandle, deleteKey, describeKeyOwnership, findKeys, persistSessionKey, readKeyAttributes } from '../../../emulator/operations/key-management.ts';
import * as specs from '../../../grammar/azcloudhsm_util/management.ts';
import { data, failure, success } from '../../output.ts';
import { attributeFile, attributeSize } from '../../text/attribute-file.ts';
import { core } from '../command.ts';
import { clusterBlock, failedLines, keyMade, overallCode, returnedLine, standard, writeFailed } from '../render.ts';
import { QUESTIONS } from '../../prompts.ts';

export const managementCommands = {
  deleteKey: core({
    spec: specs.deleteKey,
    operation: deleteKey,
    input: (a) => ({ handle: a.k }),
    render: (answer, ctx) => standard(ctx.fn, answer.outcomes),
  }),

  setAttribute: core({
    spec: specs.setAttribute,
    operation: persistSessionKey,
    // The real tool asks for the value of a boolean attribute; it can only change OBJ_ATTR_TOKEN.
    resolveInput: async (a, tool) => {
      if (a.a !== 1) {
        tool.out.print(data('', '\tThis attribute is either not modifiable or unknown'));
        return { handle: a.o, attribute: a.a };
      }
      tool.out.print(data('\t\tThis attribute is defined as a boolean value.'));
      const answer = await tool.inputs.ask(QUESTIONS.booleanValue.text);
      if (answer === null || !/^[01]$/.test(answer.trim())) {
        tool.out.failed(failure('\tInvalid value: enter 0 or 1'));
        return undefined;
      }
      return { handle: a.o, attribute: a.a, value: Number(answer.trim()) };
    },
    render: (answer, ctx) => keyMade(ctx.fn, answer.outcomes, answer.result ? [`Token Key Handle: ${answer.result.handle}`] : []),
  }),

  getKeyInfo: core({
    spec: specs.getKeyInfo,
    operation: describeKeyOwnership,
    input: (a) => ({ handle: a.k }),
    render: (answer, ctx) => {
      const code = overallCode(answer.outcomes);
      const lines = [...data(''), returnedLine(ctx.fn, code)];
      const info = firstAnswer(answer.outcomes);
      if (code !== 'SUCCESS' || !info) return lines;
      lines.push(...data('', `${info.token ? 'Token/Flash Key,' : 'Session Key,'}`, '', `Owned by user ${info.owner}`));
      if (info.sharedWith.length > 0) lines.push(...data('', `also, shared to following ${info.sharedWith.length} user(s):`, '', ...info.sharedWith.map((u) => `         ${u}`)));
      if (info.mValue > 1) lines.push(...data(` ${info.mValue} Users need to approve to use/manage this key`));
      return lines;
    },
  }),

  findKey: core({
    spec: specs.findKey,
    operation: findKeys,
    input: (a, files) => ({
      keyClass: a.c,
      keyType: a.t,
      label: a.l,
      id: a.id,
      idHex: a.idx,
      session: a.sess === undefined ? undefined : a.sess === 1,
      usableBy: a.u,
      modulus: files.m ? Buffer.from(files.m).toString('utf8') : undefined,
      kcv: a.kcv,
    }),
    render: (answer, ctx) => {
      const found = firstAnswer(answer.outcomes);
      const lines = data('');
      if (found) {
        lines.push(...data(`Total number of keys present: ${found.total}`));
        if (found.handles.length > 0) {
          lines.push(...data('', `Number of matching keys from start index 0::${found.handles.length - 1}`, '', 'Handles of matching keys:'));
          for (let i = 0; i < found.handles.length; i += 15) lines.push(...data(found.handles.slice(i, i + 15).join(', ') + (i + 15 < found.handles.length ? ',' : '')));
        }
        lines.push(...data(''));
      }
      lines.push(...clusterBlock(answer.outcomes), ...data(''), returnedLine(ctx.fn, overallCode(answer.outcomes)));
      return lines;
    },
  }),

  findSingleKey: core({
    spec: specs.findSingleKey,
    operation: checkKeyHandle,
    input: (a) => ({ handle: a.k }),
    render: (answer, ctx) => standard(ctx.fn, answer.outcomes),
  }),

  getAttribute: core({
    spec: specs.getAttribute,
    operation: readKeyAttributes,
    input: (a) => ({ handle: a.o, attribute: a.a }),
    render: (answer, ctx) => {
      const code = overallCode(answer.outcomes);
      const values = firstAnswer(answer.outcomes);
      if (code !== 'SUCCESS' || !values) return failedLines(ctx.fn, answer.outcomes);
      const error = ctx.writeFile(ctx.args.out, attributeFile(values));
      if (error) return writeFailed(error);
      const size = ctx.args.a === 512 ? [`Attribute size: ${attributeSize(values)}, count: ${values.length}`] : [];
      return [...data('', ...size), ...success(`Written to: ${ctx.args.out} file`), ...data(''), returnedLine(ctx.fn, code)];
    },
  }),
};
