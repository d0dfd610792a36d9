// STEP 11 in-process, for the proof tools (chaos, reliability) and the tests: claims the partition and
// promotes the PRECO, with the openssl CLI making the PO certificate and signing the partition's CSR
// (unless `dir` holds them already: a partition with the same key takes the same ones).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Cluster } from '../../emulator/cluster.ts';
import { makePartitionCsr } from '../../emulator/crypto/certificates.ts';
import { storeCertificate } from '../../emulator/operations/certificates.ts';
import type { Decision, Login, ScopeRef, Session } from '../../emulator/operations/operation.ts';
import { partitionPrivateKeyDer, partitionPublicKeyDer } from '../../emulator/operations/partition-key.ts';
import { changePassword, login, logout } from '../../emulator/operations/users.ts';

export function session(connected: readonly number[], as?: Login, scope: ScopeRef = { kind: 'global' }): Session {
  return { scope, connected, ...(as ? { login: as } : {}) };
}

export function expectOk<N, R>(d: Decision<N, R>): Decision<N, R> {
  const bad = d.outcomes.filter((o) => o.code !== 'SUCCESS');
  if (bad.length > 0) throw new Error(`unexpected failures: ${JSON.stringify(bad)}`);
  return d;
}

function openssl(args: readonly string[], cwd: string): void {
  const r = spawnSync('openssl', args, { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`openssl ${args[0]} failed: ${r.error?.message ?? r.stderr}`);
}

/** STEP 11 up to the claim: PO.crt and POAC.crt stored, the PRECO not promoted (logged out again). */
export function claim(cluster: Cluster, dir: string): void {
  const preco = claimAs(cluster, dir);
  cluster.execute(logout, {}, session([0], preco, { kind: 'server', server: 0 }));
}

function claimAs(cluster: Cluster, dir: string): Login {
  if (!existsSync(join(dir, 'POAC.crt'))) {
    const p0 = cluster.state.nodes[0]!.partition!;
    writeFileSync(join(dir, 'P1.csr'), makePartitionCsr(p0.serial, partitionPublicKeyDer(p0), partitionPrivateKeyDer(cluster.env, p0)));
    openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'PO.key', '-x509', '-days', '30', '-out', 'PO.crt', '-subj', '/CN=PO'], dir);
    openssl(['x509', '-days', '30', '-req', '-in', 'P1.csr', '-CA', 'PO.crt', '-CAkey', 'PO.key', '-set_serial', '01', '-out', 'POAC.crt'], dir);
  }
  const s0: ScopeRef = { kind: 'server', server: 0 };
  const preco = expectOk(cluster.execute(login, { type: 'PRECO', name: 'admin', password: 'tenantadmin' }, session([0], undefined, s0))).login!;
  expectOk(cluster.execute(storeCertificate, { certType: 4, certificate: readFileSync(join(dir, 'PO.crt')) }, session([0], preco, s0)));
  expectOk(cluster.execute(storeCertificate, { certType: 8, certificate: readFileSync(join(dir, 'POAC.crt')) }, session([0], preco, s0)));
  return preco;
}

export function activate(cluster: Cluster, dir: string): void {
  const s0: ScopeRef = { kind: 'server', server: 0 };
  const preco = claimAs(cluster, dir);
  expectOk(cluster.execute(changePassword, { type: 'PRECO', name: 'admin', password: 'adminpassword' }, session([0], preco, s0)));
}
