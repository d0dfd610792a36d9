// The registry entries of the Management Crypto Commands (grammar/azcloudhsm_util/crypto.ts).
import { aesWrapData, signMessage, verifySignature } from '../../../emulator/operations/key-crypto.ts';
import * as specs from '../../../grammar/azcloudhsm_util/crypto.ts';
import { data, success, warning } from '../../output.ts';
import { core } from '../command.ts';
import { hexBytes } from '../flags.ts';
import { failedLines, overallCode, reasonLines, reasonOf, returnedLine, returnedLines, standard, writeFailed } from '../render.ts';

/** aesWrapUnwrap's `result data:` dump: upper-case hex bytes, 8 to a line, each followed by a space. */
function hexDump(bytes: Uint8Array): string[] {
  const lines: string[] = [];
  for (let i = 0; i < bytes.length; i += 8) {
    lines.push([...bytes.subarray(i, i + 8)].map((b) => b.toString(16).toUpperCase().padStart(2, '0') + ' ').join(''));
  }
  return lines;
}

export const cryptoCommands = {
  sign: core({
    spec: specs.sign,
    operation: signMessage,
    input: (a, files) => ({ handle: a.k, mechanism: a.m, message: files.f }),
    render: (answer, ctx) => {
      if (overallCode(answer.outcomes) !== 'SUCCESS' || !answer.result) return standard(ctx.fn, answer.outcomes);
      const error = ctx.writeFile(ctx.args.out, answer.result.signature);
      return error ? writeFailed(error) : standard(ctx.fn, answer.outcomes, success(`signature is written to file ${ctx.args.out}`));
    },
  }),

  verify: core({
    spec: specs.verify,
    operation: verifySignature,
    input: (a, files) => ({ handle: a.k, mechanism: a.m, message: files.f, signature: files.s }),
    // AWS's verify page: no cluster block; a signature that does not verify prints `Cfm3Verify returned:
    // 0x1b`, a blank line, then `CSP Error: ERR_BAD_PKCS_DATA` (the vendor source's form of a failure).
    render: (answer, ctx) => {
      const code = overallCode(answer.outcomes);
      if (code === 'SUCCESS') return [...data(''), ...success('Signature verification successful'), ...data(''), returnedLine(ctx.fn, code)];
      return [...data(''), ...returnedLines(ctx.fn, code), ...reasonLines(reasonOf(answer.outcomes))];
    },
  }),

  aesWrapUnwrap: core({
    spec: specs.aesWrapUnwrap,
    operation: aesWrapData,
    input: (a, files) => ({ handle: a.w, wrap: a.m === 1, data: files.f, ...(a.i !== undefined ? { iv: hexBytes(a.i) } : {}) }),
    render: (answer, ctx) => {
      const wrap = ctx.args.m === 1;
      const target = ctx.args.out || (wrap ? 'wrapped_key' : 'unwrapped_key');
      const defaultIv = ctx.args.i === undefined ? [...data(''), ...warning('\tWarning: IV (-i) is missing.', '\t\t 0xA6A6A6A6A6A6A6A6 is considered as default IV')] : [];
      const fn = wrap ? 'Cfm3WrapHostKey' : 'Cfm3UnWrapHostKey';
      if (overallCode(answer.outcomes) !== 'SUCCESS' || !answer.result) {
        // Like the real tool, a failure leaves an empty output file behind.
        ctx.writeFile(target, new Uint8Array());
        return [...defaultIv, ...failedLines(fn, answer.outcomes)];
      }
      const result = answer.result.data;
      const error = ctx.writeFile(target, result);
      if (error) return writeFailed(error);
      return [...defaultIv, ...data('result data:', ...hexDump(result), ''), ...success(`result written to file ${target}`), ...data(''), returnedLine(fn, 'SUCCESS', '\t')];
    },
  }),
};
