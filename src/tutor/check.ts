// Whether what the learner typed is the step the lesson expects, decided by the tool's own parser: the
// same command (mgmt_util prefixes included), the same arguments by value (azcloudhsm_util flags in any
// order, `PO` for `PRECO`, a file by the path it names), except the values the lesson leaves to the
// learner (`{{name=value}}`: their own user names, labels, passwords), which are bound to what they
// typed. When it is not, the verdict says what differs, in the learner's terms.
import { resolve } from 'node:path';
import { findEntry } from '../../emulator/domain/code-table.ts';
import { syntaxLine } from '../../grammar/help.ts';
import { type Grammar, parseLine, type ParseOutcome, passwordLengthRefusal } from '../../grammar/parse.ts';
import { type ArgSpec, type ArgValue, type CommandSpec, type ParsedCommand, type Scope } from '../../grammar/spec.ts';
import { matchLine, substitute, unboundDefaults, type Values } from '../replay/pattern.ts';

/** The command a lesson step expects, as the grammar reads it. */
export interface ExpectedCommand {
  /** The line with the lesson's values (what `hint` shows as the answer). */
  readonly line: string;
  readonly command: ParsedCommand;
  /** Arguments the learner chooses: argument name -> the capture their value binds. */
  readonly free: ReadonlyMap<string, string>;
}

export type Verdict =
  | {
      readonly ok: true;
      /** Captures bound to the learner's own values. */
      readonly bindings: ReadonlyMap<string, string>;
      /** A password the learner will type at the tool's hidden prompt (`-hpswd`): its expected value, or the capture it binds. */
      readonly hidden?: { readonly value: string } | { readonly binds: string };
    }
  | {
      readonly ok: false;
      /** What differs, one sentence each. */
      readonly reasons: readonly string[];
      /** The tool may answer it as usual: it cannot change anything (help, a usage error, an unknown command). */
      readonly harmless: boolean;
    };

export interface CheckContext {
  readonly grammar: Grammar;
  readonly scope: Scope | undefined;
  /** The prompt the learner is at (`cloudmgmt>`, `server0>`, `Command:`). */
  readonly prompt: string;
  /** Where relative file names point. */
  readonly cwd: string;
}

/** The expected command of an input (`typed` may hold captures and `{{name=value}}`), or why it cannot be read. */
export function expectedCommand(ctx: CheckContext, typed: string, values: Values, line: number): ExpectedCommand {
  const defaults = unboundDefaults(typed, values);
  // Filled in on a copy: the learner's own values are bound only once the step is right.
  const concrete = substitute(typed, { ...values, bindings: new Map(values.bindings) }, line);
  const parsed = parseLine(ctx.grammar, concrete, ctx.scope);
  if (parsed.kind !== 'command') throw new Error(`line ${line}: the lesson's command \`${concrete}\` does not parse (${parsed.kind})`);
  const free = new Map<string, string>();
  for (const [capture, value] of defaults) {
    const args = parsed.command.spec.args.filter((a) => a.name in parsed.command.args && String(parsed.command.args[a.name]) === value);
    if (args.length !== 1) throw new Error(`line ${line}: {{${capture}=${value}}} must be the value of exactly one argument of ${parsed.command.name}`);
    free.set(args[0]!.name, capture);
  }
  return { line: concrete, command: parsed.command, free };
}

export function checkCommand(ctx: CheckContext, expected: ExpectedCommand, typed: string): Verdict {
  const outcome = parseLine(ctx.grammar, typed, ctx.scope);
  const want = expected.command;
  switch (outcome.kind) {
    case 'command':
      break;
    case 'help':
      return { ok: false, harmless: true, reasons: [] };
    default:
      return { ok: false, harmless: true, reasons: parseProblem(ctx, outcome, want.spec) };
  }
  const got = outcome.command;
  if (got.spec !== want.spec) {
    return {
      ok: false,
      // `help` only prints; anything else could change the lesson's state, so it is not run.
      harmless: got.spec.name === 'help',
      reasons: got.spec.name === 'help' ? [] : [`this step is not ${got.spec.name} (${lower(got.spec.summary)}): it runs ${want.spec.name} (${lower(want.spec.summary)}).`],
    };
  }
  // A new password of the wrong length parses: the tool refuses it once it runs (after its confirmation).
  const badLength = passwordLengthRefusal(got.spec, got.args);
  if (badLength) return { ok: false, harmless: true, reasons: [`the tool refuses that password: ${badLength}.`] };
  const reasons: string[] = [];
  const bindings = new Map<string, string>();
  let hidden: { value: string } | { binds: string } | undefined;
  for (const a of want.spec.args) {
    const capture = expected.free.get(a.name);
    const w = want.args[a.name];
    const g = got.args[a.name];
    if (got.prompted.includes(a.name)) {
      // Typed at the tool's hidden prompt (-hpswd): checked there.
      if (w !== undefined) hidden = capture ? { binds: capture } : { value: String(w) };
      continue;
    }
    if (w === undefined && g === undefined) continue;
    if (g === undefined) {
      reasons.push(`${describe(a)} is missing.`);
      continue;
    }
    if (w === undefined) {
      reasons.push(`${describe(a)} is not part of this step.`);
      continue;
    }
    if (capture) {
      bindings.set(capture, String(g));
      continue;
    }
    if (!sameValue(a, w, g, ctx.cwd)) reasons.push(difference(a, w, g));
  }
  if (reasons.length > 0) return { ok: false, harmless: false, reasons };
  return hidden ? { ok: true, bindings, hidden } : { ok: true, bindings };
}

function lower(summary: string): string {
  const s = summary.replace(/\n/g, ' ').trim();
  return s.charAt(0).toLowerCase() + s.slice(1);
}

function describe(a: ArgSpec): string {
  return a.flag && !a.flag.startsWith('-') ? `${a.flag} ${a.display}` : a.flag ? `${a.flag} (${plain(a)})` : a.display;
}

function plain(a: ArgSpec): string {
  return a.display.replace(/[<>[\]]/g, '').replace(/\s*\|\s*-hpswd$/, '').trim();
}

function sameValue(a: ArgSpec, want: ArgValue, got: ArgValue, cwd: string): boolean {
  switch (a.value.kind) {
    case 'code': {
      // Codes are the same when they name the same thing: `PO` is `PRECO`.
      const table = a.value.table;
      return findEntry(table, String(want))?.name === findEntry(table, String(got))?.name;
    }
    case 'file':
    case 'dir':
      return resolve(cwd, String(want)) === resolve(cwd, String(got));
    case 'userIdList':
      return [...toList(want)].sort().join(',') === [...toList(got)].sort().join(',');
    case 'userName':
      return String(want).toLowerCase() === String(got).toLowerCase();
    default:
      return String(want) === String(got);
  }
}

function toList(v: ArgValue): readonly number[] {
  return Array.isArray(v) ? v : String(v).split(',').map(Number);
}

function difference(a: ArgSpec, want: ArgValue, got: ArgValue): string {
  if (a.value.kind === 'code') {
    const table = a.value.table;
    const say = (v: ArgValue): string => {
      const e = findEntry(table, String(v));
      return e ? `${String(v)} (${e.meaning ?? e.name})` : String(v);
    };
    const what = a.name === 'userType' ? 'wrong role' : plain(a);
    return `${what}: you gave ${say(got)}; this step needs ${say(want)}.`;
  }
  return `${describe(a)}: you gave ${String(got)}; this step needs ${String(want)}.`;
}

function parseProblem(ctx: CheckContext, outcome: Exclude<ParseOutcome, { kind: 'command' | 'help' }>, want: CommandSpec): string[] {
  switch (outcome.kind) {
    case 'empty':
      return [];
    case 'unknown':
      return [`${outcome.word} is not a command of ${ctx.grammar.tool}${outcome.suggestions.length > 0 ? ` (did you mean ${outcome.suggestions.join(' or ')}?)` : ''}.`];
    case 'ambiguous':
      return [`${outcome.word} is the start of several commands (${outcome.candidates.join(', ')}): type more of it.`];
    case 'wrongScope':
      return [
        outcome.scope === 'global'
          ? `you are at ${ctx.prompt}; ${outcome.spec.name} needs a server: enter one with \`server <server id>\` first.`
          : `you are at ${ctx.prompt}; ${outcome.spec.name} runs at the cloudmgmt> prompt: \`exit\` server mode first.`,
      ];
    case 'usage': {
      const syntax = outcome.spec === want ? `the syntax is \`${syntaxLine(want)}\`` : `the step runs \`${syntaxLine(want)}\``;
      const message = outcome.message?.replace(/^Error:\s*/, '').trim();
      return [message ? `${message} (${syntax}).` : `an argument is missing or extra: ${syntax}.`];
    }
  }
}

/**
 * A shell step: the same command with runs of spaces counting as one, `{{name=value}}` taking any word
 * of the learner's (bound to it), captures standing for their values.
 */
export function checkShellLine(expected: string, typed: string, values: Values): { ok: true; bindings: ReadonlyMap<string, string> } | { ok: false } {
  const normal = (s: string): string => s.trim().replace(/\s+/g, ' ');
  // The learner's own values match any word: as captures that are not bound yet.
  const pattern = normal(expected).replace(/\{\{([A-Za-z_][\w-]*)=[^{}]*\}\}/g, (token, name: string) => (values.bindings.has(name) ? token : `{{${name}}}`));
  const bound = matchLine(pattern, normal(typed), values);
  return bound ? { ok: true, bindings: bound } : { ok: false };
}
