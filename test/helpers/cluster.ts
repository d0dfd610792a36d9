// A cluster on a scratch journal, driven in-process (no terminal): for tests of decide/evolve/journal.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Cluster } from '../../emulator/cluster.ts';
import { systemEnv } from '../../emulator/crypto/env.ts';
import { makePartitionCsr } from '../../emulator/crypto/certificates.ts';
import { storeCertificate } from '../../emulator/operations/certificates.ts';
import type { Decision, Login, ScopeRef, Session } from '../../emulator/operations/operation.ts';
import { partitionPrivateKeyDer, partitionPublicKeyDer } from '../../emulator/operations/partition-key.ts';
import { changePassword, login } from '../../emulator/operations/users.ts';
import { openssl, tempHome } from './tools.ts';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';

export function scratchCluster(): { cluster: Cluster; dir: string; masterKey: Buffer } {
  const dir = tempHome('azhsm-core-');
  const masterKey = randomBytes(32);
  const cluster = Cluster.open(join(dir, 'journal.db'), systemEnv(masterKey));
  cluster.ensureCreated();
  return { cluster, dir, masterKey };
}

export function reopen(dir: string, masterKey: Buffer): Cluster {
  return Cluster.open(join(dir, 'journal.db'), systemEnv(masterKey));
}

/**
 * A cluster taken through STEP 11 once, closed, and copied for each use: a fresh activated cluster
 * without running openssl again (copy() is what a property test calls for every run).
 */
export function activatedTemplate(): { copy(): { cluster: Cluster; dir: string; masterKey: Buffer } } {
  const { cluster, dir, masterKey } = scratchCluster();
  activate(cluster, dir);
  cluster.close();
  return {
    copy() {
      const to = tempHome('azhsm-core-copy-');
      cpSync(join(dir, 'journal.db'), join(to, 'journal.db'));
      return { cluster: reopen(to, masterKey), dir: to, masterKey };
    },
  };
}

export function session(connected: readonly number[], login?: Login, scope: ScopeRef = { kind: 'global' }): Session {
  return { scope, connected, ...(login ? { login } : {}) };
}

/**
 * Claims the partition and promotes the PRECO (STEP 11) in-process, with openssl making the PO and
 * signing the POAC (unless `dir` holds them already: a partition with the same key takes the same ones).
 */
export function activate(cluster: Cluster, dir: string): void {
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
  expectOk(cluster.execute(changePassword, { type: 'PRECO', name: 'admin', password: 'adminpassword' }, session([0], preco, s0)));
}

export function expectOk<N, R>(d: Decision<N, R>): Decision<N, R> {
  const bad = d.outcomes.filter((o) => o.code !== 'SUCCESS');
  if (bad.length > 0) throw new Error(`unexpected failures: ${JSON.stringify(bad)}`);
  return d;
}

export function loginCO(cluster: Cluster, connected: readonly number[] = [0, 1, 2]): Login {
  return expectOk(cluster.execute(login, { type: 'CO', name: 'admin', password: 'adminpassword' }, session(connected))).login!;
}

export function userNames(cluster: Cluster, server: number): string[] {
  return (cluster.state.nodes[server]!.partition?.users ?? []).map((u) => u.name).sort();
}
