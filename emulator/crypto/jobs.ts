// Crypto a decision leaves to be done after it, described as data: the client daemon runs it on a
// worker thread (the machine's other cores) while every check stays in decide on the main thread; other
// callers run it at once (Cluster). Keys travel as node:crypto KeyObjects, which worker threads take.
import type { KeyObject } from 'node:crypto';
import { checkFit, type KeyPairDer, type KeyPairRequest, type ParsedPrivateKey, type ParsedPublicKey, type PublicKeyInfo, signRaw, verifyRaw } from './keys.ts';

export type CryptoJob =
  | { readonly kind: 'sign'; readonly mechanism: number; readonly key: KeyObject; readonly message: Uint8Array }
  | { readonly kind: 'verify'; readonly mechanism: number; readonly key: KeyObject; readonly info: PublicKeyInfo; readonly message: Uint8Array; readonly signature: Uint8Array };

/** A signature to make; refuses (CryptoInputError) a mechanism that does not fit the key. */
export function signingJob(mechanism: number, parsed: ParsedPrivateKey, message: Uint8Array): CryptoJob {
  checkFit(mechanism, parsed.info);
  return { kind: 'sign', mechanism, key: parsed.key, message };
}

/** A signature to check; refuses (CryptoInputError) a mechanism that does not fit the key. */
export function verifyingJob(mechanism: number, parsed: ParsedPublicKey, message: Uint8Array, signature: Uint8Array): CryptoJob {
  checkFit(mechanism, parsed.info);
  return { kind: 'verify', mechanism, key: parsed.key, info: parsed.info, message, signature };
}

/**
 * Whether a job takes long enough to be worth a trip to a worker thread and back (about 0.1 ms): an RSA
 * or DSA signature (0.5 ms and up) is; an ECDSA or EdDSA signature or any verification is quicker made
 * where it was decided.
 */
export function worthAThread(job: CryptoJob): boolean {
  return job.kind === 'sign' && (job.key.asymmetricKeyType === 'rsa' || job.key.asymmetricKeyType === 'dsa');
}

/** Runs a job: the signature, or one byte saying whether the signature verified. */
export function runJob(job: CryptoJob): Uint8Array {
  switch (job.kind) {
    case 'sign':
      return signRaw(job.mechanism, job.key, Buffer.from(job.message));
    case 'verify': {
      // Buffers arrive from another thread as Uint8Arrays: the checks read lengths and bytes only.
      const verified = verifyRaw(job.mechanism, { key: job.key, info: job.info }, Buffer.from(job.message), Buffer.from(job.signature));
      return Uint8Array.of(verified ? 1 : 0);
    }
  }
}

/** A key pair request as a worker thread runs it: its DER halves come back as Uint8Arrays. */
export type KeyPairJob = { readonly kind: 'keyPair'; readonly request: KeyPairRequest };

/** Buffers again, from what a worker thread sent back. */
export function keyPairFromWorker(pair: { readonly spki: Uint8Array; readonly pkcs8: Uint8Array }): KeyPairDer {
  return { spki: Buffer.from(pair.spki.buffer, pair.spki.byteOffset, pair.spki.byteLength), pkcs8: Buffer.from(pair.pkcs8.buffer, pair.pkcs8.byteOffset, pair.pkcs8.byteLength) };
}
