// The shape both tools' registries share: an entry per command joins its spec (grammar/) with how it
// runs, a core operation (emulator/) and its renderer, or the tool's own action. Each tool's command.ts
// fills in its own tool and the operations it may run; its registry's type has a key for every spec the
// emulator builds, so a command half added does not compile.
import { type ArgsOf, argsOf, type CommandSpec, type ParsedCommand } from '../grammar/spec.ts';

export interface Command<S extends CommandSpec, Tool, Op> {
  readonly spec: S;
  /** The core operation it runs; none for the tool's own commands (help, server, exit...). */
  readonly operation?: Op;
  /** Runs the command; false when the tool should end (quit, exit). */
  run(parsed: ParsedCommand, tool: Tool): Promise<boolean>;
}

type Built<Specs> = { [K in keyof Specs]: Specs[K] extends { readonly notBuilt: string } ? never : K }[keyof Specs];

/** One entry for every spec the emulator builds (the others say they are not emulated). */
export type Registry<Specs extends Readonly<Record<string, CommandSpec>>, Tool, Op> = { readonly [K in Built<Specs>]: Command<Specs[K], Tool, Op> };

/** A command of the tool itself; `run` returns false to end the tool. */
export function local<const S extends CommandSpec, Tool>(spec: S, run: (args: ArgsOf<S>, tool: Tool) => boolean | void | Promise<boolean | void>): Command<S, Tool, never> {
  return { spec, run: async (parsed, tool) => (await run(argsOf(spec, parsed.args), tool)) !== false };
}

/** A command that runs its core operation through the tool (`runCore`: the tool's one path for them). */
export function viaTool<S extends CommandSpec, Op, C extends { readonly spec: S; readonly operation: Op }, Tool extends { runCore(command: C, parsed: ParsedCommand): Promise<void> }>(
  command: C,
): Command<S, Tool, Op> {
  return {
    spec: command.spec,
    operation: command.operation,
    run: async (parsed, tool) => {
      await tool.runCore(command, parsed);
      return true;
    },
  };
}
