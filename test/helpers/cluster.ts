// A cluster on a scratch journal, driven in-process (no terminal): for tests of decide/evolve/journal.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Cluster } from '../../emulator/cluster.ts';
import { systemEnv } from '../../emulator/crypto/env.ts';
import type { Login } from '../../emulator/operations/operation.ts';
import { login } from '../../emulator/operations/users.ts';
import { activate, expectOk, session } from '../../src/proof/activate.ts';
import { tempHome } from './tools.ts';
import { cpSync } from 'node:fs';

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

export { activate, expectOk, session };

export function loginCO(cluster: Cluster, connected: readonly number[] = [0, 1, 2]): Login {
  return expectOk(cluster.execute(login, { type: 'CO', name: 'admin', password: 'adminpassword' }, session(connected))).login!;
}

export function userNames(cluster: Cluster, server: number): string[] {
  return (cluster.state.nodes[server]!.partition?.users ?? []).map((u) => u.name).sort();
}
