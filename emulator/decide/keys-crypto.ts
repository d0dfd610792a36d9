// Deciders for cryptography with keys in the HSM: sign, verify, aesWrapUnwrap, and the fake-PEM helpers
// (getCaviumPrivKey, IsValidKeyHandlefile) that let OpenSSL engines refer to a key by its handle.
import { CryptoInputError, mechanismFitsKey, signMessage, verifyMessage } from '../crypto/keys.ts';
import { fakePrivateKeyPem, readKeyHandleFile } from '../crypto/fake-pem.ts';
import { aesKeyUnwrap, aesKeyWrap } from '../crypto/wrap.ts';
import type { KeyObject } from '../model.ts';
import { eachServer, fail, type Handler, type NodeOutcome, ok } from './common.ts';
import { argInt, asRefused, cryptoUserOn, inputFile, isAes, refuse, spkiOf, unsealSecret, usableKey } from './key-access.ts';
import { visibleKeys } from './keys-manage.ts';

/** The HSM answers from one node; every node reports whether it could have. Runs `op` on the first key found. */
function withKey<T>(
  cmd: Parameters<Handler>[0],
  state: Parameters<Handler>[1],
  ctx: Parameters<Handler>[2],
  handleArg: string,
  check: (key: KeyObject, server: number) => NodeOutcome | undefined,
  op: (key: KeyObject) => T,
): { outcomes: NodeOutcome[]; value?: T } {
  let chosen: KeyObject | undefined;
  const run = eachServer(state, ctx, (server, p) => {
    const k = usableKey(p, ctx.session, server, argInt(cmd, handleArg)!);
    if ('code' in k) return fail(server, k.code);
    const refused = check(k.key, server);
    if (refused) return refused;
    chosen ??= k.key;
    return ok(server);
  });
  if (!chosen) return run;
  try {
    return { ...run, value: op(chosen) };
  } catch (e) {
    if (!(e instanceof CryptoInputError)) throw e;
    return asRefused(run, e.message);
  }
}

export const sign: Handler = (cmd, state, ctx) => {
  const mechanism = argInt(cmd, 'm')!;
  const r = withKey(
    cmd,
    state,
    ctx,
    'k',
    (key, server) => {
      if (key.keyClass !== 3) return refuse(server, 'MECHANISM_MISMATCH', 'sign takes a private key handle');
      if (!mechanismFitsKey(mechanism, key.keyType, key.curveId)) return fail(server, 'MECHANISM_MISMATCH');
      if (!key.attrs.sign) return refuse(server, 'KEY_USAGE_DENIED', 'the key does not have OBJ_ATTR_SIGN');
      return undefined;
    },
    (key) => signMessage(mechanism, unsealSecret(ctx.env, key), inputFile(cmd, 'f')),
  );
  return { events: [], outcomes: r.outcomes, ...(r.value ? { data: { signature: r.value.toString('base64') } } : {}) };
};

export const verify: Handler = (cmd, state, ctx) => {
  const mechanism = argInt(cmd, 'm')!;
  const r = withKey(
    cmd,
    state,
    ctx,
    'k',
    (key, server) => {
      if (!key.spki) return refuse(server, 'MECHANISM_MISMATCH', 'verify takes a public key handle');
      if (!mechanismFitsKey(mechanism, key.keyType, key.curveId)) return fail(server, 'MECHANISM_MISMATCH');
      if (key.keyClass === 2 && !key.attrs.verify) return refuse(server, 'KEY_USAGE_DENIED', 'the key does not have OBJ_ATTR_VERIFY');
      return undefined;
    },
    (key) => verifyMessage(mechanism, spkiOf(key), inputFile(cmd, 'f'), inputFile(cmd, 's')),
  );
  // A signature that does not verify is the HSM's "bad PKCS data" on every node.
  const outcomes = r.value === false ? r.outcomes.map((o) => (o.code === 'SUCCESS' ? fail(o.server, 'BAD_PKCS_DATA') : o)) : r.outcomes;
  return { events: [], outcomes };
};

export const aesWrapUnwrap: Handler = (cmd, state, ctx) => {
  const mode = argInt(cmd, 'm')!;
  const iv = typeof cmd.args.i === 'string' ? Buffer.from(cmd.args.i.replace(/^0x/i, ''), 'hex') : undefined;
  const r = withKey(
    cmd,
    state,
    ctx,
    'w',
    (key, server) => {
      if (!isAes(key) || key.keyClass !== 4) return refuse(server, 'MECHANISM_MISMATCH', 'aesWrapUnwrap takes an AES key');
      if (iv && iv.length !== 8) return refuse(server, 'INVALID_INPUT', `Invalid IV length ${iv.length}`);
      return undefined;
    },
    (key) => {
      const data = inputFile(cmd, 'f');
      if (data.length > 4096) throw new CryptoInputError('the file is larger than 4096 bytes');
      const kek = unsealSecret(ctx.env, key);
      return mode === 1 ? aesKeyWrap(kek, data, iv) : aesKeyUnwrap(kek, data, iv);
    },
  );
  return { events: [], outcomes: r.outcomes, ...(r.value ? { data: { result: r.value.toString('base64') } } : {}) };
};

export const getCaviumPrivKey: Handler = (cmd, state, ctx) => {
  const r = withKey(
    cmd,
    state,
    ctx,
    'k',
    (key, server) =>
      key.keyClass === 3 && (key.keyType === 0 || key.keyType === 3) ? undefined : refuse(server, 'INVALID_HANDLE', 'Input key handle should be RSA/ECDSA private key handle'),
    (key) => fakePrivateKeyPem(key.handle, spkiOf(key)),
  );
  return { events: [], outcomes: r.outcomes, ...(r.value ? { data: { pem: r.value } } : {}) };
};

export interface KeyHandleFileCheck {
  readonly kind: 'handle' | 'real' | 'invalid';
  readonly handle?: number;
  /** For a fake PEM: the handle names one of the user's private keys. */
  readonly known?: boolean;
  readonly reason?: string;
}

export const IsValidKeyHandlefile: Handler = (cmd, state, ctx) => {
  const read = readKeyHandleFile(inputFile(cmd, 'f'));
  let data: KeyHandleFileCheck | undefined;
  const run = eachServer(state, ctx, (server, p) => {
    if (read.kind !== 'handle') return ok(server);
    const userId = cryptoUserOn(ctx.session, server, p);
    if (typeof userId !== 'number') return fail(server, userId);
    const known = visibleKeys(p, ctx.session, userId).some((k) => k.handle === read.handle && k.keyClass === 3);
    data ??= { kind: 'handle', handle: read.handle, known };
    return ok(server);
  });
  return { events: [], ...run, data: data ?? read };
};
