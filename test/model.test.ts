// The cluster against a small reference model (src/proof/model.ts): random command sequences
// interleaved with a random schedule of node faults (down/up); each step's accepting servers and, once
// every node is back, each node's users and keys must be the model's (global changes everywhere,
// server-scope changes on their node until syncUser/syncKey); a replay of the journal from scratch must
// give the live state and fsck's record checks must pass. A fresh cluster for every run, so fast-check
// shrinks a failure to a short sequence of its own. PROOF_RUNS and PROOF_STEPS make it longer.
import test from 'ava';
import fc from 'fast-check';
import { join } from 'node:path';
import { ProofDriver, journalProblems } from '../src/proof/driver.ts';
import { describeOp, opFromNumbers, type Op } from '../src/proof/model.ts';
import { activatedTemplate, reopen } from './helpers/cluster.ts';

const template = activatedTemplate();
const runs = Number(process.env.PROOF_RUNS ?? 60);
const maxSteps = Number(process.env.PROOF_STEPS ?? 40);

const command = fc.tuple(fc.nat(), fc.nat(), fc.nat(), fc.nat());
/** A fault: before command `at`, server `server` goes down or comes up. */
const fault = fc.record({ at: fc.nat({ max: maxSteps }), server: fc.integer({ min: 0, max: 2 }), up: fc.boolean() });

/** The commands with the faults placed among them (the model's own down/up ops stay possible too). */
function interleave(commands: readonly (readonly [number, number, number, number])[], faults: readonly { at: number; server: number; up: boolean }[]): ((driver: ProofDriver) => Op)[] {
  const plan: ((driver: ProofDriver) => Op)[] = [];
  const at = (i: number) => faults.filter((f) => f.at === i).map((f) => (): Op => ({ kind: f.up ? 'up' : 'down', server: f.server }));
  commands.forEach((c, i) => plan.push(...at(i), (d) => opFromNumbers(c, d.model)));
  for (let i = commands.length; i <= maxSteps; i++) plan.push(...at(i));
  return plan;
}

test('property: commands among node faults agree with the reference model at every step and on every node; the journal replays to the live state', async (t) => {
  let steps = 0;
  let faults = 0;
  let events = 0;
  const out = await fc.check(
    fc.asyncProperty(fc.array(command, { maxLength: maxSteps, size: 'max' }), fc.array(fault, { maxLength: maxSteps / 2, size: 'max' }), async (commands, schedule) => {
      const { cluster, dir, masterKey } = template.copy();
      const driver = new ProofDriver(cluster);
      try {
        for (const next of interleave(commands, schedule)) await driver.perform(next(driver));
        events += (await driver.finish(() => reopen(dir, masterKey))).eventsVerified;
        steps += driver.steps.length;
        faults += driver.steps.filter((s) => s.op.kind === 'down').length;
      } finally {
        cluster.close();
      }
      const problems = [...driver.mismatches, ...journalProblems(join(dir, 'journal.db'))];
      if (problems.length > 0) throw new Error(`${driver.steps.map((s, i) => `${i + 1}. ${describeOp(s.op)}`).join('\n')}\n${problems.join('\n')}`);
    }),
    { numRuns: runs, ...(process.env.PROOF_SEED ? { seed: Number(process.env.PROOF_SEED) } : {}) },
  );
  if (out.failed) {
    const error = out.errorInstance instanceof Error ? out.errorInstance.message : String(out.errorInstance);
    t.fail(`seed ${out.seed}, counterexample ${JSON.stringify(out.counterexample)} (shrunk ${out.numShrinks} times):\n${error}`);
    return;
  }
  t.log(`${runs} runs, ${steps} steps, ${faults} node faults, ${events} journal records replayed and compared`);
  if (process.env.RELIABILITY_FIGURES) process.stdout.write(`FIGURE faults-injected ${faults}\nFIGURE events-verified ${events}\nFIGURE model-steps ${steps}\n`);
  t.pass();
});
