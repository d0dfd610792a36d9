// Deciders for making keys in azcloudhsm_util: genSymKey, genRSAKeyPair, genECCKeyPair, genDSAKeyPair.
// Generation draws its randomness here, in decide, through the Env; the key travels (sealed) inside the event.
import { generateSymmetricKey } from '../crypto/keys.ts';
import type { Handler } from './common.ts';
import { argInt, createKeys, keyOptions, pairDrafts, secretDraft } from './key-access.ts';

export const genSymKey: Handler = (cmd, state, ctx) => {
  const o = keyOptions(cmd);
  const keyType = argInt(cmd, 't')!;
  return createKeys(state, cmd, ctx, o.session, () => [secretDraft(keyType, generateSymmetricKey(keyType, argInt(cmd, 's')!, ctx.env.randomBytes), o, true)]);
};

export const genRSAKeyPair: Handler = (cmd, state, ctx) => {
  const o = keyOptions(cmd);
  return createKeys(state, cmd, ctx, o.session, () => pairDrafts(ctx.env.generateKeyPair({ type: 'rsa', modulusBits: argInt(cmd, 'm')!, publicExponent: argInt(cmd, 'e')! }), o, true));
};

export const genECCKeyPair: Handler = (cmd, state, ctx) => {
  const o = keyOptions(cmd);
  return createKeys(state, cmd, ctx, o.session, () => pairDrafts(ctx.env.generateKeyPair({ type: 'ec', curveId: argInt(cmd, 'i')! }), o, true));
};

export const genDSAKeyPair: Handler = (cmd, state, ctx) => {
  const o = keyOptions(cmd);
  return createKeys(state, cmd, ctx, o.session, () => pairDrafts(ctx.env.generateKeyPair({ type: 'dsa', modulusBits: argInt(cmd, 'm')! }), o, true));
};
