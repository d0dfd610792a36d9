// The dry run: a session under --dry-run changes nothing (journal length and every node's state before =
// after, files it would write are not written, a user it "created" cannot log in), and the events it
// prints are those the same command appends when it runs for real. Both tools: mgmt_util in-process,
// azcloudhsm_util through the real daemon (the protocol's `decide`).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import type { Cluster } from '../emulator/cluster.ts';
import { isSessionEvent } from '../emulator/events.ts';
import type { Console } from '../src/console.ts';
import { describeEvent, dryRunText } from '../src/emu/journal-view.ts';
import { statusLines } from '../src/emu/status.ts';
import { openHome } from '../src/home.ts';
import { MgmtShell } from '../src/mgmt_util/shell.ts';
import { type Output, textOf } from '../src/output.ts';
import { LOGIN_CU1, startDaemon } from './helpers/daemon.ts';
import { ownedHome } from './helpers/ownership.ts';
import { run, tempHome } from './helpers/tools.ts';

/** A Console that keeps what is printed and answers questions from a list. */
function scripted(answers: string[]): Console & { readonly printed: string[] } {
  const printed: string[] = [];
  return {
    printed,
    tui: false,
    notify: () => {},
    print: (output: Output) => void printed.push(...textOf(output)),
    ask: async (prompt) => {
      const a = answers.shift() ?? null;
      printed.push(prompt + (a ?? ''));
      return a;
    },
  };
}

const owned = ownedHome({ withCu1: true });

/** Records appended after `head` that change the cluster (a login's lease does not). */
function changesSince(cluster: Cluster, head: number): string[] {
  return cluster.records(head, 10_000).filter((r) => !isSessionEvent(r.event)).map((r) => r.event.type);
}

test.serial('mgmt_util --dry-run: decided and shown, nothing appended or written, the next command sees the cluster as it was', async (t) => {
  const opened = openHome(owned);
  t.teardown(() => opened.cluster.close());
  const { cluster, paths } = opened;
  const partitions = (): string => JSON.stringify(cluster.state.nodes.map((n) => n.partition));
  const before = { head: cluster.state.head, partitions: partitions() };
  const console = scripted(['y']);
  const shell = new MgmtShell({ paths, cluster, console, dryRun: true });
  shell.start();
  const certFile = join(paths.cert, 'dry.crt');
  for (const line of ['loginHSM CO admin adminpassword', 'createUser CU cu2 password2', 'logoutHSM', 'loginHSM CU cu2 password2', 'server 0', `getCert ${certFile} 4`, 'exit']) await shell.handle(line);
  const printed = console.printed;
  t.true(printed.includes('dry run: would append UserCreated cu2(CU) id 4 on servers 0, 1, 2'), printed.join('\n'));
  t.true(printed.includes('createUser success on server 2(10.0.2.6)'), 'the tool prints what it would print');
  t.true(printed.includes('loginHSM failed on server 0(10.0.2.4)'), 'cu2 does not exist: its login fails');
  t.true(printed.includes(`dry run: would write ${certFile}`));
  t.false(existsSync(certFile));
  t.true(shell.status().badges?.includes('dry run') ?? false);
  cluster.sync();
  t.deepEqual(changesSince(cluster, before.head), [], 'nothing was appended but the logins (leases)');
  t.is(partitions(), before.partitions, 'every node as it was');

  // The same command run for real appends exactly what the dry run said.
  const real = new MgmtShell({ paths, cluster, console: scripted(['y']) });
  real.start();
  await real.handle('loginHSM CO admin adminpassword');
  await real.handle('createUser CU cu2 password2');
  const appended = cluster.records(before.head).filter((r) => !isSessionEvent(r.event)).map((r) => dryRunText(describeEvent(r.event)));
  t.deepEqual(appended, ['dry run: would append UserCreated cu2(CU) id 4 on servers 0, 1, 2']);
});

test.serial('preview: what a line would append, decided without asking, printing or appending anything', async (t) => {
  const opened = openHome(owned);
  t.teardown(() => opened.cluster.close());
  const console = scripted([]);
  const shell = new MgmtShell({ paths: opened.paths, cluster: opened.cluster, console });
  shell.start();
  await shell.handle('loginHSM CO admin adminpassword');
  const printed = console.printed.length;
  const head = opened.cluster.state.head;
  t.deepEqual(textOf(await shell.preview('createUser CU cu9 password9')), ['dry run: would append UserCreated cu9(CU) id 5 on servers 0, 1, 2']);
  t.deepEqual(await shell.preview('listUsers'), [], 'it changes nothing');
  t.deepEqual(await shell.preview('createUser CU cu9 -hpswd'), [], 'a password asked for cannot be decided without asking');
  t.deepEqual(await shell.preview('quit'), [], "the tool's own commands are not run");
  t.is(console.printed.length, printed, 'nothing printed, nothing asked');
  t.is(opened.cluster.state.head, head);
});

test.serial('azcloudhsm_util --dry-run through the daemon: the key it would make is not made, and is the one a real run makes', async (t) => {
  const daemon = await startDaemon(owned);
  t.teardown(() => void daemon.stop());
  const bin = join(owned, 'bin');
  // The dry run logs in for real (a lease): only the changes count.
  const journal = (): string[] => run('azcloudhsm_emu', ['journal'], { home: owned }).stdout.trim().split('\n').filter((l) => !/ Session(Opened|sClosed) /.test(l));
  const before = journal();
  const head = run('azcloudhsm_emu', ['journal'], { home: owned }).stdout.trim().split('\n').length;
  const dry = run('azcloudhsm_util', ['--dry-run'], { home: owned, cwd: bin, input: [LOGIN_CU1, 'genSymKey -t 31 -s 32 -l dry', 'findKey -l dry', 'exit'].join('\n') + '\n' });
  const said = dry.stdout.split('\n').filter((l) => l.startsWith('dry run: would append'));
  t.is(said.length, 1, dry.stdout);
  t.regex(said[0]!, /^dry run: would append KeysCreated \d+ \(secret, label dry\) on servers 0, 1, 2$/);
  t.regex(dry.stdout, /Total number of keys present: 0/);
  t.deepEqual(journal(), before, 'nothing was appended');
  const real = run('azcloudhsm_util', [], { home: owned, cwd: bin, input: [LOGIN_CU1, 'genSymKey -t 31 -s 32 -l dry', 'exit'].join('\n') + '\n' });
  t.regex(real.stdout, /Symmetric Key Created/);
  const opened = openHome(owned);
  t.teardown(() => opened.cluster.close());
  const appended = opened.cluster
    .records(head)
    .filter((r) => !isSessionEvent(r.event))
    .map((r) => dryRunText(describeEvent(r.event)));
  t.deepEqual(appended, said);
});

test.serial("line mode prints the real tool's help list; the marks of what is not emulated only when asked", (t) => {
  const home = tempHome('azhsm-marks-');
  const plain = run('azcloudhsm_mgmt_util', [], { home, input: 'help\nquit\n' }).stdout;
  t.regex(plain, /(^|\s)getPolicy(\s|$)/m);
  t.notRegex(plain, /getPolicy\*|not emulated/);
  const flagged = run('azcloudhsm_mgmt_util', ['--mark-not-emulated'], { home, input: 'help\nquit\n' }).stdout;
  t.regex(flagged, /(^|\s)getPolicy\*(\s|$)/m);
  t.regex(flagged, /^\* not emulated: /m);
});
