// Passwords are kept only as salted PBKDF2-HMAC-SHA256 hashes (the HSM's own scheme is PBKDF too).
import { pbkdf2Sync, timingSafeEqual } from 'node:crypto';
import type { PasswordHash } from '../model.ts';
import type { Env } from './env.ts';

export const PBKDF2_ITERATIONS = 20_000;

export function hashPassword(env: Pick<Env, 'randomBytes'>, password: string): PasswordHash {
  const salt = env.randomBytes(16);
  const hash = pbkdf2Sync(password, salt, PBKDF2_ITERATIONS, 32, 'sha256');
  return { salt: salt.toString('base64'), hash: hash.toString('base64'), iterations: PBKDF2_ITERATIONS };
}

// Nodes usually hold the same hash: remember recent results so a login on three nodes costs one PBKDF2.
const recent = new Map<string, boolean>();

export function verifyPassword(stored: PasswordHash, password: string): boolean {
  const memoKey = `${stored.salt}:${stored.hash}:${stored.iterations}:${password}`;
  const known = recent.get(memoKey);
  if (known !== undefined) return known;
  const expected = Buffer.from(stored.hash, 'base64');
  const actual = pbkdf2Sync(password, Buffer.from(stored.salt, 'base64'), stored.iterations, expected.length, 'sha256');
  const ok = timingSafeEqual(expected, actual);
  if (recent.size > 64) recent.clear();
  recent.set(memoKey, ok);
  return ok;
}
