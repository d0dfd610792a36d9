// The onboarding guide's transcripts as acceptance tests: STEP 11 (take ownership) and the "Creating a
// 'user' with the Crypto User role" quickstart, run verbatim through pipes from <home>/bin with the real
// openssl CLI between the two mgmt_util sessions.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { makeOwnerCertificates, signPartitionCsr, STEP11_FIRST, STEP11_SECOND } from './helpers/ownership.ts';
import { after, mgmt, openssl, run, tempHome } from './helpers/tools.ts';

const CAUTION = `*************************CAUTION********************************
This is a CRITICAL operation, should be done on all nodes in the
cluster. Cav server does NOT synchronize these changes with the
nodes on which this operation is not executed or failed, please
ensure this operation is executed on all nodes in the cluster.
****************************************************************

Do you want to continue(y/n)?y`;

test('STEP 11 and the CU quickstart run verbatim, with openssl between the sessions', (t) => {
  const home = tempHome();
  const cert = join(home, 'cert');
  t.is(run('azcloudhsm_emu', ['init'], { home }).status, 0);

  // 1. First start: only server 0, unencrypted and limited, because PO.crt does not exist yet.
  const first = mgmt(home, STEP11_FIRST);
  t.is(first.status, 0, first.stderr);
  const resource = /hsm1\.(\S+)\.cloudhsm\.azure\.net/.exec(first.stdout)![1]!;
  t.is(
    first.stdout,
    `Liquidsec MGMT Util Version            :       2.09.07.02
SDK API Version                        :       2.09.07.02
SDK Package Version                    :       2.0.1.0

Connecting to the server(s), it may take time
depending on the server(s) load, please wait...

Connecting to 'server 0': hostname '10.0.2.4', port 2225...
Received server version : 2.09.07.02, SDK version: 2.09.07.02, SDK Package Version: 2.0.1.0
Connected to 'server 0': hostname '10.0.2.4', port 2225...
${cert}/PO.crt,
partition owner certificate not exist at given path

Server 0(10.0.2.4) is in unencrypted mode now...
running in limited commands mode

Connecting to servers in the cluster.

Connecting to 'server 1': hostname '10.0.2.5', port 2225...
Connetion to server 10.0.2.5(10.0.2.5) on port 2225 failed

Server 1(10.0.2.5) is not connected

Connecting to 'server 2': hostname '10.0.2.6', port 2225...
Connetion to server 10.0.2.6(10.0.2.6) on port 2225 failed

Server 2(10.0.2.6) is not connected
cloudmgmt>getClusterInfo

Cluster info from server 0(10.0.2.4):
Node Id         Hostname                              Port
1               hsm1.${resource}.cloudhsm.azure.net             2225
2               hsm2.${resource}.cloudhsm.azure.net             2225
3               hsm3.${resource}.cloudhsm.azure.net             2225
Server 1 is not connected
Server 2 is not connected
cloudmgmt>server 0
Server is in 'Unencrypted' mode...
server0>getCertReq ../cert/P1.csr
getCertReq success
server0>exit
cloudmgmt>quit
disconnecting from servers, please wait...
`,
  );

  // 2. The CSR is real: openssl verifies it and shows the guide's subject.
  const csr = openssl(['req', '-in', 'P1.csr', '-noout', '-verify', '-subject'], cert);
  t.is(csr.status, 0, csr.stderr);
  t.regex(csr.stdout, /subject=C = US \+ ST = CA \+ O = Cavium \+ OU = N3FIPS \+ L = SanJose, CN = "HSM:[0-9A-F]{30}:PARTN:22, for non-FIPS mode"/);

  // 3. openssl makes PO.key/PO.crt and signs POAC.crt, as in the guide.
  makeOwnerCertificates(cert);
  signPartitionCsr(cert);

  // 4. Second start: store the certificates, promote the PRECO, log in as CO.
  const second = mgmt(home, STEP11_SECOND);
  t.is(second.status, 0, second.stdout);
  t.is(
    after(second.stdout, 'cloudmgmt>server 0'),
    `cloudmgmt>server 0
Server is in 'Unencrypted' mode...
server0>loginHSM PRECO admin tenantadmin
loginHSM success
server0>storeCert ../cert/PO.crt 4
storeCert success
server0>storeCert ../cert/POAC.crt 8
storeCert success
logging out
E2E enabled on server 0(10.0.2.4)
server0>loginHSM PRECO admin tenantadmin
loginHSM success
server0>changePswd PRECO admin adminpassword
${CAUTION}
changePswd success
server0>logoutHSM
logoutHSM success
server0>loginHSM CO admin adminpassword
loginHSM success
server0>exit
cloudmgmt>quit
disconnecting from servers, please wait...
`,
  );

  // 5. The next start connects all three servers with E2E (activation restored node 0 onto 1 and 2).
  const third = mgmt(home, [
    'loginHSM CO admin adminpassword',
    'createUser CU cu1 user1234',
    'y',
    'logoutHSM',
    'loginHSM CU cu1 user1234',
    'quit',
  ]);
  t.is(third.status, 0, third.stdout);
  t.true(
    third.stdout.includes(`Connected to 'server 0': hostname '10.0.2.4', port 2225...

E2E enabled on server 0(10.0.2.4)

Connecting to servers in the cluster.

Connecting to 'server 1': hostname '10.0.2.5', port 2225...
Received server version : 2.09.07.02, SDK version: 2.09.07.02, SDK Package Version: 2.0.1.0
Connected to 'server 1': hostname '10.0.2.5', port 2225...

E2E enabled on server 1(10.0.2.5)

Connecting to 'server 2': hostname '10.0.2.6', port 2225...
Received server version : 2.09.07.02, SDK version: 2.09.07.02, SDK Package Version: 2.0.1.0
Connected to 'server 2': hostname '10.0.2.6', port 2225...

E2E enabled on server 2(10.0.2.6)
cloudmgmt>`),
  );
  t.is(
    after(third.stdout, 'cloudmgmt>loginHSM'),
    `cloudmgmt>loginHSM CO admin adminpassword
loginHSM success on server 0(10.0.2.4)
loginHSM success on server 1(10.0.2.5)
loginHSM success on server 2(10.0.2.6)
cloudmgmt>createUser CU cu1 user1234
${CAUTION}
Creating User cu1(CU) on 3 nodes
createUser success on server 0(10.0.2.4)
createUser success on server 1(10.0.2.5)
createUser success on server 2(10.0.2.6)
cloudmgmt>logoutHSM
logoutHSM success on server 0(10.0.2.4)
logoutHSM success on server 1(10.0.2.5)
logoutHSM success on server 2(10.0.2.6)
cloudmgmt>loginHSM CU cu1 user1234
loginHSM success on server 0(10.0.2.4)
loginHSM success on server 1(10.0.2.5)
loginHSM success on server 2(10.0.2.6)
cloudmgmt>quit
disconnecting from servers, please wait...
`,
  );

  // 6. The stored certificates read back are the ones openssl made.
  const back = mgmt(home, ['server 0', 'getCert ../cert/stored-PO.crt 4', 'quit']);
  t.is(back.status, 1, 'quit in server mode is refused, so the run reports a failure');
  const fingerprint = (f: string): string => openssl(['x509', '-in', f, '-noout', '-fingerprint', '-sha256'], cert).stdout;
  t.is(fingerprint('stored-PO.crt'), fingerprint('PO.crt'));
  t.true(readFileSync(join(cert, 'stored-PO.crt'), 'utf8').startsWith('-----BEGIN CERTIFICATE-----'));

  // 7. azcloudhsm_emu status shows three connected, caught-up nodes with the same users.
  const status = run('azcloudhsm_emu', ['status'], { home });
  t.regex(status.stdout, /Cluster:\s+activated/);
  for (const s of [0, 1, 2]) t.regex(status.stdout, new RegExp(`server ${s}: 1:admin\\(CO\\), 2:app_user\\(AU\\), 3:cu1\\(CU\\)`));
});

test('the guide\'s 2025 spelling changePswd PO admin ... promotes the PRECO too', (t) => {
  const home = tempHome();
  const cert = join(home, 'cert');
  run('azcloudhsm_emu', ['init'], { home });
  mgmt(home, STEP11_FIRST);
  makeOwnerCertificates(cert);
  signPartitionCsr(cert);
  const r = mgmt(home, STEP11_SECOND.map((l) => (l.startsWith('changePswd') ? 'changePswd PO admin adminpassword' : l)));
  t.true(r.stdout.includes('server0>changePswd PO admin adminpassword'));
  t.true(r.stdout.includes('changePswd success'));
  t.true(r.stdout.includes('server0>loginHSM CO admin adminpassword\nloginHSM success'));
});
