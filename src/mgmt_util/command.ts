// What an azcloudhsm_mgmt_util command is in its registry (see ../registry.ts): its spec
// (grammar/mgmt_util), and either the core operation it runs, with the mapping of its arguments onto the
// operation's input and the renderer of the operation's typed decision, or the tool's own action (help,
// server, quit...). An entry whose mapping or renderer does not fit its spec and operation does not compile.
import type { Cluster } from '../../emulator/cluster.ts';
import type { AnyOperation, DecisionOf, InputOf } from '../../emulator/operations/operation.ts';
import type { mgmtSpecs } from '../../grammar/mgmt_util/index.ts';
import type { ArgsOf, CommandSpec, FilesOf, ParsedCommand } from '../../grammar/spec.ts';
import type { HomePaths } from '../home.ts';
import type { Line } from '../output.ts';
import type { Printer } from '../printer.ts';
import { type Command, local as localCommand, type Registry, viaTool } from '../registry.ts';
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
  /** `help` marks the commands the emulator does not emulate (the TUI; line mode when asked). */
  readonly helpMarks: boolean;
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
  /** At cloudmgmt>: the one server it runs on instead of every connected one (getKeyDiffMap's ServerID). */
  readonly onServer?: (args: ArgsOf<S>) => number | undefined;
} & InputMapping<S, O>;

export type MgmtCommand<S extends CommandSpec = CommandSpec> = Command<S, MgmtTool, AnyOperation>;

/** A command that runs a core operation. */
export function core<const S extends CommandSpec, O extends AnyOperation>(command: CoreCommand<S, O>): MgmtCommand<S> {
  return viaTool<S, O, CoreCommand<S, O>, MgmtTool>(command);
}

/** A command of the tool itself; `run` returns false to end the tool. */
export function local<const S extends CommandSpec>(spec: S, run: (args: ArgsOf<S>, tool: MgmtTool) => boolean | void): MgmtCommand<S> {
  return localCommand(spec, run);
}

/** A registry of mgmt_util commands for a set of specs: an entry for each one built. */
export type MgmtRegistryOf<Specs extends Readonly<Record<string, CommandSpec>>> = Registry<Specs, MgmtTool, AnyOperation>;

export type MgmtRegistry = MgmtRegistryOf<typeof mgmtSpecs>;
