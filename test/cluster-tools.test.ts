// The cluster through the programs: node faults with azcloudhsm_emu and catch-up from the journal,
// divergence repaired with syncUser, a locked CO unlocked with a PO.key signature, and the emulator CLI.
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { ownedHome } from './helpers/ownership.ts';
import { after, mgmt, openssl, run } from './helpers/tools.ts';

test('a node taken down misses a change, then catches up from the journal when it comes back', (t) => {
  const home = ownedHome();
  const down = run('azcloudhsm_emu', ['node', '1', 'down'], { home });
  t.is(down.status, 0);
  t.regex(down.stdout, /Server 1 is down/);
  const r = mgmt(home, ['loginHSM CO admin adminpassword', 'createUser CU cu1 user1234', 'y', 'quit']);
  t.true(r.stdout.includes("Connetion to server 10.0.2.5(10.0.2.5) on port 2225 failed\n\nServer 1(10.0.2.5) is not connected"));
  t.true(r.stdout.includes('Creating User cu1(CU) on 2 nodes\ncreateUser success on server 0(10.0.2.4)\ncreateUser success on server 2(10.0.2.6)\n'));
  const status = run('azcloudhsm_emu', ['status'], { home }).stdout;
  t.regex(status, /\n1 +2 +10\.0\.2\.5 +down +\d+ +[1-9]\d* +/);
  t.regex(status, /server 0: .*cu1\(CU\)/);
  t.notRegex(status, /server 1: .*cu1/);
  const up = run('azcloudhsm_emu', ['node', '1', 'up'], { home });
  t.regex(up.stdout, /Server 1 is up: replayed \d+ journal records \[#+\] (\d+)\/\1, now at record \d+/);
  const users = mgmt(home, ['listUsers', 'quit']).stdout;
  t.is(users.match(/ cu1 /g)?.length, 3, 'all three servers list cu1');
  t.regex(run('azcloudhsm_emu', ['status'], { home }).stdout, /\n1 +2 +10\.0\.2\.5 +connected +\d+ +0 +3/);
});

test('a user made in server mode exists on one server until syncUser copies it', (t) => {
  const home = ownedHome();
  const r = mgmt(home, [
    'loginHSM CO admin adminpassword',
    'server 1',
    'createUser CU only1 password1',
    'y',
    'getUserDiffMap 0',
    'syncUser 3 0',
    'syncUser 3 2',
    'syncUser 3 2',
    'getUserDiffMap 3',
    'exit',
    'quit',
  ]);
  const out = after(r.stdout, 'server1>createUser');
  t.true(out.includes('server1>createUser CU only1 password1\n'));
  t.true(out.includes('Do you want to continue(y/n)?y\ncreateUser success\nserver1>getUserDiffMap 0'));
  t.true(out.includes('Source Server: 1(10.0.2.5)\nUser Id User Type User Name   exists on\n1        CO      admin            0,1,2,\n2        AU      app_user         0,1,2,\n3        CU      only1            1,\ngetUserDiffMap success'));
  t.true(out.includes('server1>syncUser 3 0\nExtractMaskedObject: 0x0 !\nInsertMaskedObject: 0x0 !\nsyncUser success'));
  t.true(out.includes('server1>syncUser 3 2\nExtractMaskedObject: 0x0 !\nInsertMaskedObject: 0xe4 !\nsyncUser failed: user already created, unable to insert object'));
  t.true(out.includes('3        CU      only1            0,1,2,'));
  const login = mgmt(home, ['loginHSM CU only1 password1', 'quit']);
  t.is(login.status, 0, 'the copied password hash works on every server');
});

test('a locked crypto officer is unlocked with challenges signed by PO.key', (t) => {
  const home = ownedHome();
  const cert = join(home, 'cert');
  const wrong = Array.from({ length: 5 }, () => 'loginHSM CO admin not-the-one');
  const locked = mgmt(home, [...wrong, 'loginHSM CO admin adminpassword', 'getChallenge admin ../cert ../cert', 'quit']);
  t.true(after(locked.stdout, 'cloudmgmt>loginHSM CO admin adminpassword').includes('User account is locked'));
  t.true(locked.stdout.includes('getChallenge on 3 nodes\ngetChallenge success on server 0(10.0.2.4)'));
  t.deepEqual(readdirSync(cert).filter((f) => f.startsWith('challenge_node_')).sort(), ['challenge_node_0', 'challenge_node_1', 'challenge_node_2']);
  for (const n of [0, 1, 2]) {
    // The HSM signed each challenge with the partition key: the POAC's public key verifies it.
    openssl(['x509', '-in', 'POAC.crt', '-pubkey', '-noout', '-out', 'partition.pub'], cert);
    const hsm = openssl(['dgst', '-sha256', '-verify', 'partition.pub', '-signature', `signature_node_${n}`, `challenge_node_${n}`], cert);
    t.is(hsm.stdout.trim(), 'Verified OK');
  }
  // A signature by another key is refused.
  openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', 'evil.key'], cert);
  for (const n of [0, 1, 2]) openssl(['dgst', '-sha256', '-sign', 'evil.key', '-out', `evil.sign${n}`, `challenge_node_${n}`], cert);
  writeFileSync(join(cert, 'evil.json'), JSON.stringify({ 'Unlock CO signatures': { 'Node 0': '../cert/evil.sign0', 'Node 1': '../cert/evil.sign1', 'Node 2': '../cert/evil.sign2' } }));
  const refused = mgmt(home, ['unlockCO admin ../cert/evil.json', 'quit']);
  t.true(refused.stdout.includes('unlockCO failed: HSM Error: Signature verification failed\nunlockCO failed on server 0(10.0.2.4)'));
  // The owner signs each node's challenge with PO.key, as the Azure FAQ describes.
  for (const n of [0, 1, 2]) t.is(openssl(['dgst', '-sha256', '-sign', 'PO.key', '-out', `challenge.sign${n}`, `challenge_node_${n}`], cert).status, 0);
  const sample = mgmt(home, ['unlockCO admin ../cert/unlock.json', 'quit']);
  t.true(sample.stdout.includes('a sample was written there'));
  const unlock = mgmt(home, ['unlockCO admin ../cert/unlock.json', 'loginHSM CO admin adminpassword', 'quit']);
  t.is(unlock.status, 0, unlock.stdout);
  t.true(unlock.stdout.includes('unlockCO success on server 0(10.0.2.4)\nunlockCO success on server 1(10.0.2.5)\nunlockCO success on server 2(10.0.2.6)'));
  t.true(unlock.stdout.includes('loginHSM success on server 2(10.0.2.6)'));
});

test('information commands: getHSMInfo, getPartitionInfo, info, listAttributes', (t) => {
  const home = ownedHome();
  const r = mgmt(home, ['getHSMInfo', 'info server 2', 'loginHSM CO admin adminpassword', 'info server 0', 'server 2', 'getPartitionInfo', 'listAttributes', 'exit', 'quit']);
  t.is(r.status, 0, r.stdout);
  t.true(r.stdout.includes('Getting HSM Info on 3 nodes\n\t\t*** Server 0 HSM Info ***'));
  t.true(r.stdout.includes('\tFIPS state           :0 [non-FIPS mode with single factor authentication]'));
  t.regex(r.stdout, /\n2 {7}10\.0\.2\.6 {16}10\.0\.2\.6 {8}2225 {4}Connected {7}PARTITION_1 {13}Not logged in\n/);
  t.true(r.stdout.includes("PARTITION_1             Logged in as 'admin(CO)'"));
  t.true(r.stdout.includes('name                        :PARTITION_1\nstatus                      :occupied'));
  t.true(r.stdout.includes('Node ID                     :    3'));
  t.true(r.stdout.includes('      OBJ_ATTR_TRUSTED                = 134'));
});

test('azcloudhsm_emu: journal, fsck, usage, capacity', (t) => {
  const home = ownedHome();
  const journal = run('azcloudhsm_emu', ['journal'], { home });
  t.is(journal.status, 0);
  t.regex(journal.stdout, /^ +3 +\S+ +ClusterCreated +chsm-mycloudhsm-\w+, partition [0-9A-F]+, users admin\(PRECO\), app_user\(AU\) -> servers 0,1,2$/m);
  t.regex(journal.stdout, /ClusterActivated +nodes restore server 0's backup/);
  t.false(/tenantadmin|adminpassword/.test(journal.stdout));
  const fsck = run('azcloudhsm_emu', ['fsck'], { home });
  t.is(fsck.status, 0);
  t.regex(fsck.stdout, /^\d+ journal records checked$/m);
  const bad = run('azcloudhsm_emu', ['node', '5', 'up'], { home });
  t.is(bad.status, 2);
  t.regex(bad.stderr, /Usage: azcloudhsm_emu node <0\|1\|2> down\|up/);
  t.is(run('azcloudhsm_emu', ['bogus'], { home }).status, 2);
  t.is(run('azcloudhsm_emu', ['init'], { home }).stdout.split('\n')[0], `Using existing emulator home ${home}`);
  t.is(run('azcloudhsm_emu', ['capacity'], { home }).stdout, 'A partition holds at most 3200 key handles (as on Azure Cloud HSM)\n');
  t.is(run('azcloudhsm_emu', ['capacity', '0'], { home }).status, 2);
  t.is(run('azcloudhsm_emu', ['capacity', 'lots'], { home }).status, 2);
});
