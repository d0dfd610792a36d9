// Certificate types of a partition (getCert, storeCert).
import { codeTable } from './code-table.ts';

export const certTypes = codeTable('certType', 'certificate types', [
  { code: 1, name: 'MARC', meaning: 'manufacturer authentication root certificate' },
  { code: 2, name: 'MAC', meaning: 'HSM certificate signed by the manufacturer' },
  { code: 4, name: 'POTAC', meaning: 'partition owner trust anchor (PO.crt)' },
  { code: 8, name: 'POAC', meaning: 'partition certificate issued by the PO (POAC.crt)' },
  { code: 16, name: 'PAC', meaning: 'partition certificate issued by the HSM' },
  { code: 32, name: 'AOTAC', meaning: 'adapter owner trust anchor' },
  { code: 64, name: 'AOAC', meaning: 'adapter owner authentication certificate' },
]);
