// Defect 5 of issue 8: user ids are cluster-wide and never reused, so a key shared with a user never goes
// to another; every way of sharing a key applies one rule.
import test from 'ava';
import type { Cluster } from '../emulator/cluster.ts';
import { generateKeyPair, generateSymmetricKey } from '../emulator/operations/key-generation.ts';
import { describeKeyOwnership } from '../emulator/operations/key-management.ts';
import { setKeyAttribute, shareKey } from '../emulator/operations/key-sharing.ts';
import { importKey, unwrapKey, wrapKey } from '../emulator/operations/key-transfer.ts';
import type { Login, Session } from '../emulator/operations/operation.ts';
import { copyUserToServer, createUser, deleteUser, login } from '../emulator/operations/users.ts';
import { activate, expectOk, loginCO, scratchCluster, session } from './helpers/cluster.ts';

const ALL = [0, 1, 2];
const options = (sharedWith: number[] = []) => ({ label: 'k', id: '', session: false, extractable: true, wrapWithTrusted: false, sharedWith, mValue: 0 });

function idOf(cluster: Cluster, server: number, name: string): number | undefined {
  return cluster.state.nodes[server]!.partition!.users.find((u) => u.name === name)?.id;
}

function utilSession(cluster: Cluster, name: string): Session {
  const l: Login = expectOk(cluster.execute(login, { type: 'CU', name, password: 'password1' }, { ...session(ALL), tool: 'util' })).login!;
  return { ...session(ALL, l), tool: 'util' };
}

function setup() {
  const { cluster, dir } = scratchCluster();
  activate(cluster, dir);
  const co = loginCO(cluster);
  for (const [type, name] of [['CU', 'cu1'], ['CU', 'cu2'], ['CO', 'co2']] as const) {
    expectOk(cluster.execute(createUser, { type, name, password: 'password1' }, session(ALL, co)));
  }
  return { cluster, co };
}

test('every way of sharing a key refuses ids that are not another existing crypto user, with the same words', (t) => {
  const { cluster, co } = setup();
  const cu1 = utilSession(cluster, 'cu1');
  const [cu1Id, cu2Id, co2Id] = ['cu1', 'cu2', 'co2'].map((n) => idOf(cluster, 0, n) ?? -1) as [number, number, number];
  // A user KEK for the import paths: extractable, trusted by the CO.
  const kek = expectOk(cluster.execute(generateSymmetricKey, { keyType: 31, size: 32, options: options() }, cu1)).result!.handles[0]!;
  expectOk(cluster.execute(setKeyAttribute, { handle: kek, attribute: 134, value: '1' }, session(ALL, co)));
  const secret = expectOk(cluster.execute(generateSymmetricKey, { keyType: 31, size: 16, options: options() }, cu1)).result!.handles[0]!;
  const wrapped = expectOk(cluster.execute(wrapKey, { handle: secret, wrappingHandle: kek, mechanism: 4, withHeader: true }, cu1)).result!.bytes;

  const paths: Record<string, (ids: number[]) => ReturnType<Cluster['execute']>> = {
    'genSymKey -u': (ids) => cluster.execute(generateSymmetricKey, { keyType: 31, size: 32, options: options(ids) }, cu1),
    'genECCKeyPair -u': (ids) => cluster.execute(generateKeyPair, { request: { type: 'ec', curveId: 2 }, options: options(ids) }, cu1),
    'imSymKey -u': (ids) => cluster.execute(importKey, { unwrappingHandle: kek, key: { keyType: 31, secret: Buffer.alloc(16, 7) }, options: options(ids) }, cu1),
    'unWrapKey -u': (ids) =>
      cluster.execute(unwrapKey, { wrapped, unwrappingHandle: kek, noHeader: false, traits: { session: false, extractable: true, wrapWithTrusted: false, sharedWith: ids, mValue: 0 } }, cu1),
    shareKey: (ids) => cluster.execute(shareKey, { handle: secret, userIds: ids, share: true }, cu1),
  };
  for (const [path, run] of Object.entries(paths)) {
    for (const [why, id] of [['no such user', 999], ['a crypto officer', co2Id], ['the owner', cu1Id]] as const) {
      const d = run([id]);
      t.deepEqual(
        d.outcomes.map((o) => [o.code, 'reason' in o ? o.reason : undefined]),
        ALL.map(() => ['INVALID_INPUT', { kind: 'note', text: `user ${id} is not another crypto user` }]),
        `${path} with ${why}`,
      );
      t.is(d.events.length, 0, `${path} with ${why} changes nothing`);
    }
    t.true(run([cu2Id]).outcomes.every((o) => o.code === 'SUCCESS'), `${path} with another crypto user`);
  }
});

test('ids are never reused: a key shared with a deleted user does not reach the next user created', (t) => {
  const { cluster, co } = setup();
  const cu1 = utilSession(cluster, 'cu1');
  const cu2Id = idOf(cluster, 0, 'cu2')!;
  const key = expectOk(cluster.execute(generateSymmetricKey, { keyType: 31, size: 32, options: options([cu2Id]) }, cu1)).result!.handles[0]!;
  expectOk(cluster.execute(deleteUser, { type: 'CU', name: 'cu2' }, session(ALL, co)));
  expectOk(cluster.execute(createUser, { type: 'CU', name: 'cu3', password: 'password1' }, session(ALL, co)));
  const cu3Id = idOf(cluster, 0, 'cu3')!;
  t.true(cu3Id > cu2Id, `cu3 is user ${cu3Id}, not the deleted cu2's ${cu2Id}`);
  for (const s of ALL) t.deepEqual(cluster.state.nodes[s]!.partition!.keys[key]!.sharedWith, [], `server ${s}: the key is shared with nobody now`);
  const seen = cluster.execute(describeKeyOwnership, { handle: key }, utilSession(cluster, 'cu3'));
  t.deepEqual(seen.outcomes.map((o) => o.code), ['INVALID_HANDLE', 'INVALID_HANDLE', 'INVALID_HANDLE'], 'cu3 cannot use the key');
});

test('every node names a user by the same id, after server-scope changes and syncUser too', (t) => {
  const { cluster, co } = setup();
  const s0 = session(ALL, co, { kind: 'server', server: 0 });
  expectOk(cluster.execute(createUser, { type: 'CU', name: 'solo', password: 'password1' }, s0));
  expectOk(cluster.execute(copyUserToServer, { userId: idOf(cluster, 0, 'solo')!, destination: 1 }, s0));
  // solo exists on servers 0 and 1 only; its key reaches every node, owned by solo's id.
  const soloLogin = cluster.execute(login, { type: 'CU', name: 'solo', password: 'password1' }, { ...session(ALL), tool: 'util' }).login!;
  t.deepEqual(soloLogin.servers, [0, 1]);
  expectOk(cluster.execute(generateSymmetricKey, { keyType: 31, size: 32, options: options() }, { ...session([0, 1], soloLogin), tool: 'util' }));
  expectOk(cluster.execute(createUser, { type: 'CU', name: 'alice', password: 'password1' }, session(ALL, co)));
  t.deepEqual(ALL.map((s) => idOf(cluster, s, 'alice')), ALL.map(() => idOf(cluster, 0, 'alice')));
  t.deepEqual(ALL.map((s) => idOf(cluster, s, 'solo')), [idOf(cluster, 0, 'solo'), idOf(cluster, 0, 'solo'), undefined]);
  // On server 2 alice does not take solo's id, so solo's key is not alice's there.
  const deleted = cluster.execute(deleteUser, { type: 'CU', name: 'alice' }, session(ALL, co));
  t.deepEqual(deleted.outcomes.map((o) => o.code), ['SUCCESS', 'SUCCESS', 'SUCCESS']);

  // A key of bob's, shared with cu1: owner and sharer are the same users on every node.
  expectOk(cluster.execute(createUser, { type: 'CU', name: 'bob', password: 'password1' }, session(ALL, co)));
  const cu1Id = idOf(cluster, 0, 'cu1')!;
  const key = expectOk(cluster.execute(generateSymmetricKey, { keyType: 31, size: 32, options: options([cu1Id]) }, utilSession(cluster, 'bob'))).result!.handles[0]!;
  for (const s of ALL) {
    const k = cluster.state.nodes[s]!.partition!.keys[key]!;
    const users = cluster.state.nodes[s]!.partition!.users;
    t.deepEqual([users.find((u) => u.id === k.owner)?.name, k.sharedWith.map((id) => users.find((u) => u.id === id)?.name)], ['bob', ['cu1']], `server ${s}`);
  }
});
