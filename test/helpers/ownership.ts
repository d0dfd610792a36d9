// The onboarding guide's STEP 11, as a reusable fixture: a home whose partition is claimed and activated.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { mgmt, openssl, run, tempHome } from './tools.ts';

export const STEP11_FIRST = ['getClusterInfo', 'server 0', 'getCertReq ../cert/P1.csr', 'exit', 'quit'];
export const STEP11_SECOND = [
  'server 0',
  'loginHSM PRECO admin tenantadmin',
  'storeCert ../cert/PO.crt 4',
  'storeCert ../cert/POAC.crt 8',
  'loginHSM PRECO admin tenantadmin',
  'changePswd PRECO admin adminpassword',
  'y',
  'logoutHSM',
  'loginHSM CO admin adminpassword',
  'exit',
  'quit',
];

export function makeOwnerCertificates(certDir: string, keyFile = 'PO.key', certFile = 'PO.crt'): void {
  const made = openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-x509', '-days', '365', '-out', certFile, '-subj', '/C=US/O=Contoso/CN=Partition Owner'], certDir);
  if (made.status !== 0) throw new Error(`openssl req failed: ${made.stderr}`);
}

export function signPartitionCsr(certDir: string, caCert = 'PO.crt', caKey = 'PO.key', out = 'POAC.crt'): void {
  const signed = openssl(['x509', '-days', '365', '-req', '-in', 'P1.csr', '-CA', caCert, '-CAkey', caKey, '-set_serial', '01', '-out', out], certDir);
  if (signed.status !== 0) throw new Error(`openssl x509 failed: ${signed.stderr}`);
}

/** STEP 11 up to the claim: PO.crt and POAC.crt stored, the PRECO not promoted yet (the cluster not activated). */
export const STEP11_CLAIM = STEP11_SECOND.slice(0, STEP11_SECOND.indexOf('storeCert ../cert/POAC.crt 8') + 1);

/** A home whose partition is claimed (PO and POAC stored) but whose PRECO is not yet promoted. */
export function claimedHome(): string {
  const home = tempHome();
  run('azcloudhsm_emu', ['init'], { home });
  mgmt(home, STEP11_FIRST);
  const cert = join(home, 'cert');
  if (!existsSync(join(cert, 'P1.csr'))) throw new Error('getCertReq wrote no CSR');
  makeOwnerCertificates(cert);
  signPartitionCsr(cert);
  mgmt(home, [...STEP11_CLAIM, 'exit', 'quit']);
  return home;
}

/** A home taken through STEP 11 (claimed, PRECO promoted, cluster activated) plus cu1 created. */
export function ownedHome(options: { withCu1?: boolean } = {}): string {
  const home = claimedHome();
  mgmt(home, ['server 0', ...STEP11_SECOND.slice(STEP11_CLAIM.length)]);
  if (options.withCu1) mgmt(home, ['loginHSM CO admin adminpassword', 'createUser CU cu1 user1234', 'y', 'quit']);
  return home;
}
