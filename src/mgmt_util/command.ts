// What an azcloudhsm_mgmt_util command is in the registry: its spec (grammar/mgmt_util), and either the
// core operation it runs with the mapping of its arguments onto the operation's input and the renderer
// of the operation's typed decision, or the tool's own action (help, server, quit...). The registry's
// type has a key for every built spec, so a spec without an entry, or an entry whose mapping or renderer
// does not fit its spec and operation, does not compile.
import type { Cluster } from '../../emulator/cluster.ts';
import type { AnyOperation, DecisionOf, InputOf } from '../../emulator/operations/operation.ts';
import type { mgmtSpecs } from '../../grammar/mgmt_util/index.ts';
import { type ArgsOf, argsOf, type CommandSpec, type FilesOf, type ParsedCommand } from '../../grammar/spec.ts';
import type { HomePaths } from '../home.ts';
import type { Line } from '../output.ts';
import type { Printer } from '../printer.ts';
import type { MgmtInputs } from './inputs.ts';
import type { Place } from './render.ts';
import type { MgmtSession } from './session.ts';

/** What a command runs with. */
export interface MgmtTool {
  readonly session: MgmtSession;
  readonly inputs: MgmtInputs;
  readonly cluster: Cluster;
  readonly paths: HomePaths;
  readonly out: Printer;
  /** Runs a core command: limited mode, confirmation, inputs, fan-out header, Retry/Ignore/Abort, output file. */
  runCore<S extends CommandSpec, O extends AnyOperation>(command: CoreCommand<S, O>, parsed: ParsedCommand): Promise<void>;
}

/** What a renderer knows besides the decision: where the command ran, its arguments, and how to write a file. */
export interface RenderContextOf<A> extends Place {
  readonly name: string;
  readonly args: A;
  /** Servers not connected since start-up. */
  readonly notConnected: readonly number[];
  /** Writes a file the command makes: the error text when it cannot (counted as a failure), else undefined. */
  writeFile(path: string, data: string | Uint8Array): string | undefined;
}

export type RenderContext<S> = RenderContextOf<ArgsOf<S>>;

type InputMapping<S, O extends AnyOperation> =
  | {
      /** The operation's input from the arguments and the contents of the files they name (read first). */
      readonly input: (args: ArgsOf<S>, files: FilesOf<S>) => InputOf<O>;
      readonly resolveInput?: never;
    }
  | {
      /** Instead of `input`: the command reads what it needs itself (unlockCO reads the files its template names). */
      readonly resolveInput: (args: ArgsOf<S>, tool: MgmtTool) => Promise<InputOf<O> | undefined> | InputOf<O> | undefined;
      readonly input?: never;
    };

export type CoreCommand<S extends CommandSpec, O extends AnyOperation> = {
  readonly spec: S;
  readonly operation: O;
  /** The real tool's lines for the decision. */
  readonly render: (decision: DecisionOf<O>, ctx: RenderContext<S>) => Line[];
  /** What the decision changes in the session besides the login (storeCert 8 turns the servers to E2E). */
  readonly after?: (decision: DecisionOf<O>, session: MgmtSession) => void;
} & InputMapping<S, O>;

export interface MgmtCommand<S extends CommandSpec = CommandSpec> {
  readonly spec: S;
  /** The core operation it runs; none for the tool's own commands. */
  readonly operation?: AnyOperation;
  /** Runs the command; false when the tool should end (quit). */
  run(parsed: ParsedCommand, tool: MgmtTool): Promise<boolean>;
}

/** A command that runs a core operation. */
export function core<const S extends CommandSpec, O extends AnyOperation>(command: CoreCommand<S, O>): MgmtCommand<S> {
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
export function local<const S extends CommandSpec>(spec: S, run: (args: ArgsOf<S>, tool: MgmtTool) => boolean | void): MgmtCommand<S> {
  return { spec, run: async (parsed, tool) => run(argsOf(spec, parsed.args), tool) !== false };
}

type Built<Specs> = { [K in keyof Specs]: Specs[K] extends { readonly notBuilt: string } ? never : K }[keyof Specs];

/** One entry for every spec the emulator builds (the others say they are not emulated). */
export type Registry<Specs extends Readonly<Record<string, CommandSpec>>> = { readonly [K in Built<Specs>]: MgmtCommand<Specs[K]> };

export type MgmtRegistry = Registry<typeof mgmtSpecs>;
