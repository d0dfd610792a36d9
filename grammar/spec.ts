// The spec format: one declarative object per command. The parser, `help` lists, `<command> -h`,
// usage errors, completion and hints are all derived from these objects (see parse.ts, help.ts,
// complete.ts); no other file re-declares a command's syntax.
import type { CodeEntry, CodeTable } from '../emulator/domain/code-table.ts';

export type ToolName = 'azcloudhsm_mgmt_util' | 'azcloudhsm_util';

/** mgmt_util scopes: `cloudmgmt>` (every connected server) and `serverN>` (one server). */
export type Scope = 'global' | 'server';

/** What a value is: drives validation, completion candidates and the help text. */
export type ValueKind =
  | { readonly kind: 'text' }
  /** `multipleOf`: azcloudhsm_util modulus lengths (RSA: a multiple of 256). */
  | { readonly kind: 'int'; readonly min?: number; readonly max?: number; readonly multipleOf?: number }
  | { readonly kind: 'code'; readonly table: CodeTable }
  | { readonly kind: 'userName' }
  /** Lengths are checked only where a password is set (createUser, changePswd), not at login. */
  | { readonly kind: 'password'; readonly minLength?: number; readonly maxLength?: number }
  | { readonly kind: 'file'; readonly mode: 'read' | 'write' }
  | { readonly kind: 'dir' }
  | { readonly kind: 'keyHandle' }
  | { readonly kind: 'serverId' }
  | { readonly kind: 'userId' }
  | { readonly kind: 'userIdList' }
  | { readonly kind: 'hex' }
  /** A boolean switch: present or absent, no value (azcloudhsm_util `-nex`, `-sess`). */
  | { readonly kind: 'switch' };

/** azcloudhsm_util: a check between two flags of one command, with the real tool's message. */
export interface ArgRule {
  /** The `name` of the other argument. */
  readonly arg: string;
  readonly message: string;
}

export interface ArgSpec<N extends string = string, V extends ValueKind = ValueKind> {
  /** Key of the parsed value. */
  readonly name: N;
  /** How the argument reads in a syntax line, e.g. `<user type>`. */
  readonly display: string;
  readonly value: V;
  /** azcloudhsm_util flag (`-k`); for mgmt_util a literal token that must precede the value. */
  readonly flag?: string;
  readonly optional?: boolean;
  /** One line for `-h` (Where: / Arguments). */
  readonly help: string;
  /** Never echoed to history files or transcripts (passwords). */
  readonly secret?: boolean;
  /** azcloudhsm_util: the words of `Error: <missing> (-x) is missing.` */
  readonly missing?: string;
  /** azcloudhsm_util: the whole missing-argument message where the real tool words it differently;
   *  '' where the real tool prints only the help. */
  readonly missingMessage?: string;
  /** azcloudhsm_util: the message printed before the help for a value this argument does not take.
   *  Absent: only the help is printed, as the real tool does for a value it cannot read. */
  readonly invalidMessage?: string;
  /** azcloudhsm_util: arguments that must be given too when this one is (checked after the missing ones). */
  readonly needs?: readonly ArgRule[];
  /** azcloudhsm_util: arguments that may not be given together with this one. */
  readonly excludes?: readonly ArgRule[];
  /** azcloudhsm_util `-h`: list the code table's values under this flag (default yes for code values). */
  readonly listValues?: boolean;
  /**
   * The literal `-hpswd` may stand for this value (prompted, hidden): in mgmt_util in its place, in
   * azcloudhsm_util in place of the flag and its value (`loginHSM -u CU -s cu1 -hpswd`).
   */
  readonly hiddenPrompt?: boolean;
  /** mgmt_util: the literal flag before the value may be left out (`getKeyInfo 262162`, as AWS's examples type it). */
  readonly flagOptional?: boolean;
  /** mgmt_util: the scopes the argument exists in (getKeyDiffMap's ServerID: at cloudmgmt> only). */
  readonly scopes?: readonly Scope[];
}

export interface CommandSpec<N extends string = string, A extends readonly ArgSpec[] = readonly ArgSpec[]> {
  readonly name: N;
  readonly tool: ToolName;
  /** The line shown in the `help` list. azcloudhsm_util: a `\n` marks where the real list wraps the
   *  description onto a second line (replace it with a space for a one-line summary). */
  readonly summary: string;
  /** Description lines for `<command> -h`. */
  readonly description: readonly string[];
  readonly args: A;
  /** Lines that must parse (tested); the first one is shown in help. */
  readonly examples: readonly string[];
  /** mgmt_util: the scopes the command exists in. */
  readonly scopes?: readonly Scope[];
  /** mgmt_util: prints the CAUTION banner and asks `Do you want to continue(y/n)?` first. */
  readonly critical?: boolean;
  /** mgmt_util: on an HSM error on one server the tool asks Retry/Ignore/Abort before going on. */
  readonly retryPrompt?: boolean;
  /** mgmt_util: allowed while the partition is unclaimed ("running in limited commands mode"). */
  readonly limitedMode?: boolean;
  /**
   * mgmt_util: the line printed before the command fans out from cloudmgmt>, e.g. `Creating User
   * {userName}({userType}) on {nodes} nodes`: `{arg}` is the argument's value (a code's vendor name),
   * `{nodes}` the number of servers.
   */
  readonly fanOutHeader?: string;
  /** azcloudhsm_util: the vendor function its `returned:` line names (default `Cfm3<name>`). */
  readonly vendorFunction?: string;
  /** azcloudhsm_util: the heading it is listed under in `help` (none: listed first, like exit and help). */
  readonly group?: string;
  /** azcloudhsm_util: the second-level heading inside `group` ("Asymmetric Keys:" under Key Generation). */
  readonly subgroup?: string;
  /** azcloudhsm_util: for a command without arguments, the line printed before the help when given some. */
  readonly noArgsMessage?: string;
  readonly aliases?: readonly string[];
  /** Set when the emulator does not build this command's behaviour yet: says why, changes nothing. */
  readonly notBuilt?: string;
  /** For commands whose syntax is not public: the parser accepts any words after the name. */
  readonly freeForm?: boolean;
}

export type ArgValue = string | number | boolean | readonly number[];

/** The value an argument of this kind parses to: numbers, a table's codes, id lists, `true` for a switch, else text. */
export type ValueOf<V extends ValueKind> = V extends { readonly kind: 'int' | 'keyHandle' | 'userId' | 'serverId' }
  ? number
  : V extends { readonly kind: 'code'; readonly table: CodeTable<infer E extends CodeEntry> }
    ? E['code']
    : V extends { readonly kind: 'userIdList' }
      ? readonly number[]
      : V extends { readonly kind: 'switch' }
        ? true
        : string;

type ArgsIn<S> = S extends { readonly args: readonly (infer A)[] } ? A : never;
type IsOptional<A> = A extends { readonly optional: true } ? true : false;

/**
 * The parsed arguments of a command, typed by its spec: `ArgsOf<typeof genSymKey>` has `t: 16 | 18 | 21 | 31`,
 * `s: number`, `l: string`, `sess?: true`... An argument given as `-hpswd` is filled in before a command runs.
 */
export type ArgsOf<S> = Expand<
  { readonly [A in ArgsIn<S> as A extends ArgSpec ? (IsOptional<A> extends true ? never : A['name']) : never]: A extends ArgSpec ? ValueOf<A['value']> : never } & {
    readonly [A in ArgsIn<S> as A extends ArgSpec ? (IsOptional<A> extends true ? A['name'] : never) : never]?: A extends ArgSpec ? ValueOf<A['value']> : never;
  }
>;

type IsReadFile<A> = A extends { readonly value: { readonly kind: 'file'; readonly mode: 'read' } } ? true : false;

/** The contents of the files a command reads, by argument name (absent for an optional file not given). */
export type FilesOf<S> = Expand<
  { readonly [A in ArgsIn<S> as A extends ArgSpec ? (IsReadFile<A> extends true ? (IsOptional<A> extends true ? never : A['name']) : never) : never]: Uint8Array } & {
    readonly [A in ArgsIn<S> as A extends ArgSpec ? (IsReadFile<A> extends true ? (IsOptional<A> extends true ? A['name'] : never) : never) : never]?: Uint8Array;
  }
>;

type Expand<T> = T extends infer O ? { [K in keyof O]: O[K] } : never;

/**
 * The arguments of a command the parser accepted, typed by its spec. The parser checked every value
 * against the spec (checkValue), so the record has exactly the shape ArgsOf describes.
 */
export function argsOf<S extends CommandSpec>(_spec: S, args: ParsedCommand['args']): ArgsOf<S> {
  return args as ArgsOf<S>;
}

/** The contents of a command's input files, by argument name: what its read-mode file arguments named. */
export function filesOf<S extends CommandSpec>(_spec: S, files: Readonly<Record<string, Uint8Array>>): FilesOf<S> {
  return files as FilesOf<S>;
}

/** The arguments that name files the command reads. */
export function inputFileArgs(spec: CommandSpec): ArgSpec[] {
  return spec.args.filter((a) => a.value.kind === 'file' && a.value.mode === 'read');
}

/** A command line the grammar accepted. Values are typed by the spec (ints are numbers, switches booleans). */
export interface ParsedCommand {
  readonly spec: CommandSpec;
  readonly name: string;
  readonly args: Readonly<Record<string, ArgValue>>;
  /** Args given as `-hpswd`: the front end prompts for them. */
  readonly prompted: readonly string[];
  /** The words as typed (for echo and history). */
  readonly words: readonly string[];
}

export function argDisplay(a: ArgSpec): string {
  let body = a.flag ? `${a.flag} ${a.value.kind === 'switch' ? '' : a.display}`.trim() : a.display;
  if (a.flag && a.hiddenPrompt) body = `{ ${body} | ${HIDDEN_PROMPT} }`;
  return a.optional ? `[${body}]` : body;
}

/** The word that asks for a password hidden instead of taking it on the line. */
export const HIDDEN_PROMPT = '-hpswd';

/** The arguments a command has in a scope (mgmt_util: getKeyDiffMap's ServerID exists at cloudmgmt> only). */
export function argsInScope(spec: CommandSpec, scope?: Scope): readonly ArgSpec[] {
  return scope === undefined ? spec.args : spec.args.filter((a) => !a.scopes || a.scopes.includes(scope));
}
