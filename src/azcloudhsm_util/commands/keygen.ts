// The registry entries of the Key Generation Commands (grammar/azcloudhsm_util/keygen.ts). The three key
// pair commands run one core operation, generateKeyPair, each with its own kind of key.
import { generateKeyPair, generateSymmetricKey } from '../../../emulator/operations/key-generation.ts';
import type { AnswerOf } from '../../../emulator/operations/operation.ts';
import * as specs from '../../../grammar/azcloudhsm_util/keygen.ts';
import { type Line, success } from '../../output.ts';
import { core, type RenderContextOf } from '../command.ts';
import { keyOptions } from '../flags.ts';
import { attestationLines, keyMade } from '../render.ts';

function pairLines(answer: AnswerOf<typeof generateKeyPair>, ctx: RenderContextOf<unknown>): Line[] {
  const [pub, priv] = answer.result?.handles ?? [];
  return keyMade(ctx.fn, answer.outcomes, [...success(`Cfm3GenerateKeyPair:    public key handle: ${pub}    private key handle: ${priv}`), ...attestationLines(ctx)]);
}

export const keygenCommands = {
  genRSAKeyPair: core({
    spec: specs.genRSAKeyPair,
    operation: generateKeyPair,
    input: (a) => ({ request: { type: 'rsa', modulusBits: a.m, publicExponent: a.e }, options: keyOptions(a) }),
    render: pairLines,
  }),

  genDSAKeyPair: core({
    spec: specs.genDSAKeyPair,
    operation: generateKeyPair,
    input: (a) => ({ request: { type: 'dsa', modulusBits: a.m }, options: keyOptions(a) }),
    render: pairLines,
  }),

  genECCKeyPair: core({
    spec: specs.genECCKeyPair,
    operation: generateKeyPair,
    input: (a) => ({ request: { type: 'ec', curveId: a.i }, options: keyOptions(a) }),
    render: pairLines,
  }),

  genSymKey: core({
    spec: specs.genSymKey,
    operation: generateSymmetricKey,
    input: (a) => ({ keyType: a.t, size: a.s, options: keyOptions(a) }),
    render: (answer, ctx) => keyMade(ctx.fn, answer.outcomes, [...success(`Symmetric Key Created.  Key Handle: ${answer.result?.handles[0]}`), ...attestationLines(ctx)]),
  }),
};
