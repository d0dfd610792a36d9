// The spec format: one declarative object per command. The parser, `help` lists, `<command> -h`,
// usage errors, completion and hints are all derived from these objects (see parse.ts, help.ts,
// complete.ts); no other file re-declares a command's syntax.
import type { CodeTable } from '../emulator/domain/code-table.ts';

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

export interface ArgSpec {
  /** Key of the parsed value. */
  readonly name: string;
  /** How the argument reads in a syntax line, e.g. `<user type>`. */
  readonly display: string;
  readonly value: ValueKind;
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
  /** mgmt_util: the literal `-hpswd` may stand for this value (prompted, hidden). */
  readonly hiddenPrompt?: boolean;
}

export interface CommandSpec {
  readonly name: string;
  readonly tool: ToolName;
  /** The line shown in the `help` list. azcloudhsm_util: a `\n` marks where the real list wraps the
   *  description onto a second line (replace it with a space for a one-line summary). */
  readonly summary: string;
  /** Description lines for `<command> -h`. */
  readonly description: readonly string[];
  readonly args: readonly ArgSpec[];
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
  const body = a.flag ? `${a.flag} ${a.value.kind === 'switch' ? '' : a.display}`.trim() : a.display;
  return a.optional ? `[${body}]` : body;
}
