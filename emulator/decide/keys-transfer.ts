// Deciders for moving keys in and out of the HSM: wrapKey, unWrapKey, exSymKey, imSymKey,
// exportPrivateKey, importPrivateKey. The rules that matter: only the owner exports; a key must be
// extractable; a key with WRAP_WITH_TRUSTED (Azure's default) leaves only under a trusted wrapping key;
// imports go through the user KEK, which must be extractable and trusted.
import { CryptoInputError, publicFromPrivate } from '../crypto/keys.ts';
import { parsePrivateKeyPem } from '../crypto/pem.ts';
import { unwrapWithMechanism, wrapWithMechanism } from '../crypto/wrap.ts';
import { hasHeader, readHeader, withHeader, type WrapTemplate } from '../crypto/wrapped-file.ts';
import type { KeyObject, Partition } from '../model.ts';
import { type CoreCommand, type DecideContext, eachServer, fail, type Handler, type NodeOutcome, ok } from './common.ts';
import {
  argFlag,
  argInt,
  asRefused,
  createKeys,
  inputFile,
  isAes,
  type KeyDraft,
  keyOptions,
  type KeyOptions,
  pairDrafts,
  refuse,
  secretDraft,
  spkiOf,
  unsealSecret,
  usableKey,
} from './key-access.ts';

const AES_MECHANISMS = [4, 5, 6, 10, 11];
const RSA_MECHANISMS = [7, 8];

/** Can `wrapping` carry `target` out with this mechanism? Undefined when it can. */
function wrapRefusal<N>(server: number, wrapping: KeyObject, target: KeyObject, mechanism: number): NodeOutcome<N> | undefined {
  if (target.keyClass === 2) return refuse(server, 'INVALID_INPUT', 'public keys are exported with exportPubKey, not wrapped');
  if (!target.attrs.extractable) return fail(server, 'KEY_NOT_EXTRACTABLE');
  if (AES_MECHANISMS.includes(mechanism) && !(isAes(wrapping) && wrapping.keyClass === 4)) {
    return refuse(server, 'MECHANISM_MISMATCH', `mechanism ${mechanism} wraps with an AES key`);
  }
  if (RSA_MECHANISMS.includes(mechanism) && !(wrapping.keyType === 0 && wrapping.keyClass === 2)) {
    return refuse(server, 'MECHANISM_MISMATCH', `mechanism ${mechanism} wraps with an RSA public key`);
  }
  if (!wrapping.attrs.wrap) return refuse(server, 'KEY_USAGE_DENIED', 'the wrapping key does not have OBJ_ATTR_WRAP');
  if (target.attrs.wrapWithTrusted && !wrapping.attrs.trusted) return fail(server, 'WRAP_KEY_NOT_TRUSTED');
  return undefined;
}

/** The material that leaves: a secret key's bytes or a private key's PKCS#8. */
function targetBytes(ctx: DecideContext, target: KeyObject): Buffer {
  return unsealSecret(ctx.env, target);
}

function wrappingMaterial(ctx: DecideContext, k: KeyObject): { secret?: Buffer; spki?: Buffer } {
  return k.keyClass === 4 ? { secret: unsealSecret(ctx.env, k) } : { spki: spkiOf(k) };
}

function unwrappingMaterial(ctx: DecideContext, k: KeyObject): { secret?: Buffer; pkcs8?: Buffer } {
  return k.keyClass === 4 ? { secret: unsealSecret(ctx.env, k) } : { pkcs8: unsealSecret(ctx.env, k) };
}

/** Runs `op` once on the first server that agreed; its CryptoInputError becomes every server's refusal. */
function once<T, N>(run: { outcomes: NodeOutcome<N>[] }, op: () => T): { value?: T; run: { outcomes: NodeOutcome<N>[] } } {
  if (!run.outcomes.some((o) => o.code === 'SUCCESS')) return { run };
  try {
    return { value: op(), run };
  } catch (e) {
    if (!(e instanceof CryptoInputError)) throw e;
    return { run: asRefused(run, e.message) };
  }
}

export interface WrappedData {
  readonly bytes: string; // base64
  readonly iv?: string;
  readonly length: number;
}

export const wrapKey: Handler = (cmd, state, ctx) => {
  const mechanism = argInt(cmd, 'm') ?? 4;
  let pair: { target: KeyObject; wrapping: KeyObject } | undefined;
  const run = eachServer<WrappedData>(state, ctx, (server, p) => {
    const target = usableKey(p, ctx.session, server, argInt(cmd, 'k')!, true);
    if ('code' in target) return fail(server, target.code);
    const wrapping = usableKey(p, ctx.session, server, argInt(cmd, 'w')!);
    if ('code' in wrapping) return fail(server, wrapping.code);
    const refused = wrapRefusal<WrappedData>(server, wrapping.key, target.key, mechanism);
    if (refused) return refused;
    pair ??= { target: target.key, wrapping: wrapping.key };
    return ok(server);
  });
  const done = once(run, () => {
    const { target, wrapping } = pair!;
    const hashType = argInt(cmd, 't');
    const opts = {
      ...(hashType !== undefined ? { hashType } : {}),
      ...(cmd.files?.aad ? { aad: Buffer.from(cmd.files.aad) } : {}),
      ...(typeof cmd.args.i === 'string' ? { iv: Buffer.from(cmd.args.i.replace(/^0x/i, ''), 'hex') } : {}),
      ...(argInt(cmd, 'tag_size') !== undefined ? { tagSize: argInt(cmd, 'tag_size')! } : {}),
      random: ctx.env.randomBytes,
    };
    const { wrapped, iv } = wrapWithMechanism(mechanism, wrappingMaterial(ctx, wrapping), targetBytes(ctx, target), opts);
    const template: WrapTemplate = {
      mechanism,
      keyClass: target.keyClass as 3 | 4,
      keyType: target.keyType,
      label: target.label,
      id: target.id,
      ...(hashType !== undefined ? { hashType } : {}),
      ...(iv ? { iv: iv.toString('base64') } : {}),
    };
    const bytes = argFlag(cmd, 'noheader') ? wrapped : withHeader(template, wrapped);
    return { bytes: bytes.toString('base64'), length: wrapped.length, ...(iv ? { iv: iv.toString('base64') } : {}) };
  });
  return { events: [], ...done.run, ...(done.value ? { data: done.value } : {}) };
};

/** The unwrapping key for an import: an AES user KEK that is extractable and trusted (Azure's rule). */
function kekRefusal<N>(server: number, kek: KeyObject): NodeOutcome<N> | undefined {
  if (!isAes(kek) || kek.keyClass !== 4) return refuse(server, 'MECHANISM_MISMATCH', 'the wrapping key (-w) must be an AES key');
  if (!kek.attrs.unwrap) return refuse(server, 'KEY_USAGE_DENIED', 'the wrapping key does not have OBJ_ATTR_UNWRAP');
  if (!kek.attrs.trusted || !kek.attrs.extractable) return fail(server, 'KEK_NOT_TRUSTED');
  return undefined;
}

/** An incoming private key (import, unwrap): never LOCAL. */
function privateDraft(pkcs8: Buffer, o: KeyOptions): KeyDraft {
  return pairDrafts({ spki: publicFromPrivate(pkcs8), pkcs8 }, o, false)[1]!;
}

function kekPrecheck(cmd: CoreCommand, ctx: DecideContext) {
  return (server: number, p: Partition): NodeOutcome | undefined => {
    const kek = usableKey(p, ctx.session, server, argInt(cmd, 'w')!);
    if ('code' in kek) return fail(server, kek.code);
    return kekRefusal(server, kek.key);
  };
}

export const imSymKey: Handler = (cmd, state, ctx) => {
  const o = keyOptions(cmd);
  return createKeys(state, cmd, ctx, o.session, () => [secretDraft(argInt(cmd, 't')!, inputFile(cmd, 'f'), o, false)], kekPrecheck(cmd, ctx));
};

export const importPrivateKey: Handler = (cmd, state, ctx) => {
  const o = keyOptions(cmd);
  let berLength: number | undefined;
  const d = createKeys(
    state,
    cmd,
    ctx,
    o.session,
    () => {
      const { pkcs8 } = parsePrivateKeyPem(inputFile(cmd, 'f'));
      berLength = pkcs8.length;
      return [privateDraft(pkcs8, o)];
    },
    kekPrecheck(cmd, ctx),
  );
  return berLength === undefined || !d.data ? d : { ...d, data: { ...d.data, berLength } };
};

export const unWrapKey: Handler = (cmd, state, ctx) => {
  const o = keyOptions(cmd);
  const file = inputFile(cmd, 'f');
  let unwrapping: KeyObject | undefined;
  return createKeys(
    state,
    cmd,
    ctx,
    o.session,
    () => {
      const headed = !argFlag(cmd, 'noheader') && hasHeader(file);
      const { template, wrapped } = headed ? readHeader(file) : { template: undefined, wrapped: file };
      const mechanism = argInt(cmd, 'm') ?? template?.mechanism ?? 4;
      const keyClass = (argInt(cmd, 'kc') ?? template?.keyClass) as 3 | 4 | undefined;
      const keyType = argInt(cmd, 'kt') ?? template?.keyType;
      if (keyClass === undefined || keyType === undefined) throw new CryptoInputError('without a key header, give -noheader with -l, -kc and -kt');
      const hashType = argInt(cmd, 't') ?? template?.hashType;
      const ivArg = typeof cmd.args.i === 'string' ? Buffer.from(cmd.args.i.replace(/^0x/i, ''), 'hex') : undefined;
      const iv = ivArg ?? (cmd.files?.iv_file ? Buffer.from(cmd.files.iv_file) : template?.iv ? Buffer.from(template.iv, 'base64') : undefined);
      const bytes = unwrapWithMechanism(mechanism, unwrappingMaterial(ctx, unwrapping!), wrapped, {
        ...(hashType !== undefined ? { hashType } : {}),
        ...(cmd.files?.aad ? { aad: Buffer.from(cmd.files.aad) } : {}),
        ...(iv ? { iv } : {}),
        ...(argInt(cmd, 'tag_size') !== undefined ? { tagSize: argInt(cmd, 'tag_size')! } : {}),
      });
      const named = { ...o, label: cmd.args.l !== undefined ? o.label : (template?.label ?? ''), id: cmd.args.id !== undefined ? o.id : (template?.id ?? '') };
      return [keyClass === 4 ? secretDraft(keyType, bytes, named, false) : privateDraft(bytes, named)];
    },
    (server, p) => {
      const k = usableKey(p, ctx.session, server, argInt(cmd, 'w')!);
      if ('code' in k) return fail(server, k.code);
      if (!k.key.attrs.unwrap) return refuse(server, 'KEY_USAGE_DENIED', 'the unwrapping key does not have OBJ_ATTR_UNWRAP');
      if (k.key.keyClass === 2) return refuse(server, 'MECHANISM_MISMATCH', 'unwrap with the private key of an RSA pair');
      unwrapping ??= k.key;
      return undefined;
    },
  );
};

export interface ExportedData {
  /** Plaintext key material the tool writes to -out: raw secret bytes, or PKCS#8 DER. */
  readonly material: string; // base64
}

/** exSymKey and exportPrivateKey: wrap with -w inside the HSM, unwrap (in the HSM or with -wk on the host), write plaintext. */
function exportPlain(keyClass: 3 | 4): Handler {
  return (cmd, state, ctx) => {
    let pair: { target: KeyObject; wrapping: KeyObject } | undefined;
    const run = eachServer<ExportedData>(state, ctx, (server, p) => {
      const target = usableKey(p, ctx.session, server, argInt(cmd, 'k')!, true);
      if ('code' in target) return fail(server, target.code);
      if (target.key.keyClass !== keyClass) {
        return refuse(server, 'INVALID_INPUT', `${target.key.handle} is not a ${keyClass === 4 ? 'symmetric' : 'private'} key`);
      }
      const wrapping = usableKey(p, ctx.session, server, argInt(cmd, 'w')!);
      if ('code' in wrapping) return fail(server, wrapping.code);
      const refused = wrapRefusal<ExportedData>(server, wrapping.key, target.key, 4);
      if (refused) return refused;
      pair ??= { target: target.key, wrapping: wrapping.key };
      return ok(server);
    });
    const done = once(run, () => {
      const { target, wrapping } = pair!;
      const kek = unsealSecret(ctx.env, wrapping);
      const { wrapped } = wrapWithMechanism(4, { secret: kek }, targetBytes(ctx, target));
      // With -wk the tool unwraps on the host with the key in that file, which must be the same key.
      const hostKey = cmd.files?.wk ? Buffer.from(cmd.files.wk) : kek;
      if (cmd.files?.wk && ![16, 24, 32].includes(hostKey.length)) throw new CryptoInputError('Invalid file. Should be an AES key');
      const material = unwrapWithMechanism(4, { secret: hostKey }, wrapped);
      return { material: material.toString('base64') };
    });
    return { events: [], ...done.run, ...(done.value ? { data: done.value } : {}) };
  };
}

export const exSymKey = exportPlain(4);
export const exportPrivateKey = exportPlain(3);

