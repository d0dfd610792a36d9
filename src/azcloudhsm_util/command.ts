// What an azcloudhsm_util command is in its registry (see ../registry.ts): its spec
// (grammar/azcloudhsm_util), and either the daemon operation it runs, with the mapping of its flags onto
// the operation's input and the renderer of the daemon's typed answer, or the tool's own action (help,
// exit, the code lists...). An entry whose mapping or renderer does not fit its spec and operation does
// not compile.
import type { AnswerOf, InputOf } from '../../emulator/operations/operation.ts';
import type { utilSpecs } from '../../grammar/azcloudhsm_util/index.ts';
import type { ArgsOf, CommandSpec, FilesOf, ParsedCommand } from '../../grammar/spec.ts';
import type { DaemonConnection } from '../client/connection.ts';
import type { DaemonOperation } from '../client/protocol.ts';
import type { Line } from '../output.ts';
import type { Printer } from '../printer.ts';
import { type Command, local as localCommand, type Registry, viaTool } from '../registry.ts';
import type { UtilInputs } from './inputs.ts';

/** What a command runs with. */
export interface UtilTool {
  readonly out: Printer;
  readonly inputs: UtilInputs;
  readonly connection: DaemonConnection;
  /** The command list, with the commands the emulator does not emulate marked when asked (the TUI). */
  helpList(): string;
  /** Runs a daemon command: its files, its input, the operation in the daemon, its renderer. */
  runCore<S extends CommandSpec, O extends DaemonOperation>(command: CoreCommand<S, O>, parsed: ParsedCommand): Promise<void>;
}

export type RenderContext<S> = RenderContextOf<ArgsOf<S>>;

export interface RenderContextOf<A> {
  readonly args: A;
  /** The vendor function the command's `returned:` line names. */
  readonly fn: string;
  /** Writes a file the command makes: the error text when it cannot (counted as a failure), else undefined. */
  writeFile(path: string, data: string | Uint8Array): string | undefined;
  /** Counts the command as failed though every server answered (an unreadable key file). */
  countFailure(): void;
  /** With -attest: whether the HSM's signed answer checked out against the partition's certificate. */
  readonly attestation?: AttestationCheck;
}

/** What `Attestation Check : [...]` says. */
export type AttestationCheck = 'PASS' | 'FAIL';

type InputMapping<S, O extends DaemonOperation> =
  | {
      /** The operation's input from the flags and the contents of the files they name (read first). */
      readonly input: (args: ArgsOf<S>, files: FilesOf<S>) => InputOf<O>;
      readonly resolveInput?: never;
    }
  | {
      /** Instead of `input`: the command asks for what it needs first (setAttribute asks for the value). */
      readonly resolveInput: (args: ArgsOf<S>, tool: UtilTool) => Promise<InputOf<O> | undefined>;
      readonly input?: never;
    };

export type CoreCommand<S extends CommandSpec, O extends DaemonOperation> = {
  readonly spec: S;
  readonly operation: O;
  /** The real tool's lines for the daemon's answer. */
  readonly render: (answer: AnswerOf<O>, ctx: RenderContext<S>) => Line[];
} & InputMapping<S, O>;

export type UtilCommand<S extends CommandSpec = CommandSpec> = Command<S, UtilTool, DaemonOperation>;

/** A command that runs an operation in the daemon. */
export function core<const S extends CommandSpec, O extends DaemonOperation>(command: CoreCommand<S, O>): UtilCommand<S> {
  return viaTool<S, O, CoreCommand<S, O>, UtilTool>(command);
}

/** A command of the tool itself; `run` returns false to end the tool. */
export function local<const S extends CommandSpec>(spec: S, run: (args: ArgsOf<S>, tool: UtilTool) => boolean | void | Promise<boolean | void>): UtilCommand<S> {
  return localCommand(spec, run);
}

export type UtilRegistry = Registry<typeof utilSpecs, UtilTool, DaemonOperation>;
