// Keys across the cluster: a key made while a node is down replays onto it; the key commands of
// azcloudhsm_mgmt_util (findAllKeys, getKeyInfo, getAttribute, setAttribute, shareKey, modifyKeyOwner,
// syncKey, getKeyDiffMap) with their roles.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { generateSymmetricKey } from '../emulator/operations/key-generation.ts';
import { copyKeyToServer } from '../emulator/operations/key-sharing.ts';
import { createUser, deleteUser, login } from '../emulator/operations/users.ts';
import { handleIn, LOGIN_CU1, section, startDaemon, util } from './helpers/daemon.ts';
import { activate, expectOk, loginCO, scratchCluster, session } from './helpers/cluster.ts';
import { ownedHome } from './helpers/ownership.ts';
import { after, mgmt, run, tempHome } from './helpers/tools.ts';

test('a key made while a node is down replays onto it when it comes back', async (t) => {
  const home = ownedHome({ withCu1: true });
  run('azcloudhsm_emu', ['node', '2', 'down'], { home });
  const daemon = await startDaemon(home);
  t.teardown(() => daemon.stop());
  const work = tempHome('azhsm-work-');
  const made = util(home, [LOGIN_CU1, 'genSymKey -t 31 -s 32 -l while-down'], work);
  t.true(
    section(made.stdout, 'genSymKey -t 31 -s 32 -l while-down').includes(
      'Cluster Status:\nNode id 1 status: 0x00000000 : HSM Return: SUCCESS\nNode id 2 status: 0x00000000 : HSM Return: SUCCESS\nNode id 3 status: 0x30000085 : HSM CLUSTER ERROR: Server in cluster is unavailable\n',
    ),
    made.stdout,
  );
  const handle = handleIn(made.stdout, /Key Handle: (\d+)/);
  t.regex(run('azcloudhsm_emu', ['status'], { home }).stdout, /\n2 +3 +10\.0\.2\.6 +down +\d+ +[1-9]/);
  t.regex(run('azcloudhsm_emu', ['node', '2', 'up'], { home }).stdout, /Server 2 is up: replayed/);
  const found = util(home, [LOGIN_CU1, `findSingleKey -k ${handle}`], work);
  t.true(found.stdout.includes('Node id 3 status: 0x00000000 : HSM Return: SUCCESS'), found.stdout);
  const diff = mgmt(home, ['loginHSM CO admin adminpassword', `getKeyDiffMap 0 0 ${handle}`, 'quit']);
  t.true(diff.stdout.includes(`cloudmgmt>getKeyDiffMap 0 0 ${handle}\nKey Handle  Synced On\n${handle}  0,1,2,\ngetKeyDiffMap success on server 0(10.0.2.4)\ncloudmgmt>`), diff.stdout);
});

test('mgmt_util key commands: listing, attributes, sharing and ownership, with their roles', async (t) => {
  const home = ownedHome({ withCu1: true });
  mgmt(home, ['loginHSM CO admin adminpassword', 'createUser CU cu2 user5678', 'y', 'quit']);
  const daemon = await startDaemon(home);
  t.teardown(() => daemon.stop());
  const work = tempHome('azhsm-work-');
  const made = util(home, [LOGIN_CU1, 'genSymKey -t 31 -s 32 -l shared-aes', 'genRSAKeyPair -m 2048 -e 65537 -l pair'], work);
  const aes = handleIn(section(made.stdout, 'genSymKey -t 31 -s 32 -l shared-aes'), /Key Handle: (\d+)/);
  const pub = handleIn(made.stdout, /public key handle: (\d+)/);

  const cu = mgmt(home, [
    'loginHSM CU cu1 user1234',
    `shareKey ${aes} 4 1`,
    'y',
    `shareKey ${pub} 4 1`,
    'y',
    `getKeyInfo -k ${aes}`,
    `getAttribute ${aes} 3`,
    `setAttribute ${aes} 3 renamed`,
    'y',
    `setAttribute ${aes} 134 1`,
    'y',
    'findAllKeys 3 0',
    'quit',
  ]);
  const out = after(cu.stdout, 'cloudmgmt>loginHSM');
  t.true(out.includes('shareKey success on server 0(10.0.2.4)\nshareKey success on server 1(10.0.2.5)\nshareKey success on server 2(10.0.2.6)'));
  t.true(out.includes('shareKey failed: HSM Error: Invalid input data/params\nshareKey failed on server 0(10.0.2.4)'));
  t.true(out.includes(`Key Info on server 0(10.0.2.4):\n\n\tToken/Flash Key,\n\n\tOwned by user 3\n\n\talso, shared to following 1 user(s):\n\n\t\t 4\n`));
  t.true(out.includes('Attribute Value on server 0(10.0.2.4):\nOBJ_ATTR_LABEL\nshared-aes\n'));
  t.true(out.includes('setAttribute success on server 2(10.0.2.6)'));
  t.true(out.includes('setAttribute failed: HSM Error: The current logged in user is not authorized to do this operation'), 'only a CO sets TRUSTED');
  t.true(out.includes('findAllKeys failed: HSM Error: The current logged in user is not authorized'), 'findAllKeys is for COs');

  const co = mgmt(home, [
    'loginHSM CO admin adminpassword',
    'findAllKeys 3 1',
    'findAllKeys 4 0',
    `setAttribute ${aes} 134 0`,
    'y',
    `getAttribute ${aes} 371`,
    'quit',
  ]);
  const coOut = after(co.stdout, 'cloudmgmt>loginHSM');
  t.regex(coOut, new RegExp(`Keys on server 0\\(10\\.0\\.2\\.4\\):\\nNumber of keys found 3\\nnumber of keys matched from start index 0::3\\n${aes}\\(o\\),${pub}\\(o\\),\\d+\\(o\\)\\nKey Hash:\\n[0-9a-f]{64}\\n`));
  t.true(coOut.includes(`Number of keys found 1\nnumber of keys matched from start index 0::1\n${aes}(s)\n`));
  t.true(coOut.includes('setAttribute failed: HSM Error: Invalid input data/params\nsetAttribute failed on server 0(10.0.2.4)'));
  t.true(coOut.includes('getAttribute failed: HSM Error: The current logged in user is not authorized'), 'getAttribute is for the crypto users of the key');

  // The owner reads the KCV; the CO gives the key to cu2 with it.
  const kcv = util(home, [LOGIN_CU1, `getAttribute -o ${aes} -a 371 -out kcv.txt`, `getKeyInfo -k ${aes}`], work);
  t.true(section(kcv.stdout, `getKeyInfo -k ${aes}`).includes('Owned by user 3\n\nalso, shared to following 1 user(s):\n\n         4'));
  const kcvHex = /0x([0-9a-f]{6})/.exec(readFileSync(join(work, 'kcv.txt'), 'utf8'))![1];
  const owner = mgmt(home, ['loginHSM CO admin adminpassword', `modifyKeyOwner ${aes} 4 0x000000`, 'y', `modifyKeyOwner ${aes} 4 0x${kcvHex}`, 'y', 'findAllKeys 4 0', 'quit']);
  t.true(owner.stdout.includes('modifyKeyOwner failed: HSM Error: Invalid input data/params\nmodifyKeyOwner failed on server 0(10.0.2.4)'));
  t.true(owner.stdout.includes('modifyKeyOwner success on server 0(10.0.2.4)'));
  t.true(owner.stdout.includes(`${aes}(o)`));
  // cu1 owned it before; now it cannot delete it.
  const del = util(home, [LOGIN_CU1, `deleteKey -k ${aes}`], work);
  t.true(del.stdout.includes('Cfm3FindKey returned: 0xa8'));
});

test('syncKey copies a key a node lacks, and deleteUser refuses a crypto user who owns keys', (t) => {
  const { cluster, dir } = scratchCluster();
  activate(cluster, dir);
  const co = loginCO(cluster);
  expectOk(cluster.execute(createUser, { type: 'CU', name: 'cu1', password: 'user1234' }, session([0, 1, 2], co)));
  const cu1 = expectOk(cluster.execute(login, { type: 'CU', name: 'cu1', password: 'user1234' }, { ...session([0, 1, 2]), tool: 'util' })).login!;
  // A key that reached servers 0 and 1 only (as if server 2 had refused it).
  const options = { label: 'partial', id: '', session: false, extractable: true, wrapWithTrusted: true, sharedWith: [], mValue: 0 };
  const d = cluster.decide(generateSymmetricKey, { keyType: 31, size: 16, options }, { ...session([0, 1, 2], cu1), tool: 'util' });
  const made = d.events[0]!;
  t.is(made.type, 'KeysCreated');
  cluster.control(() => [{ ...made, targets: [0, 1] } as typeof made]);
  const handle = d.result!.handles[0]!;
  t.truthy(cluster.state.nodes[1]!.partition!.keys[handle]);
  t.falsy(cluster.state.nodes[2]!.partition!.keys[handle]);
  const s0 = session([0, 1, 2], co, { kind: 'server', server: 0 });
  expectOk(cluster.execute(copyKeyToServer, { handle: handle, destination: 2 }, s0));
  t.deepEqual(cluster.state.nodes[2]!.partition!.keys[handle], cluster.state.nodes[0]!.partition!.keys[handle]);
  t.is(cluster.execute(copyKeyToServer, { handle: handle, destination: 2 }, s0).outcomes[0]!.code, 'OBJECT_ALREADY_ON_NODE');
  const refused = cluster.execute(deleteUser, { type: 'CU', name: 'cu1' }, session([0, 1, 2], co));
  t.deepEqual(refused.outcomes.map((o) => o.code), ['USER_OWNS_KEYS', 'USER_OWNS_KEYS', 'USER_OWNS_KEYS']);
});
