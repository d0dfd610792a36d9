// Cryptography with keys in the HSM: sign, verify, AES key wrap of host data, and the fake PEM files
// (getCaviumPrivKey, IsValidKeyHandlefile) that let OpenSSL engines refer to a key by its handle. Also
// what only clients of the daemon ask for (pkpspeed, as PKCS#11 applications do): bulk encryption, HMAC
// and random bytes.
import { fakePrivateKeyPem, readKeyHandleFile } from '../crypto/fake-pem.ts';
import { signingJob, verifyingJob } from '../crypto/jobs.ts';
import { CryptoInputError, mechanismFitsKey } from '../crypto/keys.ts';
import { unwrapWithMechanism, WrapMechanism, wrapWithMechanism } from '../crypto/wrap.ts';
import { ENCRYPTION_MECHANISMS, encrypt, encryptionShape, hmacSha256 } from '../crypto/symmetric.ts';
import { KeyType } from '../domain/key-types.ts';
import type { ClusterState, KeyObject } from '../model.ts';
import { type Infer, s } from '../schema.ts';
import { cryptoUserOn, isAesSecret, privateKeyOf, publicKeyOf, spkiOf, unsealSecret, usableKey, visibleKeys } from './crypto-user.ts';
import { eachServer, type FanOut, fail, ok, refuse, refusePrinted } from './fan-out.ts';
import { asRefused, attempt } from './key-objects.ts';
import { type DecideContext, defineOperation, type NodeOutcome, type Refused } from './operation.ts';

/** The HSM answers from one node; every node reports whether it could have. Runs `op` on the first key found. */
function withKey<T>(
  state: ClusterState,
  ctx: DecideContext,
  handle: number,
  check: (key: KeyObject, server: number) => Refused | undefined,
  op: (key: KeyObject) => T,
): { run: FanOut<undefined>; value?: T } {
  let chosen: KeyObject | undefined;
  const run = eachServer(state, ctx, (server, p): NodeOutcome<undefined> => {
    const k = usableKey(p, ctx.session, server, handle);
    if ('refused' in k) return k.refused;
    const refused = check(k.key, server);
    if (refused) return refused;
    chosen ??= k.key;
    return ok(server);
  });
  if (!chosen) return { run };
  const key = chosen;
  const done = attempt(() => op(key));
  return 'reason' in done ? { run: asRefused(run, done.reason) } : { run, value: done.value };
}

const CU_ONLY = ['CU'] as const;

export const signMessage = defineOperation({
  name: 'signMessage',
  summary: 'Signs a message with a private key (RSA PKCS#1 v1.5 and PSS, ECDSA, EdDSA)',
  changesState: false,
  roles: CU_ONLY,
  input: s.object({ handle: s.int(), mechanism: s.int(), message: s.bytes() }),
  node: s.nothing(),
  result: s.object({ signature: s.bytes() }),
  decide({ handle, mechanism, message }, state, ctx) {
    const r = withKey(
      state,
      ctx,
      handle,
      (key, server) => {
        if (key.keyClass !== 3) return refuse(server, 'MECHANISM_MISMATCH', 'sign takes a private key handle');
        if (!mechanismFitsKey(mechanism, key.keyType, key.curveId)) return fail(server, 'MECHANISM_MISMATCH');
        if (!key.attrs.sign) return refuse(server, 'KEY_USAGE_DENIED', 'the key does not have OBJ_ATTR_SIGN');
        return undefined;
      },
      (key) => signingJob(mechanism, privateKeyOf(ctx, key), message),
    );
    const { run, value: job } = r;
    if (!job) return { events: [], ...run };
    return { events: [], ...run, deferred: { job, finish: (signature) => ({ events: [], ...run, result: { signature } }) } };
  },
});

export const verifySignature = defineOperation({
  name: 'verifySignature',
  summary: 'Verifies a signature of a message with a public key; a signature that does not verify is every server\'s "bad PKCS data"',
  changesState: false,
  roles: CU_ONLY,
  input: s.object({ handle: s.int(), mechanism: s.int(), message: s.bytes(), signature: s.bytes() }),
  node: s.nothing(),
  result: s.nothing(),
  decide({ handle, mechanism, message, signature }, state, ctx) {
    const r = withKey(
      state,
      ctx,
      handle,
      (key, server) => {
        if (!key.spki) return refuse(server, 'MECHANISM_MISMATCH', 'verify takes a public key handle');
        if (!mechanismFitsKey(mechanism, key.keyType, key.curveId)) return fail(server, 'MECHANISM_MISMATCH');
        if (key.keyClass === 2 && !key.attrs.verify) return refuse(server, 'KEY_USAGE_DENIED', 'the key does not have OBJ_ATTR_VERIFY');
        return undefined;
      },
      (key) => verifyingJob(mechanism, publicKeyOf(ctx, key), message, signature),
    );
    const { run, value: job } = r;
    if (!job) return { events: [], outcomes: run.outcomes };
    // A signature that does not verify is every server's "bad PKCS data".
    const verified = (output: Uint8Array) => ({ events: [], outcomes: output[0] === 1 ? run.outcomes : run.outcomes.map((o) => (o.code === 'SUCCESS' ? fail(o.server, 'BAD_PKCS_DATA') : o)) });
    return { events: [], outcomes: run.outcomes, deferred: { job, finish: verified } };
  },
});

/**
 * aesWrapUnwrap pads before it wraps: AWS's page wraps a 24-byte 3DES key into 40 bytes, and AWS says "AES key
 * wrapping uses PKCS #5 padding instead of ... zero padding" (ki-all.md). That is mechanism 4, PKCS#5
 * padding then RFC 3394 with the default IV; unwrapping strips the padding again.
 */
export const aesWrapData = defineOperation({
  name: 'aesWrapData',
  summary: 'Wraps or unwraps host data (at most 4096 bytes) with an AES key (PKCS#5 padding, then RFC 3394 key wrap)',
  changesState: false,
  roles: CU_ONLY,
  input: s.object({ handle: s.int(), wrap: s.boolean(), data: s.bytes(), iv: s.optional(s.bytes()) }),
  node: s.nothing(),
  result: s.object({ data: s.bytes() }),
  decide({ handle, wrap, data, iv }, state, ctx) {
    const r = withKey(
      state,
      ctx,
      handle,
      (key, server) => {
        if (!isAesSecret(key)) return refuse(server, 'MECHANISM_MISMATCH', 'aesWrapUnwrap takes an AES key');
        if (iv && iv.length !== 8) return refuse(server, 'INVALID_INPUT', `Invalid IV length ${iv.length}`);
        return undefined;
      },
      (key) => {
        if (data.length > 4096) throw new CryptoInputError('the file is larger than 4096 bytes');
        const kek = { secret: unsealSecret(ctx.env, key) };
        const options = iv ? { iv: Buffer.from(iv) } : {};
        const mechanism = WrapMechanism.AES_KEY_WRAP_PAD_PKCS5;
        return wrap ? wrapWithMechanism(mechanism, kek, Buffer.from(data), options).wrapped : unwrapWithMechanism(mechanism, kek, Buffer.from(data), options);
      },
    );
    return { events: [], ...r.run, ...(r.value ? { result: { data: r.value } } : {}) };
  },
});

/** The largest buffer bulk operations take: pkpspeed's packet limit (its prompt says [1-16200]). */
export const MAX_BULK_BYTES = 16200;

const bulkData = (data: Uint8Array): Buffer => {
  if (data.length < 1 || data.length > MAX_BULK_BYTES) throw new CryptoInputError(`the data must be 1 to ${MAX_BULK_BYTES} bytes`);
  return Buffer.from(data);
};

export const encryptData = defineOperation({
  name: 'encryptData',
  summary: 'Encrypts host data (1 to 16200 bytes) with a secret key: AES-CBC or 3DES-CBC with PKCS#7 padding, or AES-GCM; the HSM draws the IV',
  changesState: false,
  roles: CU_ONLY,
  input: s.object({ handle: s.int(), mechanism: s.enum(ENCRYPTION_MECHANISMS), data: s.bytes() }),
  node: s.nothing(),
  result: s.object({ iv: s.bytes(), data: s.bytes() }),
  decide({ handle, mechanism, data }, state, ctx) {
    const shape = encryptionShape(mechanism);
    const r = withKey(
      state,
      ctx,
      handle,
      (key, server) => {
        if (key.keyClass !== 4 || key.keyType !== shape.keyType) return fail(server, 'MECHANISM_MISMATCH');
        if (!key.attrs.encrypt) return refuse(server, 'KEY_USAGE_DENIED', 'the key does not have OBJ_ATTR_ENCRYPT');
        return undefined;
      },
      (key) => {
        const iv = ctx.env.randomBytes(shape.ivBytes);
        return { iv, data: encrypt(mechanism, unsealSecret(ctx.env, key), iv, bulkData(data)) };
      },
    );
    return { events: [], ...r.run, ...(r.value ? { result: r.value } : {}) };
  },
});

export const computeHmac = defineOperation({
  name: 'computeHmac',
  summary: 'Computes HMAC-SHA256 of host data (1 to 16200 bytes) with a GENERIC_SECRET key',
  changesState: false,
  roles: CU_ONLY,
  input: s.object({ handle: s.int(), data: s.bytes() }),
  node: s.nothing(),
  result: s.object({ mac: s.bytes() }),
  decide({ handle, data }, state, ctx) {
    const r = withKey(
      state,
      ctx,
      handle,
      (key, server) => {
        if (key.keyClass !== 4 || key.keyType !== KeyType.GENERIC_SECRET) return fail(server, 'MECHANISM_MISMATCH');
        if (!key.attrs.sign) return refuse(server, 'KEY_USAGE_DENIED', 'the key does not have OBJ_ATTR_SIGN');
        return undefined;
      },
      (key) => hmacSha256(unsealSecret(ctx.env, key), bulkData(data)),
    );
    return { events: [], ...r.run, ...(r.value ? { result: { mac: r.value } } : {}) };
  },
});

export const generateRandom = defineOperation({
  name: 'generateRandom',
  summary: "Draws random bytes (1 to 16200) from the HSM's generator",
  changesState: false,
  roles: CU_ONLY,
  input: s.object({ length: s.int() }),
  node: s.nothing(),
  result: s.object({ data: s.bytes() }),
  decide({ length }, state, ctx) {
    let valid = true;
    const run = eachServer(state, ctx, (server, p): NodeOutcome<undefined> => {
      const userId = cryptoUserOn(ctx.session, server, p);
      if (typeof userId !== 'number') return fail(server, userId);
      if (!Number.isInteger(length) || length < 1 || length > MAX_BULK_BYTES) {
        valid = false;
        return refuse(server, 'INVALID_INPUT', `the length must be 1 to ${MAX_BULK_BYTES} bytes`);
      }
      return ok(server);
    });
    const answered = valid && run.outcomes.some((o) => o.code === 'SUCCESS');
    return { events: [], ...run, ...(answered ? { result: { data: ctx.env.randomBytes(length) } } : {}) };
  },
});

export const makeFakePrivateKeyPem = defineOperation({
  name: 'makeFakePrivateKeyPem',
  summary: 'Writes a fake PEM for an RSA or EC private key: the public parts, and the handle in place of the private value',
  changesState: false,
  roles: CU_ONLY,
  input: s.object({ handle: s.int() }),
  node: s.nothing(),
  result: s.object({ pem: s.string() }),
  decide({ handle }, state, ctx) {
    const r = withKey(
      state,
      ctx,
      handle,
      (key, server) =>
        key.keyClass === 3 && (key.keyType === 0 || key.keyType === 3) ? undefined : refusePrinted(server, 'INVALID_HANDLE', 'Input key handle should be RSA/ECDSA private key handle'),
      (key) => fakePrivateKeyPem(key.handle, spkiOf(key)),
    );
    return { events: [], ...r.run, ...(r.value ? { result: { pem: r.value } } : {}) };
  },
});

export const keyHandleFileSchema = s.oneOf(
  /** A fake PEM; `known` when the handle names one of the user's private keys. */
  s.object({ kind: s.literal('handle'), handle: s.int(), known: s.optional(s.boolean()) }),
  s.object({ kind: s.literal('real') }),
  s.object({ kind: s.literal('invalid'), reason: s.string() }),
);

export type KeyHandleFileCheck = Infer<typeof keyHandleFileSchema>;

export const checkKeyHandleFile = defineOperation({
  name: 'checkKeyHandleFile',
  summary: "Says whether a private key file holds a real key or an HSM key handle (a fake PEM), and whether the handle is one of the user's keys",
  changesState: false,
  roles: 'anyone',
  input: s.object({ file: s.bytes() }),
  node: s.nothing(),
  result: keyHandleFileSchema,
  decide({ file }, state, ctx) {
    const read = readKeyHandleFile(Buffer.from(file));
    let found: KeyHandleFileCheck | undefined;
    const run = eachServer(state, ctx, (server, p): NodeOutcome<undefined> => {
      if (read.kind !== 'handle') return ok(server);
      const userId = cryptoUserOn(ctx.session, server, p);
      if (typeof userId !== 'number') return fail(server, userId);
      const known = visibleKeys(p, ctx.session, userId).some((k) => k.handle === read.handle && k.keyClass === 3);
      found ??= { kind: 'handle', handle: read.handle, known };
      return ok(server);
    });
    return { events: [], ...run, result: found ?? read };
  },
});
