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

export function verifyPassword(stored: PasswordHash, password: string): boolean {
  const expected = Buffer.from(stored.hash, 'base64');
  const actual = pbkdf2Sync(password, Buffer.from(stored.salt, 'base64'), stored.iterations, expected.length, 'sha256');
  return timingSafeEqual(expected, actual);
}

/**
 * Checks one typed password against the hashes of several nodes. Nodes in step hold the same hash, so a
 * login on three nodes costs one PBKDF2; the answers live only as long as this checker (one command).
 */
export function passwordChecker(password: string): (stored: PasswordHash) => boolean {
  const answers = new Map<string, boolean>();
  return (stored) => {
    const key = `${stored.salt}:${stored.hash}:${stored.iterations}`;
    let ok = answers.get(key);
    if (ok === undefined) {
      ok = verifyPassword(stored, password);
      answers.set(key, ok);
    }
    return ok;
  };
}
