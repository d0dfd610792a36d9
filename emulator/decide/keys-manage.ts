// Deciders for looking at and managing keys in azcloudhsm_util: findKey, findSingleKey, deleteKey,
// getKeyInfo, getAttribute, setAttribute (session key to token key), exportPubKey, importPubKey,
// createPublicKey.
import { describePublicKey, keyCheckValue, rsaPublicKeyFromModulus } from '../crypto/keys.ts';
import { parsePublicKeyPem } from '../crypto/pem.ts';
import { canUse, type KeyObject, type Partition } from '../model.ts';
import { changeTargets, type CoreCommand, eachServer, fail, type Handler, ok, type Session } from './common.ts';
import { type AttributeValue, keyAttribute } from './key-attributes.ts';
import {
  argFlag,
  argIds,
  argInt,
  argText,
  createKeys,
  cryptoUserOn,
  defaultAttributes,
  inputFile,
  isSessionKey,
  keyRefusal,
  refuse,
  spkiOf,
  usableKey,
} from './key-access.ts';

/** Keys a user sees on a node: token keys they can use, then this session's keys. */
export function visibleKeys(p: Partition, session: Session, userId: number): KeyObject[] {
  const token = Object.values(p.keys).filter((k) => canUse(k, userId));
  return [...token, ...Object.values(session.sessionKeys ?? {})];
}

export interface FoundKeys {
  readonly total: number;
  readonly handles: readonly number[];
}

function matches(cmd: CoreCommand, k: KeyObject, session: Session): boolean {
  const c = argInt(cmd, 'c');
  const t = argInt(cmd, 't');
  const sess = argInt(cmd, 'sess');
  const kcv = cmd.args.kcv;
  const idx = cmd.args.idx;
  if (c !== undefined && k.keyClass !== c) return false;
  if (t !== undefined && k.keyType !== t) return false;
  if (cmd.args.l !== undefined && k.label !== argText(cmd, 'l')) return false;
  if (cmd.args.id !== undefined && k.id !== argText(cmd, 'id')) return false;
  if (typeof idx === 'string' && Buffer.from(k.id).toString('hex') !== idx.replace(/^0x/i, '').toLowerCase()) return false;
  if (sess !== undefined && (sess === 1) !== isSessionKey(session, k)) return false;
  if (typeof kcv === 'string' && k.kcv !== kcv.replace(/^0x/i, '').toLowerCase()) return false;
  const users = argIds(cmd, 'u');
  if (users.length > 0 && !users.every((u) => canUse(k, u))) return false;
  const modulusFile = cmd.files?.m;
  if (modulusFile) {
    if (k.keyType !== 0 || !k.spki) return false;
    const wanted = Buffer.from(modulusFile).toString('utf8').replace(/^Modulus=/i, '').replace(/\s+/g, '').toLowerCase().replace(/^0+/, '');
    const have = describePublicKey(spkiOf(k)).modulus!.toString('hex').replace(/^0+/, '');
    if (wanted !== have) return false;
  }
  return true;
}

export const findKey: Handler = (cmd, state, ctx) => {
  let found: FoundKeys | undefined;
  const run = eachServer<FoundKeys>(state, ctx, (server, p) => {
    const userId = cryptoUserOn(ctx.session, server, p);
    if (typeof userId !== 'number') return fail(server, userId);
    const visible = visibleKeys(p, ctx.session, userId);
    const result = { total: visible.length, handles: visible.filter((k) => matches(cmd, k, ctx.session)).map((k) => k.handle) };
    found ??= result;
    return ok(server, result);
  });
  return { events: [], ...run, ...(found ? { data: found } : {}) };
};

export const findSingleKey: Handler = (cmd, state, ctx) => {
  const handle = argInt(cmd, 'k')!;
  const run = eachServer(state, ctx, (server, p) => keyRefusal(server, usableKey(p, ctx.session, server, handle)) ?? ok(server));
  return { events: [], ...run };
};

export const deleteKey: Handler = (cmd, state, ctx) => {
  const handle = argInt(cmd, 'k')!;
  let sessionKey = false;
  const run = eachServer(state, ctx, (server, p) => {
    const check = usableKey(p, ctx.session, server, handle, true);
    if ('code' in check) return fail(server, check.code);
    if (!check.key.attrs.destroyable) return refuse(server, 'KEY_ACCESS_DENIED', 'the key is not destroyable');
    sessionKey = isSessionKey(ctx.session, check.key);
    return ok(server);
  });
  if (!run.outcomes.some((o) => o.code === 'SUCCESS')) return { events: [], ...run };
  if (sessionKey) return { events: [], ...run, sessionKeys: { remove: [handle] } };
  return { events: [{ type: 'KeyDeleted', handle, targets: changeTargets(state, ctx, run) }], ...run };
};

export interface KeyInfo {
  readonly token: boolean;
  readonly owner: number;
  readonly sharedWith: readonly number[];
  readonly mValue: number;
}

export function keyInfo(k: KeyObject, session: Session): KeyInfo {
  // Only the owner is shown for public keys.
  return { token: !isSessionKey(session, k), owner: k.owner, sharedWith: k.keyClass === 2 ? [] : k.sharedWith, mValue: k.mValue };
}

export const getKeyInfo: Handler = (cmd, state, ctx) => {
  const handle = argInt(cmd, 'k') ?? argInt(cmd, 'keyHandle')!;
  const run = eachServer<KeyInfo>(state, ctx, (server, p) => {
    const check = usableKey(p, ctx.session, server, handle);
    return 'code' in check ? fail(server, check.code) : ok(server, keyInfo(check.key, ctx.session));
  });
  return { events: [], ...run, data: run.outcomes.find((o) => o.code === 'SUCCESS')?.data };
};

export const getAttribute: Handler = (cmd, state, ctx) => {
  const handle = argInt(cmd, 'o') ?? argInt(cmd, 'keyHandle')!;
  const code = argInt(cmd, 'a') ?? argInt(cmd, 'attributeId')!;
  const run = eachServer<AttributeValue[]>(state, ctx, (server, p) => {
    const check = usableKey(p, ctx.session, server, handle);
    if ('code' in check) return fail(server, check.code);
    const values = keyAttribute(check.key, code);
    return values ? ok(server, values) : refuse(server, 'INVALID_INPUT', 'the key has no such attribute');
  });
  return { events: [], ...run, data: run.outcomes.find((o) => o.code === 'SUCCESS')?.data };
};

/** azcloudhsm_util setAttribute: the only attribute it changes is OBJ_ATTR_TOKEN, making a session key a token key. */
export const setAttributeUtil: Handler = (cmd, state, ctx) => {
  const handle = argInt(cmd, 'o')!;
  const attribute = argInt(cmd, 'a')!;
  const value = argInt(cmd, 'value');
  let promote: KeyObject | undefined;
  const run = eachServer(state, ctx, (server, p) => {
    const check = usableKey(p, ctx.session, server, handle, true);
    if ('code' in check) return fail(server, check.code);
    if (attribute !== 1) return fail(server, 'ATTRIBUTE_NOT_SETTABLE');
    if (value === 1 && isSessionKey(ctx.session, check.key)) promote = check.key;
    else if (value === 0 && !isSessionKey(ctx.session, check.key)) return refuse(server, 'ATTRIBUTE_NOT_SETTABLE', 'a token key cannot become a session key');
    return ok(server);
  });
  if (!promote) return { events: [], ...run };
  const handleNow = state.nextKeyHandle;
  const token: KeyObject = { ...promote, handle: handleNow, attrs: { ...promote.attrs, token: true } };
  return {
    events: [{ type: 'KeysCreated', keys: [token], targets: changeTargets(state, ctx, run) }],
    ...run,
    data: { handle: handleNow },
    sessionKeys: { remove: [promote.handle] },
  };
};

export const exportPubKey: Handler = (cmd, state, ctx) => {
  const handle = argInt(cmd, 'k')!;
  const run = eachServer<{ spki: string }>(state, ctx, (server, p) => {
    const check = usableKey(p, ctx.session, server, handle);
    if ('code' in check) return fail(server, check.code);
    if (check.key.keyClass === 4 || !check.key.spki) return refuse(server, 'INVALID_INPUT', `Invalid Key Type: 0x${check.key.keyClass.toString(16).padStart(2, '0')}`);
    return ok(server, { spki: check.key.spki });
  });
  return { events: [], ...run, data: run.outcomes.find((o) => o.code === 'SUCCESS')?.data };
};

function publicKeyDraft(spki: Buffer, cmd: CoreCommand) {
  const info = describePublicKey(spki);
  const session = argFlag(cmd, 'sess');
  return {
    keyClass: 2 as const,
    keyType: info.keyType,
    label: argText(cmd, 'l'),
    id: argText(cmd, 'id'),
    valueLen: info.keyType === 3 ? (info.fieldBytes ?? 0) : Math.ceil((info.modulusBits ?? 0) / 8),
    ...(info.modulusBits !== undefined ? { modulusBits: info.modulusBits } : {}),
    ...(info.curveId !== undefined ? { curveId: info.curveId } : {}),
    spki,
    kcv: keyCheckValue(info.keyType, { spki }),
    attrs: defaultAttributes(2, info.keyType, { token: !session, extractable: true, local: false, wrapWithTrusted: false }),
  };
}

export const importPubKey: Handler = (cmd, state, ctx) =>
  createKeys(state, cmd, ctx, argFlag(cmd, 'sess'), () => [publicKeyDraft(parsePublicKeyPem(inputFile(cmd, 'f')).spki, cmd)]);

export const createPublicKey: Handler = (cmd, state, ctx) =>
  createKeys(state, cmd, ctx, argFlag(cmd, 'sess'), () => [publicKeyDraft(rsaPublicKeyFromModulus(argText(cmd, 'm'), argInt(cmd, 'e')!), cmd)]);
