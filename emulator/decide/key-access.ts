// Shared by the key deciders: who the crypto user is on a node, which keys they can see, making new
// key objects (token keys journaled, session keys kept by the daemon), and the key's secret material.
import { checkSymmetricKeySize, CryptoInputError, describePublicKey, keyCheckValue, type KeyPairDer } from '../crypto/keys.ts';
import { eccCurves } from '../domain/curves.ts';
import type { Env } from '../crypto/env.ts';
import type { ReturnCodeName } from '../domain/return-codes.ts';
import {
  canUse,
  type ClusterState,
  FIRST_SESSION_KEY_HANDLE,
  findUser,
  type KeyAttributes,
  type KeyClass,
  type KeyObject,
  type Partition,
} from '../model.ts';
import {
  changeTargets,
  type CoreCommand,
  type DecideContext,
  type Decision,
  eachServer,
  fail,
  type FanOut,
  loginOn,
  type NodeOutcome,
  ok,
  type Session,
} from './common.ts';

/** The logged-in crypto user's id on this node, or the HSM's refusal. */
export function cryptoUserOn(session: Session, server: number, p: Partition): number | ReturnCodeName {
  const login = loginOn(session, server);
  if (!login) return 'NOT_LOGGED_IN';
  if (login.type !== 'CU') return 'NOT_AUTHORIZED';
  const user = findUser(p, login.name);
  return user ? user.id : 'USER_DOES_NOT_EXIST';
}

/** A token key of this node or a session key of this session. */
export function lookupKey(p: Partition, session: Session, handle: number): KeyObject | undefined {
  return p.keys[handle] ?? session.sessionKeys?.[handle];
}

export function isSessionKey(session: Session, key: KeyObject): boolean {
  return session.sessionKeys?.[key.handle] === key;
}

export type KeyCheck = { readonly key: KeyObject; readonly userId: number } | { readonly code: ReturnCodeName };

/** A key the crypto user may use; `owner` demands ownership (delete, export, share, wrap). */
export function usableKey(p: Partition, session: Session, server: number, handle: number, owner = false): KeyCheck {
  const userId = cryptoUserOn(session, server, p);
  if (typeof userId !== 'number') return { code: userId };
  const key = lookupKey(p, session, handle);
  if (!key || !canUse(key, userId)) return { code: 'INVALID_HANDLE' };
  if (owner && key.owner !== userId) return { code: 'KEY_ACCESS_DENIED' };
  return { key, userId };
}

export function keyRefusal(server: number, check: KeyCheck): NodeOutcome | undefined {
  return 'code' in check ? fail(server, check.code) : undefined;
}

/** A refusal with the reason the HSM gives in words (bad size, wrong key type, ...). */
export function refuse<N>(server: number, code: ReturnCodeName, reason: string): NodeOutcome<N> {
  return { server, code, data: { reason } as N };
}

export function unsealSecret(env: Pick<Env, 'unseal'>, key: KeyObject): Buffer {
  if (!key.sealed) throw new CryptoInputError(`key ${key.handle} has no secret material`);
  return env.unseal(key.sealed);
}

export function spkiOf(key: KeyObject): Buffer {
  if (!key.spki) throw new CryptoInputError(`key ${key.handle} is not an asymmetric key`);
  return Buffer.from(key.spki, 'base64');
}

export const isAes = (k: KeyObject): boolean => k.keyType === 31;

/** Default attributes of each class, as the HSM's attribute dumps show them. */
export function defaultAttributes(keyClass: KeyClass, keyType: number, o: { token: boolean; extractable: boolean; local: boolean; wrapWithTrusted: boolean }): KeyAttributes {
  const base = { token: o.token, private: true, local: o.local, trusted: false, destroyable: true };
  if (keyClass === 2) {
    return { ...base, sensitive: false, encrypt: true, decrypt: false, wrap: true, unwrap: false, sign: false, verify: true, derive: false, extractable: true, neverExtractable: false, alwaysSensitive: false, wrapWithTrusted: false };
  }
  const sensitive = { sensitive: true, extractable: o.extractable, neverExtractable: o.local && !o.extractable, alwaysSensitive: o.local, wrapWithTrusted: o.wrapWithTrusted };
  if (keyClass === 3) {
    return { ...base, ...sensitive, encrypt: false, decrypt: keyType === 0, wrap: false, unwrap: keyType === 0, sign: true, verify: false, derive: keyType === 3 };
  }
  return { ...base, ...sensitive, encrypt: true, decrypt: true, wrap: true, unwrap: true, sign: keyType === 16, verify: keyType === 16, derive: false };
}

/** Options every command that makes or brings in a key shares: -l -id -sess -nex -u -m_value and
 *  -wrap_with_trusted (Azure's default is 1). */
export function keyOptions(cmd: CoreCommand) {
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

export type KeyOptions = ReturnType<typeof keyOptions>;

/** A secret key; `local` when the HSM made it, not when it came in. */
export function secretDraft(keyType: number, secret: Buffer, o: KeyOptions, local: boolean): KeyDraft {
  checkSymmetricKeySize(keyType, secret.length);
  return {
    keyClass: 4,
    keyType,
    label: o.label,
    id: o.id,
    valueLen: secret.length,
    secret,
    kcv: keyCheckValue(keyType, { secret }),
    attrs: defaultAttributes(4, keyType, { token: !o.session, extractable: o.extractable, local, wrapWithTrusted: o.wrapWithTrusted }),
    sharedWith: o.sharedWith,
    mValue: o.mValue,
  };
}

/** The public and private halves of a generated or imported pair. */
export function pairDrafts(pair: KeyPairDer, o: KeyOptions, local: boolean): KeyDraft[] {
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

/** A new key's description; the handle, owner and attributes are filled in by createKeys. */
export interface KeyDraft {
  readonly keyClass: KeyClass;
  readonly keyType: number;
  readonly label: string;
  readonly id: string;
  readonly valueLen: number;
  readonly modulusBits?: number;
  readonly curveId?: number;
  readonly spki?: Buffer;
  /** PKCS#8 DER or raw secret: sealed under the master key before it goes anywhere. */
  readonly secret?: Buffer;
  readonly kcv: string;
  readonly attrs: KeyAttributes;
  readonly sharedWith?: readonly number[];
  readonly mValue?: number;
}

export interface Created {
  readonly handles: readonly number[];
}

/**
 * Makes keys for the logged-in crypto user. `draft` runs once (key generation, imports), after the
 * servers confirmed the login; a CryptoInputError it throws becomes every server's refusal. Token keys
 * are journaled for every member (servers that are down get them when they come back); session keys
 * go back to the daemon.
 */
export function createKeys(
  state: ClusterState,
  cmd: CoreCommand,
  ctx: DecideContext,
  session: boolean,
  draft: (owner: number) => KeyDraft[],
  precheck?: (server: number, p: Partition, userId: number) => NodeOutcome | undefined,
): Decision<Created> {
  let owner: number | undefined;
  const run = eachServer(state, ctx, (server, p) => {
    const userId = cryptoUserOn(ctx.session, server, p);
    if (typeof userId !== 'number') return fail(server, userId);
    const refused = precheck?.(server, p, userId);
    if (refused) return refused;
    owner ??= userId;
    return ok(server);
  });
  if (owner === undefined) return { events: [], ...run };
  let drafts: KeyDraft[];
  try {
    drafts = draft(owner);
  } catch (e) {
    if (!(e instanceof CryptoInputError)) throw e;
    return { events: [], ...asRefused(run, e.message) };
  }
  const first = session ? (ctx.session.nextSessionHandle ?? FIRST_SESSION_KEY_HANDLE) : state.nextKeyHandle;
  const handles = drafts.map((_, i) => first + i);
  const keys: KeyObject[] = drafts.map((d, i) => ({
    handle: handles[i]!,
    keyClass: d.keyClass,
    keyType: d.keyType,
    label: d.label,
    id: d.id,
    owner: owner!,
    sharedWith: [...(d.sharedWith ?? [])],
    attrs: d.attrs,
    valueLen: d.valueLen,
    ...(d.modulusBits !== undefined ? { modulusBits: d.modulusBits } : {}),
    ...(d.curveId !== undefined ? { curveId: d.curveId } : {}),
    ...(d.spki ? { spki: d.spki.toString('base64') } : {}),
    ...(d.secret ? { sealed: ctx.env.seal(d.secret) } : {}),
    kcv: d.kcv,
    // Pairs are made public-then-private: each half names the other.
    ...(drafts.length === 2 ? { pair: handles[1 - i]! } : {}),
    mValue: d.mValue ?? 0,
  }));
  const data = { handles };
  if (session) return { events: [], ...run, data, sessionKeys: { add: keys } };
  const targets = changeTargets(state, ctx, run);
  return { events: [{ type: 'KeysCreated', keys, targets }], ...run, data };
}

/** Every server that said yes now reports the HSM's refusal of the input, with the reason. */
export function asRefused<N>(run: FanOut<N>, reason: string): FanOut<N> {
  return { ...run, outcomes: run.outcomes.map((o) => (o.code === 'SUCCESS' ? refuse<N>(o.server, 'INVALID_INPUT', reason) : o)) };
}

export function argText(cmd: CoreCommand, name: string, fallback = ''): string {
  const v = cmd.args[name];
  return v === undefined ? fallback : String(v);
}

export function argInt(cmd: CoreCommand, name: string): number | undefined {
  const v = cmd.args[name];
  return typeof v === 'number' ? v : undefined;
}

export function argFlag(cmd: CoreCommand, name: string): boolean {
  return cmd.args[name] === true;
}

export function argIds(cmd: CoreCommand, name: string): number[] {
  const v = cmd.args[name];
  return Array.isArray(v) ? [...(v as readonly number[])] : [];
}

export function inputFile(cmd: CoreCommand, name: string): Buffer {
  const f = cmd.files?.[name];
  if (!f) throw new CryptoInputError(`no file given for -${name}`);
  return Buffer.from(f);
}
