// A deterministic Env for tests: randomness from a seeded SHA-256 counter stream, a clock that ticks a
// second per reading, and key pairs that follow from the seed. X25519/X448/Ed25519 pairs are made from
// the stream itself; node:crypto takes no seed for RSA, DSA and EC pairs, so those are made once per
// (seed, draw number, request) and reused within this test process.
import { createHash, randomBytes } from 'node:crypto';
import { type Env, type Processes, sealerFor } from '../../emulator/crypto/env.ts';
import { checkKeyPairRequest, generateKeyPairFor, type KeyPairDer, okpKeyPair, okpSecretSize } from '../../emulator/crypto/keys.ts';

const madePairs = new Map<string, KeyPairDer>();

/** The processes of a seeded run: one holder, named by the seed, always alive. */
export function seededProcesses(seed: string): Processes {
  return { self: { pid: 1, started: seed, boot: 'seeded' }, alive: () => true };
}

export function deterministicEnv(seed: string, masterKey: Buffer = Buffer.alloc(32, 0x5a), processes: Processes = seededProcesses(seed)): Env {
  let block = 0;
  const draw = (n: number): Buffer => {
    const chunks: Buffer[] = [];
    for (let have = 0; have < n; have += 32) chunks.push(createHash('sha256').update(`${seed}\n${block++}`).digest());
    return Buffer.concat(chunks).subarray(0, n);
  };
  let clock = Date.parse('2026-01-01T00:00:00.000Z');
  let pairs = 0;
  return {
    now: () => new Date((clock += 1000)),
    randomBytes: draw,
    generateKeyPair(request) {
      checkKeyPairRequest(request);
      const okpSize = request.type === 'ec' ? okpSecretSize(request.curveId) : undefined;
      if (request.type === 'ec' && okpSize !== undefined) return okpKeyPair(request.curveId, draw(okpSize));
      const key = `${seed}\n${pairs++}\n${JSON.stringify(request)}`;
      let pair = madePairs.get(key);
      if (!pair) madePairs.set(key, (pair = generateKeyPairFor(request, randomBytes)));
      return pair;
    },
    ...sealerFor(masterKey, draw),
    processes,
  };
}
