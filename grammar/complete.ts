// Completion candidates and the grey inline hint, derived only from the grammar (the specs, their
// arguments' value kinds and the code tables) and the values that exist right now (LiveValues), plus
// file names for file and directory arguments (from the lister the caller passes in: the grammar does no
// I/O). Both follow the parser's rules: mgmt_util arguments are positional (with literal tokens such as
// `server` or `-k`, and `-hpswd` for a hidden password), azcloudhsm_util arguments are `-flag value` pairs
// in any order. No Ink here: the TUI calls these per key.
import { checkValue, commandsInScope, type Grammar, lookupCommand } from './parse.ts';
import { type ArgSpec, argDisplay, argsInScope, type CommandSpec, HIDDEN_PROMPT, type Scope } from './spec.ts';
import { findEntry } from '../emulator/domain/code-table.ts';
import { userTypes } from '../emulator/domain/users.ts';

/** Directory entries for file and directory arguments; `dir` is as typed ('' for the current directory). */
export type FileLister = (dir: string) => readonly { readonly name: string; readonly isDir: boolean }[];

/** Values that exist right now, for completion: never a second list of command names. */
export interface LiveValues {
  readonly users: readonly { readonly id: number; readonly name: string; readonly type: string }[];
  readonly keys: readonly { readonly handle: number; readonly label: string; readonly keyType: string; readonly keyClass: string }[];
  readonly servers: readonly number[];
}

export interface CompletionContext {
  readonly grammar: Grammar;
  /** The mgmt_util scope (`cloudmgmt>` or `serverN>`); undefined for azcloudhsm_util. */
  readonly scope?: Scope;
  readonly live: LiveValues;
  /** Lists a directory for file and directory arguments (the programs pass the file system's). */
  readonly listFiles: FileLister;
}

export interface Candidate {
  /** The word that replaces the one being typed. */
  readonly value: string;
  /** What the list shows for it: `31 AES`, `14 NID_secp384r1`, `-wrap_with_trusted <0|1>`. */
  readonly label: string;
  /** Further meaning, shown dimmed: a code's meaning, a user's type, a key's label and type. */
  readonly detail?: string;
  /** False for a value that may go on (a directory, `../cert/`): no space is added after it. */
  readonly final: boolean;
}

export interface Completion {
  /** The part of the line the chosen candidate replaces: the word under the cursor. */
  readonly start: number;
  readonly end: number;
  readonly candidates: readonly Candidate[];
}

interface Word {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/** The words before the cursor, and the word at it ('' right after a space): a completion replaces all of it. */
function wordsAt(line: string, cursor: number): { done: Word[]; current: Word } {
  const words: Word[] = [];
  for (const m of line.matchAll(/\S+/g)) words.push({ text: m[0], start: m.index, end: m.index + m[0].length });
  const at = words.find((w) => w.start <= cursor && cursor <= w.end);
  const current = at ? { text: at.text.slice(0, cursor - at.start), start: at.start, end: at.end } : { text: '', start: cursor, end: cursor };
  return { done: words.filter((w) => w.end < current.start), current };
}

// ---- where in a command's syntax the typed words leave us ---------------------------------------

/**
 * A position in a command's syntax after some words. mgmt_util: `next` is the index of the next
 * positional argument, `afterToken` when its literal token (`server`, `-k`) has just been typed.
 * azcloudhsm_util: `given` holds the flags typed so far and `pending` the flag waiting for its value.
 * `help`: the words so far ask for `-h`, and anything may follow.
 */
type Position =
  | { readonly style: 'positional'; readonly next: number; readonly afterToken: boolean }
  | { readonly style: 'flagged'; readonly given: ReadonlySet<string>; readonly pending?: ArgSpec }
  | { readonly style: 'help' }
  | { readonly style: 'free' };

function startPositions(grammar: Grammar, spec: CommandSpec): Position[] {
  if (spec.freeForm) return [{ style: 'free' }];
  if (grammar.tool === 'azcloudhsm_util') return [{ style: 'flagged', given: new Set() }];
  return skipOptional(spec, { style: 'positional', next: 0, afterToken: false });
}

/** A positional position, plus those reached by leaving out the optional arguments that follow it. */
function skipOptional(spec: CommandSpec, p: Position & { style: 'positional' }): Position[] {
  const out: Position[] = [p];
  let next = p.next;
  while (!p.afterToken && next < spec.args.length && spec.args[next]!.optional) {
    next++;
    out.push({ style: 'positional', next, afterToken: false });
  }
  return out;
}

function acceptsValue(a: ArgSpec, word: string): boolean {
  return (a.hiddenPrompt === true && word === '-hpswd') || checkValue(a, word).ok;
}

/** The positions after one more complete word: none when the word cannot stand there. */
function advance(spec: CommandSpec, p: Position, word: string, isFirstArg: boolean): Position[] {
  if (isFirstArg && word === '-h') return [{ style: 'help' }];
  switch (p.style) {
    case 'help':
    case 'free':
      return [p];
    case 'flagged': {
      // azcloudhsm_util prints the help for `-h` anywhere on the line.
      if (word === '-h') return [{ style: 'help' }];
      if (p.pending) {
        if (!acceptsValue(p.pending, word)) return [];
        return [{ style: 'flagged', given: new Set([...p.given, p.pending.name]) }];
      }
      // `-hpswd` stands for a hidden password's flag and value (loginHSM -hpswd).
      const hidden = word === HIDDEN_PROMPT ? spec.args.find((x) => x.hiddenPrompt && !p.given.has(x.name)) : undefined;
      if (hidden) return [{ style: 'flagged', given: new Set([...p.given, hidden.name]) }];
      const a = spec.args.find((x) => x.flag === word && !p.given.has(x.name));
      if (!a) return [];
      if (a.value.kind === 'switch') return [{ style: 'flagged', given: new Set([...p.given, a.name]) }];
      return [{ style: 'flagged', given: p.given, pending: a }];
    }
    case 'positional': {
      const a = spec.args[p.next];
      if (!a) return [];
      if (a.flag && !p.afterToken) {
        if (word === a.flag) return [{ style: 'positional', next: p.next, afterToken: true }];
        // getKeyInfo 262162: the value without its `-k`.
        if (!a.flagOptional) return [];
      }
      if (!acceptsValue(a, word)) return [];
      return skipOptional(spec, { style: 'positional', next: p.next + 1, afterToken: false });
    }
  }
}

function advanceAll(spec: CommandSpec, positions: readonly Position[], word: string, isFirstArg: boolean): Position[] {
  return positions.flatMap((p) => advance(spec, p, word, isFirstArg));
}

/** What may come next at a position: a literal token or flag, or a value of an argument. */
type Slot = { readonly kind: 'token'; readonly arg: ArgSpec } | { readonly kind: 'value'; readonly arg: ArgSpec };

function slotsAt(spec: CommandSpec, p: Position): Slot[] {
  switch (p.style) {
    case 'help':
    case 'free':
      return [];
    case 'flagged':
      if (p.pending) return [{ kind: 'value', arg: p.pending }];
      return spec.args.filter((a) => !p.given.has(a.name)).map((arg) => ({ kind: 'token', arg }));
    case 'positional': {
      const arg = spec.args[p.next];
      if (!arg) return [];
      return [{ kind: arg.flag && !p.afterToken ? 'token' : 'value', arg }];
    }
  }
}

/** The syntax still to type at a position, as the help's syntax line writes it. */
function remainingSyntax(spec: CommandSpec, p: Position): string[] {
  switch (p.style) {
    case 'help':
      return [];
    case 'free':
      return ['...'];
    case 'flagged': {
      const rest = spec.args.filter((a) => !p.given.has(a.name) && a !== p.pending);
      const ordered = [...rest.filter((a) => !a.optional), ...rest.filter((a) => a.optional)];
      return [...(p.pending ? [p.pending.display] : []), ...ordered.map(argDisplay)];
    }
    case 'positional': {
      const [first, ...rest] = spec.args.slice(p.next);
      if (!first) return [];
      return [p.afterToken ? first.display : argDisplay(first), ...rest.map(argDisplay)];
    }
  }
}

/** The earliest of several positions (where optional arguments were left out, the one that kept them). */
function earliest(positions: readonly Position[]): Position {
  return positions.reduce((a, b) => {
    if (a.style === 'positional' && b.style === 'positional') return b.next < a.next || (b.next === a.next && b.afterToken) ? b : a;
    return a;
  });
}

// ---- values ------------------------------------------------------------------------------------

const startsWithIgnoringCase = (value: string, prefix: string): boolean => value.toLowerCase().startsWith(prefix.toLowerCase());

/** The largest integer range offered as a list (`-m_value <0..8>`, `<0|1>`, key hash 0/1). */
const LISTED_INT_RANGE = 16;

function valueCandidates(ctx: CompletionContext, spec: CommandSpec, a: ArgSpec, prefix: string, typed: ReadonlyMap<string, string>): Candidate[] {
  const v = a.value;
  const live = ctx.live;
  switch (v.kind) {
    case 'code': {
      const seen = new Set<string>();
      return v.table.entries.flatMap((e) => {
        const value = String(e.code);
        if (seen.has(value) || !startsWithIgnoringCase(value, prefix)) return [];
        seen.add(value);
        const label = value === e.name ? value : typeof e.code === 'number' ? `${value} ${e.name}` : value;
        const detail = [typeof e.code === 'string' && value !== e.name ? e.name : undefined, e.meaning].filter(Boolean).join(': ');
        return [{ value, label, final: true, ...(detail ? { detail } : {}) }];
      });
    }
    case 'userName': {
      // After a user type (mgmt_util `loginHSM CU <name>`, util `loginHSM -u CU -s <name>`), offer the users of that type.
      const typeArg = spec.args.find((x) => x.value.kind === 'code' && x.value.table === userTypes);
      const typedType = typeArg && typed.get(typeArg.name);
      const type = typedType !== undefined && typeArg?.value.kind === 'code' ? findEntry(typeArg.value.table, typedType)?.name : undefined;
      const seen = new Set<string>();
      return live.users.flatMap((u) => {
        if ((type && u.type !== type) || seen.has(u.name) || !startsWithIgnoringCase(u.name, prefix)) return [];
        seen.add(u.name);
        return [{ value: u.name, label: u.name, detail: `${u.type}, user id ${u.id}`, final: true }];
      });
    }
    case 'userId':
      return live.users
        .filter((u) => String(u.id).startsWith(prefix))
        .map((u) => ({ value: String(u.id), label: String(u.id), detail: `${u.name} (${u.type})`, final: true }));
    case 'userIdList': {
      const head = prefix.slice(0, prefix.lastIndexOf(',') + 1);
      const last = prefix.slice(head.length);
      const listed = new Set(head.split(',').filter(Boolean));
      return live.users
        .filter((u) => !listed.has(String(u.id)) && String(u.id).startsWith(last))
        .map((u) => ({ value: head + String(u.id), label: String(u.id), detail: `${u.name} (${u.type})`, final: true }));
    }
    case 'keyHandle': {
      // One pass: a partition may hold tens of thousands of keys, and this runs on a key press.
      const out: Candidate[] = [];
      for (const k of live.keys) {
        const value = String(k.handle);
        if (value.startsWith(prefix)) out.push({ value, label: value, detail: `${k.label} ${k.keyClass} ${k.keyType}`.trim(), final: true });
      }
      return out;
    }
    case 'serverId':
      return live.servers.filter((s) => String(s).startsWith(prefix)).map((s) => ({ value: String(s), label: String(s), final: true }));
    case 'int': {
      const { min = 0, max } = v;
      if (max === undefined || max - min > LISTED_INT_RANGE) return [];
      const values: Candidate[] = [];
      for (let n = min; n <= max; n++) {
        const value = String(n);
        if (value.startsWith(prefix) && checkValue(a, value).ok) values.push({ value, label: value, final: true });
      }
      return values;
    }
    case 'file':
    case 'dir':
      return fileCandidates(ctx.listFiles, prefix, v.kind === 'dir');
    case 'text':
      // `help <command>` takes a command name.
      if (a.name === 'command') return commandCandidates(ctx, prefix);
      return [];
    case 'password':
    case 'hex':
    case 'switch':
      return [];
  }
}

function fileCandidates(list: FileLister, prefix: string, dirsOnly: boolean): Candidate[] {
  const slash = prefix.lastIndexOf('/');
  const dir = prefix.slice(0, slash + 1);
  const base = prefix.slice(slash + 1);
  return list(dir)
    .filter((e) => (!dirsOnly || e.isDir) && e.name.startsWith(base) && (base.startsWith('.') || !e.name.startsWith('.')))
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((e) => {
      const value = dir + e.name + (e.isDir ? '/' : '');
      return { value, label: e.name + (e.isDir ? '/' : ''), final: !e.isDir };
    });
}

function commandCandidates(ctx: CompletionContext, prefix: string): Candidate[] {
  return commandsInScope(ctx.grammar, ctx.scope)
    .filter((c) => c.name.startsWith(prefix))
    .sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()))
    .map((c) => ({ value: c.name, label: c.name, detail: c.summary.replace(/\n/g, ' '), final: true }));
}

function slotCandidates(ctx: CompletionContext, spec: CommandSpec, slot: Slot, prefix: string, typed: ReadonlyMap<string, string>): Candidate[] {
  if (slot.kind === 'value') return valueCandidates(ctx, spec, slot.arg, prefix, typed);
  const flag = slot.arg.flag!;
  if (!flag.startsWith(prefix)) return [];
  return [{ value: flag, label: argDisplay({ ...slot.arg, optional: false }), detail: slot.arg.help, final: true }];
}

// ---- the command line so far -------------------------------------------------------------------

type Reading =
  /** Still on the command name. */
  | { readonly kind: 'name'; readonly current: Word }
  | {
      readonly kind: 'args';
      readonly spec: CommandSpec;
      readonly positions: readonly Position[];
      /** Arguments typed before the current word. */
      readonly argCount: number;
      readonly current: Word;
      /** Values typed so far, by argument name (a user name after its user type). */
      readonly typed: ReadonlyMap<string, string>;
    }
  /** The words typed so far cannot make a command (unknown command, a value its argument refuses, too many words). */
  | { readonly kind: 'none' };

function read(ctx: CompletionContext, line: string, cursor: number): Reading {
  const { done, current } = wordsAt(line, cursor);
  const [name, ...args] = done;
  if (!name) return { kind: 'name', current };
  const found = lookupCommand(ctx.grammar, name.text, ctx.scope);
  if (found.kind !== 'found') return { kind: 'none' };
  const spec = inScope(found.spec, ctx.scope);
  let positions = startPositions(ctx.grammar, spec);
  const typed = new Map<string, string>();
  for (const [i, w] of args.entries()) {
    const filled = positions.flatMap((p) => slotsAt(spec, p)).find((s) => s.kind === 'value' && acceptsValue(s.arg, w.text));
    positions = advanceAll(spec, positions, w.text, i === 0);
    if (positions.length === 0) return { kind: 'none' };
    if (filled) typed.set(filled.arg.name, w.text);
  }
  return { kind: 'args', spec, positions, argCount: args.length, current, typed };
}

/** Candidates for the word at the cursor: command names, then tokens, flags and values the grammar allows there. */
export function complete(ctx: CompletionContext, line: string, cursor: number = line.length): Completion {
  const r = read(ctx, line, cursor);
  if (r.kind === 'none') return { start: cursor, end: cursor, candidates: [] };
  const { start, end } = r.current;
  if (r.kind === 'name') return { start, end, candidates: commandCandidates(ctx, r.current.text) };
  const seen = new Set<string>();
  const candidates = r.positions
    .flatMap((p) => slotsAt(r.spec, p))
    .flatMap((slot) => slotCandidates(ctx, r.spec, slot, r.current.text, r.typed))
    .filter((c) => !seen.has(c.value) && seen.add(c.value));
  return { start, end, candidates };
}

/**
 * The rest of the syntax after what is typed, greyed by the TUI (like redis-cli's hints): `createUser`
 * gives ` <user type> <user name> <password | -hpswd>`, shrinking as arguments are typed; a command name
 * or value being typed that only one candidate fits is finished in the hint too (`getClu` -> `sterInfo`).
 * '' when there is nothing to add; undefined when the line cannot make a command (unknown command, a
 * value its argument refuses, too many words).
 */
export function hint(ctx: CompletionContext, line: string): string | undefined {
  const r = read(ctx, line, line.length);
  if (r.kind === 'none') return undefined;
  const word = r.current.text;
  if (r.kind === 'name') {
    if (word === '') return '';
    const found = lookupCommand(ctx.grammar, word, ctx.scope);
    const names = commandsInScope(ctx.grammar, ctx.scope).filter((c) => c.name.startsWith(word));
    const named = found.kind === 'found' ? found.spec : names.length === 1 ? names[0] : undefined;
    if (!named) return names.length > 0 ? '' : undefined;
    const spec = inScope(named, ctx.scope);
    const rest = spec.name.startsWith(word) ? spec.name.slice(word.length) : '';
    return rest + joinAfter(syntaxAt(spec, startPositions(ctx.grammar, spec)));
  }
  if (word === '') return syntaxAt(r.spec, r.positions).join(' ');
  // The word being typed is a whole value or token already...
  const after = advanceAll(r.spec, r.positions, word, r.argCount === 0);
  if (after.length > 0) return joinAfter(syntaxAt(r.spec, after));
  // ...or the start of one the grammar offers at this point.
  for (const p of r.positions) {
    for (const slot of slotsAt(r.spec, p)) {
      const own = slotCandidates(ctx, r.spec, slot, word, r.typed);
      if (own.length === 0 && !(slot.kind === 'value' && couldGrowInto(slot.arg, word))) continue;
      const rest = own.length === 1 && own[0]!.value.startsWith(word) ? own[0]!.value.slice(word.length) : '';
      return rest + joinAfter(syntaxAt(r.spec, afterSlot(r.spec, p, slot)));
    }
  }
  return undefined;
}

/** The command as it reads in the scope: without the arguments other scopes have (getKeyDiffMap's ServerID). */
function inScope(spec: CommandSpec, scope: Scope | undefined): CommandSpec {
  const args = argsInScope(spec, scope);
  return args.length === spec.args.length ? spec : { ...spec, args };
}

function syntaxAt(spec: CommandSpec, positions: readonly Position[]): string[] {
  return remainingSyntax(spec, earliest(positions));
}

/** Where a slot leaves the syntax once it is filled, whatever the word. */
function afterSlot(spec: CommandSpec, p: Position, slot: Slot): Position[] {
  if (p.style === 'positional') {
    if (slot.kind === 'token') return [{ style: 'positional', next: p.next, afterToken: true }];
    return skipOptional(spec, { style: 'positional', next: p.next + 1, afterToken: false });
  }
  if (p.style === 'flagged') {
    if (slot.kind === 'value' || slot.arg.value.kind === 'switch') return [{ style: 'flagged', given: new Set([...p.given, slot.arg.name]) }];
    return [{ style: 'flagged', given: p.given, pending: slot.arg }];
  }
  return [p];
}

/** True when more characters could turn `word` into a value the argument takes (`0x` for hex, `4,` for a list). */
function couldGrowInto(a: ArgSpec, word: string): boolean {
  switch (a.value.kind) {
    case 'hex':
      return /^0x?$/i.test(word);
    case 'userIdList':
      return /^(\d+,)*\d*$/.test(word);
    case 'password':
      return true;
    default:
      return false;
  }
}

function joinAfter(parts: readonly string[]): string {
  return parts.length === 0 ? '' : ' ' + parts.join(' ');
}

/** The longest prefix all values share: what one Tab inserts when several candidates remain. */
export function commonPrefix(values: readonly string[]): string {
  if (values.length === 0) return '';
  let prefix = values[0]!;
  for (const v of values) {
    let i = 0;
    while (i < prefix.length && i < v.length && prefix[i] === v[i]) i++;
    prefix = prefix.slice(0, i);
  }
  return prefix;
}
