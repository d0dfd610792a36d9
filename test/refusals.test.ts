// What the tools refuse, through pipes as a user meets it: the HSM's error, the usage text, no state
// change, no stack trace, and an exit status that says something failed.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { makeOwnerCertificates, ownedHome, signPartitionCsr, STEP11_FIRST } from './helpers/ownership.ts';
import { after, mgmt, openssl, run, tempHome } from './helpers/tools.ts';

/** Journal records other than logins' leases (SessionOpened, SessionsClosed): what changes the partitions. */
function journalHead(home: string): number {
  return run('azcloudhsm_emu', ['journal'], { home }).stdout.split('\n').filter((l) => l.trim() !== '' && !/ Session(Opened|sClosed) /.test(l)).length;
}

function noStackTrace(t: { false: (v: boolean, m?: string) => void }, text: string): void {
  t.false(/\n\s+at .+:\d+:\d+/.test(text), 'no stack trace');
}

test('a wrong password fails on every server and is counted', (t) => {
  const home = ownedHome({ withCu1: true });
  const r = mgmt(home, ['loginHSM CU cu1 wrongpass', 'listUsers', 'quit']);
  t.is(r.status, 1);
  t.true(
    after(r.stdout, 'cloudmgmt>loginHSM').startsWith(`cloudmgmt>loginHSM CU cu1 wrongpass
loginHSM failed: HSM Error: RET_USER_LOGIN_FAILURE
loginHSM failed on server 0(10.0.2.4)
loginHSM failed: HSM Error: RET_USER_LOGIN_FAILURE
loginHSM failed on server 1(10.0.2.5)
loginHSM failed: HSM Error: RET_USER_LOGIN_FAILURE
loginHSM failed on server 2(10.0.2.6)`),
  );
  t.regex(r.stdout, /\n {9}3 {14}CU {14}cu1 +NO {15}1 {15}NO/);
});

test('five wrong passwords lock a crypto user until a CO unlocks it', (t) => {
  const home = ownedHome({ withCu1: true });
  const wrong = Array.from({ length: 5 }, () => 'loginHSM CU cu1 wrongpass');
  const locked = mgmt(home, [...wrong, 'loginHSM CU cu1 user1234', 'quit']);
  t.true(after(locked.stdout, 'cloudmgmt>loginHSM CU cu1 user1234').includes('loginHSM failed: HSM Error: User account is locked'));
  const unlock = mgmt(home, ['loginHSM CO admin adminpassword', 'unlockUser cu1', 'y', 'logoutHSM', 'loginHSM CU cu1 user1234', 'quit']);
  t.is(unlock.status, 0, unlock.stdout);
  t.true(unlock.stdout.includes('UnlockUser cu1 on 3 nodes\nunlockUser success on server 0(10.0.2.4)'));
  t.true(after(unlock.stdout, 'cloudmgmt>loginHSM CU cu1 user1234').includes('loginHSM success on server 2(10.0.2.6)'));
});

test('a crypto user cannot create users; the tool asks Retry/Ignore/Abort and changes nothing', (t) => {
  const home = ownedHome({ withCu1: true });
  const head = journalHead(home);
  const r = mgmt(home, ['loginHSM CU cu1 user1234', 'createUser CU cu9 password9', 'y', 'A', 'listUsers', 'quit']);
  t.is(r.status, 1);
  t.true(
    r.stdout.includes(`Creating User cu9(CU) on 3 nodes
createUser failed: HSM Error: The current logged in user is not authorized to do this operation
creating user on server 0(10.0.2.4) failed

Retry/Ignore/Abort?(R/I/A):A
cloudmgmt>listUsers`),
  );
  t.false(after(r.stdout, 'cloudmgmt>listUsers').includes('cu9'));
  t.is(journalHead(home), head, 'nothing journaled');
});

test('commands before login or with the wrong role are refused by each server', (t) => {
  const home = ownedHome({ withCu1: true });
  const r = mgmt(home, [
    'deleteUser CU cu1',
    'y',
    'A',
    'loginHSM CU cu1 user1234',
    'changePswd CO admin hijacked1',
    'y',
    'getUserInfo cu1',
    'logoutHSM',
    'logoutHSM',
    'server 0',
    'storeCert ../cert/PO.crt 4',
    'exit',
    'quit',
  ]);
  t.true(r.stdout.includes('deleteUser failed: HSM Error: No user is logged in to do this operation\ndeleteUser failed on server 0(10.0.2.4)'));
  t.true(r.stdout.includes('changePswd failed: HSM Error: The current logged in user is not authorized to do this operation\nchangePswd failed on server 0(10.0.2.4)'));
  t.true(r.stdout.includes('getUserInfo Info of user cu1 on 3 nodes\ngetUserInfo on server 0(10.0.2.4)\nUser ID: 3'));
  t.true(after(r.stdout, 'cloudmgmt>logoutHSM\nlogoutHSM success').includes('cloudmgmt>logoutHSM\nlogoutHSM failed: HSM Error: No user is logged in'));
  t.true(r.stdout.includes('server0>storeCert ../cert/PO.crt 4\nstoreCert failed: HSM Error: No user is logged in to do this operation'));
  const still = mgmt(home, ['loginHSM CO admin adminpassword', 'quit']);
  t.true(still.stdout.includes('loginHSM success on server 0'), 'the CO password was not changed');
});

test('a POAC signed by another key, a POAC for another key and a second PO certificate are refused', (t) => {
  const home = tempHome();
  run('azcloudhsm_emu', ['init'], { home });
  const cert = join(home, 'cert');
  mgmt(home, STEP11_FIRST);
  makeOwnerCertificates(cert);
  makeOwnerCertificates(cert, 'other.key', 'other.crt');
  signPartitionCsr(cert, 'other.crt', 'other.key', 'POAC-by-other.crt');
  // A certificate signed by the right PO, but for a key that is not the partition's.
  openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'stray.key', '-out', 'stray.csr', '-subj', '/CN=stray'], cert);
  openssl(['x509', '-days', '30', '-req', '-in', 'stray.csr', '-CA', 'PO.crt', '-CAkey', 'PO.key', '-set_serial', '02', '-out', 'POAC-stray.crt'], cert);
  writeFileSync(join(cert, 'garbage.crt'), '-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n');
  const r = mgmt(home, [
    'server 0',
    'loginHSM PRECO admin tenantadmin',
    'storeCert ../cert/POAC.crt 8',
    'storeCert ../cert/garbage.crt 4',
    'storeCert ../cert/missing.crt 4',
    'storeCert ../cert/PO.crt 4',
    'storeCert ../cert/other.crt 4',
    'storeCert ../cert/POAC-by-other.crt 8',
    'storeCert ../cert/POAC-stray.crt 8',
    'changePswd PRECO admin adminpassword',
    'exit',
    'quit',
  ]);
  t.is(r.status, 1);
  noStackTrace(t, r.stdout + r.stderr);
  const out = after(r.stdout, 'server0>storeCert ../cert/POAC.crt 8');
  t.true(out.includes('storeCert ../cert/POAC.crt 8\nstoreCert failed: cannot open file ../cert/POAC.crt: No such file or directory'));
  t.true(out.includes('storeCert ../cert/garbage.crt 4\nstoreCert failed: HSM Error: Certificate verification failed\nserver0>'));
  t.true(out.includes('storeCert ../cert/missing.crt 4\nstoreCert failed: cannot open file ../cert/missing.crt: No such file or directory'));
  t.true(out.includes('storeCert ../cert/PO.crt 4\nstoreCert success'));
  t.true(out.includes('storeCert ../cert/other.crt 4\nstoreCert failed: HSM Error: Partition owner certificate is already installed'));
  t.true(out.includes('storeCert ../cert/POAC-by-other.crt 8\nstoreCert failed: HSM Error: Certificate verification failed\nserver0>'));
  t.true(out.includes('storeCert ../cert/POAC-stray.crt 8\nstoreCert failed: HSM Error: Certificate verification failed\nserver0>'));
  // Why, for learners, with --explain.
  const explained = mgmt(home, ['server 0', 'loginHSM PRECO admin tenantadmin', 'storeCert ../cert/POAC-stray.crt 8', 'exit', 'quit'], ['--explain']);
  t.true(explained.stdout.includes("storeCert failed: HSM Error: Certificate verification failed\nnote: the POAC is not for this partition's key\n"), explained.stdout);
  t.true(out.includes('changePswd PRECO admin adminpassword\nchangePswd: not allowed in limited commands mode'));
  t.false(out.includes('E2E enabled'));
  const status = run('azcloudhsm_emu', ['status'], { home }).stdout;
  t.regex(status, /Partition:.*PO stored, POAC missing/);
  t.regex(status, /Cluster:\s+not activated/);
  // The stored PO is the first one, not the second.
  const back = mgmt(home, ['server 0', 'getCert ../cert/back.crt 4', 'exit', 'quit']);
  t.is(back.status, 0, back.stdout);
  const fp = (f: string): string => openssl(['x509', '-in', f, '-noout', '-fingerprint', '-sha256'], cert).stdout;
  t.is(fp('back.crt'), fp('PO.crt'));
});

test('bad input gets the usage or error text, changes nothing and never a stack trace', (t) => {
  const home = ownedHome();
  const head = journalHead(home);
  const r = mgmt(home, [
    'frobnicate',
    'getClu1',
    'createUser CU',
    'createUser CU cu1 user1234 extra',
    'createUser XY cu1 user1234',
    'server 9',
    'server abc',
    'info server 7',
    'getCertReq ../cert/x.csr',
    'server 0',
    'getCertReq /no/such/dir/P1.csr',
    'storeCert /etc 4',
    'syncUser 3',
    'quit',
    'exit',
    'loginHSM CO admin adminpassword',
    'unlockCO admin ../cert/no-template.json',
    'approveToken token.json',
    'quit',
  ]);
  t.is(r.status, 1);
  noStackTrace(t, r.stdout + r.stderr);
  const out = r.stdout;
  t.true(out.includes("cloudmgmt>frobnicate\nInvalid command: frobnicate\nType 'help' to list the commands."));
  t.true(out.includes('cloudmgmt>getClu1\nInvalid command: getClu1\nDid you mean: getClusterInfo'));
  t.true(out.includes('cloudmgmt>createUser CU\nUsage: createUser <user type> <user name> <password | -hpswd>'));
  t.true(out.includes('Too many arguments: extra'));
  t.true(out.includes("Invalid user type: 'XY'"));
  t.true(out.includes('cloudmgmt>server 9\nInvalid server id 9'));
  t.true(out.includes("cloudmgmt>server abc\nInvalid server id: 'abc' is not a number"));
  t.true(out.includes("getCertReq: runs in server mode only; enter 'server <server id>' first"));
  t.true(out.includes('getCertReq failed: cannot write file /no/such/dir/P1.csr: No such file or directory'));
  t.true(out.includes('storeCert failed: cannot open file /etc: Is a directory'));
  t.true(out.includes('server0>syncUser 3\nUsage: syncUser <user id> <destination server id>'));
  t.true(out.includes("server0>quit\nquit: runs at the cloudmgmt> prompt only; type 'exit' first"));
  t.true(out.includes('unlockCO: no template at ../cert/no-template.json; a sample was written there'));
  t.true(out.includes('approveToken: not emulated (Azure Cloud HSM is password-only: M of N (quorum) authentication is not supported). Nothing was changed.'));
  t.is(journalHead(home), head, 'nothing journaled');
});

test('-hpswd asks for the password without echoing it', (t) => {
  const home = ownedHome();
  const r = mgmt(home, ['loginHSM CO admin -hpswd', 'adminpassword', 'createUser CU cu5 -hpswd', 'secret-pw-5', 'secret-pw-5', 'y', 'logoutHSM', 'loginHSM CU cu5 secret-pw-5', 'quit']);
  t.is(r.status, 0, r.stdout);
  t.true(r.stdout.includes('cloudmgmt>loginHSM CO admin -hpswd\nEnter password:\nloginHSM success on server 0(10.0.2.4)'));
  // The passwords are asked for before the CAUTION banner (Oracle's changePswd page).
  t.true(r.stdout.includes('cloudmgmt>createUser CU cu5 -hpswd\nEnter password:\nRe-enter password:\n*************************CAUTION'));
  t.true(r.stdout.includes('Do you want to continue(y/n)?y\nCreating User cu5(CU) on 3 nodes'));
  t.false(r.stdout.includes('adminpassword\n'));
  t.true(after(r.stdout, 'cloudmgmt>loginHSM CU cu5').includes('loginHSM success on server 2(10.0.2.6)'));
});
