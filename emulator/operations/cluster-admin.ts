// Decisions of the emulator's own control (azcloudhsm_emu), not of a tool command: creating the cluster
// and node faults. Faults are events too, so a replay of the journal reproduces them.
import type { Env } from '../crypto/env.ts';
import type { KeyPairDer } from '../crypto/keys.ts';
import { hashPassword } from '../crypto/passwords.ts';
import type { Event } from '../events.ts';
import { type ClusterState, SERVERS, type User } from '../model.ts';

/** The factory credentials of a fresh Azure Cloud HSM partition. */
export const DEFAULT_PRECO = { name: 'admin', password: 'tenantadmin' } as const;
/** The appliance user the service keeps for itself (its Azure name is not public; AWS calls it app_user). */
export const APPLIANCE_USER = 'app_user';

export const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

export function randomWord(env: Env, length: number, alphabet: string): string {
  return [...env.randomBytes(length)].map((b) => alphabet[b % alphabet.length]).join('');
}

/** The partition's own key pair, made before the write lock is taken (RSA generation is slow). */
export function preparePartitionKey(env: Env): KeyPairDer {
  return env.generateKeyPair({ type: 'rsa', modulusBits: 2048, publicExponent: 65537 });
}

/** The HSMs and their partitions; `domainLabel` names them (a deployed resource's, or a made-up one). */
export function createCluster(state: ClusterState, env: Env, partitionKey: KeyPairDer, domainLabel?: string): Event[] {
  if (state.identity) return [];
  const users: User[] = [
    { id: 1, type: 'PRECO', name: DEFAULT_PRECO.name, password: hashPassword(env, DEFAULT_PRECO.password), loginFailures: 0 },
    { id: 2, type: 'AU', name: APPLIANCE_USER, password: hashPassword(env, env.randomBytes(24).toString('base64')), loginFailures: 0 },
  ];
  return [
    {
      type: 'ClusterCreated',
      identity: {
        resourceName: domainLabel ?? `emulatedhsm-${randomWord(env, 16, ALNUM)}`,
        hsmSerials: SERVERS.map(() => `5.3G2035-ICM${randomWord(env, 6, '0123456789')}`),
      },
      serial: env.randomBytes(15).toString('hex').toUpperCase(),
      partitionKey: { spki: partitionKey.spki.toString('base64'), sealedPkcs8: env.seal(partitionKey.pkcs8) },
      users,
      // Nodes 1 and 2 receive the partition when the cluster is activated (restored from node 0).
      targets: [...SERVERS],
    },
  ];
}

export function nodeFault(state: ClusterState, server: number, up: boolean): Event[] {
  const node = state.nodes[server];
  if (!node || node.up === up) return [];
  return [up ? { type: 'NodeUp', server } : { type: 'NodeDown', server }];
}

/**
 * The emulator's own setting: how many key handles a partition holds (Azure: 3,200). Tests and the
 * benchmark raise it to measure scale; it is journaled so every process sharing the cluster agrees.
 */
export function setKeyCapacity(state: ClusterState, keyCapacity: number): Event[] {
  if (!Number.isSafeInteger(keyCapacity) || keyCapacity < 1) throw new RangeError('the capacity is a whole number of key handles, at least 1');
  return state.keyCapacity === keyCapacity ? [] : [{ type: 'KeyCapacitySet', keyCapacity }];
}
