// mgmt_util partition certificates: claiming the partition (getCertReq, storeCert) and reading certificates.
import { certTypes } from '../../emulator/domain/certificates.ts';
import { storableCertTypes } from '../arg-tables.ts';
import { arg, mgmt, SERVER_ONLY } from './define.ts';

export const getCertReq = mgmt({
  name: 'getCertReq',
  summary: 'Writes the partition certificate signing request',
  description: [
    "Writes the partition's PKCS#10 certificate signing request (PEM). Sign it with the PO key to make POAC.crt.",
  ],
  args: [arg('file', '<csr file>', { kind: 'file', mode: 'write' }, 'where to write the CSR, e.g. ../cert/P1.csr')],
  examples: ['getCertReq ../cert/P1.csr'],
  scopes: SERVER_ONLY,
  limitedMode: true,
});

export const storeCert = mgmt({
  name: 'storeCert',
  summary: 'Stores the PO or POAC certificate in the partition',
  description: [
    'Stores a certificate: type 4 is the self-signed partition owner certificate (PO.crt, once only),',
    'type 8 the partition certificate signed by that PO (POAC.crt). Storing type 8 claims the partition,',
    'enables E2E and logs you out. PRECO or CO.',
  ],
  args: [
    arg('file', '<cert file>', { kind: 'file', mode: 'read' }, 'PEM certificate file'),
    arg('certType', '<cert type>', { kind: 'code', table: storableCertTypes }, '4 = PO.crt, 8 = POAC.crt'),
  ],
  examples: ['storeCert ../cert/PO.crt 4', 'storeCert ../cert/POAC.crt 8'],
  scopes: SERVER_ONLY,
  limitedMode: true,
});

export const getCert = mgmt({
  name: 'getCert',
  summary: 'Reads a certificate stored in the partition',
  description: ['Writes a certificate stored in the partition to a file (PEM).'],
  args: [
    arg('file', '<cert file>', { kind: 'file', mode: 'write' }, 'where to write the certificate'),
    arg('certType', '<cert type>', { kind: 'code', table: certTypes }, '4 = PO, 8 = POAC, 16 = partition cert by HSM'),
  ],
  examples: ['getCert ../cert/stored-PO.crt 4'],
  scopes: SERVER_ONLY,
  limitedMode: true,
});
