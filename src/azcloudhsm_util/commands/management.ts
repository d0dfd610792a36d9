// The registry entries of the Key Management Commands (grammar/azcloudhsm_util/management.ts).
import { firstAnswer } from '../../../emulator/operations/fan-out.ts';
import { checkKeyHandle, deleteKey, describeKeyOwnership, findKeys, persistSessionKey, readKeyAttributes } from '../../../emulator/operations/key-management.ts';
import * as specs from '../../../grammar/azcloudhsm_util/management.ts';
import { data, failure, success } from '../../output.ts';
import { attributeFile, attributeSize } from '../../text/attribute-file.ts';
import { core } from '../command.ts';
import { attestationLines, clusterBlock, failedLines, keyMade, overallCode, returnedLine, standard, writeFailed } from '../render.ts';
import { vendorFunction } from '../../../grammar/help.ts';
import { QUESTIONS } from '../../prompts.ts';

export const managementCommands = {
  deleteKey: core({
    spec: specs.deleteKey,
    operation: deleteKey,
    input: (a) => ({ handle: a.k }),
    // AWS's deleteKey page: a handle that does not exist fails at the lookup, `Cfm3FindKey returned: 0xa8`.
    render: (answer, ctx) => standard(overallCode(answer.outcomes) === 'INVALID_HANDLE' ? 'Cfm3FindKey' : ctx.fn, answer.outcomes),
  }),

  setAttribute: core({
    spec: specs.setAttribute,
    operation: persistSessionKey,
    // The real tool asks for the value of a boolean attribute; it can only change OBJ_ATTR_TOKEN. Any
    // other attribute fails in the tool before the HSM is asked (the vendor source's getAttributeValue), so
    // no cluster block follows; the code it returns there is not public (ours: unconfirmed).
    resolveInput: async (a, tool) => {
      if (a.a !== 1) {
        tool.out.failed([...data('', '\tThis attribute is either not modifiable or unknown', ''), returnedLine(vendorFunction(specs.setAttribute), 'ATTRIBUTE_NOT_SETTABLE')]);
        return undefined;
      }
      tool.out.print(data('\t\tThis attribute is defined as a boolean value.'));
      const answer = await tool.inputs.ask(QUESTIONS.booleanValue.text);
      if (answer === null || !/^[01]$/.test(answer.trim())) {
        tool.out.failed(failure('\tInvalid value: enter 0 or 1'));
        return undefined;
      }
      return { handle: a.o, attribute: a.a, value: Number(answer.trim()) };
    },
    // The key keeps its handle and nothing more is printed (AWS's setAttribute page).
    render: (answer, ctx) => keyMade(ctx.fn, answer.outcomes, []),
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
      // No `Token/Flash Key,` line: that is mgmt_util's (AWS's key_mgmt_util getKeyInfo page).
      lines.push(...data('', `Owned by user ${info.owner}`));
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
        // The number of keys that match (AWS's pages: `... present 0` for a search that finds none).
        lines.push(...data(`Total number of keys present: ${found.handles.length}`));
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
    input: (a) => ({ handle: a.o, attribute: a.a, ...(a.attest ? { attest: true } : {}) }),
    render: (answer, ctx) => {
      const code = overallCode(answer.outcomes);
      const values = firstAnswer(answer.outcomes);
      if (code !== 'SUCCESS' || !values) return failedLines(ctx.fn, answer.outcomes);
      const error = ctx.writeFile(ctx.args.out, attributeFile(values));
      if (error) return writeFailed(error);
      const size = ctx.args.a === 512 ? [`Attribute size: ${attributeSize(values)}, count: ${values.length}`] : [];
      // The vendor source checks the attestation twice with -attest (the size, then the value); the
      // second check is announced. Where Azure's build prints these lines is unconfirmed.
      const attested = ctx.attestation ? [...attestationLines(ctx), ...data('', ' Verifying attestation for value'), ...attestationLines(ctx)] : [];
      return [...attested, ...data('', ...size), ...success(`Written to: ${ctx.args.out} file`), ...data(''), returnedLine(ctx.fn, code)];
    },
  }),
};
