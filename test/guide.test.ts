// The onboarding guide's transcripts are recordings now: STEP 11 with openssl between the sessions in
// recordings/step11.md, the crypto-user quickstart in recordings/owned.md, replayed by
// recordings.test.ts. What stays here is a variant of the guide no recording shows.
import { join } from 'node:path';
import test from 'ava';
import { makeOwnerCertificates, signPartitionCsr, STEP11_FIRST, STEP11_SECOND } from './helpers/ownership.ts';
import { mgmt, run, tempHome } from './helpers/tools.ts';

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
