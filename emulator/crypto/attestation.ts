// Attestation (-attest): the HSM signs its response with the partition's key, and the tool checks the
// signature against the partition's certificate before it prints `Attestation Check : [PASS]` (or
// [FAIL]). The vendor source does this with the certificate it reads back from the partition
// (verifyAttestation: SHA-256 over the response, an RSA-2048 signature). The firmware's response layout
// is not public: the emulator's response is its own (the JSON of what was made or read, see
// operations/attestation.ts); only the signature scheme follows the source.
import { verify, X509Certificate } from 'node:crypto';

export interface Attestation {
  /** What the HSM answered, as it signed it. */
  readonly response: Uint8Array;
  /** RSA PKCS#1 v1.5 over SHA-256 of the response, by the partition's key. */
  readonly signature: Uint8Array;
}

/** Whether the partition whose certificate this is signed the response. A certificate that does not parse fails. */
export function checkAttestation(attestation: Attestation, certificatePem: string): boolean {
  try {
    const key = new X509Certificate(certificatePem).publicKey;
    return verify('sha256', attestation.response, key, attestation.signature);
  } catch {
    return false;
  }
}
