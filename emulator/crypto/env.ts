// The edges decide may use: the clock, the randomness source, key-pair generation and the master-key
// sealer. Passed in, so the core does no I/O of its own and a test can make every draw deterministic.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { ProcessRef, Sealed } from '../model.ts';
import { processAlive, thisProcess } from '../processes.ts';
import { generateKeyPairFor, type KeyPairDer, type KeyPairRequest } from './keys.ts';

export interface Env {
  now(): Date;
  randomBytes(n: number): Buffer;
  /**
   * A new key pair. node:crypto draws RSA, DSA and EC keys from its own generator and takes no seed, so
   * the whole generation is an edge of the core. Refuses what the HSM refuses (CryptoInputError).
   */
  generateKeyPair(request: KeyPairRequest): KeyPairDer;
  /** Encrypts key material under the master key; the journal only ever holds the sealed form. */
  seal(plain: Uint8Array): Sealed;
  unseal(sealed: Sealed): Buffer;
  /** This process, which holds the logins made through it; and whether a lease's process is still there. */
  readonly processes: Processes;
}

export interface Processes {
  readonly self: ProcessRef;
  alive(p: ProcessRef): boolean;
}

/** The processes of this machine. */
export const hostProcesses: Processes = { self: thisProcess(), alive: processAlive };

/** AES-256-GCM under the 32-byte master key kept in the emulator home (owner-only permissions). */
export function sealerFor(masterKey: Buffer, draw: (n: number) => Buffer): Pick<Env, 'seal' | 'unseal'> {
  if (masterKey.length !== 32) throw new Error('master key must be 32 bytes');
  return {
    seal(plain) {
      const iv = draw(12);
      const cipher = createCipheriv('aes-256-gcm', masterKey, iv);
      const data = Buffer.concat([cipher.update(plain), cipher.final()]);
      return { iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') };
    },
    unseal(s) {
      const decipher = createDecipheriv('aes-256-gcm', masterKey, Buffer.from(s.iv, 'base64'));
      decipher.setAuthTag(Buffer.from(s.tag, 'base64'));
      return Buffer.concat([decipher.update(Buffer.from(s.data, 'base64')), decipher.final()]);
    },
  };
}

export function systemEnv(masterKey: Buffer): Env {
  const draw = (n: number): Buffer => randomBytes(n);
  return { now: () => new Date(), randomBytes: draw, generateKeyPair: (r) => generateKeyPairFor(r, draw), ...sealerFor(masterKey, draw), processes: hostProcesses };
}
