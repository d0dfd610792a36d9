// Command history, one file per tool in the emulator home (<home>/history/<tool>), kept across runs.
// Lines go to the file with their secrets replaced (grammar/parse.ts redactSecrets): a password typed
// on a loginHSM, createUser or changePswd line is never written. This session's own lines stay as typed
// in memory, so ↑ Enter repeats a command exactly.
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { readConfigText } from '../files.ts';
import { dirname, join } from 'node:path';
import { type Grammar, redactSecrets } from '../../grammar/parse.ts';
import type { Scope } from '../../grammar/spec.ts';

/** Entries kept in the file; it is trimmed to this on load. */
export const HISTORY_SIZE = 1000;

export function historyPath(homeRoot: string, tool: string): string {
  return join(homeRoot, 'history', tool);
}

export class History {
  private readonly list: string[];

  constructor(
    private readonly path: string,
    private readonly grammar: Grammar,
    private readonly size = HISTORY_SIZE,
  ) {
    this.list = readLines(path);
    if (this.list.length > size) {
      this.list.splice(0, this.list.length - size);
      this.write(() => writeFileSync(path, this.list.join('\n') + '\n', { mode: 0o600 }));
    }
  }

  /** Oldest first. */
  get entries(): readonly string[] {
    return this.list;
  }

  /** Records a submitted line (not blank ones, nor a repeat of the last). `scope`: where it was typed. */
  add(line: string, scope: Scope | undefined): void {
    const text = line.trim();
    if (text === '' || text === this.list[this.list.length - 1]) return;
    this.list.push(text);
    if (this.list.length > this.size) this.list.shift();
    const stored = redactSecrets(this.grammar, text, scope);
    // A line that cannot be written safely stays in this session's memory only.
    if (stored !== undefined) this.write(() => appendFileSync(this.path, stored + '\n', { mode: 0o600 }));
  }

  /** History is a convenience: a home that cannot be written to does not stop the tool. */
  private write(action: () => void): void {
    try {
      mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
      action();
    } catch {
      // nothing to do: the entry stays in memory for this session
    }
  }
}

function readLines(path: string): string[] {
  try {
    return (readConfigText(path) ?? '').split('\n').filter((l) => l.trim() !== '');
  } catch {
    return [];
  }
}
