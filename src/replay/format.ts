// The recording format: a Markdown file whose ```console fences hold the steps. `$ <command>` starts a
// step and the lines after it (up to the next `$ ` line or the fence's end) are what it prints; a last
// line `[N]` is a non-zero exit status. A step running one of the interactive tools is a session: its
// body is the tool's own transcript, inputs recognised by the tool's prompts (src/prompts.ts). Prose,
// headings and other fences are documentation and ignored. See recordings/README.md.
import { basename } from 'node:path';
import { isSessionTool, type SessionTool, splitPromptLine } from '../prompts.ts';
import { RecordingError } from './errors.ts';

export { RecordingError };

export interface FrontMatter {
  readonly title?: string;
  /** The recording whose final state this one starts from, and the line naming it. */
  readonly after?: { readonly name: string; readonly line: number };
}

const FRONT_MATTER_KEYS = ['title', 'after'] as const;

/** An expected output line: `...` (any run of lines) or a line pattern. */
export interface OutputLine {
  readonly text: string;
  readonly line: number;
}

/** A prompt and what was typed at it, in a session's transcript. */
export interface InputLine {
  readonly text: string;
  readonly line: number;
  readonly prompt: string;
  readonly typed: string;
  readonly question: boolean;
  readonly hidden: boolean;
  /** A bare command prompt ending the transcript: input ended there (Ctrl-D, or a pipe closing). */
  readonly endOfInput: boolean;
}

export type SessionItem = ({ readonly kind: 'output' } & OutputLine) | ({ readonly kind: 'input' } & InputLine);

/** A run of a step's body lines inside one code fence: 0-based indexes into the file, [start, end). */
export interface BodySegment {
  readonly start: number;
  readonly end: number;
  /** The words after `console` in the fence's info string (`auto` in a lesson: the tutor types these). */
  readonly marks: readonly string[];
}

interface StepCommon {
  /** The `$` line (1-based). */
  readonly line: number;
  /** The command as sh reads it (continuation lines kept). */
  readonly command: string;
  /** The body's lines, as 0-based indexes into the file: [bodyStart, bodyEnd). Includes the `[N]` line. */
  readonly bodyStart: number;
  readonly bodyEnd: number;
  /**
   * The body's runs, one per fence: a session continued in later fences (prose between them) has one
   * per fence; any other step has one, [bodyStart, bodyEnd), in the fence of its `$` line.
   */
  readonly segments: readonly BodySegment[];
  readonly status: number;
}

export type Step =
  | (StepCommon & { readonly kind: 'cd'; readonly dir: string })
  | (StepCommon & { readonly kind: 'background' })
  | (StepCommon & { readonly kind: 'shell'; readonly output: readonly OutputLine[] })
  | (StepCommon & { readonly kind: 'session'; readonly tool: SessionTool; readonly items: readonly SessionItem[] });

/** A code fence: 0-based indexes of its opening and closing lines. */
export interface Fence {
  readonly open: number;
  readonly close: number;
  readonly console: boolean;
  /** The words of the info string after its first (`auto` in ` ```console auto `). */
  readonly marks: readonly string[];
}

export interface Recording {
  /** The file's lines, without line ends. */
  readonly lines: readonly string[];
  readonly front: FrontMatter;
  /** The index of the first line after the front matter. */
  readonly contentStart: number;
  readonly fences: readonly Fence[];
  readonly steps: readonly Step[];
}

/** Characters that make a command line more than one program with plain words. */
const SHELL_SYNTAX = /[|&;<>()$`\\"'*?[\]#~{}]/;

/** The program's name and its words, for a command line that is one program with plain words. */
export function plainWords(command: string): string[] | undefined {
  const withoutTokens = command.replace(/\{\{[^{}]*\}\}/g, 'x');
  if (SHELL_SYNTAX.test(withoutTokens) || command.includes('\n')) return undefined;
  const words = command.trim().split(/\s+/);
  return words[0] ? words : undefined;
}

/** The interactive tool a command line runs as a session, if it does. */
export function sessionToolOf(command: string): SessionTool | undefined {
  const words = plainWords(command);
  if (!words) return undefined;
  const program = basename(words[0]!);
  if (!isSessionTool(program)) return undefined;
  if (program === 'azcloudhsm_util' && words.includes('singlecmd')) return undefined;
  return program;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})(.*)$/;
const STATUS = /^\[(\d+)\]$/;

export function parseRecording(text: string): Recording {
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const { front, next } = parseFrontMatter(lines);
  const steps: Step[] = [];
  const fences: Fence[] = [];
  let fence: { marker: string; console: boolean; line: number; marks: string[] } | undefined;
  let step: { line: number; command: string; segments: BodySegment[]; bodyStart: number; marks: string[] } | undefined;
  const finish = (end: number): void => {
    if (step) steps.push(makeStep(lines, step.line, step.command, [...step.segments, { start: step.bodyStart, end, marks: step.marks }]));
    step = undefined;
  };
  for (let i = next; i < lines.length; i++) {
    const line = lines[i]!;
    if (!fence) {
      const m = FENCE.exec(line);
      if (!m) continue;
      const [kind = '', ...marks] = m[2]!.trim().split(/\s+/);
      fence = { marker: m[1]!, console: kind === 'console', line: i + 1, marks };
      if (fence.console) step = continuedSession(lines, i + 1, steps, marks);
      continue;
    }
    const trimmed = line.trim();
    if (trimmed.length >= fence.marker.length && trimmed === fence.marker[0]!.repeat(trimmed.length)) {
      finish(i);
      fences.push({ open: fence.line - 1, close: i, console: fence.console, marks: fence.marks });
      fence = undefined;
      continue;
    }
    if (!fence.console) continue;
    if (line.startsWith('$ ') || line === '$') {
      finish(i);
      let command = line.slice(2);
      const start = i;
      // A trailing backslash continues the command on the next line, as in sh.
      while (/(^|[^\\])(\\\\)*\\$/.test(command) && i + 1 < lines.length && !FENCE.test(lines[i + 1]!)) command += '\n' + lines[++i];
      if (command.trim() === '') throw new RecordingError(start + 1, 'a `$` line needs a command after it');
      step = { line: start + 1, command, segments: [], bodyStart: i + 1, marks: fence.marks };
    } else if (!step && trimmed !== '') {
      throw new RecordingError(i + 1, 'output before any `$ <command>` step in this console fence (a step starts with `$ `, or the fence continues the session of the fence before it with a prompt line)');
    }
  }
  if (fence) throw new RecordingError(fence.line, `the code fence opened here is not closed (a line \`${fence.marker}\` ends it)`);
  return { lines, front, contentStart: next, fences, steps };
}

/**
 * A console fence whose first line is a prompt of the session the previous step ran (and no `$` line
 * came between) continues that session: its step is taken back up, with a new segment from `start`.
 */
function continuedSession(lines: readonly string[], start: number, steps: Step[], marks: string[]): { line: number; command: string; segments: BodySegment[]; bodyStart: number; marks: string[] } | undefined {
  const last = steps[steps.length - 1];
  const first = lines[start];
  if (last?.kind !== 'session' || first === undefined || splitPromptLine(last.tool, first)?.kind !== 'command') return undefined;
  if (last.status !== 0) throw new RecordingError(start + 1, `this fence continues the session of line ${last.line}, which ended with its exit status [${last.status}] already`);
  steps.pop();
  return { line: last.line, command: last.command, segments: [...last.segments], bodyStart: start, marks };
}

function parseFrontMatter(lines: readonly string[]): { front: FrontMatter; next: number } {
  if (lines[0] !== '---') return { front: {}, next: 0 };
  const front: { title?: string; after?: { name: string; line: number } } = {};
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '---') return { front, next: i + 1 };
    if (line.trim() === '' || line.startsWith('#')) continue;
    const m = /^([A-Za-z_][\w-]*):\s*(.*?)\s*$/.exec(line);
    if (!m) throw new RecordingError(i + 1, 'front matter lines are `key: value`');
    const [, key, value] = m as unknown as [string, string, string];
    if (!(FRONT_MATTER_KEYS as readonly string[]).includes(key)) {
      throw new RecordingError(i + 1, `unknown front matter key '${key}' (known: ${FRONT_MATTER_KEYS.join(', ')})`);
    }
    if (key === 'title') front.title = value;
    else {
      // A name next to this file (`owned` for owned.md) or a relative path to one (`../owned`).
      if (!/^(\.\.\/|[\w.-]+\/)*[\w.-]+$/.test(value)) throw new RecordingError(i + 1, `after: names a recording next to this one or by a relative path, e.g. 'after: owned' for owned.md, 'after: ../owned'`);
      front.after = { name: value.replace(/\.md$/, ''), line: i + 1 };
    }
  }
  throw new RecordingError(1, 'the front matter opened here is not closed (a line `---` ends it)');
}

function makeStep(lines: readonly string[], line: number, command: string, segments: BodySegment[]): Step {
  const bodyStart = segments[0]!.start;
  const bodyEnd = segments[segments.length - 1]!.end;
  const last = segments[segments.length - 1]!;
  let status = 0;
  const statusLine = last.end > last.start ? STATUS.exec(lines[last.end - 1]!) : null;
  if (statusLine) status = Number(statusLine[1]);
  const body = segments.flatMap((seg, k) => {
    const end = k === segments.length - 1 && statusLine ? seg.end - 1 : seg.end;
    return lines.slice(seg.start, end).map((text, j) => ({ text, line: seg.start + j + 1 }));
  });
  const common = { line, command, bodyStart, bodyEnd, segments, status };
  const words = plainWords(command);
  const quiet = (what: string): void => {
    if (bodyEnd > bodyStart) throw new RecordingError(bodyStart + 1, `${what} prints nothing here: its step has no output lines`);
  };
  if (words?.[0] === 'cd' && words.length <= 2) {
    quiet('`cd`');
    return { ...common, kind: 'cd', dir: words[1] ?? '{{home}}' };
  }
  if (/(^|[^&])&\s*$/.test(command)) {
    quiet('a command run in the background (`&`)');
    return { ...common, kind: 'background' };
  }
  const tool = sessionToolOf(command);
  if (!tool) return { ...common, kind: 'shell', output: body };
  const items: SessionItem[] = body.map((b, k): SessionItem => {
    const split = splitPromptLine(tool, b.text, body[k - 1]?.text);
    if (!split) return { kind: 'output', ...b };
    const typed = split.typed.trimEnd();
    if (split.kind === 'question' && split.hidden && typed === '') {
      throw new RecordingError(
        b.line,
        `'${split.prompt.trim()}' does not echo what is typed: write the answer after it as a secret, e.g. '${split.prompt.trim()}{{secret:cu1}}', and give its value with --secret cu1=VALUE`,
      );
    }
    return { kind: 'input', ...b, prompt: split.prompt, typed, question: split.kind === 'question', hidden: split.kind === 'question' && split.hidden, endOfInput: false };
  });
  const lastItem = items[items.length - 1];
  if (lastItem?.kind === 'input' && !lastItem.question && lastItem.typed === '') items[items.length - 1] = { ...lastItem, endOfInput: true };
  return { ...common, kind: 'session', tool, items };
}

/** The segment of a step that holds a file line (1-based). */
export function segmentOf(step: Step, line: number): BodySegment | undefined {
  return step.segments.find((s) => line > s.start && line <= s.end);
}
