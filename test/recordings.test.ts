// Every recording in recordings/ (and the lessons in recordings/lessons/) replays green against the emulator as it is now (the onboarding
// guide's transcripts live there: step11.md and owned.md), and so does the complete example in
// recordings/README.md. One replay run for all of them, two at a time: the named states are built once.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { replayFiles } from '../src/replay/replay.ts';
import { readmeExample, RECORDINGS, scratchWithStates, writeRecordings } from './helpers/replay.ts';

const recordings = [
  ...readdirSync(RECORDINGS).filter((f) => f.endsWith('.md') && f !== 'README.md'),
  // The tutor's lessons are recordings too.
  ...readdirSync(join(RECORDINGS, 'lessons'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => join('lessons', f)),
].sort();
const [example] = writeRecordings(scratchWithStates(), { 'example.md': readmeExample() });
// The command reference's examples are a recording too (docs/commands.md, after recordings/owned.md).
const reference = join(RECORDINGS, '..', 'docs', 'commands.md');

const started = Date.now();
const run = replayFiles({
  files: [...recordings.map((f) => join(RECORDINGS, f)), example!, reference],
  secret: (name) => ({ admin: 'adminpassword', cu1: 'user1234' })[name],
  update: false,
  timeoutMs: 30_000,
  jobs: 2,
}).then((results) => ({ results, elapsed: Date.now() - started }));

test('recordings/ holds the runbooks the issue asks for', (t) => {
  for (const f of ['step11.md', 'owned.md', 'keys.md', 'user-kek.md', 'interop.md', 'node-down.md', 'sync.md', 'lockout.md']) t.true(recordings.includes(f), f);
});

for (const file of recordings) {
  test(`recordings/${file} replays green`, async (t) => {
    const { results } = await run;
    const r = results.find((x) => x.file === join(RECORDINGS, file));
    t.is(r?.outcome, 'passed', `${r?.message ?? ''}\n${r?.diff ?? ''}`);
    t.true((r?.steps ?? 0) > 0);
  });
}

test('the examples of the command reference (docs/commands.md) replay green', async (t) => {
  const { results } = await run;
  const r = results.find((x) => x.file === reference);
  t.is(r?.outcome, 'passed', `${r?.message ?? ''}\n${r?.diff ?? ''}`);
});

test('the complete example in recordings/README.md replays green, its hidden password from a secret', async (t) => {
  const { results, elapsed } = await run;
  const r = results.find((x) => x.file === example);
  t.is(r?.outcome, 'passed', `${r?.message ?? ''}\n${r?.diff ?? ''}`);
  t.log(`all ${results.length} recordings replayed in ${(elapsed / 1000).toFixed(1)} s`);
});
