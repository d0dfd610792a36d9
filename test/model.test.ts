// The cluster against a small reference model (src/proof/model.ts): random operations, node faults among
// them, and each step's accepting servers and each node's final users and keys must be the model's; a
// replay of the journal from scratch must give the live state. A fresh cluster for every run, so
// fast-check shrinks a failure to a short sequence of its own.
import test from 'ava';
import fc from 'fast-check';
import { ProofDriver, journalProblems } from '../src/proof/driver.ts';
import { describeOp, opFromNumbers } from '../src/proof/model.ts';
import { activatedTemplate, reopen } from './helpers/cluster.ts';
import { join } from 'node:path';

const template = activatedTemplate();
const runs = Number(process.env.PROOF_RUNS ?? 40);

test('property: every step and every node agree with the reference model, and the journal replays to the live state', async (t) => {
  let steps = 0;
  let events = 0;
  const out = await fc.check(
    fc.asyncProperty(fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat(), fc.nat()), { maxLength: 40 }), async (raw) => {
      const { cluster, dir, masterKey } = template.copy();
      const driver = new ProofDriver(cluster);
      try {
        for (const r of raw) await driver.perform(opFromNumbers(r, driver.model));
        events += (await driver.finish(() => reopen(dir, masterKey))).eventsVerified;
        steps += driver.steps.length;
      } finally {
        cluster.close();
      }
      const problems = [...driver.mismatches, ...journalProblems(join(dir, 'journal.db'))];
      if (problems.length > 0) throw new Error(`${driver.steps.map((s, i) => `${i + 1}. ${describeOp(s.op)}`).join('\n')}\n${problems.join('\n')}`);
    }),
    { numRuns: runs },
  );
  if (out.failed) {
    const error = out.errorInstance instanceof Error ? out.errorInstance.message : String(out.errorInstance);
    t.fail(`seed ${out.seed}, counterexample ${JSON.stringify(out.counterexample)} (shrunk ${out.numShrinks} times):\n${error}`);
    return;
  }
  t.log(`${runs} runs, ${steps} steps, ${events} journal records replayed and compared`);
  t.pass();
});
