// pkpspeed's dialog, as AWS documents pkpspeed_blocking: log in as the crypto user, ask the threads and
// the seconds, then the menu again and again until X or the end of input: a test's letter, its questions,
// one `OPERATIONS/second` line per second and, clearly marked as this emulator's, a summary beside the
// figure Microsoft publishes for one partition. The unified vendor build's first answer (B or N) is
// accepted too. The answers come from the user (or a pipe) or from the flags, printed the same way.
import type { Console } from '../console.ts';
import { data, failure, success } from '../output.ts';
import { PKPSPEED_QUESTIONS } from '../prompts.ts';
import { progressBar } from '../progress.ts';
import { hex } from '../text/hex.ts';
import { VERSION } from '../text/version.ts';
import type { PkpspeedArgs } from './args.ts';
import { type HsmSession, HsmRefusal } from './daemon-session.ts';
import { type Ask, type Build, EXIT_LETTER, menuLines, type QuestionName, questions, testByLetter } from './menu.ts';
import { type Credentials, runThroughput, type ThroughputResult } from './throughput.ts';
import { type Plan, publishedFigure } from './work.ts';

export interface PkpspeedIo {
  readonly console: Console;
  /** Opens a daemon session (throws DaemonConnectionError when there is no daemon). */
  readonly open: () => Promise<HsmSession>;
  /** A terminal shows how far a test is (never a pipe: its output stays parseable). */
  readonly progress?: (text: string | undefined) => void;
}

/**
 * The per-second line, spaced as AWS's transcript shows it (spaces, not a TAB: UNCONFIRMED); the count is
 * the operations of that second, `/1` read as the interval in seconds (UNCONFIRMED). Scripts take `$NF`.
 */
export function operationsLine(count: number): string {
  return `OPERATIONS/second                ${count}/1`;
}

const UNIFIED_BUILD_ANSWERS = ['B', 'N'];

/** Runs pkpspeed; the exit status: 0, or 1 when the login or a test failed. */
export async function runPkpspeed(args: PkpspeedArgs, io: PkpspeedIo): Promise<number> {
  const out = io.console;
  let main: HsmSession;
  try {
    main = await io.open();
  } catch {
    out.print(failure('Failed to connect socket, LIQUIDSECURITY: Daemon socket connection error'));
    return 1;
  }
  try {
    out.print(data('login as USER'));
    const user = args.user ?? (await out.ask(PKPSPEED_QUESTIONS.user.text));
    const password = user === null ? null : (args.password ?? (await out.ask(PKPSPEED_QUESTIONS.password.text, { hidden: true })));
    if (user === null || password === null) return 1;
    // AWS's sample shows SDK 2.03 and FIPS mode 2; this emulator prints its own SDK version and the
    // daemon's FIPS state, as azcloudhsm_util does.
    out.print(data('Initializing Cfm2 library', `\tSDK Version: ${VERSION.sdkApi}`, '', ` Current FIPS mode is: ${hex(main.hello.fipsState, 8).slice(2)}`));
    try {
      await main.login(user, password);
    } catch (e) {
      if (!(e instanceof HsmRefusal)) throw e;
      out.print(failure(`Cfm2LoginHSM returned: ${e.message}`));
      return 1;
    }
    return await dialog(args, io, { user, password });
  } finally {
    main.close();
  }
}

async function dialog(args: PkpspeedArgs, io: PkpspeedIo, credentials: Credentials): Promise<number> {
  const out = io.console;
  let build: Build = 'blocking';
  /** A flag's answer is printed after its prompt, as a typed one is echoed. */
  const answer = async (name: QuestionName): Promise<string | null> => {
    const prompt = questions[name].prompt;
    const given = args.answers[name];
    if (given === undefined) return out.ask(prompt.text, { hidden: prompt.hidden });
    out.print(data(prompt.text + given));
    return given;
  };
  const ask: Ask = async (name) => {
    for (;;) {
      const text = await answer(name);
      if (text === null) return null;
      if (name === 'threads' && UNIFIED_BUILD_ANSWERS.includes(text.trim())) {
        build = 'unified';
        continue;
      }
      const read = questions[name].read(text);
      if ('value' in read) return read.value;
      out.print(failure(read.invalid));
    }
  };

  const threads = await ask('threads');
  const seconds = threads === null ? null : await ask('seconds');
  if (threads === null || seconds === null) return 0;
  let status = 0;
  for (;;) {
    out.print(data(...menuLines()));
    const letter = args.test ?? (await out.ask(''));
    if (args.test) out.print(data(args.test));
    if (letter === null || letter.trim().toUpperCase() === EXIT_LETTER) return status;
    const test = testByLetter(letter);
    if (!test) {
      out.print(failure(`Error: invalid choice '${letter}': enter a letter of the menu`));
      continue;
    }
    out.print(data('', `Running ${threads} threads for ${seconds} sec`, ''));
    const choice = await test.choose(ask, build);
    if (!choice) return status;
    const plan: Plan = { threads, seconds, ...choice };
    if (!(await runTest(plan, io, credentials))) status = 1;
    if (args.test) return status;
  }
}

/** Runs one test and prints its seconds and summary; false when it failed. */
async function runTest(plan: Plan, io: PkpspeedIo, credentials: Credentials): Promise<boolean> {
  const out = io.console;
  io.progress?.(`preparing ${plan.threads} session(s)...`);
  let result: ThroughputResult;
  try {
    result = await runThroughput({
      plan,
      open: io.open,
      credentials,
      onStart: () => io.progress?.(bar(0, plan.seconds)),
      onSecond: (second, operations) => {
        out.print(data(operationsLine(operations)));
        io.progress?.(bar(second, plan.seconds));
      },
    });
  } catch (e) {
    io.progress?.(undefined);
    out.print(failure(`The test could not start: operation failed: ${(e as Error).message}`));
    return false;
  }
  io.progress?.(undefined);
  out.print(summaryLines(plan, result));
  return result.failures === 0;
}

const bar = (done: number, total: number): string => `${progressBar(done, total)} s`;

/**
 * The emulator's own summary, every line marked: what ran, the average, and the published figure of one
 * partition of the real service beside it. Failures are worded so that scripts looking for "fail" see them.
 */
export function summaryLines(plan: Plan, r: ThroughputResult) {
  const rate = r.seconds > 0 ? r.operations / r.seconds : 0;
  const published = publishedFigure(plan.work);
  return [
    ...data(`[emulator] ${plan.title}: ${plan.threads} thread(s), each a daemon session of its own, ${r.seconds} s`),
    ...success(`[emulator] ${r.operations} operations, ${rate.toFixed(1)} operations/second on this host through the emulator (not an HSM's figure)`),
    ...(published
      ? data(`[emulator] published for one Azure Cloud HSM partition: ${published.what} ${published.perSecond}/s (up to 3x with all three partitions)`)
      : data('[emulator] no figure is published for this operation by Azure Cloud HSM')),
    ...(r.failures > 0 ? failure(`[emulator] ${r.failures} of ${plan.threads} thread(s) stopped: operation failed: ${r.firstFailure ?? ''}`) : []),
  ];
}
