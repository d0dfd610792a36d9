// Fake PEMs (getCaviumPrivKey, IsValidKeyHandlefile; reference 31-32): a private key file that holds
// no private key, only the HSM handle of one, so software that wants a key file (the OpenSSL engine)
// can name a key that never leaves the HSM. The public parts are real; the private value is a marker
// pattern with the handle written into it.
import { createPrivateKey } from 'node:crypto';
import { CryptoInputError, describePublicKey } from './keys.ts';
import {
  derToPem,
  FAKE_HANDLE_OFFSET,
  FAKE_KEY_MARKER,
  fakeKeyHandleOf,
  privateKeyBlock,
  readPemBlocks,
} from './pem.ts';
import { asn1Ecc, asn1Rsa, asn1Schema, asn1X509 } from './asn1.ts';

/** `size` bytes of the marker in little-endian order (EA FC FC EE ...), the handle at `offset` (64-bit LE). */
function markedValue(size: number, handle: number, offset: number): Buffer {
  const value = Buffer.alloc(size);
  for (let i = 0; i + 4 <= size; i += 4) value.writeUInt32LE(FAKE_KEY_MARKER, i);
  value.writeBigUInt64LE(BigInt(handle), offset);
  return value;
}

/** DER INTEGER content for an unsigned value: a zero byte in front when the top bit is set. */
function asnUnsigned(bytes: Uint8Array): ArrayBuffer {
  const padded = bytes.length > 0 && bytes[0]! < 0x80 ? Buffer.from(bytes) : Buffer.concat([Buffer.alloc(1), bytes]);
  return new Uint8Array(padded).buffer;
}

export function fakePrivateKeyPem(handle: number, spki: Buffer): string {
  if (!Number.isSafeInteger(handle) || handle < 0) throw new CryptoInputError(`Invalid key handle ${handle}`);
  const info = describePublicKey(spki);
  if (info.keyType === 0) {
    const zero = asnUnsigned(new Uint8Array(0));
    const key = new (asn1Rsa().RSAPrivateKey)({
      version: 0,
      modulus: asnUnsigned(info.modulus!),
      publicExponent: asnUnsigned(info.publicExponent!),
      privateExponent: asnUnsigned(markedValue(info.modulus!.length, handle, FAKE_HANDLE_OFFSET.rsa)),
      prime1: zero,
      prime2: zero,
      exponent1: zero,
      exponent2: zero,
      coefficient: zero,
    });
    return derToPem('RSA PRIVATE KEY', new Uint8Array(asn1Schema().AsnConvert.serialize(key)));
  }
  if (info.keyType === 3 && info.curveId !== undefined && info.curveId <= 24) {
    // The curve OID comes from the public key's own algorithm parameters.
    const params = asn1Schema().AsnConvert.parse(spki, asn1X509().SubjectPublicKeyInfo).algorithm.parameters;
    if (!params) throw new CryptoInputError('The EC public key names no curve');
    const namedCurve = asn1Schema().AsnConvert.parse(params, asn1Ecc().ECParameters).namedCurve;
    const size = Math.ceil(info.fieldBytes! / 8) * 8;
    const key = new (asn1Ecc().ECPrivateKey)({
      version: 1,
      privateKey: new (asn1Schema().OctetString)(markedValue(size, handle, FAKE_HANDLE_OFFSET.ec)),
      parameters: new (asn1Ecc().ECParameters)({ namedCurve }),
      publicKey: new Uint8Array(info.ecPoint!).buffer,
    });
    return derToPem('EC PRIVATE KEY', new Uint8Array(asn1Schema().AsnConvert.serialize(key)));
  }
  throw new CryptoInputError('Input key handle should be RSA/ECDSA private key handle', { printed: true });
}

export type KeyHandleFile = { kind: 'handle'; handle: number } | { kind: 'real' } | { kind: 'invalid'; reason: string };

/** What a private key file holds: a fake PEM's handle, a real key, or nothing usable. */
export function readKeyHandleFile(pem: string | Buffer): KeyHandleFile {
  try {
    if (readPemBlocks(pem).length === 0) return { kind: 'invalid', reason: 'not a PEM file' };
    const block = privateKeyBlock(pem);
    const handle = fakeKeyHandleOf(block);
    if (handle !== undefined) return { kind: 'handle', handle };
    createPrivateKey({ key: derToPem(block.label, block.der), format: 'pem' });
    return { kind: 'real' };
  } catch (e) {
    return { kind: 'invalid', reason: e instanceof CryptoInputError ? e.message : 'error in reading private key file' };
  }
}
