// The benchmark writes large partitions and long journals straight through the cluster API: what it
// writes must be a journal like any other (checksummed, gap-free, replaying to the same nodes) whose
// copied keys work as real keys.
import { createPublicKey, verify } from 'node:crypto';
import { join } from 'node:path';
import test from 'ava';
import { Journal } from '../emulator/journal.ts';
import { signMessage } from '../emulator/operations/key-crypto.ts';
import { createUser } from '../emulator/operations/users.ts';
import { addAesKeys, addChurn, addRsaPairs, cryptoUserSession } from '../src/bench/partition.ts';
import { activatedTemplate, expectOk, loginCO, reopen, session } from './helpers/cluster.ts';

test('keys, key pairs and churn written in batches: fsck clean, the same state after reopening, copied keys sign', (t) => {
  const { cluster, dir, masterKey } = activatedTemplate().copy();
  expectOk(cluster.execute(createUser, { type: 'CU', name: 'cu1', password: 'user1234' }, session([0, 1, 2], loginCO(cluster))));
  cluster.setKeyCapacity(100_000);
  const cu = cryptoUserSession(cluster);
  const before = cluster.journal.head();
  addAesKeys(cluster, cu, 6000);
  addRsaPairs(cluster, cu, 20, 2);
  const p = cluster.state.nodes[2]!.partition!;
  t.is(p.keyCount, 6000 + 40);
  t.is(Object.keys(p.keys).length, p.keyCount);
  addChurn(cluster, cu, 3000, 1000);
  t.is(cluster.state.nodes[0]!.partition!.keyCount, 6040 + 1000, 'churn keeps at most the live keys it was given');
  t.true(cluster.journal.head() - before >= 6000 + 20 + 3000);
  t.deepEqual(Journal.inspect(join(dir, 'journal.db')).problems, []);
  const again = reopen(dir, masterKey);
  t.is(JSON.stringify(again.state), JSON.stringify(cluster.state));
  again.close();

  // A copied private key (not one the operation made) signs, and its public half verifies it.
  const copies = Object.values(p.keys).filter((k) => k.keyType === 0 && k.keyClass === 3);
  const copy = copies.at(-1)!;
  const message = Buffer.from('benchmark');
  const signature = expectOk(cluster.execute(signMessage, { handle: copy.handle, mechanism: 1, message }, cu)).result!.signature;
  const spki = createPublicKey({ key: Buffer.from(p.keys[copy.pair!]!.spki!, 'base64'), format: 'der', type: 'spki' });
  t.true(verify('sha256', message, spki, signature));
});
