// Moving keys in and out of the HSM: wrapKey, unWrapKey, the plaintext exports (exSymKey,
// exportPrivateKey) and the imports (imSymKey, importPrivateKey). The rules that matter: only the owner
// exports; a key must be extractable; a key with WRAP_WITH_TRUSTED (Azure's default) leaves only under a
// trusted wrapping key; imports go through the user KEK, which must be extractable and trusted.
import { CryptoInputError, publicFromPrivate } from '../crypto/keys.ts';
import { parsePrivateKeyPem } from '../crypto/pem.ts';
import { unwrapWithMechanism, type WrapOptions, wrapWithMechanism } from '../crypto/wrap.ts';
import { hasHeader, readHeader, withHeader, type WrapTemplate } from '../crypto/wrapped-file.ts';
import type { KeyObject, Partition } from '../model.ts';
import { s } from '../schema.ts';
import { isAesSecret, spkiOf, unsealSecret, usableKey } from './crypto-user.ts';
import { type FanOut, eachServer, fail, ok, refuse, succeeded } from './fan-out.ts';
import { asRefused, attempt, createdSchema, createKeys, type KeyDraft, type KeyOptions, keyOptionsSchema, keyTraitsSchema, pairDrafts, secretDraft } from './key-objects.ts';
import { type DecideContext, defineOperation, type NodeOutcome, type Refused } from './operation.ts';

const AES_MECHANISMS = [4, 5, 6, 10, 11];
const RSA_MECHANISMS = [7, 8];

/** Can `wrapping` carry `target` out with this mechanism? Undefined when it can. */
function wrapRefusal(server: number, wrapping: KeyObject, target: KeyObject, mechanism: number): Refused | undefined {
  if (target.keyClass === 2) return refuse(server, 'INVALID_INPUT', 'public keys are exported with exportPubKey, not wrapped');
  if (!target.attrs.extractable) return fail(server, 'KEY_NOT_EXTRACTABLE');
  if (AES_MECHANISMS.includes(mechanism) && !isAesSecret(wrapping)) return refuse(server, 'MECHANISM_MISMATCH', `mechanism ${mechanism} wraps with an AES key`);
  if (RSA_MECHANISMS.includes(mechanism) && !(wrapping.keyType === 0 && wrapping.keyClass === 2)) {
    return refuse(server, 'MECHANISM_MISMATCH', `mechanism ${mechanism} wraps with an RSA public key`);
  }
  if (!wrapping.attrs.wrap) return refuse(server, 'KEY_USAGE_DENIED', 'the wrapping key does not have OBJ_ATTR_WRAP');
  if (target.attrs.wrapWithTrusted && !wrapping.attrs.trusted) return fail(server, 'WRAP_KEY_NOT_TRUSTED');
  return undefined;
}

function wrappingMaterial(ctx: DecideContext, k: KeyObject): { secret?: Buffer; spki?: Buffer } {
  return k.keyClass === 4 ? { secret: unsealSecret(ctx.env, k) } : { spki: spkiOf(k) };
}

function unwrappingMaterial(ctx: DecideContext, k: KeyObject): { secret?: Buffer; pkcs8?: Buffer } {
  return k.keyClass === 4 ? { secret: unsealSecret(ctx.env, k) } : { pkcs8: unsealSecret(ctx.env, k) };
}

/** The target key and the wrapping key of a wrap, checked on each server; the first pair found is used. */
function checkWrap(state: Parameters<typeof eachServer>[0], ctx: DecideContext, handle: number, wrappingHandle: number, mechanism: number, expect?: 3 | 4) {
  let pair: { target: KeyObject; wrapping: KeyObject } | undefined;
  const run = eachServer(state, ctx, (server, p): NodeOutcome<undefined> => {
    const target = usableKey(p, ctx.session, server, handle, true);
    if ('refused' in target) return target.refused;
    if (expect !== undefined && target.key.keyClass !== expect) {
      return refuse(server, 'INVALID_INPUT', `${target.key.handle} is not a ${expect === 4 ? 'symmetric' : 'private'} key`);
    }
    const wrapping = usableKey(p, ctx.session, server, wrappingHandle);
    if ('refused' in wrapping) return wrapping.refused;
    const refused = wrapRefusal(server, wrapping.key, target.key, mechanism);
    if (refused) return refused;
    pair ??= { target: target.key, wrapping: wrapping.key };
    return ok(server);
  });
  return { run, pair };
}

/** Runs `op` once on the first server that agreed; its CryptoInputError becomes every server's refusal. */
function once<T>(run: FanOut<undefined>, op: () => T): { result?: T; run: FanOut<undefined> } {
  if (!succeeded(run)) return { run };
  const done = attempt(op);
  return 'reason' in done ? { run: asRefused(run, done.reason) } : { result: done.value, run };
}

const gcmOptions = {
  hashType: s.optional(s.int()),
  /** Additional authenticated data (AES-GCM). */
  aad: s.optional(s.bytes()),
  iv: s.optional(s.bytes()),
  tagSize: s.optional(s.int()),
};

function wrapOptions(o: { hashType?: number; aad?: Uint8Array; iv?: Uint8Array; tagSize?: number }, ctx: DecideContext): WrapOptions {
  return {
    ...(o.hashType !== undefined ? { hashType: o.hashType } : {}),
    ...(o.aad ? { aad: Buffer.from(o.aad) } : {}),
    ...(o.iv ? { iv: Buffer.from(o.iv) } : {}),
    ...(o.tagSize !== undefined ? { tagSize: o.tagSize } : {}),
    random: ctx.env.randomBytes,
  };
}

export const wrapKey = defineOperation({
  name: 'wrapKey',
  summary: 'Wraps a key the crypto user owns under another key (AES key wrap, AES-GCM, RSA-OAEP), with or without the key header',
  changesState: false,
  roles: ['CU'],
  input: s.object({ handle: s.int(), wrappingHandle: s.int(), mechanism: s.int(), withHeader: s.boolean(), ...gcmOptions }),
  node: s.nothing(),
  result: s.object({ bytes: s.bytes(), iv: s.optional(s.bytes()), length: s.int() }),
  decide(input, state, ctx) {
    const { run, pair } = checkWrap(state, ctx, input.handle, input.wrappingHandle, input.mechanism);
    const done = once(run, () => {
      const { target, wrapping } = pair!;
      const { wrapped, iv } = wrapWithMechanism(input.mechanism, wrappingMaterial(ctx, wrapping), unsealSecret(ctx.env, target), wrapOptions(input, ctx));
      const template: WrapTemplate = {
        mechanism: input.mechanism,
        keyClass: target.keyClass === 3 ? 3 : 4,
        keyType: target.keyType,
        label: target.label,
        id: target.id,
        ...(input.hashType !== undefined ? { hashType: input.hashType } : {}),
        ...(iv ? { iv: iv.toString('base64') } : {}),
      };
      return { bytes: input.withHeader ? withHeader(template, wrapped) : wrapped, length: wrapped.length, ...(iv ? { iv } : {}) };
    });
    return { events: [], ...done.run, ...(done.result ? { result: done.result } : {}) };
  },
});

/** The unwrapping key for an import: an AES user KEK that is extractable and trusted (Azure's rule). */
function kekRefusal(server: number, kek: KeyObject): Refused | undefined {
  if (!isAesSecret(kek)) return refuse(server, 'MECHANISM_MISMATCH', 'the wrapping key (-w) must be an AES key');
  if (!kek.attrs.unwrap) return refuse(server, 'KEY_USAGE_DENIED', 'the wrapping key does not have OBJ_ATTR_UNWRAP');
  if (!kek.attrs.trusted || !kek.attrs.extractable) return fail(server, 'KEK_NOT_TRUSTED');
  return undefined;
}

/** An incoming private key (import, unwrap): never LOCAL. */
function privateDraft(pkcs8: Buffer, o: KeyOptions): KeyDraft {
  return pairDrafts({ spki: publicFromPrivate(pkcs8), pkcs8 }, o, false)[1];
}

export const unwrapKey = defineOperation({
  name: 'unwrapKey',
  summary: "Unwraps a wrapped key into the HSM as the crypto user's; the key header (if the file has one) names its class, type and label",
  changesState: true,
  roles: ['CU'],
  input: s.object({
    wrapped: s.bytes(),
    unwrappingHandle: s.int(),
    /** The bytes are the wrapped key only: class and type must be given. */
    noHeader: s.boolean(),
    mechanism: s.optional(s.int()),
    keyClass: s.optional(s.enum([3, 4])),
    keyType: s.optional(s.int()),
    label: s.optional(s.string()),
    id: s.optional(s.string()),
    ...gcmOptions,
    traits: keyTraitsSchema,
  }),
  node: s.nothing(),
  result: createdSchema,
  decide(input, state, ctx) {
    let unwrapping: KeyObject | undefined;
    return createKeys(
      state,
      ctx,
      input.traits,
      () => {
        const file = Buffer.from(input.wrapped);
        const { template, wrapped } = !input.noHeader && hasHeader(file) ? readHeader(file) : { template: undefined, wrapped: file };
        const mechanism = input.mechanism ?? template?.mechanism ?? 4;
        const keyClass = input.keyClass ?? template?.keyClass;
        const keyType = input.keyType ?? template?.keyType;
        if (keyClass === undefined || keyType === undefined) throw new CryptoInputError('without a key header, give -noheader with -l, -kc and -kt');
        const hashType = input.hashType ?? template?.hashType;
        const iv = input.iv ?? (template?.iv ? Buffer.from(template.iv, 'base64') : undefined);
        const bytes = unwrapWithMechanism(mechanism, unwrappingMaterial(ctx, unwrapping!), wrapped, wrapOptions({ ...input, ...(hashType !== undefined ? { hashType } : {}), ...(iv ? { iv } : {}) }, ctx));
        const named = { ...input.traits, label: input.label ?? template?.label ?? '', id: input.id ?? template?.id ?? '' };
        return [keyClass === 4 ? secretDraft(keyType, bytes, named, false) : privateDraft(bytes, named)];
      },
      (server, p) => {
        const k = usableKey(p, ctx.session, server, input.unwrappingHandle);
        if ('refused' in k) return k.refused;
        if (!k.key.attrs.unwrap) return refuse(server, 'KEY_USAGE_DENIED', 'the unwrapping key does not have OBJ_ATTR_UNWRAP');
        if (k.key.keyClass === 2) return refuse(server, 'MECHANISM_MISMATCH', 'unwrap with the private key of an RSA pair');
        unwrapping ??= k.key;
        return undefined;
      },
    );
  },
});

export const exportKey = defineOperation({
  name: 'exportKey',
  summary: 'Exports a secret or private key the crypto user owns in the clear: wrapped with an AES key inside, unwrapped in the HSM or on the host',
  changesState: false,
  roles: ['CU'],
  input: s.object({
    handle: s.int(),
    wrappingHandle: s.int(),
    /** 4 for exSymKey, 3 for exportPrivateKey. */
    keyClass: s.enum([3, 4]),
    /** The AES key (raw bytes) to unwrap with on the host (-wk); it must be the wrapping key. */
    hostKey: s.optional(s.bytes()),
  }),
  node: s.nothing(),
  result: s.object({ material: s.bytes() }),
  decide({ handle, wrappingHandle, keyClass, hostKey }, state, ctx) {
    const { run, pair } = checkWrap(state, ctx, handle, wrappingHandle, 4, keyClass);
    const done = once(run, () => {
      const { target, wrapping } = pair!;
      const kek = unsealSecret(ctx.env, wrapping);
      const { wrapped } = wrapWithMechanism(4, { secret: kek }, unsealSecret(ctx.env, target));
      // With -wk the tool unwraps on the host with the key in that file, which must be the same key.
      const unwrapWith = hostKey ? Buffer.from(hostKey) : kek;
      if (hostKey && ![16, 24, 32].includes(unwrapWith.length)) throw new CryptoInputError('Invalid file. Should be an AES key', { printed: true });
      return { material: unwrapWithMechanism(4, { secret: unwrapWith }, wrapped) };
    });
    return { events: [], ...done.run, ...(done.result ? { result: done.result } : {}) };
  },
});

export const importKey = defineOperation({
  name: 'importKey',
  summary: 'Imports a secret key (raw bytes) or a private key (PEM) through the user KEK, which must be extractable and trusted',
  changesState: true,
  roles: ['CU'],
  input: s.object({
    unwrappingHandle: s.int(),
    key: s.oneOf(s.object({ keyType: s.enum([16, 18, 21, 31]), secret: s.bytes() }), s.object({ pem: s.bytes() })),
    options: keyOptionsSchema,
  }),
  node: s.nothing(),
  result: s.object({ handles: s.array(s.int()), berLength: s.optional(s.int()) }),
  decide({ unwrappingHandle, key, options }, state, ctx) {
    let berLength: number | undefined;
    const kekCheck = (server: number, p: Partition): Refused | undefined => {
      const kek = usableKey(p, ctx.session, server, unwrappingHandle);
      if ('refused' in kek) return kek.refused;
      return kekRefusal(server, kek.key);
    };
    const d = createKeys(
      state,
      ctx,
      options,
      () => {
        if ('secret' in key) return [secretDraft(key.keyType, Buffer.from(key.secret), options, false)];
        const { pkcs8 } = parsePrivateKeyPem(Buffer.from(key.pem));
        berLength = pkcs8.length;
        return [privateDraft(pkcs8, options)];
      },
      kekCheck,
    );
    return berLength === undefined || !d.result ? d : { ...d, result: { ...d.result, berLength } };
  },
});
