// Deciders for making keys in azcloudhsm_util: genSymKey, genRSAKeyPair, genECCKeyPair, genDSAKeyPair.
// Generation draws its randomness here, in decide; the key travels (sealed) inside the event.
import { eccCurves } from '../../grammar/tables.ts';
import {
  describePublicKey,
  generateDsaKeyPair,
  generateEcKeyPair,
  generateRsaKeyPair,
  generateSymmetricKey,
  keyCheckValue,
  type KeyPairDer,
} from '../crypto/keys.ts';
import type { KeyClass } from '../model.ts';
import type { Handler } from './common.ts';
import { argFlag, argIds, argInt, argText, createKeys, defaultAttributes, type KeyDraft } from './key-access.ts';

/** Options every generator shares: -l -id -sess -nex -u -m_value -wrap_with_trusted (Azure default 1). */
function common(cmd: Parameters<Handler>[0]) {
  return {
    label: argText(cmd, 'l'),
    id: argText(cmd, 'id'),
    session: argFlag(cmd, 'sess'),
    extractable: !argFlag(cmd, 'nex'),
    wrapWithTrusted: (argInt(cmd, 'wrap_with_trusted') ?? 1) === 1,
    sharedWith: argIds(cmd, 'u'),
    mValue: argInt(cmd, 'm_value') ?? 0,
  };
}

export const genSymKey: Handler = (cmd, state, ctx) => {
  const o = common(cmd);
  const keyType = argInt(cmd, 't')!;
  const size = argInt(cmd, 's')!;
  return createKeys(state, cmd, ctx, o.session, () => {
    const secret = generateSymmetricKey(keyType, size);
    return [
      {
        keyClass: 4,
        keyType,
        label: o.label,
        id: o.id,
        valueLen: secret.length,
        secret,
        kcv: keyCheckValue(keyType, { secret }),
        attrs: defaultAttributes(4, keyType, { token: !o.session, extractable: o.extractable, local: true, wrapWithTrusted: o.wrapWithTrusted }),
        sharedWith: o.sharedWith,
        mValue: o.mValue,
      },
    ];
  });
};

/** The public and private drafts of a generated or imported pair. */
export function pairDrafts(pair: KeyPairDer, o: ReturnType<typeof common>, local: boolean): KeyDraft[] {
  const info = describePublicKey(pair.spki);
  const shape = {
    keyType: info.keyType,
    label: o.label,
    id: o.id,
    valueLen: info.keyType === 3 ? (info.fieldBytes ?? 0) : Math.ceil((info.modulusBits ?? 0) / 8),
    // The HSM keeps an EC key's curve as its OpenSSL NID in OBJ_ATTR_MODULUS_BITS.
    modulusBits: info.keyType === 3 ? eccCurves.entries.find((c) => c.code === info.curveId)?.nid : info.modulusBits,
    ...(info.curveId !== undefined ? { curveId: info.curveId } : {}),
    spki: pair.spki,
    kcv: keyCheckValue(info.keyType, { spki: pair.spki }),
  };
  // X25519 and X448 keys agree on secrets; they do not sign.
  const agreementOnly = info.curveId === 26 || info.curveId === 27;
  const attrs = (keyClass: KeyClass) => {
    const a = defaultAttributes(keyClass, info.keyType, { token: !o.session, extractable: o.extractable, local, wrapWithTrusted: o.wrapWithTrusted });
    return agreementOnly ? { ...a, sign: false, verify: false, derive: keyClass === 3 } : a;
  };
  return [
    { ...shape, keyClass: 2, attrs: attrs(2) },
    { ...shape, keyClass: 3, secret: pair.pkcs8, attrs: attrs(3), sharedWith: o.sharedWith, mValue: o.mValue },
  ];
}

export const genRSAKeyPair: Handler = (cmd, state, ctx) => {
  const o = common(cmd);
  return createKeys(state, cmd, ctx, o.session, () => pairDrafts(generateRsaKeyPair(argInt(cmd, 'm')!, argInt(cmd, 'e')!), o, true));
};

export const genECCKeyPair: Handler = (cmd, state, ctx) => {
  const o = common(cmd);
  const curveId = argInt(cmd, 'i')!;
  return createKeys(state, cmd, ctx, o.session, () => pairDrafts(generateEcKeyPair(curveId), o, true));
};

export const genDSAKeyPair: Handler = (cmd, state, ctx) => {
  const o = common(cmd);
  return createKeys(state, cmd, ctx, o.session, () => pairDrafts(generateDsaKeyPair(argInt(cmd, 'm')!), o, true));
};
