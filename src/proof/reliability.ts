// npm run reliability: the proof suite twice. First its CI share (what `npm test` runs, with the
// default sizes), timed: it must stay under 3 minutes. Then the longer versions (more runs, steps,
// rounds and fuzzed inputs, set through the environment; RELIABILITY_SCALE multiplies them), with the
// figures the tests report: commands fuzzed, faults injected, crashes survived, events verified,
// permission cells tried, failures. Exit 0 only when both pass.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { packageRoot } from '../home.ts';

const PROOF_TESTS = ['test/model.test.ts', 'test/chaos.test.ts', 'test/permission-matrix.test.ts', 'test/fuzz.test.ts', 'test/fuzz-regressions.test.ts', 'test/crash.test.ts', 'test/permissions.test.ts'];
const CI_BUDGET_SECONDS = 180;
const scale = Math.max(1, Number(process.env.RELIABILITY_SCALE ?? 1));

const LONG = {
  PROOF_RUNS: String(400 * scale),
  PROOF_STEPS: '60',
  CHAOS_STEPS: String(400 * scale),
  FUZZ_SCALE: String(12 * scale),
  FUZZ_LINES: '1000',
  CRASH_ROUNDS: String(30 * scale),
};

interface Pass {
  readonly seconds: number;
  readonly passed: number;
  readonly failed: number;
  readonly figures: Map<string, number>;
}

function runProof(env: Record<string, string>, avaOptions: readonly string[] = []): Pass {
  const root = packageRoot();
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [join(root, 'node_modules', 'ava', 'entrypoints', 'cli.mjs'), ...avaOptions, ...PROOF_TESTS], {
    cwd: root,
    env: { ...process.env, ...env, RELIABILITY_FIGURES: '1' },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const output = `${r.stdout}\n${r.stderr}`;
  const figures = new Map<string, number>();
  for (const m of output.matchAll(/^FIGURE (\S+) (\d+)$/gm)) figures.set(m[1]!, (figures.get(m[1]!) ?? 0) + Number(m[2]));
  const passed = output.split('\n').filter((l) => /^\s+✔ /.test(l)).length;
  const counted = Number(/(\d+) tests? failed/.exec(output)?.[1] ?? 0);
  // A run that failed without ava counting a failed test (a crash, a timeout) still counts one.
  const failed = r.status !== 0 && counted === 0 ? 1 : counted;
  if (r.status !== 0) process.stdout.write(output.split('\n').filter((l) => !l.startsWith('FIGURE ')).join('\n') + '\n');
  return { seconds, passed, failed, figures };
}

function report(title: string, pass: Pass): void {
  const f = (name: string): number => pass.figures.get(name) ?? 0;
  const lines = [
    title,
    `  time                     ${pass.seconds.toFixed(1)} s`,
    `  commands fuzzed          ${f('commands-fuzzed')}`,
    `  faults injected          ${f('faults-injected')}`,
    `  crashes survived         ${f('crashes-survived')}`,
    `  events verified          ${f('events-verified')}`,
    `  permission cells tried   ${f('permission-cells')}`,
    `  tests passed             ${pass.passed}`,
    `  failures                 ${pass.failed}`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

const ci = runProof({});
report(`CI share (npm test's proof tests, default sizes; budget ${CI_BUDGET_SECONDS} s):`, ci);
// A long property run is one test: ava's 120 s without a result would cut it short.
const long = runProof(LONG, ['--timeout=30m']);
report(`Longer versions (${Object.entries(LONG).map(([k, v]) => `${k}=${v}`).join(' ')}):`, long);
const overBudget = ci.seconds > CI_BUDGET_SECONDS;
if (overBudget) process.stdout.write(`the CI share took ${ci.seconds.toFixed(1)} s, over its ${CI_BUDGET_SECONDS} s budget\n`);
process.exit(ci.failed === 0 && long.failed === 0 && !overBudget ? 0 : 1);
