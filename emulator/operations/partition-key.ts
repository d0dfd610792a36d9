// Using the partition's own key pair (made at cluster creation, sealed under the master key).
import { createPrivateKey, sign } from 'node:crypto';
import type { Env } from '../crypto/env.ts';
import type { Partition } from '../model.ts';

export function partitionPrivateKeyDer(env: Pick<Env, 'unseal'>, p: Partition): Buffer {
  return env.unseal(p.partitionKey.sealedPkcs8);
}

export function partitionPublicKeyDer(p: Partition): Buffer {
  return Buffer.from(p.partitionKey.spki, 'base64');
}

export function signWithPartitionKey(env: Pick<Env, 'unseal'>, p: Partition, data: Uint8Array): Buffer {
  const key = createPrivateKey({ key: partitionPrivateKeyDer(env, p), format: 'der', type: 'pkcs8' });
  return sign('sha256', data, key);
}
