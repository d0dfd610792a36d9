// Defect 9 of issue 8: with umask 000, every folder and file the emulator makes is still owner-only: the
// home's folders, the journal (and its WAL), the master key, the socket, the log, the .cfg files, and the
// keys a user exports in the clear.
import { lstatSync, readdirSync, writeFileSync, chmodSync } from 'node:fs';
import { join, relative } from 'node:path';
import test from 'ava';
import { handleIn, LOGIN_CU1, section, startDaemon, util } from './helpers/daemon.ts';
import { ownedHome } from './helpers/ownership.ts';
import { tempHome } from './helpers/tools.ts';

// This test process and every program it starts run with umask 000.
process.umask(0o000);

/** Everything under `dir` whose mode lets the group or others in, with its mode. */
function notOwnerOnly(dir: string, skip: (path: string) => boolean): string[] {
  const found: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (skip(path)) continue;
      const stat = lstatSync(path);
      if (stat.isSymbolicLink()) continue;
      if ((stat.mode & 0o077) !== 0) found.push(`${relative(dir, path)} ${(stat.mode & 0o777).toString(8)}`);
      if (stat.isDirectory()) walk(path);
    }
  };
  walk(dir);
  return found;
}

test('umask 000: the home, journal, master key, socket, log and exported keys are owner-only', async (t) => {
  t.is(process.umask(), 0);
  const home = ownedHome({ withCu1: true });
  const daemon = await startDaemon(home);
  t.teardown(() => void daemon.stop());
  const work = tempHome('azhsm-umask-');
  // A file that was there, readable by all: exporting a key into it narrows it.
  writeFileSync(join(work, 'open.raw'), 'old');
  chmodSync(join(work, 'open.raw'), 0o666);
  const made = util(home, [LOGIN_CU1, 'genSymKey -t 31 -s 32 -l kek', 'genSymKey -t 31 -s 32 -l open -wrap_with_trusted 0', 'genRSAKeyPair -m 2048 -e 65537 -l rsa -wrap_with_trusted 0'], work);
  const kek = handleIn(section(made.stdout, 'genSymKey -t 31 -s 32 -l kek'), /Key Handle: (\d+)/);
  const open = handleIn(section(made.stdout, 'genSymKey -t 31 -s 32 -l open -wrap_with_trusted 0'), /Key Handle: (\d+)/);
  const priv = handleIn(section(made.stdout, 'genRSAKeyPair -m 2048 -e 65537 -l rsa -wrap_with_trusted 0'), /private key handle: (\d+)/);
  const exported = util(home, [LOGIN_CU1, `exSymKey -k ${open} -w ${kek} -out open.raw`, `exportPrivateKey -k ${priv} -w ${kek} -out rsa.pem`, `wrapKey -k ${open} -w ${kek} -out open.wrapped`], work);
  t.regex(exported.stdout, /Wrapped Symmetric Key written to file "open.raw"|open\.raw/);
  for (const f of ['open.raw', 'rsa.pem', 'open.wrapped']) t.is(lstatSync(join(work, f)).mode & 0o777, 0o600, f);
  // The certificates the test made with openssl are openssl's files, not the emulator's.
  const byOpenssl = new Set(['PO.key', 'PO.crt', 'POAC.crt'].map((f) => join(home, 'cert', f)));
  t.deepEqual(notOwnerOnly(home, (p) => byOpenssl.has(p)), []);
  for (const f of ['emulator/journal.db', 'emulator/journal.db-wal', 'emulator/master.key', 'run/azcloudhsm_client.sock', 'run/azcloudhsm_client.log', 'bin/azcloudhsm_client.cfg']) {
    t.is(lstatSync(join(home, f)).mode & 0o077, 0, f);
  }
});
