// Every lesson, in line mode, as a learner does it: at each step a wrong answer first (the tutor says what
// is wrong and nothing advances), then hints (the second gives the answer), then the answer; the lesson
// ends done, with every output as the lesson has it. The state lessons start from (owned.md) is built
// once and copied. Also: the learner's own names bound and reused, leaving and resuming, the list.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { copyHome } from '../src/home.ts';
import { replayFiles } from '../src/replay/replay.ts';
import { lessonFiles, loadLesson } from '../src/tutor/lesson.ts';
import { type Exchange, learn, type LearnerRun } from './helpers/learner.ts';
import { emu, RECORDINGS } from './helpers/replay.ts';
import { tempHome } from './helpers/tools.ts';

const LESSONS = join(RECORDINGS, 'lessons');
const lessons = lessonFiles(LESSONS).map(loadLesson);

const started = Date.now();
// The state most lessons start from, built once.
const owned = (async () => {
  const home = tempHome('azhsm-owned-');
  const results = await replayFiles({ files: [join(RECORDINGS, 'owned.md')], home, secret: () => undefined, update: false, timeoutMs: 30_000, jobs: 1 });
  if (results.some((r) => r.outcome === 'failed')) throw new Error(`owned.md did not replay: ${results.map((r) => r.message).join('; ')}`);
  return home;
})();

/** A home for a lesson: a copy of the state its `after:` names, or empty. */
async function homeFor(lesson: string): Promise<string> {
  const home = join(tempHome('azhsm-lesson-'), lesson);
  const l = lessons.find((x) => x.name === lesson)!;
  if (l.recording.front.after) copyHome(await owned, home);
  return home;
}

function problems(run: LearnerRun): string[] {
  const out: string[] = [];
  for (const e of run.exchanges) {
    if (e.as === 'wrong' && !/^tutor: /m.test(e.reply)) out.push(`no feedback after the wrong answer '${e.typed}' at '${e.prompt}':\n${e.reply}`);
    if (e.as === 'hint' && !/^(hint|answer): /m.test(e.reply)) out.push(`no hint after 'hint' at '${e.prompt}'`);
    if (e.as === 'answer' && /^tutor: (?!the output)/m.test(e.reply)) out.push(`the answer '${e.typed}' at '${e.prompt}' was refused:\n${e.reply}`);
  }
  if (/output differs/.test(run.output)) out.push(`an output differs from the lesson's:\n${run.output}`);
  return out;
}

/** A wrong command is never run: the tool's lines for it do not appear, the prompt stays. */
function advancedOnWrong(exchanges: readonly Exchange[]): string[] {
  const out: string[] = [];
  exchanges.forEach((e, i) => {
    const next = exchanges[i + 1];
    if (e.as === 'wrong' && next && next.prompt !== e.prompt) out.push(`after the wrong '${e.typed}' at '${e.prompt}' the next prompt was '${next.prompt}'`);
  });
  return out;
}

test('six lessons, each a recording that replays green (the recordings test replays them too)', (t) => {
  t.is(lessons.length, 6);
  for (const l of lessons) t.true(l.learnerSteps >= 8, `${l.name} has ${l.learnerSteps} learner steps`);
  t.deepEqual(
    lessons.map((l) => l.name),
    ['1-cluster', '2-ownership', '3-users', '4-keys', '5-transfer', '6-faults'],
  );
});

for (const lesson of lessons) {
  test(`lesson ${lesson.name} in line mode: wrong answers refused with feedback, hints, answers, done`, async (t) => {
    const home = await homeFor(lesson.name);
    const run = await learn({ lesson: lesson.name, home });
    t.deepEqual(problems(run), []);
    t.deepEqual(advancedOnWrong(run.exchanges), []);
    t.true(run.output.includes(`Lesson ${lesson.name} done`), run.output.slice(-3000));
    t.is(run.status, 0);
    const answers = run.exchanges.filter((e) => e.as === 'answer').length;
    t.is(answers, lesson.learnerSteps);
    t.true(run.exchanges.filter((e) => e.as === 'wrong').length >= lesson.learnerSteps);
    t.true(JSON.parse(readFileSync(join(home, '.tutor', 'progress.json'), 'utf8')).finished);
  });
}

test('the learner’s own user name and passwords are taken, bound, and expected in the steps after', async (t) => {
  const home = await homeFor('3-users');
  const own = new Map([
    ['createUser CU alice alice1234', 'createUser CU bob bobsecret1'],
    ['changePswd CU bob alice5678', 'changePswd CU bob bobsecret2'],
  ]);
  const run = await learn({ lesson: '3-users', home, own });
  t.deepEqual(problems(run), []);
  t.regex(run.output, /^Creating User bob\(CU\) on 3 nodes$/m);
  // Before a step that changes the cluster runs, the tutor says what it will append (the dry run's mechanism).
  const preview = run.output.indexOf('dry run: would append UserCreated bob(CU) id 4 on servers 0, 1, 2');
  t.true(preview > 0 && preview < run.output.indexOf('Creating User bob(CU)'));
  // Later steps expect the learner's values: the tutor's answers name them.
  t.regex(run.output, /^answer: loginHSM CU bob bobsecret1$/m);
  t.regex(run.output, /^answer: loginHSM CU bob bobsecret2$/m);
  t.regex(run.output, /^answer: unlockUser bob$/m);
  t.is(run.status, 0);
});

test('leaving a lesson keeps the progress; running it again goes back to the start of the part left, with the home as it was then', async (t) => {
  const home = await homeFor('3-users');
  const env = { AZCLOUDHSM_EMU_LESSONS: join(home, '..') };
  // Log in, create the user (and answer y), log out: then input ends.
  const first = await learn({ lesson: '3-users', home, stopAfter: 4 });
  t.is(first.status, 1);
  t.regex(first.output, /^Creating User alice\(CU\) on 3 nodes$/m);
  t.regex(first.output, /lesson 3-users paused: `azcloudhsm_emu learn 3-users` goes on from step 1 of \d+/);
  t.false(JSON.parse(readFileSync(join(home, '.tutor', 'progress.json'), 'utf8')).finished);
  const listed = await emu(['learn'], { cwd: home, env });
  t.regex(listed.stdout, /3-users\s+Users and passwords: create, change, lock out, unlock\s+\d+ steps\s+at step 1 of \d+/);
  t.regex(listed.stdout, /2-ownership\s+.*not started/);
  // The session is started again on the home as it was before it: alice can be created again.
  const second = await learn({ lesson: '3-users', home });
  t.regex(second.output, /going on from step 1 of/);
  t.deepEqual(problems(second), []);
  t.regex(second.output, /^createUser success on server 0\(10\.0\.2\.4\)$/m);
  t.is(second.status, 0);
  t.is(second.exchanges.filter((e) => e.as === 'answer').length, loadLesson(join(LESSONS, '3-users.md')).learnerSteps);
  const again = await emu(['learn'], { cwd: home, env });
  t.regex(again.stdout, /3-users .*\bdone$/m);
  // Done: running it again says so; --restart starts over on a fresh home.
  const done = await emu(['learn', '3-users', '--home', home], { cwd: home });
  t.is(done.status, 0);
  t.regex(done.stdout, /you have done lesson 3-users already/);
  const restarted = await emu(['learn', '3-users', '--home', home, '--restart'], { cwd: home });
  t.is(restarted.status, 1, 'no input: paused at once');
  t.regex(restarted.stdout, /preparing the lesson's cluster/);
  t.regex(restarted.stdout, /goes on from step 1 of/);
  t.false(JSON.parse(readFileSync(join(home, '.tutor', 'progress.json'), 'utf8')).finished);
});

test('a lesson never runs on a home it did not make; learn explains itself', async (t) => {
  const busy = tempHome('azhsm-busy-');
  const r = await emu(['learn', '1', '--home', join(RECORDINGS, '..')], { cwd: busy });
  t.is(r.status, 2);
  t.regex(r.stdout + r.stderr, /is not empty/);
  t.false(existsSync(join(RECORDINGS, '..', '.tutor')));
  const unknown = await emu(['learn', 'nosuch'], { cwd: busy });
  t.is(unknown.status, 2);
  t.regex(unknown.stderr, /no lesson 'nosuch'/);
  const help = await emu(['learn', '--help'], { cwd: busy });
  t.regex(help.stdout, /Usage: azcloudhsm_emu learn/);
});

test.after('the lessons’ share of the suite', () => {
  console.log(`tutor tests: ${((Date.now() - started) / 1000).toFixed(1)} s`);
});
