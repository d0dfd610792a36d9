// Parsed key objects, kept between commands by the client daemon: parsing a private key (unseal, then
// createPrivateKey, then describing its public half) costs as much as the RSA signature itself. Bounded
// (least recently used goes first) and in the daemon's memory only, as unsealed material always was.
// An entry names the sealed bytes (or public key) it was parsed from, so a key that changed under the
// same handle is parsed again; the daemon also forgets a handle when the journal deletes or changes that
// key, and forgets everything at a logout (forgetEvent, clear).
import type { Event } from '../events.ts';
import type { Sealed } from '../model.ts';
import type { ParsedPrivateKey, ParsedPublicKey } from './keys.ts';

interface Entry<T> {
  /** The sealed material or the public key (base64) it was parsed from. */
  readonly from: string;
  readonly parsed: T;
}

export const KEY_CACHE_CAPACITY = 4096;

export class ParsedKeyCache {
  private readonly privateKeys = new Map<number, Entry<ParsedPrivateKey>>();
  private readonly publicKeys = new Map<number, Entry<ParsedPublicKey>>();

  constructor(readonly capacity = KEY_CACHE_CAPACITY) {}

  privateKey(handle: number, sealed: Sealed, parse: () => ParsedPrivateKey): ParsedPrivateKey {
    // The IV and tag differ at every sealing: they name the sealed bytes.
    return this.lookup(this.privateKeys, handle, `${sealed.iv}.${sealed.tag}`, parse);
  }

  publicKey(handle: number, spki: string, parse: () => ParsedPublicKey): ParsedPublicKey {
    return this.lookup(this.publicKeys, handle, spki, parse);
  }

  private lookup<T>(map: Map<number, Entry<T>>, handle: number, from: string, parse: () => T): T {
    const entry = map.get(handle);
    if (entry) map.delete(handle);
    if (entry && entry.from === from) {
      map.set(handle, entry); // the most recently used goes last
      return entry.parsed;
    }
    const parsed = parse();
    map.set(handle, { from, parsed });
    if (map.size > this.capacity) map.delete(map.keys().next().value!);
    return parsed;
  }

  /** The handles held, private and public: what a test looks at. */
  handles(): number[] {
    return [...new Set([...this.privateKeys.keys(), ...this.publicKeys.keys()])].sort((a, b) => a - b);
  }

  forget(handle: number): void {
    this.privateKeys.delete(handle);
    this.publicKeys.delete(handle);
  }

  /** A journaled change of a key (deleted, an attribute, sharing, owner, made again) drops it. */
  forgetEvent(e: Event): void {
    if (e.type === 'KeysCreated') for (const k of e.keys) this.forget(k.handle);
    if (e.type === 'KeyDeleted' || e.type === 'KeyAttributeSet' || e.type === 'KeyShared' || e.type === 'KeyOwnerChanged') this.forget(e.handle);
  }

  clear(): void {
    this.privateKeys.clear();
    this.publicKeys.clear();
  }
}
