// The registry entries of the Helper Commands (grammar/azcloudhsm_util/helpers.ts): return codes, fake PEM
// files and the code lists.
import { attributes } from '../../../emulator/domain/attributes.ts';
import { eccCurves } from '../../../emulator/domain/curves.ts';
import { returnCodeByValue } from '../../../emulator/domain/return-codes.ts';
import { checkKeyHandleFile, makeFakePrivateKeyPem } from '../../../emulator/operations/key-crypto.ts';
import * as specs from '../../../grammar/azcloudhsm_util/helpers.ts';
import { data, failure, success } from '../../output.ts';
import { core, local } from '../command.ts';
import { failedLines, overallCode, reasonLines, reasonOf, returnedLine } from '../render.ts';

/** The key_mgmt_util list: the short one of getAttribute's -a values, plus DERIVE (newer builds). */
const LISTED_ATTRIBUTES = new Set([
  'OBJ_ATTR_CLASS', 'OBJ_ATTR_TOKEN', 'OBJ_ATTR_PRIVATE', 'OBJ_ATTR_LABEL', 'OBJ_ATTR_TRUSTED', 'OBJ_ATTR_KEY_TYPE', 'OBJ_ATTR_ID',
  'OBJ_ATTR_SENSITIVE', 'OBJ_ATTR_ENCRYPT', 'OBJ_ATTR_DECRYPT', 'OBJ_ATTR_WRAP', 'OBJ_ATTR_UNWRAP', 'OBJ_ATTR_SIGN', 'OBJ_ATTR_VERIFY',
  'OBJ_ATTR_DERIVE', 'OBJ_ATTR_LOCAL', 'OBJ_ATTR_MODULUS', 'OBJ_ATTR_MODULUS_BITS', 'OBJ_ATTR_PUBLIC_EXPONENT', 'OBJ_ATTR_VALUE_LEN',
  'OBJ_ATTR_EXTRACTABLE', 'OBJ_ATTR_NEVER_EXTRACTABLE', 'OBJ_ATTR_ALWAYS_SENSITIVE', 'OBJ_ATTR_DESTROYABLE', 'OBJ_ATTR_KCV',
  'OBJ_ATTR_WRAP_WITH_TRUSTED',
]);

/** A code list as the real tool prints it: a description, then `NAME = code` rows. */
function codeList(description: string, rows: readonly { readonly name: string; readonly code: number }[]): string[] {
  return ['', 'Description', '===========', description, '', ...rows.map((r) => `      ${r.name.padEnd(32)}= ${r.code}`), ''];
}

/** -r as hex (0xdb), octal (0333) or decimal (219). */
function responseCode(raw: string): number {
  if (/^0x[0-9a-f]+$/i.test(raw)) return parseInt(raw, 16);
  if (/^0[0-7]+$/.test(raw)) return parseInt(raw, 8);
  return /^\d+$/.test(raw) ? parseInt(raw, 10) : 0;
}

export const helperCommands = {
  Error2String: local(specs.Error2String, (args, tool) => {
    const code = responseCode(args.r);
    const known = returnCodeByValue(code);
    tool.out.print(data('', `\tError Code ${code.toString(16)} maps to ${known ? known.text : 'HSM Error: Unknown error code'}`));
  }),

  getCaviumPrivKey: core({
    spec: specs.getCaviumPrivKey,
    operation: makeFakePrivateKeyPem,
    input: (a) => ({ handle: a.k }),
    render: (answer, ctx) => {
      const code = overallCode(answer.outcomes);
      if (code !== 'SUCCESS' || !answer.result) {
        // The vendor source: the reason (`Input key handle should be RSA/ECDSA private key handle`) and
        // then, at its error label, `Error in writing private key file`.
        const reason = reasonOf(answer.outcomes);
        const why = reason?.kind === 'printed' ? [...data(''), ...failure(reason.text)] : [...data(''), returnedLine(ctx.fn, code), ...reasonLines(reason)];
        return [...why, ...data(''), ...failure('Error in writing private key file')];
      }
      const error = ctx.writeFile(ctx.args.out, answer.result.pem);
      if (error) return [...data(''), ...failure('Error in writing private key file')];
      return [...data(''), ...success(`Private Key Handle is written to ${ctx.args.out} in fake PEM format`), ...data(''), returnedLine(ctx.fn, code, '\t')];
    },
  }),

  IsValidKeyHandlefile: core({
    spec: specs.IsValidKeyHandlefile,
    operation: checkKeyHandleFile,
    input: (_a, files) => ({ file: files.f }),
    render: (answer, ctx) => {
      const checked = answer.result;
      if (overallCode(answer.outcomes) !== 'SUCCESS' || !checked) return failedLines('Cfm3FindKey', answer.outcomes);
      switch (checked.kind) {
        case 'real':
          return data('', '\tInput key file has real private key');
        case 'invalid':
          ctx.countFailure();
          return [...data(''), ...failure(`: \terror in Reading private key file ${ctx.args.f}`)];
        case 'handle':
          return checked.known ? data('', `\tInput file has key handle: ${checked.handle}`) : [...data(''), ...failure(`\tInput file has invalid key handle: ${checked.handle}`)];
      }
    },
  }),

  listAttributes: local(specs.listAttributes, (_args, tool) =>
    tool.out.print(data(...codeList('The following are all of the possible attribute values for getAttributes.', attributes.entries.filter((a) => LISTED_ATTRIBUTES.has(a.name))))),
  ),

  listECCCurveIds: local(specs.listECCCurveIds, (_args, tool) => tool.out.print(data(...codeList('The following are HSM supported ECC CurveIds', eccCurves.entries)))),
};
