// The file wrapKey writes when -noheader is not given: a header with the key's template (so unWrapKey
// can re-create the object without -l/-kc/-kt), then the wrapped bytes. The real CloudHSM header format
// is not public; this one is the emulator's own, read only by its own unWrapKey.
import { CryptoInputError } from './keys.ts';

const MAGIC = Buffer.from('AZEMUWRP', 'ascii');

export interface WrapTemplate {
  readonly mechanism: number;
  readonly keyClass: 3 | 4;
  readonly keyType: number;
  readonly label: string;
  readonly id: string;
  readonly hashType?: number;
  /** AES_GCM's IV, which mechanism 10 does not carry in the wrapped bytes. */
  readonly iv?: string;
}

export function withHeader(template: WrapTemplate, wrapped: Buffer): Buffer {
  const json = Buffer.from(JSON.stringify(template), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(json.length);
  return Buffer.concat([MAGIC, length, json, wrapped]);
}

export function hasHeader(file: Buffer): boolean {
  return file.length > MAGIC.length + 4 && file.subarray(0, MAGIC.length).equals(MAGIC);
}

export function readHeader(file: Buffer): { template: WrapTemplate; wrapped: Buffer } {
  if (!hasHeader(file)) throw new CryptoInputError('the file has no key header (wrapped with -noheader? then give -noheader -l -kc -kt)');
  const length = file.readUInt32BE(MAGIC.length);
  const start = MAGIC.length + 4;
  try {
    const template = JSON.parse(file.subarray(start, start + length).toString('utf8')) as WrapTemplate;
    return { template, wrapped: file.subarray(start + length) };
  } catch {
    throw new CryptoInputError('the key header is damaged');
  }
}
