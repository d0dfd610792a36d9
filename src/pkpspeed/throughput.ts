// Runs a throughput test: each thread is an application session of its own (a daemon connection, logged
// in as the crypto user) repeating a real operation as fast as the daemon answers, for the test's
// seconds. Completions are counted in the wall-clock second they land in; each second is reported as it
// closes. Keys made for the test are deleted when it ends.
import { type HsmSession, type MadeKey, type Repetition } from './daemon-session.ts';
import { keyOf, type Plan } from './work.ts';

export interface Credentials {
  readonly user: string;
  readonly password: string;
}

export interface ThroughputOptions {
  readonly plan: Plan;
  /** Opens a session (not yet logged in). */
  readonly open: () => Promise<HsmSession>;
  readonly credentials: Credentials;
  /** Called as each second closes, with the operations completed in it (second counts from 1). */
  readonly onSecond?: (second: number, operations: number) => void;
  /** Called once the sessions are logged in and the keys are made, when the clock starts. */
  readonly onStart?: () => void;
}

export interface ThroughputResult {
  /** Operations completed in each second of the test. */
  readonly perSecond: readonly number[];
  readonly operations: number;
  /** The seconds the test ran (shorter than planned when every thread stopped on a failure). */
  readonly seconds: number;
  readonly failures: number;
  /** The first failure's text. */
  readonly firstFailure?: string;
}

/** Sets up sessions and keys; a failure here ends the test before it starts (the caller reports it). */
export async function runThroughput(o: ThroughputOptions): Promise<ThroughputResult> {
  const { plan } = o;
  const sessions: HsmSession[] = [];
  const made: { session: HsmSession; handles: readonly number[] }[] = [];
  try {
    for (let i = 0; i < plan.threads; i++) sessions.push(await o.open());
    await Promise.all(sessions.map((s) => s.login(o.credentials.user, o.credentials.password)));
    const spec = keyOf(plan.work);
    const keys: (MadeKey | undefined)[] = [];
    if (spec && plan.keys.kind === 'static') {
      // One token key every session of the user can use.
      const key = await sessions[0]!.makeKey(spec, true);
      made.push({ session: sessions[0]!, handles: key.handles });
      keys.push(...sessions.map(() => key));
    } else if (spec && plan.keys.kind === 'per-thread') {
      const token = plan.keys.token;
      keys.push(
        ...(await Promise.all(
          sessions.map(async (s) => {
            const key = await s.makeKey(spec, token);
            if (key.token) made.push({ session: s, handles: key.handles });
            return key;
          }),
        )),
      );
    }
    const repetitions = await Promise.all(sessions.map((s, i) => s.repetition(plan.work, keys[i])));
    o.onStart?.();
    return await timed(plan.seconds, sessions, repetitions, made, o.onSecond);
  } finally {
    // Keys made for the test go (each by the session that owns it), then the sessions close.
    for (const m of made) for (const h of m.handles) await m.session.deleteKey(h).catch(() => undefined);
    for (const s of sessions) s.close();
  }
}

async function timed(
  seconds: number,
  sessions: readonly HsmSession[],
  repetitions: readonly Repetition[],
  made: { session: HsmSession; handles: readonly number[] }[],
  onSecond: ThroughputOptions['onSecond'],
): Promise<ThroughputResult> {
  const start = performance.now();
  const deadline = start + seconds * 1000;
  const counts = new Array<number>(seconds).fill(0);
  let failures = 0;
  let firstFailure: string | undefined;
  let running = repetitions.length;

  const thread = async (i: number): Promise<void> => {
    try {
      while (performance.now() < deadline) {
        const keys = await repetitions[i]!();
        if (keys.length > 0) made.push({ session: sessions[i]!, handles: keys });
        const at = performance.now();
        if (at < deadline) counts[Math.floor((at - start) / 1000)]! += 1;
      }
    } catch (e) {
      // An HSM that refuses once refuses again: this thread stops, the others go on.
      failures++;
      firstFailure ??= (e as Error).message;
    } finally {
      running--;
    }
  };

  let reported = 0;
  const report = (upTo: number): void => {
    for (; reported < upTo; reported++) onSecond?.(reported + 1, counts[reported]!);
  };
  const threads = Promise.all(repetitions.map((_, i) => thread(i)));
  // Each second is reported when it has closed (a completion is dated when it lands, so a closed
  // second gets no more).
  for (let s = 1; s <= seconds && running > 0; s++) {
    // Timers may fire a little before performance.now() says the second is over: wait until it is.
    for (let wait = start + s * 1000 - performance.now(); wait > 0 && running > 0; wait = start + s * 1000 - performance.now()) {
      await new Promise((r) => setTimeout(r, Math.max(1, wait)));
    }
    if (running > 0) report(s);
  }
  await threads;
  const ran = running === 0 && failures > 0 ? Math.max(1, Math.ceil((performance.now() - start) / 1000)) : seconds;
  report(Math.min(ran, seconds));
  const perSecond = counts.slice(0, Math.min(ran, seconds));
  return {
    perSecond,
    operations: perSecond.reduce((a, b) => a + b, 0),
    seconds: perSecond.length,
    failures,
    ...(firstFailure !== undefined ? { firstFailure } : {}),
  };
}
