// Who the crypto user is on a node and which keys they may use: token keys of the node they own, that
// are shared with them, or that are public, and the session keys of their application session.
import { CryptoInputError, type ParsedPrivateKey, type ParsedPublicKey, parsePrivateKey, parsePublicKey } from '../crypto/keys.ts';
import type { Env } from '../crypto/env.ts';
import type { ErrorCode } from '../domain/return-codes.ts';
import { KeyType } from '../domain/key-types.ts';
import { canUse, type KeyObject, type Partition } from '../model.ts';
import { fail, loginOn, refuse } from './fan-out.ts';
import type { DecideContext, Refused, Session } from './operation.ts';

/** The logged-in crypto user's id on this node, or the HSM's refusal. */
export function cryptoUserOn(session: Session, server: number, p: Partition): number | ErrorCode {
  const login = loginOn(session, server, p);
  if (!login) return 'NOT_LOGGED_IN';
  if (login.type !== 'CU') return 'NOT_AUTHORIZED';
  return login.userIdOn[server]!;
}

/**
 * The one rule for every way a key comes to be shared (genSymKey / gen*KeyPair / import / unWrapKey -u,
 * mgmt_util shareKey): each id names another crypto user that exists on this node. Ids are never
 * reused, so a key shared with a user stays out of reach of anyone created later.
 */
export function sharingRefusal(server: number, p: Partition, ownerId: number, userIds: readonly number[]): Refused | undefined {
  for (const id of userIds) {
    const u = p.users.find((x) => x.id === id);
    if (!u || u.type !== 'CU' || id === ownerId) return refuse(server, 'INVALID_INPUT', `user ${id} is not another crypto user`);
  }
  return undefined;
}

/** A token key of this node or a session key of this session. */
export function lookupKey(p: Partition, session: Session, handle: number): KeyObject | undefined {
  return p.keys[handle] ?? session.sessionKeys?.[handle];
}

export function isSessionKey(session: Session, key: KeyObject): boolean {
  return session.sessionKeys?.[key.handle] === key;
}

/** Keys a user sees on a node: token keys they can use, then this session's keys. */
export function visibleKeys(p: Partition, session: Session, userId: number): KeyObject[] {
  const token = Object.values(p.keys).filter((k) => canUse(k, userId));
  return [...token, ...Object.values(session.sessionKeys ?? {})];
}

export type KeyCheck = { readonly key: KeyObject; readonly userId: number } | { readonly refused: Refused };

/** A key the crypto user may use; `owner` demands ownership (delete, export, share, wrap). */
export function usableKey(p: Partition, session: Session, server: number, handle: number, owner = false): KeyCheck {
  const userId = cryptoUserOn(session, server, p);
  if (typeof userId !== 'number') return { refused: fail(server, userId) };
  const key = lookupKey(p, session, handle);
  if (!key || !canUse(key, userId)) return { refused: fail(server, 'INVALID_HANDLE') };
  if (owner && key.owner !== userId) return { refused: fail(server, 'KEY_ACCESS_DENIED') };
  return { key, userId };
}

export function unsealSecret(env: Pick<Env, 'unseal'>, key: KeyObject): Buffer {
  if (!key.sealed) throw new CryptoInputError(`key ${key.handle} has no secret material`);
  return env.unseal(key.sealed);
}

export function spkiOf(key: KeyObject): Buffer {
  if (!key.spki) throw new CryptoInputError(`key ${key.handle} is not an asymmetric key`);
  return Buffer.from(key.spki, 'base64');
}

/** A private key parsed for signing: from the run's key cache when it has one. */
export function privateKeyOf(ctx: DecideContext, key: KeyObject): ParsedPrivateKey {
  const parse = () => parsePrivateKey(unsealSecret(ctx.env, key));
  const cache = ctx.options.keyCache;
  return cache && key.sealed ? cache.privateKey(key.handle, key.sealed, parse) : parse();
}

/** A public key parsed for verifying: from the run's key cache when it has one. */
export function publicKeyOf(ctx: DecideContext, key: KeyObject): ParsedPublicKey {
  const parse = () => parsePublicKey(spkiOf(key));
  const cache = ctx.options.keyCache;
  return cache && key.spki ? cache.publicKey(key.handle, key.spki, parse) : parse();
}

export const isAesSecret = (k: KeyObject): boolean => k.keyType === KeyType.AES && k.keyClass === 4;
