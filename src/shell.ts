// What every tool front end offers to whatever drives it (line mode, the Ink TUI, a replayed
// recording): its prompt, a line handler, and the live values and status a prompt can show.
import type { NodeCondition } from '../emulator/model.ts';
import type { LiveValues } from '../grammar/complete.ts';
import type { Grammar } from '../grammar/parse.ts';
import type { Scope } from '../grammar/spec.ts';
import { data, failure, type Line, warning } from './output.ts';

export type NodeStatus =
  | { readonly server: number; readonly state: 'connected' | 'not connected' | 'down' | 'not activated' }
  | { readonly server: number; readonly state: 'lagging'; readonly lag: number }
  | { readonly server: number; readonly state: 'restoring'; readonly done: number; readonly total: number };

/** A node's status line entry; `connected`: whether this tool is connected to a node that is current. */
export function nodeStatus(server: number, condition: NodeCondition, connected = true): NodeStatus {
  switch (condition.kind) {
    case 'not activated':
    case 'down':
      return { server, state: condition.kind };
    case 'lagging':
      return { server, state: 'lagging', lag: condition.lag };
    case 'current':
      return { server, state: connected ? 'connected' : 'not connected' };
  }
}

export interface StatusView {
  /** `cloudmgmt`, `server0` or `azcloudhsm_util`. */
  readonly scope: string;
  readonly login?: { readonly name: string; readonly type: string };
  readonly nodes: readonly NodeStatus[];
  /** End-to-end encryption to every connected server. */
  readonly e2e: boolean;
  /** azcloudhsm_util: the azcloudhsm_client daemon went away (the tool connects again when it is back). */
  readonly daemon?: 'lost';
  /** Modes the session runs in, shown at the end of the status line (`dry run`, a lesson's step). */
  readonly badges?: readonly string[];
}

export interface ToolShell {
  readonly grammar: Grammar;
  /** Commands that failed so far (line mode exits 1 when any did). */
  readonly failures: number;
  /** Prints the start-up lines (banner, connections); the drivers wait for it before the first prompt. */
  start(): void | Promise<void>;
  prompt(): string;
  /** The grammar scope commands are parsed in (mgmt_util), or undefined (azcloudhsm_util). */
  scope(): Scope | undefined;
  /** Runs one line; false when the tool should end. */
  handle(line: string): Promise<boolean>;
  /**
   * The command that ends the tool (`quit`, `exit`): what Ctrl-D at an empty prompt runs, so the tool
   * says goodbye as it does. Without one (the tutor's prompts), Ctrl-D ends the session as it is.
   */
  readonly quitCommand?: string;
  /**
   * Catches up, between commands, with what other processes did (a node taken down from another
   * terminal, a daemon that came back), cheaply: the TUI calls it about once a second while idle.
   */
  follow?(): Promise<void>;
  live(): LiveValues;
  status(): StatusView;
  /** Replay progress (activation restore, catch-up), for a status line. Returns an unsubscribe function. */
  onReplayProgress(listener: (p: { server: number; done: number; total: number }) => void): () => void;
  /** Turns the dry run on or off (the TUI's key, see dry-run.ts); returns whether it is on now. */
  toggleDryRun?(): boolean;
  /**
   * What running the line would append, as dry-run lines: decided without appending, asking or printing
   * anything (the tutor shows it before a step runs). [] when the line changes nothing, or cannot be
   * decided without asking (a password typed at a prompt).
   */
  preview?(line: string): Promise<Line[]>;
}

/** A command name the tool does not know: what it was, what was probably meant, where the list is. */
export function invalidCommandLines(word: string, suggestions: readonly string[]): Line[] {
  return [...failure(`Invalid command: ${word}`), ...(suggestions.length > 0 ? warning(`Did you mean: ${suggestions.join(', ')}`) : []), ...data("Type 'help' to list the commands.")];
}
