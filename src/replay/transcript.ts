// The tool's side of `azcloudhsm_emu record`: when AZCLOUDHSM_EMU_RECORD names a file, the tool writes
// its own transcript there while it runs, whether line mode or the Ink TUI drives it: the start-up
// lines, each prompt with the command as typed, every line printed, each question with its answer. A
// hidden answer (a password) is written as {{secret:NAME}}, NAME being the user it belongs to, never
// in clear. Screen frames are not a transcript, so this hooks the Console and the ToolShell the
// drivers use. Without the variable the hooks hand back what they are given.
import { appendFileSync } from 'node:fs';
import { parseLine } from '../../grammar/parse.ts';
import type { ParsedCommand } from '../../grammar/spec.ts';
import type { Console } from '../console.ts';
import { textOf } from '../output.ts';
import type { ToolShell } from '../shell.ts';

export const RECORD_ENV = 'AZCLOUDHSM_EMU_RECORD';

type MakeShell = (console: Console) => ToolShell;

export interface TranscriptHooks {
  /** A transcript is being written (the TUI then leaves out what line mode does not print: help's marks). */
  readonly active: boolean;
  /** Wraps a front end's factory: the shell it makes, and the Console it prints and asks through. */
  wrap(make: MakeShell): MakeShell;
  /** Lines a program prints outside its shell (e.g. before it has one). */
  print(lines: readonly string[]): void;
  /** Wraps the Console of a tool that has no shell (pkpspeed asks questions and prints, nothing else). */
  wrapConsole(console: Console): Console;
}

const passThrough: TranscriptHooks = { active: false, wrap: (make) => make, print: () => {}, wrapConsole: (console) => console };

export function transcriptHooks(env: NodeJS.ProcessEnv = process.env): TranscriptHooks {
  const path = env[RECORD_ENV];
  return path ? new TranscriptWriter(path) : passThrough;
}

class TranscriptWriter implements TranscriptHooks {
  readonly active = true;
  /** The user a hidden answer belongs to: the user named by the command being run. */
  private owner: string | undefined;
  /** Secret name -> value, so two different passwords of one user get two names. */
  private readonly secrets = new Map<string, string>();

  constructor(private readonly path: string) {}

  print(lines: readonly string[]): void {
    for (const l of lines) this.write(l);
  }

  wrap(make: MakeShell): MakeShell {
    return (console) => this.shell(make(this.wrapConsole(console)));
  }

  wrapConsole(inner: Console): Console {
    return {
      print: (output) => {
        this.print(textOf(output));
        inner.print(output);
      },
      ask: async (prompt, options = {}) => {
        const answer = await inner.ask(prompt, options);
        this.write(prompt + (answer === null ? '' : options.hidden ? `{{secret:${this.secretName(answer)}}}` : answer));
        return answer;
      },
      // The emulator's notices are not the tool's output: not in the transcript.
      notify: (text) => inner.notify(text),
      tui: inner.tui,
    };
  }

  private shell(inner: ToolShell): ToolShell {
    let started = false;
    let ended = false;
    // Input ended at a prompt (end of a pipe, Ctrl-D): the transcript ends with that bare prompt.
    process.once('exit', () => {
      if (started && !ended) this.write(inner.prompt());
    });
    return {
      grammar: inner.grammar,
      get failures() {
        return inner.failures;
      },
      start: () => {
        started = true;
        return inner.start();
      },
      prompt: () => inner.prompt(),
      scope: () => inner.scope(),
      handle: async (line) => {
        this.write(inner.prompt() + line);
        const parsed = parseLine(inner.grammar, line, inner.scope());
        const user = parsed.kind === 'command' ? userNamed(parsed.command) : undefined;
        this.owner = typeof user === 'string' ? user : undefined;
        const goOn = await inner.handle(line);
        if (!goOn) ended = true;
        return goOn;
      },
      ...(inner.quitCommand !== undefined ? { quitCommand: inner.quitCommand } : {}),
      ...(inner.follow ? { follow: () => inner.follow?.() ?? Promise.resolve() } : {}),
      live: () => inner.live(),
      status: () => inner.status(),
      onReplayProgress: (listener) => inner.onReplayProgress(listener),
      ...(inner.toggleDryRun ? { toggleDryRun: inner.toggleDryRun.bind(inner) } : {}),
      ...(inner.preview ? { preview: inner.preview.bind(inner) } : {}),
    };
  }

  private secretName(value: string): string {
    const base = this.owner ?? 'password';
    for (let n = 1; ; n++) {
      const name = n === 1 ? base : `${base}_${n}`;
      const known = this.secrets.get(name);
      if (known === undefined) this.secrets.set(name, value);
      if (known === undefined || known === value) return name;
    }
  }

  private write(line: string): void {
    appendFileSync(this.path, line + '\n');
  }
}

/** The value of the command's user-name argument (mgmt_util's `<user name>`, azcloudhsm_util's `-s`). */
function userNamed(cmd: ParsedCommand): unknown {
  const arg = cmd.spec.args.find((a) => a.value.kind === 'userName');
  return arg ? cmd.args[arg.name] : undefined;
}
