// Deciders for making keys in azcloudhsm_util: genSymKey, genRSAKeyPair, genECCKeyPair, genDSAKeyPair.
// Generation draws its randomness here, in decide; the key travels (sealed) inside the event.
import { generateDsaKeyPair, generateEcKeyPair, generateRsaKeyPair, generateSymmetricKey } from '../crypto/keys.ts';
import type { Handler } from './common.ts';
import { argInt, createKeys, keyOptions, pairDrafts, secretDraft } from './key-access.ts';

export const genSymKey: Handler = (cmd, state, ctx) => {
  const o = keyOptions(cmd);
  const keyType = argInt(cmd, 't')!;
  return createKeys(state, cmd, ctx, o.session, () => [secretDraft(keyType, generateSymmetricKey(keyType, argInt(cmd, 's')!), o, true)]);
};

export const genRSAKeyPair: Handler = (cmd, state, ctx) => {
  const o = keyOptions(cmd);
  return createKeys(state, cmd, ctx, o.session, () => pairDrafts(generateRsaKeyPair(argInt(cmd, 'm')!, argInt(cmd, 'e')!), o, true));
};

export const genECCKeyPair: Handler = (cmd, state, ctx) => {
  const o = keyOptions(cmd);
  return createKeys(state, cmd, ctx, o.session, () => pairDrafts(generateEcKeyPair(argInt(cmd, 'i')!), o, true));
};

export const genDSAKeyPair: Handler = (cmd, state, ctx) => {
  const o = keyOptions(cmd);
  return createKeys(state, cmd, ctx, o.session, () => pairDrafts(generateDsaKeyPair(argInt(cmd, 'm')!), o, true));
};
