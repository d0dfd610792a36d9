// The partition's capacity (3,200 key handles, as on Azure; raised by the emulator's own setting) and
// the daemon-only operations pkpspeed uses: bulk encryption, HMAC and random bytes, checked against
// node:crypto with the key material the HSM holds.
import { createDecipheriv, createHmac } from 'node:crypto';
import test from 'ava';
import { PARTITION_KEY_CAPACITY } from '../emulator/model.ts';
import { describePartition } from '../emulator/operations/cluster-info.ts';
import { computeHmac, encryptData, generateRandom } from '../emulator/operations/key-crypto.ts';
import { generateKeyPair, generateSymmetricKey } from '../emulator/operations/key-generation.ts';
import { deleteKey } from '../emulator/operations/key-management.ts';
import type { Session } from '../emulator/operations/operation.ts';
import { createUser, login } from '../emulator/operations/users.ts';
import { activatedTemplate, expectOk, loginCO, reopen, session } from './helpers/cluster.ts';

const template = activatedTemplate();
const options = { label: 'k', id: '', session: false, extractable: true, wrapWithTrusted: false, sharedWith: [], mValue: 0 };

function withCryptoUser() {
  const { cluster, dir, masterKey } = template.copy();
  const co = loginCO(cluster);
  expectOk(cluster.execute(createUser, { type: 'CU', name: 'cu1', password: 'user1234' }, session([0, 1, 2], co)));
  const cu: Session = { ...session([0, 1, 2]), tool: 'util' };
  const cu1 = expectOk(cluster.execute(login, { type: 'CU', name: 'cu1', password: 'user1234' }, cu)).login!;
  return { cluster, dir, masterKey, cu: { ...cu, login: cu1 } as Session };
}

test('a partition holds 3,200 key handles by default: the next key is refused on every node, a pair needs two', (t) => {
  const { cluster, cu } = withCryptoUser();
  t.is(cluster.state.keyCapacity, PARTITION_KEY_CAPACITY);
  t.is(PARTITION_KEY_CAPACITY, 3200);
  // Fill the partition through the journal (as the benchmark builds large partitions), leaving room for one.
  const one = expectOk(cluster.execute(generateSymmetricKey, { keyType: 31, size: 32, options }, cu)).result!.handles[0]!;
  const model = cluster.state.nodes[0]!.partition!.keys[one]!;
  const fill = Array.from({ length: PARTITION_KEY_CAPACITY - 2 }, (_, i) => ({ ...model, handle: cluster.state.nextKeyHandle + i }));
  cluster.control(() => [{ type: 'KeysCreated', keys: fill, targets: [0, 1, 2] }]);
  t.is(cluster.state.nodes[1]!.partition!.keyCount, PARTITION_KEY_CAPACITY - 1);

  const pair = cluster.execute(generateKeyPair, { request: { type: 'ec', curveId: 2 }, options }, cu);
  t.deepEqual(
    pair.outcomes.map((o) => o.code),
    ['KEY_CAPACITY_REACHED', 'KEY_CAPACITY_REACHED', 'KEY_CAPACITY_REACHED'],
  );
  t.is(pair.events.length, 0, 'nothing journaled');
  const last = expectOk(cluster.execute(generateSymmetricKey, { keyType: 31, size: 16, options }, cu));
  t.is(cluster.state.nodes[2]!.partition!.keyCount, PARTITION_KEY_CAPACITY);
  const full = cluster.execute(generateSymmetricKey, { keyType: 31, size: 16, options }, cu);
  t.deepEqual(new Set(full.outcomes.map((o) => o.code)), new Set(['KEY_CAPACITY_REACHED']));
  // Session keys occupy handles too.
  t.is(cluster.execute(generateSymmetricKey, { keyType: 31, size: 16, options: { ...options, session: true } }, cu).result, undefined);

  expectOk(cluster.execute(deleteKey, { handle: last.result!.handles[0]! }, cu));
  expectOk(cluster.execute(generateSymmetricKey, { keyType: 31, size: 16, options }, cu));
  const info = expectOk(cluster.execute(describePartition, {}, cu)).outcomes[0]!;
  t.like(info.code === 'SUCCESS' ? info.data : {}, { maxKeys: 3200, tokenKeys: 3200 });
});

test('the capacity is a journaled setting: raised, every process sees it, and keys fit up to it', (t) => {
  const { cluster, cu, dir, masterKey } = withCryptoUser();
  cluster.setKeyCapacity(3);
  t.deepEqual(cluster.setKeyCapacity(3), [], 'setting the same value appends nothing');
  t.is(cluster.journal.read(cluster.journal.head() - 1, Number.MAX_SAFE_INTEGER, 1)[0]!.event.type, 'KeyCapacitySet');
  expectOk(cluster.execute(generateKeyPair, { request: { type: 'ec', curveId: 2 }, options }, cu));
  expectOk(cluster.execute(generateSymmetricKey, { keyType: 31, size: 16, options }, cu));
  t.is(cluster.execute(generateSymmetricKey, { keyType: 31, size: 16, options }, cu).outcomes[0]!.code, 'KEY_CAPACITY_REACHED');
  cluster.setKeyCapacity(200_000);
  expectOk(cluster.execute(generateSymmetricKey, { keyType: 31, size: 16, options }, cu));
  const other = reopen(dir, masterKey);
  t.is(other.state.keyCapacity, 200_000, 'another process reads it from the journal');
  other.close();
  t.throws(() => cluster.setKeyCapacity(0), { instanceOf: RangeError });
});

test('encryptData: AES-CBC, AES-GCM and 3DES-CBC that node:crypto decrypts with the key the HSM holds', (t) => {
  const { cluster, cu } = withCryptoUser();
  const secretOf = (handle: number): Buffer => cluster.env.unseal(cluster.state.nodes[0]!.partition!.keys[handle]!.sealed!);
  const data = Buffer.from('sixteen hundred bytes would do as well: any packet pkpspeed sends');
  const aes = expectOk(cluster.execute(generateSymmetricKey, { keyType: 31, size: 32, options }, cu)).result!.handles[0]!;
  const des3 = expectOk(cluster.execute(generateSymmetricKey, { keyType: 21, size: 24, options }, cu)).result!.handles[0]!;

  const cbc = expectOk(cluster.execute(encryptData, { handle: aes, mechanism: 'AES_CBC_PAD', data }, cu)).result!;
  const d1 = createDecipheriv('aes-256-cbc', secretOf(aes), cbc.iv);
  t.deepEqual(Buffer.concat([d1.update(cbc.data), d1.final()]), data);

  const gcm = expectOk(cluster.execute(encryptData, { handle: aes, mechanism: 'AES_GCM', data }, cu)).result!;
  t.is(gcm.iv.length, 12);
  const d2 = createDecipheriv('aes-256-gcm', secretOf(aes), gcm.iv);
  d2.setAuthTag(Buffer.from(gcm.data.subarray(-16)));
  t.deepEqual(Buffer.concat([d2.update(gcm.data.subarray(0, -16)), d2.final()]), data);

  const tdes = expectOk(cluster.execute(encryptData, { handle: des3, mechanism: 'DES3_CBC_PAD', data }, cu)).result!;
  const d3 = createDecipheriv('des-ede3-cbc', secretOf(des3), tdes.iv);
  t.deepEqual(Buffer.concat([d3.update(tdes.data), d3.final()]), data);

  // The wrong key type for the mechanism, and a packet over 16200 bytes, are refused.
  t.is(cluster.execute(encryptData, { handle: des3, mechanism: 'AES_CBC_PAD', data }, cu).outcomes[0]!.code, 'MECHANISM_MISMATCH');
  const big = cluster.execute(encryptData, { handle: aes, mechanism: 'AES_CBC_PAD', data: Buffer.alloc(16201) }, cu);
  t.like(big.outcomes[0], { code: 'INVALID_INPUT', reason: { kind: 'note', text: 'the data must be 1 to 16200 bytes' } });
  t.is(big.result, undefined);
});

test('computeHmac is HMAC-SHA256 with a GENERIC_SECRET key; generateRandom draws the bytes asked for', (t) => {
  const { cluster, cu } = withCryptoUser();
  const key = expectOk(cluster.execute(generateSymmetricKey, { keyType: 16, size: 32, options }, cu)).result!.handles[0]!;
  const data = Buffer.from('message');
  const mac = expectOk(cluster.execute(computeHmac, { handle: key, data }, cu)).result!.mac;
  const secret = cluster.env.unseal(cluster.state.nodes[0]!.partition!.keys[key]!.sealed!);
  t.deepEqual(Buffer.from(mac), createHmac('sha256', secret).update(data).digest());
  const aes = expectOk(cluster.execute(generateSymmetricKey, { keyType: 31, size: 16, options }, cu)).result!.handles[0]!;
  t.is(cluster.execute(computeHmac, { handle: aes, data }, cu).outcomes[0]!.code, 'MECHANISM_MISMATCH');

  const a = expectOk(cluster.execute(generateRandom, { length: 48 }, cu)).result!.data;
  const b = expectOk(cluster.execute(generateRandom, { length: 48 }, cu)).result!.data;
  t.is(a.length, 48);
  t.notDeepEqual(a, b);
  t.is(cluster.execute(generateRandom, { length: 0 }, cu).result, undefined);
  t.is(cluster.execute(generateRandom, { length: 16 }, session([0, 1, 2])).outcomes[0]!.code, 'NOT_LOGGED_IN');
});
