// azcloudhsm_mgmt_util's front end: parses each line with the grammar and runs the command's registry
// entry. Core commands go through one path (runCore): limited mode, the CAUTION confirmation, passwords
// and files, the fan-out header, the operation on the cluster, its renderer, Retry/Ignore/Abort and the
// output file. Line mode and the Ink TUI drive it through a Console.
import type { Cluster } from '../../emulator/cluster.ts';
import type { AnyOperation, InputOf, RunOptions } from '../../emulator/operations/operation.ts';
import type { LiveValues } from '../../grammar/complete.ts';
import { fanOutHeader, mgmtCommandHelp } from '../../grammar/help.ts';
import { mgmtGrammar } from '../../grammar/mgmt_util/index.ts';
import { parseLine, passwordLengthRefusal } from '../../grammar/parse.ts';
import { argsOf, type CommandSpec, filesOf, type ParsedCommand } from '../../grammar/spec.ts';
import type { Console } from '../console.ts';
import { DryRun, dryRunFileLine, dryRunLines } from '../dry-run.ts';
import { describeEvent } from '../emu/journal-view.ts';
import { readInputFiles, writeOutput } from '../files.ts';
import type { HomePaths } from '../home.ts';
import { data, failure, type Line, textOf } from '../output.ts';
import { Printer } from '../printer.ts';
import { invalidCommandLines, type StatusView, type ToolShell } from '../shell.ts';
import type { CoreCommand, MgmtCommand, MgmtTool } from './command.ts';
import { connectToCluster } from './connect.ts';
import { MgmtInputs } from './inputs.ts';
import { mgmtRegistry } from './registry.ts';
import { usageLines } from './render.ts';
import { MgmtSession } from './session.ts';
import { QUESTIONS } from '../prompts.ts';

export interface MgmtShellOptions {
  readonly paths: HomePaths;
  readonly cluster: Cluster;
  readonly console: Console;
  /** The hostname of azcloudhsm_resource.cfg: the server the tool bootstraps from. */
  readonly cfgHostname?: string;
  /** Decide commands without appending anything, and say what they would append (--dry-run). */
  readonly dryRun?: boolean;
  /** `help` marks the commands the emulator does not emulate (the TUI; line mode when asked). */
  readonly helpMarks?: boolean;
}

const commands: ReadonlyMap<string, MgmtCommand> = new Map(Object.entries(mgmtRegistry));

export class MgmtShell implements ToolShell, MgmtTool {
  readonly grammar = mgmtGrammar;
  readonly session: MgmtSession;
  readonly inputs: MgmtInputs;
  readonly out: Printer;
  readonly quitCommand = 'quit';
  private readonly dry: DryRun;

  constructor(private readonly opts: MgmtShellOptions) {
    this.out = new Printer(opts.console);
    this.session = new MgmtSession(opts.cluster, opts.paths.ownerCert);
    this.inputs = new MgmtInputs(this.out);
    this.dry = new DryRun(opts.dryRun === true);
  }

  get cluster(): Cluster {
    return this.opts.cluster;
  }

  get paths(): HomePaths {
    return this.opts.paths;
  }

  get failures(): number {
    return this.out.failures;
  }

  get helpMarks(): boolean {
    return this.opts.helpMarks === true;
  }

  /** Connects to the cluster, printing the start-up banner and connection lines. */
  start(): void {
    this.cluster.sync();
    const result = connectToCluster(this.cluster.state, this.paths.ownerCert, this.opts.cfgHostname);
    this.session.connections = [...result.servers];
    this.out.print(result.lines);
    // Why the hostname did not resolve: no part of the real tool's output (stderr, or the TUI's hint).
    if (result.hint) this.opts.console.notify(result.hint);
  }

  prompt(): string {
    return this.session.prompt();
  }

  scope(): 'global' | 'server' {
    return this.session.scope.kind;
  }

  onReplayProgress(listener: (p: { server: number; done: number; total: number }) => void): () => void {
    return this.cluster.onReplayProgress(listener);
  }

  live(): LiveValues {
    return this.session.live();
  }

  status(): StatusView {
    return this.dry.status(this.session.status());
  }

  toggleDryRun(): boolean {
    return this.dry.toggle();
  }

  async preview(line: string): Promise<Line[]> {
    const parsed = parseLine(mgmtGrammar, line, this.session.scope.kind);
    const command = parsed.kind === 'command' ? commands.get(parsed.command.name) : undefined;
    if (!command || parsed.kind !== 'command') return [];
    return this.dry.preview(command.operation?.changesState === true, () => command.run(parsed.command, this));
  }

  /** Other processes append to the journal (a node taken down, users made): its position says whether to read on. */
  async follow(): Promise<void> {
    if (this.cluster.journal.head() !== this.cluster.state.head) this.cluster.sync();
  }

  /** Handles one command line; false when the tool should end (quit). */
  async handle(line: string): Promise<boolean> {
    const parsed = parseLine(mgmtGrammar, line, this.session.scope.kind);
    switch (parsed.kind) {
      case 'empty':
        return true;
      case 'unknown':
        this.out.failed(invalidCommandLines(parsed.word, parsed.suggestions));
        return true;
      case 'ambiguous':
        this.out.failed(failure(`Ambiguous command: ${parsed.word} (${parsed.candidates.join(', ')})`));
        return true;
      case 'wrongScope':
        this.out.failed(
          failure(
            parsed.scope === 'global'
              ? `${parsed.spec.name}: runs in server mode only; enter 'server <server id>' first`
              : `${parsed.spec.name}: runs at the cloudmgmt> prompt only; type 'exit' first`,
          ),
        );
        return true;
      case 'help':
        this.out.print(data(mgmtCommandHelp(parsed.spec)));
        return true;
      case 'usage':
        this.out.failed(usageLines(parsed.spec, parsed.message));
        return true;
      case 'command':
        return this.run(parsed.command);
    }
  }

  private async run(cmd: ParsedCommand): Promise<boolean> {
    const command = commands.get(cmd.name);
    if (!command) {
      this.out.failed(failure(`${cmd.spec.name}: not emulated (${cmd.spec.notBuilt ?? 'not built'}). Nothing was changed.`));
      return true;
    }
    return command.run(cmd, this);
  }

  async runCore<S extends CommandSpec, O extends AnyOperation>(command: CoreCommand<S, O>, cmd: ParsedCommand): Promise<void> {
    const { spec } = command;
    if (this.dry.previewing) return this.previewCore(command, cmd);
    if (!spec.limitedMode) {
      const refusal = this.session.limitedModeRefusal(spec.name);
      if (refusal) return this.out.failed(failure(refusal));
    }
    // Hidden passwords are asked for before the CAUTION banner (Oracle's changePswd page; a public expect
    // script for AWS's tool: `Enter new password:`, `Re-enter new password:`, then `(y/n)?`).
    const given = await this.inputs.withPasswords(cmd);
    if (!given) return;
    if (spec.critical && !(await this.inputs.confirm())) return;
    const badLength = passwordLengthRefusal(spec, given);
    if (badLength) return this.out.failed(failure(badLength));
    const args = argsOf(spec, given);
    const only = this.session.scope.kind === 'global' ? command.onServer?.(args) : undefined;
    const refusal = only === undefined ? undefined : this.session.serverRefusal(only);
    if (refusal) return this.out.failed(failure(refusal));
    let input: InputOf<O> | null | undefined;
    if (command.resolveInput) input = await command.resolveInput(args, this);
    else {
      const files = this.inputs.readFiles(spec, given);
      input = files && command.input(args, filesOf(spec, files));
    }
    if (!input) return;

    const header = this.session.scope.kind === 'global' ? fanOutHeader(spec, args, only === undefined ? this.session.connected().length : 1) : undefined;
    if (header) this.out.print(data(header));
    const place = this.session.place();
    const ctx = {
      ...place,
      name: spec.name,
      args,
      notConnected: this.session.notConnected(),
      writeFile: (path: string, bytes: string | Uint8Array) => this.write(path, bytes),
    };
    let options: RunOptions = { ...(spec.retryPrompt ? { stopAtFirstFailure: true } : {}), ...(only !== undefined ? { servers: [only] } : {}) };
    const output: Line[] = [];
    for (;;) {
      const dry = this.dry.on && !command.operation.sessionBookkeeping;
      const d = dry ? this.cluster.decide(command.operation, input, this.session.core(), options) : this.cluster.execute(command.operation, input, this.session.core(), options);
      const lines = command.render(d, ctx);
      output.push(...lines);
      this.out.print(lines);
      if (dry) this.out.print(dryRunLines(d.events.map(describeEvent)));
      if (d.outcomes.some((o) => o.code !== 'SUCCESS')) this.out.countFailure();
      // A dry run keeps the login (nothing to append), not what an appended change would have done.
      if (d.login === null) this.session.login = undefined;
      else if (d.login) this.session.login = d.login;
      if (!this.dry.on) command.after?.(d, this.session);
      if (d.stoppedAt === undefined) break;
      this.out.print('');
      const choice = await this.inputs.choose(QUESTIONS.retryIgnoreAbort.text, ['r', 'i', 'a']);
      if (choice === 'r') options = { servers: [d.stoppedAt, ...(d.remaining ?? [])], stopAtFirstFailure: true };
      else if (choice === 'i') options = { servers: d.remaining ?? [], stopAtFirstFailure: true };
      else break;
    }
    const outputFile = 'outputFile' in args ? args.outputFile : undefined;
    if (typeof outputFile === 'string' && this.dry.on) this.out.print(dryRunFileLine(outputFile));
    else if (typeof outputFile === 'string') {
      const error = writeOutput(outputFile, [header ?? '', ...textOf(output)].filter(Boolean).join('\n') + '\n');
      if (error) this.out.failed(failure(`${spec.name}: ${error}`));
    }
  }

  /** The events a core command would append, decided without asking anything, printing or appending. */
  private previewCore<S extends CommandSpec, O extends AnyOperation>(command: CoreCommand<S, O>, cmd: ParsedCommand): void {
    const { spec } = command;
    if (cmd.prompted.length > 0 || command.resolveInput || passwordLengthRefusal(spec, cmd.args) || (!spec.limitedMode && this.session.limitedModeRefusal(spec.name))) return;
    const read = readInputFiles(spec, cmd.args);
    if (!('files' in read)) return;
    const d = this.cluster.decide(command.operation, command.input(argsOf(spec, cmd.args), filesOf(spec, read.files)), this.session.core(), spec.retryPrompt ? { stopAtFirstFailure: true } : {});
    this.dry.collect(d.events.map(describeEvent));
  }

  /** Writes a file a command makes (not in a dry run); the error text (counted as a failure) when it cannot. */
  private write(path: string, bytes: string | Uint8Array): string | undefined {
    if (this.dry.on) {
      this.out.print(dryRunFileLine(path));
      return undefined;
    }
    const error = writeOutput(path, bytes);
    if (error) this.out.countFailure();
    return error;
  }
}


