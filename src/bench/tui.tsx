// Benchmark of the TUI: time to the first prompt in a real terminal (a pty from util-linux `script`), and
// until the app draws a key typed at it, next to `node -e 0` and to line mode in the same run, and the completion and hint latency per keystroke with
// 10,000 keys in the live values, both for the pure functions and from key to drawn frame.
//   npm run build && node --import tsx src/bench/tui.tsx [runs]
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { render } from 'ink-testing-library';
import type { LiveValues } from '../../grammar/complete.ts';
import { mgmtGrammar } from '../../grammar/mgmt_util/index.ts';
import type { StatusView, ToolShell } from '../shell.ts';
import { App } from '../tui/app.tsx';
import { History, historyPath } from '../tui/history.ts';
import { makePaint } from '../tui/paint.ts';
import { TuiConsole } from '../tui/tui-console.ts';
import { completionLatency, liveWithKeys, type Spread } from './completion.ts';
import { median, ms, percentile } from './stats.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const RUNS = Number(process.argv[2] ?? 15);
const KEYS = 10_000;

// ---- time to first prompt ----------------------------------------------------------------------

const stripAnsi = (s: string): string => s.replace(/\u001B\[[0-9;?]*[A-Za-z]/g, '');

/** script(1) gives the pty the size of its own terminal, none here: stty sets one first. */
function spawnInPty(command: string, env: NodeJS.ProcessEnv) {
  return spawn('script', ['-qfec', `stty cols 120 rows 40; exec ${command}`, '/dev/null'], { env, stdio: ['pipe', 'pipe', 'inherit'] });
}

/** `node -e 0` in a pty: start to exit. */
function timeNode(env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawnInPty(`${process.execPath} -e 0`, env);
    child.stdout.resume();
    child.on('error', reject);
    child.on('exit', () => resolve(performance.now() - start));
  });
}

/**
 * The TUI in a pty: ms until the prompt is on screen, and until a key typed the moment it shows is drawn
 * after it (the app has the keyboard).
 */
function timeTui(command: string, env: NodeJS.ProcessEnv): Promise<{ prompt: number; keyDrawn: number }> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawnInPty(command, env);
    let out = '';
    let prompt: number | undefined;
    let keyDrawn: number | undefined;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString('utf8');
      const screen = stripAnsi(out);
      if (prompt === undefined && screen.includes('cloudmgmt>')) {
        prompt = performance.now() - start;
        child.stdin.write('x');
      }
      if (prompt !== undefined && keyDrawn === undefined && screen.includes('cloudmgmt>x')) {
        keyDrawn = performance.now() - start;
        child.stdin.write('\u0015quit\r');
      }
    });
    child.on('error', reject);
    child.on('exit', () => (prompt === undefined || keyDrawn === undefined ? reject(new Error(`no prompt or key in:\n${out}`)) : resolve({ prompt, keyDrawn })));
  });
}

/** Line mode: stdin from /dev/null; the ms until the prompt is written to the pipe. */
function timeLineMode(env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, [join(ROOT, 'dist', 'azcloudhsm_mgmt_util.js')], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    let seen: number | undefined;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString('utf8');
      if (seen === undefined && out.includes('cloudmgmt>')) seen = performance.now() - start;
    });
    child.on('error', reject);
    child.on('exit', () => (seen === undefined ? reject(new Error(out)) : resolve(seen)));
  });
}


async function firstPrompt(): Promise<void> {
  if (spawnSync('script', ['-V']).status !== 0) {
    console.log('time to first prompt: skipped (util-linux `script` is not installed)');
    return;
  }
  const home = mkdtempSync(join(tmpdir(), 'azhsm-bench-'));
  const env = { ...process.env, CI: 'false', AZCLOUDHSM_EMU_HOME: home, TERM: 'xterm-256color' };
  const tool = `${process.execPath} ${join(ROOT, 'dist', 'azcloudhsm_mgmt_util.js')}`;
  // The first start creates the home (journal, master key, cluster): not part of the figure.
  await timeTui(tool, env);
  const node: number[] = [];
  const prompt: number[] = [];
  const key: number[] = [];
  const line: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    node.push(await timeNode(env));
    const t = await timeTui(tool, env);
    prompt.push(t.prompt);
    key.push(t.keyDrawn);
    line.push(await timeLineMode(env));
  }
  const row = (name: string, xs: number[]): string => `  ${name.padEnd(44)}${ms(median(xs)).padStart(7)}   (min ${ms(Math.min(...xs))}, max ${ms(Math.max(...xs))})`;
  console.log(`time to first prompt, median of ${RUNS} runs, each in a pty made by script(1) (its own start-up included):`);
  console.log(row('node -e 0, start to exit', node));
  console.log(row('azcloudhsm_mgmt_util: cloudmgmt> on screen', prompt));
  console.log(row('azcloudhsm_mgmt_util: a key typed then, drawn', key));
  console.log(row('azcloudhsm_mgmt_util piped (line mode)', line));
}

// ---- completion and hint latency -----------------------------------------------------------------

function pureLatency(live: LiveValues): void {
  const c = completionLatency(live);
  const row = (x: Spread): string => `p50 ${ms(x.p50)}  p99 ${ms(x.p99)}  max ${ms(x.max)}`;
  console.log(`completion + hint per keystroke, ${KEYS} keys in the live values (${c.keystrokes} keystrokes):`);
  console.log(`  hint only            ${row(c.hint)}`);
  console.log(`  hint + Tab candidates ${row(c.hintAndCandidates)}`);
  console.log(`  Tab on an empty key handle (all ${c.allKeys.candidates} keys offered): ${ms(c.allKeys.ms)}`);
}

/** A front end that only holds live values: the app's own cost per key, without running commands. */
class KeysShell implements ToolShell {
  readonly grammar = mgmtGrammar;
  readonly failures = 0;
  readonly quitCommand = 'quit';
  async follow(): Promise<void> {}
  constructor(private readonly values: LiveValues) {}
  start(): void {}
  prompt(): string {
    return 'cloudmgmt>';
  }
  scope(): 'global' {
    return 'global';
  }
  async handle(): Promise<boolean> {
    return true;
  }
  live(): LiveValues {
    return this.values;
  }
  status(): StatusView {
    return { scope: 'cloudmgmt', login: { name: 'cu1', type: 'CU' }, nodes: [0, 1, 2].map((server) => ({ server, state: 'connected' as const })), e2e: true };
  }
  onReplayProgress(): () => void {
    return () => {};
  }
}

async function frameLatency(live: LiveValues): Promise<void> {
  const console_ = new TuiConsole();
  const home = mkdtempSync(join(tmpdir(), 'azhsm-bench-'));
  const app = render(<App shell={new KeysShell(live)} console={console_} history={new History(historyPath(home, 'bench'), mgmtGrammar)} paint={makePaint(1)} />);
  await new Promise((r) => setTimeout(r, 20));
  let frameDrawn: (() => void) | undefined;
  const write = app.stdout.write;
  app.stdout.write = (frame: string) => {
    write(frame);
    frameDrawn?.();
  };
  const perKey: number[] = [];
  const keyToFrame = async (key: string): Promise<void> => {
    const drawn = new Promise<void>((r) => (frameDrawn = r));
    const t0 = performance.now();
    app.stdin.write(key);
    await drawn;
    perKey.push(performance.now() - t0);
  };
  for (let round = 0; round < 10; round++) {
    for (const ch of 'getAttribute 2621') await keyToFrame(ch);
    await keyToFrame('\t');
    await keyToFrame('\u0015');
  }
  app.unmount();
  console.log(`key to drawn frame in the Ink app (ink-testing-library, ${perKey.length} keys, Tab included):`);
  console.log(`  p50 ${ms(percentile(perKey, 50))}  p99 ${ms(percentile(perKey, 99))}  max ${ms(Math.max(...perKey))}`);
}

const live = liveWithKeys(KEYS);
await firstPrompt();
pureLatency(live);
await frameLatency(live);
process.exit(0);
