// Whether an SDK layout's PO.crt is the partition owner certificate the partition was claimed with: the
// tools check it before they talk end-to-end encrypted to a claimed partition (mgmt_util's
// "Certificate ERROR: [ certificate signature failure ]", the client's SSL_shutdown).
import { X509Certificate } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readInput } from './files.ts';

export type OwnerCertCheck = 'missing' | 'match' | 'mismatch' | 'unclaimed';

/** `storedPem`: the PO certificate the partition holds, undefined before one is stored. */
export function checkOwnerCert(ownerCertPath: string, storedPem: string | undefined): OwnerCertCheck {
  if (!existsSync(ownerCertPath)) return 'missing';
  if (!storedPem) return 'unclaimed';
  try {
    const read = readInput(ownerCertPath);
    if (!('bytes' in read)) return 'mismatch';
    const local = new X509Certificate(read.bytes);
    return local.fingerprint256 === new X509Certificate(storedPem).fingerprint256 ? 'match' : 'mismatch';
  } catch {
    return 'mismatch';
  }
}

/**
 * Why a partition refuses an end-to-end session to a tool with this PO.crt: one not the stored PO
 * certificate, or none at all once the partition is claimed. Undefined when it does not refuse.
 */
export function ownerCertRefusal(ownerCertPath: string, certs: { readonly po?: string; readonly poac?: string }): 'missing' | 'mismatch' | undefined {
  const check = checkOwnerCert(ownerCertPath, certs.po);
  if (check === 'mismatch') return 'mismatch';
  return check === 'missing' && certs.poac !== undefined ? 'missing' : undefined;
}
