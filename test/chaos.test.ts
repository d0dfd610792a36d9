// azcloudhsm_emu chaos: a seeded run with node faults and daemon restarts finds no problem on the
// emulator, says what it did, is the same run for the same seed, cleans up its temporary home, and
// refuses bad options without a stack trace. CHAOS_STEPS makes it longer (npm run reliability).
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import test from 'ava';
import { ROOT, tempHome } from './helpers/tools.ts';

const steps = Number(process.env.CHAOS_STEPS ?? 40);

function chaos(args: readonly string[], env: NodeJS.ProcessEnv = {}): { stdout: string; stderr: string; status: number | null } {
  const r = spawnSync(process.execPath, [join(ROOT, 'dist', 'azcloudhsm_emu.js'), ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 300_000 });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

const SUMMARY = /^steps (\d+) \(commands (\d+)\), node faults (\d+), daemon restarts (\d+), events verified (\d+), problems (\d+)$/m;

test('chaos with daemon restarts: no problem, the figures printed, the temporary home removed', (t) => {
  const tmp = mkdtempSync(join(tmpdir(), 'azhsm-chaos-tmp-'));
  const r = chaos(['chaos', '--seed', '20261201', '--steps', String(steps), '--daemon-restarts'], { TMPDIR: tmp });
  t.is(r.status, 0, r.stdout + r.stderr);
  t.regex(r.stdout, /^chaos: seed 20261201, \d+ steps, daemon restarts, on a temporary home /);
  const m = SUMMARY.exec(r.stdout);
  t.truthy(m, r.stdout);
  const [, , commands, faults, restarts, events, problems] = m!.map(Number);
  t.is(commands, steps);
  t.true(faults! > 0 && restarts! > 0 && events! > 0, m![0]);
  t.is(problems, 0);
  t.deepEqual(readdirSync(tmp), [], 'the temporary home is removed');
  t.log(m![0]);
  if (process.env.RELIABILITY_FIGURES) process.stdout.write(`FIGURE faults-injected ${faults! + restarts!}\nFIGURE events-verified ${events}\n`);
});

test('chaos: the same seed is the same run; --home is used and kept', (t) => {
  const home = join(tempHome('azhsm-chaos-home-'), 'home');
  const first = chaos(['--home', home, 'chaos', '--seed', '5', '--steps', '30']);
  t.is(first.status, 0, first.stdout + first.stderr);
  t.regex(first.stdout, new RegExp(`on the home ${home}\\n`));
  t.true(existsSync(join(home, 'emulator', 'journal.db')));
  const again = chaos(['chaos', '--seed', '5', '--steps', '30']);
  const stepsOf = (s: string) => s.split('\n').filter((l) => /^ {2}\d+\. /.test(l));
  t.is(again.status, 0);
  t.deepEqual(stepsOf(again.stdout), stepsOf(first.stdout));
  // A second run on the used home starts from what it holds.
  const second = chaos(['--home', home, 'chaos', '--seed', '6', '--steps', '30', '--quiet']);
  t.is(second.status, 0, second.stdout + second.stderr);
  t.notRegex(second.stdout, /^ {2}\d+\. /m);
});

test('chaos on a home whose admin password is not the guide\'s: refused with the reason, exit 1', (t) => {
  const home = join(tempHome('azhsm-chaos-other-'), 'home');
  t.is(chaos(['--home', home, 'chaos', '--seed', '1', '--steps', '0']).status, 0);
  const changed = spawnSync(process.execPath, [join(ROOT, 'dist', 'azcloudhsm_mgmt_util.js'), './azcloudhsm_resource.cfg'], {
    cwd: join(home, 'bin'),
    input: 'loginHSM CO admin adminpassword\nchangePswd CO admin otherpassword\ny\nquit\n',
    encoding: 'utf8',
    env: { ...process.env, AZCLOUDHSM_EMU_HOME: home },
  });
  t.regex(changed.stdout, /changePswd success/, changed.stdout + changed.stderr);
  const r = chaos(['--home', home, 'chaos', '--seed', '1', '--steps', '5']);
  t.is(r.status, 1);
  t.regex(r.stdout, /problem: the run stopped: the CO admin cannot log in with the password adminpassword/);
});

test('chaos: bad options are refused with the usage, no stack trace', (t) => {
  for (const args of [['chaos'], ['chaos', '--seed', 'x', '--steps', '3'], ['chaos', '--seed', '1', '--steps', '-1'], ['chaos', '--seed', '1', '--steps', '3', '--bogus']]) {
    const r = chaos(args);
    t.is(r.status, 2, args.join(' '));
    t.regex(r.stderr, /Usage: azcloudhsm_emu \[--home DIR\] chaos/);
    t.notRegex(r.stderr + r.stdout, /\n\s+at /);
  }
  t.is(chaos(['chaos', '--help']).status, 0);
});
