// What a throughput test does, independent of how it reaches the HSM: the key it needs and the operation
// it repeats. pkpspeed's menu builds these from its answers; the benchmark builds them directly.
import type { EncryptionMechanism } from '../../emulator/crypto/symmetric.ts';

export type KeySpec =
  | { readonly kind: 'rsa'; readonly modulusBits: number }
  | { readonly kind: 'ec'; readonly curveId: number }
  | { readonly kind: 'secret'; readonly keyType: 16 | 21 | 31; readonly bytes: number };

export type Work =
  | { readonly kind: 'sign'; readonly key: KeySpec; readonly mechanism: number; readonly messageBytes: number }
  | { readonly kind: 'verify'; readonly key: KeySpec; readonly mechanism: number; readonly messageBytes: number }
  | { readonly kind: 'encrypt'; readonly key: KeySpec; readonly mechanism: EncryptionMechanism; readonly packetBytes: number }
  | { readonly kind: 'hmac'; readonly key: KeySpec; readonly packetBytes: number }
  | { readonly kind: 'random'; readonly bytes: number }
  /** Makes a key per operation: the keys are deleted when the test ends. */
  | { readonly kind: 'generate'; readonly key: KeySpec; readonly token: boolean };

/** Which keys the threads use: one made before the test and shared, or one per thread. */
export type KeyUse = { readonly kind: 'static' } | { readonly kind: 'per-thread'; readonly token: boolean };

export interface Plan {
  readonly threads: number;
  readonly seconds: number;
  readonly work: Work;
  readonly keys: KeyUse;
  /** How the summary names the test: `RSA CRT, 2048-bit modulus`. */
  readonly title: string;
}

/** The key a work item needs before it starts (none for random bytes and key generation). */
export function keyOf(work: Work): KeySpec | undefined {
  return work.kind === 'random' || work.kind === 'generate' ? undefined : work.key;
}

export const SIGN_MECHANISM = { SHA256_RSA_PKCS: 1, ECDSA_SHA256: 17, ECDSA_SHA384: 18, EDDSA: 20 } as const;

export const CURVE = { P256: 2, P384: 14, SECP256K1: 16, ED25519: 28 } as const;

/** What Microsoft publishes for one partition of an Azure Cloud HSM, per second ("service limits"). */
export interface PublishedFigure {
  readonly perSecond: number;
  readonly what: string;
}

/**
 * Azure Cloud HSM service limits, one partition available (up to three times with all three), single key.
 * AES figures assume 4 KB packets (CBC and GCM). Nothing is published for 3DES, HMAC or random bytes.
 */
export function publishedFigure(work: Work): PublishedFigure | undefined {
  const rsa = { 2048: [1100, 12000], 3072: [360, 9200], 4096: [160, 5700] } as const;
  const ec: Readonly<Record<number, readonly [string, number, number]>> = {
    [CURVE.P256]: ['P-256', 330, 170],
    [CURVE.SECP256K1]: ['P-256K', 330, 170],
    [CURVE.P384]: ['P-384', 200, 100],
    [CURVE.ED25519]: ['Ed25519', 420, 420],
  };
  switch (work.kind) {
    case 'sign':
    case 'verify': {
      const k = work.key;
      const index = work.kind === 'sign' ? 0 : 1;
      if (k.kind === 'rsa') {
        const row = rsa[k.modulusBits as keyof typeof rsa];
        return row && { perSecond: row[index], what: `RSA-${k.modulusBits} ${work.kind}` };
      }
      const row = k.kind === 'ec' ? ec[k.curveId] : undefined;
      return row && { perSecond: index === 0 ? row[1] : row[2], what: `${row[0]} ${work.kind}` };
    }
    case 'encrypt':
      return work.mechanism === 'DES3_CBC_PAD' ? undefined : { perSecond: 10000, what: 'AES encrypt (4 KB packets)' };
    case 'generate':
      return { perSecond: 1, what: 'key creation' };
    case 'hmac':
    case 'random':
      return undefined;
  }
}
