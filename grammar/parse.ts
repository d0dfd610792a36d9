// The one parser of command lines, for both tools, driven by the specs.
// azcloudhsm_mgmt_util: positional arguments, unambiguous prefixes accepted ("listU" = listUsers).
// azcloudhsm_util: `-flag value` pairs in any order, switches without a value, exact command names.
import { type ArgSpec, type ArgValue, argsInScope, type CommandSpec, HIDDEN_PROMPT, type ParsedCommand, type Scope, type ToolName, type ValueKind } from './spec.ts';
import { findEntry } from '../emulator/domain/code-table.ts';

export type ParseOutcome =
  | { readonly kind: 'empty' }
  | { readonly kind: 'command'; readonly command: ParsedCommand }
  /** `<command> -h` (or `help <command>` handled by the front end). */
  | { readonly kind: 'help'; readonly spec: CommandSpec }
  | { readonly kind: 'unknown'; readonly word: string; readonly suggestions: readonly string[] }
  | { readonly kind: 'ambiguous'; readonly word: string; readonly candidates: readonly string[] }
  /** The command exists, but not in this scope (e.g. getCertReq at cloudmgmt>). */
  | { readonly kind: 'wrongScope'; readonly spec: CommandSpec; readonly scope: Scope }
  /** Wrong arguments: the message (if any) says which; the front end adds the usage text. */
  | { readonly kind: 'usage'; readonly spec: CommandSpec; readonly message?: string };

export interface Grammar {
  readonly tool: ToolName;
  readonly commands: readonly CommandSpec[];
}

/** Splits a line into words. Neither tool has quoting: a label cannot contain spaces. */
export function tokenize(line: string): string[] {
  return line.trim().split(/\s+/).filter((w) => w.length > 0);
}

export function commandsInScope(grammar: Grammar, scope?: Scope): CommandSpec[] {
  return grammar.commands.filter((c) => !scope || !c.scopes || c.scopes.includes(scope));
}

export type Lookup =
  | { readonly kind: 'found'; readonly spec: CommandSpec }
  | { readonly kind: 'unknown'; readonly suggestions: readonly string[] }
  | { readonly kind: 'ambiguous'; readonly candidates: readonly string[] }
  | { readonly kind: 'wrongScope'; readonly spec: CommandSpec };

/**
 * Finds the command a word names: exact name or alias, then (mgmt_util only) an unambiguous prefix.
 * AWS's cloudhsm_mgmt_util reference: "enter the command name, or enough of the name to distinguish it from
 * the names of other cloudhsm_mgmt_util commands. For example, ... enter listUsers or listU". Azure's list
 * also has listUserAuthPubKeys, so `listU` is ambiguous there: no source shows a tie-break, so it is
 * refused (the wording of the refusal is ours, unconfirmed). An exact name always wins (getCert, getCertReq).
 */
export function lookupCommand(grammar: Grammar, word: string, scope?: Scope): Lookup {
  const inScope = commandsInScope(grammar, scope);
  const exact = inScope.find((c) => c.name === word || c.aliases?.includes(word));
  if (exact) return { kind: 'found', spec: exact };
  if (grammar.tool === 'azcloudhsm_mgmt_util') {
    const prefixed = inScope.filter((c) => c.name.startsWith(word));
    if (prefixed.length === 1) return { kind: 'found', spec: prefixed[0]! };
    if (prefixed.length > 1) return { kind: 'ambiguous', candidates: prefixed.map((c) => c.name) };
  }
  const elsewhere = grammar.commands.find((c) => c.name === word);
  if (elsewhere) return { kind: 'wrongScope', spec: elsewhere };
  return { kind: 'unknown', suggestions: closestNames(inScope.map((c) => c.name), word) };
}

/** Names a user most likely meant: same prefix ignoring case, or within a small edit distance. */
export function closestNames(names: readonly string[], word: string, max = 3): string[] {
  const w = word.toLowerCase();
  const scored = names
    .map((n) => {
      const l = n.toLowerCase();
      if (l.startsWith(w) || w.startsWith(l)) return { n, score: 0 };
      // A typo in a prefix ("getClu1" -> getClusterInfo) costs one more than a typo in the whole name.
      return { n, score: Math.min(editDistance(l, w), editDistance(l.slice(0, w.length), w) + 1) };
    })
    .filter((s) => s.score <= Math.max(2, Math.floor(w.length / 3)))
    .sort((a, b) => a.score - b.score || a.n.localeCompare(b.n));
  // Only the nearest names: a second-best guess far behind the best one is noise.
  const best = scored[0]?.score ?? 0;
  return scored.filter((s) => s.score <= best + 1).slice(0, max).map((s) => s.n);
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}

export type ValueCheck = { readonly ok: true; readonly value: ArgValue } | { readonly ok: false; readonly message: string };

const DIGITS = /^\d+$/;
/** Handles, ids, sizes and server numbers are 32-bit on the HSM: a longer run of digits names none. */
const MAX_NUMBER = 0xffffffff;

/** Checks one typed value against its kind. Used by the parser and by hints (a value that fails ends the hint). */
export function checkValue(a: ArgSpec, raw: string): ValueCheck {
  const v: ValueKind = a.value;
  switch (v.kind) {
    case 'int':
    case 'keyHandle':
    case 'userId': {
      if (!DIGITS.test(raw)) return { ok: false, message: `Invalid ${plain(a)}: '${raw}' is not a number` };
      const n = Number(raw);
      const min = v.kind === 'int' ? v.min : undefined;
      const max = v.kind === 'int' ? v.max : undefined;
      if (n > MAX_NUMBER) return { ok: false, message: `Invalid ${plain(a)}: ${raw} is not between ${min ?? 0} and ${max ?? MAX_NUMBER}` };
      if ((min !== undefined && n < min) || (max !== undefined && n > max)) {
        return { ok: false, message: `Invalid ${plain(a)}: ${raw} is not between ${min ?? 0} and ${max ?? 'any'}` };
      }
      const step = v.kind === 'int' ? v.multipleOf : undefined;
      if (step !== undefined && n % step !== 0) {
        return { ok: false, message: `Invalid ${plain(a)}: ${raw} is not a multiple of ${step}` };
      }
      return { ok: true, value: n };
    }
    case 'serverId': {
      if (!DIGITS.test(raw)) return { ok: false, message: `Invalid server id: '${raw}' is not a number` };
      if (Number(raw) > MAX_NUMBER) return { ok: false, message: `Invalid server id: ${raw} is not between 0 and ${MAX_NUMBER}` };
      return { ok: true, value: Number(raw) };
    }
    case 'code': {
      const entry = findEntry(v.table, raw);
      if (!entry) {
        const valid = v.table.entries.map((e) => e.code).join(', ');
        return { ok: false, message: `Invalid ${plain(a)}: '${raw}' (valid: ${valid})` };
      }
      return { ok: true, value: typeof entry.code === 'number' ? entry.code : raw };
    }
    case 'userName':
      if (!/^[A-Za-z0-9_]{1,31}$/.test(raw)) {
        return { ok: false, message: `Invalid ${plain(a)}: up to 31 letters, digits or _` };
      }
      return { ok: true, value: raw };
    case 'password':
      // Its length is checked when the command runs, after the confirmation (passwordLengthRefusal).
      return { ok: true, value: raw };
    case 'userIdList': {
      if (!/^\d+(,\d+)*$/.test(raw) || raw.split(',').some((id) => Number(id) > MAX_NUMBER)) return { ok: false, message: `Invalid ${plain(a)}: '${raw}' (e.g. 4,5)` };
      return { ok: true, value: raw.split(',').map(Number) };
    }
    case 'hex':
      if (!/^(0x)?[0-9a-fA-F]+$/.test(raw)) return { ok: false, message: `Invalid ${plain(a)}: '${raw}' is not hex` };
      return { ok: true, value: raw };
    case 'switch':
      return { ok: true, value: true };
    case 'text':
    case 'file':
    case 'dir':
      return { ok: true, value: raw };
  }
}

/**
 * A new password of the wrong length, in the vendor's words: a public expect script for AWS's
 * cloudhsm_mgmt_util waits for "min pswd len 7 and max pswd len 32" after answering y to changePswd;
 * Azure's limits are 8 and 32 (the exact Azure line is unconfirmed).
 */
export function passwordLengthRefusal(spec: CommandSpec, args: Readonly<Record<string, ArgValue>>): string | undefined {
  for (const a of spec.args) {
    const value = args[a.name];
    if (a.value.kind !== 'password' || typeof value !== 'string') continue;
    const { minLength, maxLength } = a.value;
    if (minLength === undefined || maxLength === undefined) continue;
    if (value.length < minLength || value.length > maxLength) return `min pswd len ${minLength} and max pswd len ${maxLength}`;
  }
  return undefined;
}

function plain(a: ArgSpec): string {
  return a.display.replace(/[<>[\]|]/g, '').replace(/\s+-hpswd$/, '').trim();
}

export function parseLine(grammar: Grammar, line: string, scope?: Scope): ParseOutcome {
  const words = tokenize(line);
  if (words.length === 0) return { kind: 'empty' };
  const [word, ...rest] = words as [string, ...string[]];
  const found = lookupCommand(grammar, word, scope);
  switch (found.kind) {
    case 'unknown':
      return { kind: 'unknown', word, suggestions: found.suggestions };
    case 'ambiguous':
      return { kind: 'ambiguous', word, candidates: found.candidates };
    case 'wrongScope':
      return { kind: 'wrongScope', spec: found.spec, scope: scope ?? 'global' };
    case 'found':
      break;
  }
  const spec = found.spec;
  if (rest[0] === '-h' || (grammar.tool === 'azcloudhsm_util' && rest.includes('-h'))) return { kind: 'help', spec };
  return grammar.tool === 'azcloudhsm_util' ? parseFlagged(spec, rest, words) : parsePositional(spec, rest, words, scope);
}

function parsePositional(spec: CommandSpec, tokens: string[], words: string[], scope?: Scope): ParseOutcome {
  const args: Record<string, ArgValue> = {};
  const prompted: string[] = [];
  if (spec.freeForm) return command(spec, args, prompted, words);
  let i = 0;
  for (const a of argsInScope(spec, scope)) {
    if (a.flag) {
      if (tokens[i] === a.flag) i++;
      else if (!a.optional && !a.flagOptional) {
        return { kind: 'usage', spec, message: i < tokens.length ? `Expected '${a.flag}' before ${a.display}` : undefined };
      } else if (a.optional) continue;
    }
    const raw = tokens[i];
    if (raw === undefined) {
      if (a.optional) continue;
      return { kind: 'usage', spec };
    }
    i++;
    if (a.hiddenPrompt && raw === HIDDEN_PROMPT) {
      prompted.push(a.name);
      continue;
    }
    const checked = checkValue(a, raw);
    if (!checked.ok) return { kind: 'usage', spec, message: checked.message };
    args[a.name] = checked.value;
  }
  if (i < tokens.length) return { kind: 'usage', spec, message: `Too many arguments: ${tokens.slice(i).join(' ')}` };
  return command(spec, args, prompted, words);
}

function parseFlagged(spec: CommandSpec, tokens: string[], words: string[]): ParseOutcome {
  const args: Record<string, ArgValue> = {};
  if (spec.freeForm) return command(spec, args, [], words);
  if (spec.args.length === 0 && tokens.length > 0) return usage(spec, spec.noArgsMessage);
  const prompted: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    // `-hpswd` stands for the flag of a password that is asked for, hidden (loginHSM -hpswd).
    const hidden = tokens[i] === HIDDEN_PROMPT ? spec.args.find((x) => x.hiddenPrompt) : undefined;
    if (hidden) {
      if (hidden.name in args || prompted.includes(hidden.name)) return usage(spec);
      prompted.push(hidden.name);
      continue;
    }
    const a = spec.args.find((x) => x.flag === tokens[i]);
    // Like the real tool: an unknown or repeated flag, or a flag without its value, prints the help.
    if (!a || a.name in args || prompted.includes(a.name)) return usage(spec);
    if (a.value.kind === 'switch') {
      args[a.name] = true;
      continue;
    }
    const raw = tokens[++i];
    if (raw === undefined) return usage(spec);
    const checked = checkValue(a, raw);
    // The real tool prints only the help for a value it cannot read, unless the spec words an error.
    if (!checked.ok) return usage(spec, a.invalidMessage);
    args[a.name] = checked.value;
  }
  // Required arguments in spec order (the order the real tool checks them): one error only.
  for (const a of spec.args) {
    if (a.optional || a.name in args || prompted.includes(a.name)) continue;
    return usage(spec, a.missingMessage ?? `Error: ${a.missing ?? plain(a)} (${a.flag}) is missing.`);
  }
  for (const a of spec.args) {
    if (!(a.name in args)) continue;
    const unmet = a.needs?.find((r) => !(r.arg in args)) ?? a.excludes?.find((r) => r.arg in args);
    if (unmet) return usage(spec, unmet.message);
  }
  return command(spec, args, prompted, words);
}

function usage(spec: CommandSpec, message?: string): ParseOutcome {
  return message ? { kind: 'usage', spec, message } : { kind: 'usage', spec };
}

function command(spec: CommandSpec, args: Record<string, ArgValue>, prompted: string[], words: string[]): ParseOutcome {
  return { kind: 'command', command: { spec, name: spec.name, args, prompted, words } };
}

/** What a secret value that cannot be asked for instead (util `loginHSM -p`) is written as in a history file. */
export const REDACTED = '********';

/**
 * The indexes of the words of a line that redactSecrets wrote as REDACTED: a recalled line then asks
 * for these values instead of sending the marker as a password (which would count towards the lockout).
 */
export function redactedWords(grammar: Grammar, line: string, scope?: Scope): number[] {
  const words = tokenize(line);
  const found = words.length > 0 ? lookupCommand(grammar, words[0]!, scope) : undefined;
  if (found?.kind !== 'found' || grammar.tool !== 'azcloudhsm_util') return [];
  const flags = new Set(found.spec.args.filter((a) => a.secret && a.flag).map((a) => a.flag!.toLowerCase()));
  return words.flatMap((w, i) => (i > 1 && w === REDACTED && flags.has(words[i - 1]!.toLowerCase()) ? [i] : []));
}

/**
 * A line as a history file may keep it: secret values (passwords) replaced, or undefined when the line
 * cannot be written safely. Secrets are found by position, for any line that looks like a command that
 * takes one: any case, a prefix, or a typo of its name (`logniHSM`, `createuser`, `loginhsm`). Such a line
 * must have the command's shape (a user type where the type goes, no stray words, no quotes, no control
 * characters) or it is not written at all. In azcloudhsm_util the value after any secret flag (`-p`, any
 * case) is replaced on every line.
 */
export function redactSecrets(grammar: Grammar, line: string, _scope?: Scope): string | undefined {
  // Every scope's commands count: a password typed where its command does not run is still a password.
  if (/[\x00-\x08\x0a-\x1f\x7f]/.test(line)) return undefined;
  const words = tokenize(line);
  if (words.length === 0) return line;
  const out = [...words];
  const secretFlags = new Set(grammar.commands.flatMap((c) => c.args.filter((a) => a.secret && a.flag).map((a) => a.flag!.toLowerCase())));
  if (grammar.tool === 'azcloudhsm_util') {
    for (let i = 1; i < out.length - 1; i++) if (secretFlags.has(out[i]!.toLowerCase())) out[i + 1] = REDACTED;
  }
  const likely = secretCommandsLike(grammar, words[0]!);
  if (likely.length === 0) return out.some((w, i) => w !== words[i]) ? out.join(' ') : line;
  // Quotes mean the typist thought a value holds spaces: no position can be trusted.
  if (/["'`]/.test(line)) return undefined;
  for (const spec of likely) {
    const redacted = grammar.tool === 'azcloudhsm_util' ? flagsShape(spec, out) : positionalShape(spec, out);
    if (redacted) return redacted.join(' ');
  }
  return undefined;
}

/** Commands that take a secret whose name this word may be meant as: same name in any case, a prefix, a typo. */
function secretCommandsLike(grammar: Grammar, word: string): CommandSpec[] {
  const w = word.toLowerCase();
  return grammar.commands.filter((c) => {
    if (!c.args.some((a) => a.secret)) return false;
    const name = c.name.toLowerCase();
    return name === w || (w.length >= 3 && name.startsWith(w)) || editDistance(name, w) <= 2;
  });
}

/** azcloudhsm_util: every word after the name is one of the command's flags (any case) or the value after one. */
function flagsShape(spec: CommandSpec, words: readonly string[]): string[] | undefined {
  const out = [...words];
  for (let i = 1; i < out.length; i++) {
    const a = spec.args.find((x) => x.flag?.toLowerCase() === out[i]!.toLowerCase());
    if (!a) return undefined;
    if (a.value.kind === 'switch') continue;
    if (i + 1 < out.length && a.secret) out[i + 1] = REDACTED;
    i++;
  }
  return out;
}

/** azcloudhsm_mgmt_util: the values in their places (the user type a user type), a secret replaced where it goes. */
function positionalShape(spec: CommandSpec, words: readonly string[]): string[] | undefined {
  const out = [words[0]!];
  let pos = 1;
  for (const a of spec.args) {
    if (pos >= words.length) break;
    if (a.flag) {
      if (words[pos] !== a.flag) continue;
      out.push(words[pos++]!);
      if (pos >= words.length) break;
    }
    const word = words[pos++]!;
    // A secret that can be prompted for is written -hpswd: a recalled line asks rather than sends a wrong password.
    if (a.secret) out.push(a.hiddenPrompt || word === '-hpswd' ? '-hpswd' : REDACTED);
    else if (a.value.kind === 'code' && !checkValue(a, word).ok) return undefined;
    else out.push(word);
  }
  if (pos < words.length) return undefined;
  return out;
}
