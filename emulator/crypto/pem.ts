// PEM files as the tools read and write them: exportPubKey/importPubKey, exportPrivateKey/
// importPrivateKey and createPublicKey. Any private key format openssl writes unencrypted is read and
// normalised to PKCS#8 DER. Fake PEMs (key handles dressed as private keys, see fake-pem.ts) are
// recognised here too, because importPrivateKey must refuse them.
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { CryptoInputError, describePublicKey, type PublicKeyInfo } from './keys.ts';
import { asn1Ecc, asn1Pkcs8, asn1Rsa, asn1Schema } from './asn1.ts';

// createPublicKey's modulus form lives with the other key code; importers may take it from either module.
export { rsaPublicKeyFromModulus } from './keys.ts';

// ---- armour ------------------------------------------------------------------------------------

export interface PemBlock {
  readonly label: string;
  /** RFC 1421 headers such as Proc-Type and DEK-Info (traditional encrypted keys). */
  readonly headers: ReadonlyMap<string, string>;
  readonly der: Buffer;
}

export function derToPem(label: string, der: Uint8Array): string {
  const lines = Buffer.from(der).toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** Every BEGIN/END block in the text, in order. Text outside blocks is ignored, as openssl does. */
export function readPemBlocks(text: string | Buffer): PemBlock[] {
  const s = typeof text === 'string' ? text : text.toString('latin1');
  const blocks: PemBlock[] = [];
  for (const m of s.matchAll(/-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)-----END \1-----/g)) {
    const headers = new Map<string, string>();
    let body = '';
    for (const line of m[2]!.split(/\r?\n/)) {
      const header = /^([A-Za-z-]+):\s*(.*)$/.exec(line);
      if (header) headers.set(header[1]!, header[2]!);
      else body += line.trim();
    }
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body)) throw new CryptoInputError(`Malformed PEM block ${m[1]}`);
    blocks.push({ label: m[1]!, headers, der: Buffer.from(body, 'base64') });
  }
  return blocks;
}

export function publicKeyToPem(spki: Buffer): string {
  return derToPem('PUBLIC KEY', spki);
}

export function privateKeyToPem(pkcs8: Buffer): string {
  return derToPem('PRIVATE KEY', pkcs8);
}

// ---- fake PEM markers --------------------------------------------------------------------------

/** CAV_SIG_HSM_KEY: the pattern a fake private value is filled with. */
export const FAKE_KEY_MARKER = 0xeefcfcea;
/** CAV_SIG_IMPORTED_KEY: also recognised by readers. */
export const IMPORTED_KEY_MARKER = 0xcafefeed;

/** Where the key handle sits inside the fake private value: RSA d bytes 8..15, EC scalar bytes 4..11. */
export const FAKE_HANDLE_OFFSET = { rsa: 8, ec: 4 } as const;

const RSA_OID = '1.2.840.113549.1.1.1';
const EC_OID = '1.2.840.10045.2.1';

/** An ASN.1 INTEGER's content without the sign padding (leading zero bytes). */
function unsignedBytes(b: ArrayBuffer | Uint8Array): Buffer {
  const buf = b instanceof Uint8Array ? Buffer.from(b.buffer, b.byteOffset, b.byteLength) : Buffer.from(b);
  let i = 0;
  while (i < buf.length - 1 && buf[i] === 0) i++;
  return buf.subarray(i);
}

function handleAt(value: Buffer, offset: number): number | undefined {
  if (value.length < offset + 8) return undefined;
  const marker = value.readUInt32LE(0);
  if (marker !== FAKE_KEY_MARKER && marker !== IMPORTED_KEY_MARKER) return undefined;
  return Number(value.readBigUInt64LE(offset));
}

/**
 * The key handle a fake PEM block stands for, or undefined when the block is not one. The private
 * value (RSA d, EC scalar) starts with the marker in little-endian order, as the HSM writes it.
 */
export function fakeKeyHandleOf(block: PemBlock): number | undefined {
  try {
    const rsa = (der: ArrayBuffer | Buffer) =>
      handleAt(unsignedBytes(asn1Schema().AsnConvert.parse(der, asn1Rsa().RSAPrivateKey).privateExponent), FAKE_HANDLE_OFFSET.rsa);
    const ec = (der: ArrayBuffer | Buffer) =>
      handleAt(Buffer.from(asn1Schema().AsnConvert.parse(der, asn1Ecc().ECPrivateKey).privateKey.buffer), FAKE_HANDLE_OFFSET.ec);
    if (block.label === 'RSA PRIVATE KEY') return rsa(block.der);
    if (block.label === 'EC PRIVATE KEY') return ec(block.der);
    if (block.label === 'PRIVATE KEY') {
      const info = asn1Schema().AsnConvert.parse(block.der, asn1Pkcs8().PrivateKeyInfo);
      const inner = info.privateKey.buffer;
      if (info.privateKeyAlgorithm.algorithm === RSA_OID) return rsa(inner);
      if (info.privateKeyAlgorithm.algorithm === EC_OID) return ec(inner);
    }
  } catch {
    // Not parsable as that structure: not a fake PEM; the key loader reports the real problem.
  }
  return undefined;
}

// ---- reading keys ------------------------------------------------------------------------------

const PRIVATE_LABELS = new Set(['PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY', 'DSA PRIVATE KEY', 'ENCRYPTED PRIVATE KEY']);

/** The private key block of a PEM file (openssl ecparam -genkey puts an EC PARAMETERS block first). */
export function privateKeyBlock(text: string | Buffer): PemBlock {
  const block = readPemBlocks(text).find((b) => PRIVATE_LABELS.has(b.label));
  if (!block) throw new CryptoInputError('No PEM private key found');
  if (block.label === 'ENCRYPTED PRIVATE KEY' || (block.headers.get('Proc-Type') ?? '').includes('ENCRYPTED')) {
    throw new CryptoInputError('Encrypted private keys are not supported');
  }
  return block;
}

/** Loads an unencrypted private key block; openssl's decoders know every traditional format. */
export function loadPrivateKeyBlock(block: PemBlock): KeyObject {
  try {
    return createPrivateKey({ key: derToPem(block.label, block.der), format: 'pem' });
  } catch {
    throw new CryptoInputError('failed to read private key from file');
  }
}

export function parsePublicKeyPem(text: string | Buffer): { spki: Buffer; info: PublicKeyInfo } {
  const block = readPemBlocks(text).find((b) => b.label === 'PUBLIC KEY' || b.label === 'RSA PUBLIC KEY');
  if (!block) throw new CryptoInputError('No PEM public key found (expected PUBLIC KEY or RSA PUBLIC KEY)');
  let spki: Buffer;
  try {
    const type = block.label === 'PUBLIC KEY' ? 'spki' : 'pkcs1';
    spki = createPublicKey({ key: block.der, format: 'der', type }).export({ type: 'spki', format: 'der' });
  } catch {
    throw new CryptoInputError('Failed to read the public key');
  }
  return { spki, info: describePublicKey(spki) };
}

export function parsePrivateKeyPem(text: string | Buffer): { pkcs8: Buffer; spki: Buffer; info: PublicKeyInfo } {
  const block = privateKeyBlock(text);
  const handle = fakeKeyHandleOf(block);
  if (handle !== undefined) throw new CryptoInputError(`This key is already imported with handle ${handle}`);
  const key = loadPrivateKeyBlock(block);
  const spki = createPublicKey(key).export({ type: 'spki', format: 'der' });
  const info = describePublicKey(spki);
  return { pkcs8: key.export({ type: 'pkcs8', format: 'der' }), spki, info };
}
