// Making key objects: the attributes a new key gets, the description of a key to make (a draft) from its
// material, and createKeys, which gives drafts their handles and owner and journals them (token keys)
// or hands them to the daemon (session keys).
import { checkSymmetricKeySize, CryptoInputError, describePublicKey, keyCheckValue, type KeyPairDer } from '../crypto/keys.ts';
import { eccCurves } from '../domain/curves.ts';
import { type ClusterState, FIRST_SESSION_KEY_HANDLE, type KeyAttributes, type KeyClass, type KeyObject, type Partition } from '../model.ts';
import { type Infer, s } from '../schema.ts';
import { cryptoUserOn, sharingRefusal } from './crypto-user.ts';
import { changeTargets, eachServer, type FanOut, fail, ok, refuse, succeeded } from './fan-out.ts';
import { attest, attestationSchema } from './attestation.ts';
import type { DecideContext, Decision, NodeOutcome, RefusalReason, Refused, Session } from './operation.ts';

/** Options every command that makes or brings in a key shares: -l -id -sess -nex -u -m_value -wrap_with_trusted. */
const keyTraits = {
  /** A session key (-sess): it lives in the daemon and dies with the application session. */
  session: s.boolean(),
  extractable: s.boolean(),
  wrapWithTrusted: s.boolean(),
  sharedWith: s.array(s.int()),
  mValue: s.int(),
  /** -attest: the HSM signs its answer with the partition key (the tool checks it). */
  attest: s.optional(s.boolean()),
};

/** The options without the label and ID (unWrapKey takes those from the key's header when not given). */
export const keyTraitsSchema = s.object(keyTraits);

export const keyOptionsSchema = s.object({ label: s.string(), id: s.string(), ...keyTraits });

export type KeyOptions = Infer<typeof keyOptionsSchema>;

/** The new keys' handles (public then private for a pair), and the signed answer when -attest asked for it. */
export const createdSchema = s.object({ handles: s.array(s.int()), attestation: s.optional(attestationSchema) });

export type Created = Infer<typeof createdSchema>;

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
  // WRAP/UNWRAP of a new DES3 key: AWS's pages show 0x00 (genSymKey) and 0x01 (getAttribute); ours is 1 (unconfirmed).
  return { ...base, ...sensitive, encrypt: true, decrypt: true, wrap: true, unwrap: true, sign: keyType === 16, verify: keyType === 16, derive: false };
}

/** A new key's description; the handle and owner are filled in by createKeys. */
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
  /** The owner a masked object carries (default: the crypto user making the key). */
  readonly owner?: number;
}

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
export function pairDrafts(pair: KeyPairDer, o: KeyOptions, local: boolean): [KeyDraft, KeyDraft] {
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

/** A public key brought in (importPubKey, createPublicKey): never LOCAL, always extractable. */
export function publicKeyDraft(spki: Buffer, o: Pick<KeyOptions, 'label' | 'id' | 'session'>): KeyDraft {
  const info = describePublicKey(spki);
  return {
    keyClass: 2,
    keyType: info.keyType,
    label: o.label,
    id: o.id,
    valueLen: info.keyType === 3 ? (info.fieldBytes ?? 0) : Math.ceil((info.modulusBits ?? 0) / 8),
    ...(info.modulusBits !== undefined ? { modulusBits: info.modulusBits } : {}),
    ...(info.curveId !== undefined ? { curveId: info.curveId } : {}),
    spki,
    kcv: keyCheckValue(info.keyType, { spki }),
    attrs: defaultAttributes(2, info.keyType, { token: !o.session, extractable: true, local: false, wrapWithTrusted: false }),
  };
}

/** Every server that said yes now reports the HSM's refusal of the input, with the reason. */
export function asRefused<N>(run: FanOut<N>, reason: RefusalReason): FanOut<N> {
  return { ...run, outcomes: run.outcomes.map((o): NodeOutcome<N> => (o.code === 'SUCCESS' ? { server: o.server, code: 'INVALID_INPUT', reason } : o)) };
}

/** Key handles in use on a node for a session: the partition's token keys and the session's own keys. */
export function handlesInUse(p: Partition, session: Session): number {
  let sessionKeys = 0;
  for (const _ in session.sessionKeys ?? {}) sessionKeys++;
  return p.keyCount + sessionKeys;
}

/** Whether a partition has room for `more` key handles under the cluster's capacity. */
export function hasRoomFor(state: ClusterState, p: Partition, session: Session, more: number): boolean {
  return handlesInUse(p, session) + more <= state.keyCapacity;
}

/** Every server that said yes but has no room for `more` handles now refuses: the partition is full. */
function refuseWhereFull<N>(run: FanOut<N>, state: ClusterState, ctx: DecideContext, more: number): FanOut<N> {
  const outcomes = run.outcomes.map((o) => {
    const p = state.nodes[o.server]?.partition;
    return o.code === 'SUCCESS' && p && !hasRoomFor(state, p, ctx.session, more) ? fail(o.server, 'KEY_CAPACITY_REACHED') : o;
  });
  return { ...run, outcomes };
}

/** Runs `make` and turns the HSM's refusal of the input (a CryptoInputError) into a reason. */
export function attempt<T>(make: () => T): { readonly value: T } | { readonly reason: RefusalReason } {
  try {
    return { value: make() };
  } catch (e) {
    if (!(e instanceof CryptoInputError)) throw e;
    return { reason: { kind: e.printed ? 'printed' : 'note', text: e.message } };
  }
}

/**
 * Makes keys for the logged-in crypto user. `draft` runs once (it may use material made in prepare),
 * after the servers confirmed the login; a CryptoInputError it throws becomes every server's refusal.
 * Token keys are journaled for every member (servers that are down get them when they come back);
 * session keys go back to the daemon. With `attest` the answer is signed by the partition's key.
 */
export function createKeys(
  state: ClusterState,
  ctx: DecideContext,
  traits: { readonly session: boolean; readonly sharedWith?: readonly number[]; readonly attest?: boolean },
  draft: (owner: number) => KeyDraft[],
  precheck?: (server: number, p: Partition, userId: number) => Refused | undefined,
): Decision<undefined, Created> {
  let owner: number | undefined;
  const asked = eachServer(state, ctx, (server, p): NodeOutcome<undefined> => {
    const userId = cryptoUserOn(ctx.session, server, p);
    if (typeof userId !== 'number') return fail(server, userId);
    const refused = sharingRefusal(server, p, userId, traits.sharedWith ?? []) ?? precheck?.(server, p, userId);
    if (refused) return refused;
    owner ??= userId;
    return ok(server);
  });
  if (owner === undefined) return { events: [], ...asked };
  const madeBy = owner;
  const drafted = attempt(() => draft(madeBy));
  if ('reason' in drafted) return { events: [], ...asRefused(asked, drafted.reason) };
  const drafts = drafted.value;
  const run = refuseWhereFull(asked, state, ctx, drafts.length);
  if (!succeeded(run)) return { events: [], ...run };
  const session = traits.session;
  const first = session ? firstSessionHandle(state, ctx) : state.nextKeyHandle;
  const handles = drafts.map((_, i) => first + i);
  const keys: KeyObject[] = drafts.map((d, i) => ({
    handle: first + i,
    keyClass: d.keyClass,
    keyType: d.keyType,
    label: d.label,
    id: d.id,
    owner: d.owner ?? madeBy,
    sharedWith: [...new Set(d.sharedWith ?? [])].sort((a, b) => a - b),
    attrs: d.attrs,
    valueLen: d.valueLen,
    ...(d.modulusBits !== undefined ? { modulusBits: d.modulusBits } : {}),
    ...(d.curveId !== undefined ? { curveId: d.curveId } : {}),
    ...(d.spki ? { spki: d.spki.toString('base64') } : {}),
    ...(d.secret ? { sealed: ctx.env.seal(d.secret) } : {}),
    kcv: d.kcv,
    // Pairs are made public-then-private: each half names the other.
    ...(drafts.length === 2 ? { pair: first + 1 - i } : {}),
    mValue: d.mValue ?? 0,
  }));
  const attestation = traits.attest ? attest(state, ctx, run, keys.map((k) => ({ handle: k.handle, keyClass: k.keyClass, keyType: k.keyType, kcv: k.kcv }))) : undefined;
  const result = { handles, ...(attestation ? { attestation } : {}) };
  if (session) return { events: [], ...run, result, sessionKeys: { add: keys } };
  const targets = changeTargets(state, ctx, run);
  return { events: [{ type: 'KeysCreated', keys, targets }], ...run, result };
}

/**
 * The handle the next session key gets: the daemon's counter, past any token key that kept its session
 * handle (setAttribute -a 1 keeps the handle), so a daemon started afresh never hands out a taken one.
 */
function firstSessionHandle(state: ClusterState, ctx: DecideContext): number {
  let next = ctx.session.nextSessionHandle ?? FIRST_SESSION_KEY_HANDLE;
  for (const node of state.nodes) {
    for (const handle of Object.keys(node.partition?.keys ?? {}).map(Number)) if (handle >= next) next = handle + 1;
  }
  return next;
}
