// Inputs the fuzz tests found breaking something (kept in test/fuzz-corpus/), each pinned here.
import test from 'ava';
import { utilSpecs } from '../grammar/azcloudhsm_util/index.ts';
import { checkValue } from '../grammar/parse.ts';
import { LOGIN_CU1, startDaemon, util } from './helpers/daemon.ts';
import { ownedHome } from './helpers/ownership.ts';
import { tempHome } from './helpers/tools.ts';

// Found by fuzz.test.ts (test/fuzz-corpus/util-lines/found-*.txt): a handle of 23 digits passed the
// grammar, the daemon's schema refused the request, and azcloudhsm_util ended the session (exit status 2)
// printing `Error: input.handle: expected int, got 1e+23`; the lines after it never ran.
test('a number too large for the HSM is refused by the grammar, not by the daemon', (t) => {
  const handle = utilSpecs.exportPubKey.args.find((a) => a.flag === '-k')!;
  t.like(checkValue(handle, '99999999999999999999999'), { ok: false });
  t.like(checkValue(handle, '4294967296'), { ok: false });
  t.deepEqual(checkValue(handle, '4294967295'), { ok: true, value: 4294967295 });
  const size = utilSpecs.genSymKey.args.find((a) => a.flag === '-s')!;
  t.like(checkValue(size, '99999999999999999999'), { ok: false });
  const shareWith = utilSpecs.genSymKey.args.find((a) => a.flag === '-u')!;
  t.like(checkValue(shareWith, '4,99999999999999999999'), { ok: false });
});

test('azcloudhsm_util: huge numbers are usage errors, and the session goes on', async (t) => {
  const home = ownedHome({ withCu1: true });
  const daemon = await startDaemon(home);
  t.teardown(() => void daemon.stop());
  const r = util(home, [LOGIN_CU1, 'exportPubKey -k 99999999999999999999999 -out x.pem', 'genSymKey -t 31 -s 99999999999999999999 -l big', 'getKeyInfo -k 4294967296', 'genSymKey -t 31 -s 16 -l after'], tempHome());
  t.notRegex(r.stdout + r.stderr, /expected int|1e\+23/);
  t.regex(r.stdout, /Command:\s+genSymKey -t 31 -s 16 -l after\n[\s\S]*Key Handle: \d+/);
  t.is(r.status, 1, 'the refused lines count as failures; the session was not cut short');
});
