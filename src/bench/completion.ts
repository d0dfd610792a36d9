// Completion and hint latency per keystroke, with many keys in the live values: the pure functions the
// TUI calls on every key (grammar/complete.ts). Shared by the TUI benchmark and `npm run bench`.
import { utilCommands } from '../../grammar/azcloudhsm_util/index.ts';
import { type CompletionContext, complete, hint, type LiveValues } from '../../grammar/complete.ts';
import { mgmtGrammar } from '../../grammar/mgmt_util/index.ts';
import type { Grammar } from '../../grammar/parse.ts';
import { listDirectory } from '../files.ts';
import { percentile } from './stats.ts';

/** Live values as a partition with `n` keys shows them (20 users). */
export function liveWithKeys(n: number): LiveValues {
  const users = Array.from({ length: 20 }, (_, i) => ({ id: i + 1, name: i === 0 ? 'admin' : `cu${i}`, type: i === 0 ? 'CO' : 'CU' }));
  const types = ['AES', 'RSA', 'EC', 'GENERIC_SECRET'];
  const keys = Array.from({ length: n }, (_, i) => ({ handle: 262150 + i, label: `key-${i}`, keyType: types[i % 4]!, keyClass: i % 4 === 1 ? 'public' : 'secret' }));
  return { users, keys, servers: [0, 1, 2] };
}

const LINES: readonly [Grammar, 'global' | 'server' | undefined, string][] = [
  [mgmtGrammar, 'global', 'getAttribute 262150 134 out.txt'],
  [mgmtGrammar, 'global', 'shareKey 263150 3,4,5 1'],
  [mgmtGrammar, 'global', 'createUser CU bob password1'],
  [mgmtGrammar, 'server', 'syncKey 270000 1'],
  [{ tool: 'azcloudhsm_util', commands: utilCommands }, undefined, 'genSymKey -t 31 -s 16 -l aes1 -u 3,4 -wrap_with_trusted 0'],
  [{ tool: 'azcloudhsm_util', commands: utilCommands }, undefined, 'sign -f msg.bin -k 262160 -m 1 -out sig.bin'],
];

export interface Spread {
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

const spread = (xs: readonly number[]): Spread => ({ p50: percentile(xs, 50), p99: percentile(xs, 99), max: Math.max(...xs) });

export interface CompletionLatency {
  readonly keystrokes: number;
  /** The grey hint alone, ms per keystroke. */
  readonly hint: Spread;
  /** The hint and the Tab candidates, ms per keystroke. */
  readonly hintAndCandidates: Spread;
  /** Tab on an empty key handle: every key offered (median of 5). */
  readonly allKeys: { readonly ms: number; readonly candidates: number };
}

/** Types each line a character at a time, `rounds` times, timing hint and completion per keystroke. */
export function completionLatency(live: LiveValues, rounds = 20): CompletionLatency {
  const both: number[] = [];
  const hints: number[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const [grammar, scope, line] of LINES) {
      const ctx: CompletionContext = { grammar, live, listFiles: listDirectory, ...(scope ? { scope } : {}) };
      for (let i = 1; i <= line.length; i++) {
        const typed = line.slice(0, i);
        const t0 = performance.now();
        hint(ctx, typed);
        const t1 = performance.now();
        complete(ctx, typed);
        const t2 = performance.now();
        hints.push(t1 - t0);
        both.push(t2 - t0);
      }
    }
  }
  const everyKey: number[] = [];
  let candidates = 0;
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    candidates = complete({ grammar: mgmtGrammar, scope: 'global', live, listFiles: listDirectory }, 'getAttribute ').candidates.length;
    everyKey.push(performance.now() - t0);
  }
  return { keystrokes: both.length, hint: spread(hints), hintAndCandidates: spread(both), allKeys: { ms: percentile(everyKey, 50), candidates } };
}
