// What an azcloudhsm_util command is in the registry: its spec (grammar/azcloudhsm_util), and either the
// daemon operation it runs with the mapping of its flags onto the operation's input and the renderer of
// the daemon's typed answer, or the tool's own action (help, exit, the code lists...). The registry's type
// has a key for every built spec, so a spec without an entry, or an entry whose mapping or renderer does
// not fit its spec and operation, does not compile.
import type { AnswerOf, InputOf } from '../../emulator/operations/operation.ts';
import type { utilSpecs } from '../../grammar/azcloudhsm_util/index.ts';
import { type ArgsOf, argsOf, type CommandSpec, type FilesOf, type ParsedCommand } from '../../grammar/spec.ts';
import type { DaemonConnection } from '../client/connection.ts';
import type { DaemonOperation } from '../client/protocol.ts';
import type { Line } from '../output.ts';
import type { Printer } from '../printer.ts';
import type { UtilInputs } from './inputs.ts';

/** What a command runs with. */
export interface UtilTool {
  readonly out: Printer;
  readonly inputs: UtilInputs;
  readonly connection: DaemonConnection;
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
}

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

export interface UtilCommand<S extends CommandSpec = CommandSpec> {
  readonly spec: S;
  /** The operation it runs in the daemon; none for the tool's own commands. */
  readonly operation?: DaemonOperation;
  /** Runs the command; false when the tool should end (exit). */
  run(parsed: ParsedCommand, tool: UtilTool): Promise<boolean>;
}

/** A command that runs an operation in the daemon. */
export function core<const S extends CommandSpec, O extends DaemonOperation>(command: CoreCommand<S, O>): UtilCommand<S> {
  return {
    spec: command.spec,
    operation: command.operation,
    run: async (parsed, tool) => {
      await tool.runCore(command, parsed);
      return true;
    },
  };
}

/** A command of the tool itself; `run` returns false to end the tool. */
export function local<const S extends CommandSpec>(spec: S, run: (args: ArgsOf<S>, tool: UtilTool) => boolean | void | Promise<boolean | void>): UtilCommand<S> {
  return { spec, run: async (parsed, tool) => (await run(argsOf(spec, parsed.args), tool)) !== false };
}

type Built<Specs> = { [K in keyof Specs]: Specs[K] extends { readonly notBuilt: string } ? never : K }[keyof Specs];

/** One entry for every spec the emulator builds (the others say they are not emulated). */
export type Registry<Specs extends Readonly<Record<string, CommandSpec>>> = { readonly [K in Built<Specs>]: UtilCommand<Specs[K]> };

export type UtilRegistry = Registry<typeof utilSpecs>;
