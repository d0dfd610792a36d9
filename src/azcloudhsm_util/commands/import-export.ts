// The registry entries of the Key Import/Export Commands (grammar/azcloudhsm_util/import-export.ts).
import { privateKeyToPem, publicKeyToPem } from '../../../emulator/crypto/pem.ts';
import { firstAnswer } from '../../../emulator/operations/fan-out.ts';
import { exportPublicKey, importPublicKey } from '../../../emulator/operations/key-management.ts';
import { exportKey, importKey, unwrapKey, wrapKey } from '../../../emulator/operations/key-transfer.ts';
import type { AnswerOf } from '../../../emulator/operations/operation.ts';
import * as specs from '../../../grammar/azcloudhsm_util/import-export.ts';
import { data, type Line, success, warning } from '../../output.ts';
import { core, type RenderContextOf } from '../command.ts';
import { hexBytes, keyOptions } from '../flags.ts';
import { attestationLines, clusterBlock, failedLines, keyMade, overallCode, partial, reasonLines, reasonOf, returnedLine, standard, writeFailed } from '../render.ts';

/** exSymKey and exportPrivateKey: wrapped in the HSM, unwrapped in the HSM or on the host (-wk), written in the clear. */
function exportedLines(answer: AnswerOf<typeof exportKey>, ctx: RenderContextOf<{ readonly out: string; readonly wk?: string }>, secret: boolean): Line[] {
  const code = overallCode(answer.outcomes);
  if (code !== 'SUCCESS' || !answer.result) return failedLines('Cfm3WrapKey', answer.outcomes);
  const material = Buffer.from(answer.result.material);
  const error = ctx.writeFile(ctx.args.out, secret ? material : privateKeyToPem(material));
  if (error) return writeFailed(error);
  const host = ctx.args.wk === undefined ? [...data(''), returnedLine('Cfm3UnWrapHostKey', 'SUCCESS')] : [];
  const done = secret ? [...data(''), ...success(`Wrapped Symmetric Key written to file "${ctx.args.out}"`)] : success(`PEM formatted private key is written to ${ctx.args.out}`);
  return [...data(''), returnedLine('Cfm3WrapKey', code), ...host, ...data(''), ...done];
}

/**
 * imSymKey and importPrivateKey: the host wraps the key with the KEK, the HSM unwraps it. A wrapping key
 * that does not exist fails at Cfm3UnWrapKey with 0xa8; Azure's troubleshooting page names "Key/Token not
 * found" or "Invalid key-handle/token" for that case without showing the tool's lines (unconfirmed).
 */
function importedLines(answer: AnswerOf<typeof importKey>, what: string, ctx: RenderContextOf<unknown>): Line[] {
  const made = partial(answer.outcomes);
  const code = made ? 'CLUSTER_OPERATION_INCOMPLETE' : overallCode(answer.outcomes);
  if (code !== 'SUCCESS' && !made) return [...failedLines('Cfm3UnWrapKey', answer.outcomes), ...data(''), ...clusterBlock(answer.outcomes)];
  const ber = answer.result?.berLength !== undefined ? data('', `BER encoded key length is ${answer.result.berLength}`) : [];
  return [
    ...ber,
    ...data(''),
    returnedLine('Cfm3WrapHostKey', 'SUCCESS'),
    ...data(''),
    returnedLine('Cfm3CreateUnwrapTemplate', 'SUCCESS'),
    ...data(''),
    returnedLine('Cfm3UnWrapKey', code),
    ...data(''),
    ...(made ? warning : success)(`${what}  Key Handle: ${answer.result?.handles[0]}`),
    ...attestationLines(ctx),
    ...data(''),
    ...clusterBlock(answer.outcomes),
  ];
}

export const importExportCommands = {
  createPublicKey: core({
    spec: specs.createPublicKey,
    operation: importPublicKey,
    input: (a) => ({ source: { modulus: a.m, exponent: a.e }, label: a.l, id: a.id ?? '', session: a.sess === true }),
    render: (answer, ctx) => keyMade(ctx.fn, answer.outcomes, success(`Public Key Created.  Key Handle: ${answer.result?.handles[0]}`)),
  }),

  importPubKey: core({
    spec: specs.importPubKey,
    operation: importPublicKey,
    input: (a, files) => ({ source: { pem: files.f }, label: a.l, id: a.id ?? '', session: a.sess === true }),
    render: (answer, ctx) => keyMade(ctx.fn, answer.outcomes, success(`Public Key Handle: ${answer.result?.handles[0]}`)),
  }),

  exportPubKey: core({
    spec: specs.exportPubKey,
    operation: exportPublicKey,
    input: (a) => ({ handle: a.k }),
    render: (answer, ctx) => {
      const code = overallCode(answer.outcomes);
      const key = firstAnswer(answer.outcomes);
      if (code !== 'SUCCESS' || !key) return failedLines(ctx.fn, answer.outcomes);
      const error = ctx.writeFile(ctx.args.out, publicKeyToPem(Buffer.from(key.spki)));
      return error ? writeFailed(error) : [...data(''), ...success(`PEM formatted public key is written to ${ctx.args.out}`), ...data(''), returnedLine(ctx.fn, code)];
    },
  }),

  importPrivateKey: core({
    spec: specs.importPrivateKey,
    operation: importKey,
    input: (a, files) => ({ unwrappingHandle: a.w, key: { pem: files.f }, options: keyOptions(a) }),
    render: (answer, ctx) => importedLines(answer, 'Private Key Unwrapped.', ctx),
  }),

  exportPrivateKey: core({
    spec: specs.exportPrivateKey,
    operation: exportKey,
    input: (a, files) => ({ handle: a.k, wrappingHandle: a.w, keyClass: 3, ...(files.wk ? { hostKey: files.wk } : {}) }),
    render: (answer, ctx) => exportedLines(answer, ctx, false),
  }),

  imSymKey: core({
    spec: specs.imSymKey,
    operation: importKey,
    input: (a, files) => ({ unwrappingHandle: a.w, key: { keyType: a.t, secret: files.f }, options: keyOptions(a) }),
    render: (answer, ctx) => importedLines(answer, 'Symmetric Key Unwrapped.', ctx),
  }),

  exSymKey: core({
    spec: specs.exSymKey,
    operation: exportKey,
    input: (a, files) => ({ handle: a.k, wrappingHandle: a.w, keyClass: 4, ...(files.wk ? { hostKey: files.wk } : {}) }),
    render: (answer, ctx) => exportedLines(answer, ctx, true),
  }),

  wrapKey: core({
    spec: specs.wrapKey,
    operation: wrapKey,
    input: (a, files) => ({
      handle: a.k,
      wrappingHandle: a.w,
      mechanism: a.m ?? 4,
      withHeader: a.noheader !== true,
      hashType: a.t,
      aad: files.aad,
      iv: a.i === undefined ? undefined : hexBytes(a.i),
      tagSize: a.tag_size,
    }),
    render: (answer, ctx) => {
      const code = overallCode(answer.outcomes);
      const w = answer.result;
      if (code !== 'SUCCESS' || !w) return failedLines(ctx.fn, answer.outcomes);
      const ivFile = ctx.args.iv_file;
      const error = ctx.writeFile(ctx.args.out, w.bytes) ?? (ivFile !== undefined && w.iv ? ctx.writeFile(ivFile, w.iv) : undefined);
      if (error) return writeFailed(error);
      return [...data(''), ...success('Key Wrapped.'), ...data(''), ...success(`Wrapped Key written to file "${ctx.args.out}" length ${w.length}`), ...data(''), returnedLine(ctx.fn, code)];
    },
  }),

  unWrapKey: core({
    spec: specs.unWrapKey,
    operation: unwrapKey,
    input: (a, files) => {
      const { label: _label, id: _id, ...traits } = keyOptions(a);
      return {
        wrapped: files.f,
        unwrappingHandle: a.w,
        noHeader: a.noheader === true,
        mechanism: a.m,
        keyClass: a.kc,
        keyType: a.kt,
        label: a.l,
        id: a.id,
        hashType: a.t,
        aad: files.aad,
        iv: a.i !== undefined ? hexBytes(a.i) : files.iv_file,
        tagSize: a.tag_size,
        traits,
      };
    },
    render: (answer, ctx) => {
      const handleLine = (spaces: string) => [...success(`Key Unwrapped.${spaces}Key Handle: ${answer.result?.handles[0]}`), ...attestationLines(ctx)];
      if (!ctx.args.noheader) return keyMade(ctx.fn, answer.outcomes, handleLine('  '));
      // Without a header the tool makes the template itself, then unwraps with it (AWS's unWrapKey page:
      // both lines, no blank between them, and one space after `Unwrapped.`).
      const code = overallCode(answer.outcomes);
      return [
        ...data(''),
        returnedLine('Cfm3CreateUnwrapTemplate2', 'SUCCESS'),
        returnedLine('Cfm2UnWrapWithTemplate3', code),
        ...(code === 'SUCCESS' ? [...data(''), ...handleLine(' ')] : reasonLines(reasonOf(answer.outcomes))),
        ...data(''),
        ...clusterBlock(answer.outcomes),
      ];
    },
  }),
};
