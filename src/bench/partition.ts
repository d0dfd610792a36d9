// Large partitions and long journals for the benchmark, written fast through the emulator's own cluster
// API: a few keys are made by the real operations in-process, and copies of them (fresh material for
// secret keys, the same pair re-sealed for key pairs, new handles) are appended as KeysCreated events in
// large transactions, instead of 100,000 tool invocations. What the benchmark measures then runs through
// the real programs.
import type { Cluster } from '../../emulator/cluster.ts';
import { keyCheckValue } from '../../emulator/crypto/keys.ts';
import type { Event } from '../../emulator/events.ts';
import type { KeyObject } from '../../emulator/model.ts';
import { generateKeyPair, generateSymmetricKey } from '../../emulator/operations/key-generation.ts';
import type { Session } from '../../emulator/operations/operation.ts';
import { login } from '../../emulator/operations/users.ts';

const MEMBERS = [0, 1, 2];
const BATCH = 5000;
const OPTIONS = { label: 'bench', id: '', session: false, extractable: true, wrapWithTrusted: false, sharedWith: [], mValue: 0 };

/** The crypto user's session in-process (as the daemon holds one for an application). */
export function cryptoUserSession(cluster: Cluster, user = 'cu1', password = 'user1234'): Session {
  const base: Session = { scope: { kind: 'global' }, connected: MEMBERS, tool: 'util' };
  const d = cluster.execute(login, { type: 'CU', name: user, password }, base);
  if (!d.login) throw new Error(`bench: ${user} cannot log in: ${JSON.stringify(d.outcomes)}`);
  return { ...base, login: d.login };
}

/** Makes keys with the real operations; returns their handles (a pair: public, private). */
export function makeKey(cluster: Cluster, session: Session, kind: 'rsa2048' | 'p256' | 'aes256', label = 'bench'): readonly number[] {
  const options = { ...OPTIONS, label };
  const d =
    kind === 'aes256'
      ? cluster.execute(generateSymmetricKey, { keyType: 31, size: 32, options }, session)
      : cluster.execute(generateKeyPair, { request: kind === 'rsa2048' ? { type: 'rsa', modulusBits: 2048, publicExponent: 65537 } : { type: 'ec', curveId: 2 }, options }, session);
  if (!d.result) throw new Error(`bench: ${kind} key not made: ${JSON.stringify(d.outcomes)}`);
  return d.result.handles;
}

function appendInBatches(cluster: Cluster, count: number, make: (i: number, nextHandle: number) => Event[]): void {
  for (let done = 0; done < count; ) {
    const n = Math.min(BATCH, count - done);
    cluster.control((state) => {
      const events: Event[] = [];
      let handle = state.nextKeyHandle;
      for (let i = 0; i < n; i++) {
        const made = make(done + i, handle);
        for (const e of made) if (e.type === 'KeysCreated') handle += e.keys.length;
        events.push(...made);
      }
      return events;
    });
    done += n;
  }
}

function keyOf(cluster: Cluster, handle: number): KeyObject {
  const key = cluster.state.nodes[0]!.partition?.keys[handle];
  if (!key) throw new Error(`bench: no key ${handle}`);
  return key;
}

/** A copy of an AES-256 key with fresh material under a new handle. */
function aesLike(cluster: Cluster, template: KeyObject, handle: number, label: string): KeyObject {
  const secret = cluster.env.randomBytes(32);
  return { ...template, handle, label, sharedWith: [], attrs: { ...template.attrs }, sealed: cluster.env.seal(secret), kcv: keyCheckValue(31, { secret }) };
}

/** `count` AES-256 token keys of the session's user, one KeysCreated event each (as genSymKey journals them). */
export function addAesKeys(cluster: Cluster, session: Session, count: number): void {
  const template = keyOf(cluster, makeKey(cluster, session, 'aes256')[0]!);
  appendInBatches(cluster, count - 1, (i, handle) => [{ type: 'KeysCreated', keys: [aesLike(cluster, template, handle, `bench-${i}`)], targets: MEMBERS }]);
}

/** `pairs` RSA-2048 key pairs (two handles each): a few generated, the rest copies of them re-sealed. */
export function addRsaPairs(cluster: Cluster, session: Session, pairs: number, distinct = 8): void {
  const made = Array.from({ length: Math.min(distinct, pairs) }, () => makeKey(cluster, session, 'rsa2048'));
  const templates = made.map(([pub, priv]) => [keyOf(cluster, pub!), keyOf(cluster, priv!)] as const);
  appendInBatches(cluster, pairs - made.length, (i, handle) => {
    const [pub, priv] = templates[i % templates.length]!;
    const keys: KeyObject[] = [
      { ...pub, handle, pair: handle + 1, sharedWith: [], attrs: { ...pub.attrs } },
      { ...priv, handle: handle + 1, pair: handle, sharedWith: [], attrs: { ...priv.attrs }, sealed: cluster.env.seal(cluster.env.unseal(priv.sealed!)) },
    ];
    return [{ type: 'KeysCreated', keys, targets: MEMBERS }];
  });
}

/**
 * A journal `events` long that ends with at most `live` keys: keys are created up to `live`, then each
 * further pair of events creates one and deletes one (a partition in use, not one that only grows).
 */
export function addChurn(cluster: Cluster, session: Session, events: number, live: number): void {
  const template = keyOf(cluster, makeKey(cluster, session, 'aes256')[0]!);
  const creates = Math.min(live - 1, events);
  appendInBatches(cluster, creates, (i, handle) => [{ type: 'KeysCreated', keys: [aesLike(cluster, template, handle, `live-${i}`)], targets: MEMBERS }]);
  appendInBatches(cluster, Math.floor((events - creates) / 2), (i, handle) => [
    { type: 'KeysCreated', keys: [aesLike(cluster, template, handle, `churn-${i}`)], targets: MEMBERS },
    { type: 'KeyDeleted', handle, targets: MEMBERS },
  ]);
}
