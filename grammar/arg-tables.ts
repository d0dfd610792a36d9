// The parts of the domain's code tables (emulator/domain) that one command's argument takes: createUser
// makes only COs and CUs, storeCert stores only PO and POAC certificates, and so on. Parser validation,
// `-h` help and completion candidates read these; the full tables live in the domain.
import { codeTable } from '../emulator/domain/code-table.ts';

/** Types createUser accepts. */
export const creatableUserTypes = codeTable('creatableUserType', 'user types createUser takes', [
  { code: 'CO', name: 'CO', meaning: 'crypto officer' },
  { code: 'CU', name: 'CU', meaning: 'crypto user' },
]);

/** The certificate types storeCert takes on Azure. */
export const storableCertTypes = codeTable('storableCertType', 'certificate types storeCert takes', [
  { code: 4, name: 'POTAC', meaning: 'partition owner trust anchor (PO.crt)' },
  { code: 8, name: 'POAC', meaning: 'partition certificate issued by the PO (POAC.crt)' },
]);

/** genSymKey and imSymKey. */
export const symmetricKeyTypes = codeTable('symKeyType', 'symmetric key types', [
  { code: 16, name: 'GENERIC_SECRET' },
  { code: 18, name: 'RC4' },
  { code: 21, name: 'DES3' },
  { code: 31, name: 'AES' },
]);

export const unwrapKeyClasses = codeTable('unwrapKeyClass', 'key classes unWrapKey takes', [
  { code: 3, name: 'private', meaning: 'private key' },
  { code: 4, name: 'secret', meaning: 'symmetric key' },
]);

/** exSymKey and exportPrivateKey take only mechanism 4. */
export const exportWrapMechanisms = codeTable('exportWrapMech', 'wrapping mechanisms for export', [
  { code: 4, name: 'NIST_AES_WRAP', meaning: 'AES key wrap, PKCS#5 padded' },
]);
