// azcloudhsm_util's front end: the `Command:` prompt. Each line is parsed with the grammar and runs its
// registry entry; commands that need the HSM go to the azcloudhsm_client daemon over its socket (the daemon
// holds the login and the session keys). Line mode and the Ink TUI drive it through a Console.
import type { LiveValues } from '../../grammar/complete.ts';
import { utilGrammar } from '../../grammar/azcloudhsm_util/index.ts';
import { utilCommandHelp, utilHelpList, utilUsage, vendorFunction } from '../../grammar/help.ts';
import { lookupCommand, parseLine } from '../../grammar/parse.ts';
import type { InputOf } from '../../emulator/operations/operation.ts';
import { argsOf, type CommandSpec, filesOf, type ParsedCommand } from '../../grammar/spec.ts';
import { type DaemonConnection, DaemonConnectionError, type DaemonLink } from '../client/connection.ts';
import type { DaemonOperation } from '../client/protocol.ts';
import type { Console } from '../console.ts';
import { DryRun, dryRunFileLine, dryRunLines } from '../dry-run.ts';
import type { EventView } from '../emu/journal-view.ts';
import { readInputFiles, writeOutput } from '../files.ts';
import { data, failure, type Line } from '../output.ts';
import { Printer } from '../printer.ts';
import { invalidCommandLines, type StatusView, type ToolShell } from '../shell.ts';
import type { AttestationCheck, CoreCommand, UtilCommand, UtilTool } from './command.ts';
import { type Attestation, checkAttestation } from '../../emulator/crypto/attestation.ts';
import { readCertificate } from '../../emulator/operations/certificates.ts';
import { firstAnswer } from '../../emulator/operations/fan-out.ts';
import { UtilInputs } from './inputs.ts';
import { utilRegistry } from './registry.ts';
import { helpListLines, returnedLine } from './render.ts';
import { UtilSession } from './session.ts';
import { startLines } from './startup.ts';
import { UTIL_PROMPT } from '../prompts.ts';

export interface UtilShellOptions {
  readonly console: Console;
  /** The connection to the daemon, made at start (without one the tool does not start). */
  readonly link: DaemonLink;
  /** Connects again once the daemon has gone away; none: stay disconnected. */
  readonly reconnect?: () => Promise<DaemonLink>;
  /** How to start the daemon, for the operator when it cannot be reached. */
  readonly daemonHint?: string;
  /**
   * Interactive sessions print the command list at start and a blank line after each command (the
   * prompt is `"\nCommand: "`); singlecmd and scriptfile print neither, as the vendor source does.
   */
  readonly interactive?: boolean;
  /** Decide commands without appending anything, and say what they would append (--dry-run). */
  readonly dryRun?: boolean;
  /** The command list marks the commands the emulator does not emulate (the TUI; line mode when asked). */
  readonly helpMarks?: boolean;
}

const commands: ReadonlyMap<string, UtilCommand> = new Map(Object.entries(utilRegistry));

export class UtilShell implements ToolShell, UtilTool {
  readonly grammar = utilGrammar;
  readonly out: Printer;
  readonly inputs: UtilInputs;
  readonly quitCommand = 'exit';
  private readonly session: UtilSession;
  private link: DaemonLink;
  private readonly dry: DryRun;

  constructor(private readonly opts: UtilShellOptions) {
    this.out = new Printer(opts.console);
    this.inputs = new UtilInputs(this.out);
    this.link = opts.link;
    this.session = new UtilSession(() => this.link.connection);
    this.dry = new DryRun(opts.dryRun === true);
  }

  get connection(): DaemonConnection {
    return this.link.connection;
  }

  get failures(): number {
    return this.out.failures;
  }

  helpList(): string {
    return utilHelpList(utilGrammar, { marks: this.opts.helpMarks === true });
  }

  start(): void {
    this.out.print(startLines(this.link.hello));
    // The list ends with a blank line, and the first prompt, `"\nCommand: "`, begins with another.
    if (this.opts.interactive !== false) this.out.print([...helpListLines(this.helpList()), ...data('')]);
    void this.refreshLive();
  }

  prompt(): string {
    return UTIL_PROMPT;
  }

  scope(): undefined {
    return undefined;
  }

  onReplayProgress(): () => void {
    // Replays happen in the daemon's process; this client sees only their result.
    return () => {};
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
    const parsed = parseLine(utilGrammar, line);
    const command = parsed.kind === 'command' ? commands.get(parsed.command.name) : undefined;
    if (!command || parsed.kind !== 'command') return [];
    return this.dry.preview(command.operation?.changesState === true, () => command.run(parsed.command, this));
  }

  /**
   * The live values (completion, the status line) are the TUI's: line mode and singlecmd never ask the
   * daemon for them, so a command costs one request however many keys the partition holds.
   */
  private refreshLive(): Promise<void> {
    return this.opts.console.tui ? this.session.refresh() : Promise.resolve();
  }

  /** Between commands: a daemon that went away is looked for again, and the status asked for. */
  async follow(): Promise<void> {
    if (this.session.connectionLost) await this.reconnect();
    await this.session.refresh();
  }

  /**
   * Connects to a daemon that has come back (an emulator convenience: the real tool would need a
   * restart). Its sessions ended with it, the login too, so the operator is told to log in again.
   */
  private async reconnect(): Promise<boolean> {
    if (!this.opts.reconnect) return false;
    try {
      this.link = await this.opts.reconnect();
    } catch {
      return false;
    }
    this.session.connectionLost = false;
    this.opts.console.notify('azcloudhsm_client answers again: reconnected. The login ended with the old daemon: log in again.');
    return true;
  }

  private daemonLost(fn: string): void {
    this.session.connectionLost = true;
    this.out.failed([...data(''), returnedLine(fn, 'DAEMON_SOCKET', '\t')]);
    if (this.opts.daemonHint) this.opts.console.notify(this.opts.daemonHint);
  }

  async handle(line: string): Promise<boolean> {
    const parsed = parseLine(utilGrammar, line);
    let going = true;
    switch (parsed.kind) {
      case 'empty':
        return true;
      case 'unknown':
      case 'ambiguous':
      case 'wrongScope':
        // The real dispatcher answers any unknown command with the command list; the TUI says what it
        // did not know and what was probably meant, as mgmt_util does.
        if (this.opts.console.tui && parsed.kind === 'unknown') this.out.failed(invalidCommandLines(parsed.word, parsed.suggestions));
        else this.out.failed(helpListLines(this.helpList()));
        break;
      case 'help':
        this.out.print(data(utilCommandHelp(parsed.spec)));
        break;
      case 'usage': {
        // `help <anything>` lists the commands; the TUI shows the one command's help instead.
        const topic = parsed.spec.name === 'help' && this.opts.console.tui ? helpTopic(line) : undefined;
        if (topic) this.out.print(data(utilCommandHelp(topic)));
        else if (parsed.spec.name === 'help') this.out.print(helpListLines(this.helpList()));
        else this.out.failed(usageLines(parsed.spec, parsed.message));
        break;
      }
      case 'command':
        going = await this.run(parsed.command);
        break;
    }
    if (going && this.opts.interactive !== false) this.out.print('');
    await this.refreshLive();
    return going;
  }

  private async run(cmd: ParsedCommand): Promise<boolean> {
    const command = commands.get(cmd.name);
    if (!command) {
      this.out.failed(failure(`\t${cmd.spec.name}: not emulated (${cmd.spec.notBuilt ?? 'not built'}). Nothing was changed.`));
      return true;
    }
    return command.run(cmd, this);
  }

  /**
   * -attest: the HSM's signed answer checked against the partition's certificate, read back from the
   * partition as the vendor source does (ours: the POAC, the partition certificate its owner issued).
   */
  private async checkAttestation(result: unknown): Promise<AttestationCheck | undefined> {
    const attestation = attestationIn(result);
    if (!attestation) return undefined;
    try {
      const cert = firstAnswer((await this.connection.execute(readCertificate, { certType: 8 })).outcomes);
      return cert && checkAttestation(attestation, cert.pem) ? 'PASS' : 'FAIL';
    } catch (e) {
      if (!(e instanceof DaemonConnectionError)) throw e;
      return 'FAIL';
    }
  }

  async runCore<S extends CommandSpec, O extends DaemonOperation>(command: CoreCommand<S, O>, cmd: ParsedCommand): Promise<void> {
    const { spec } = command;
    if (this.dry.previewing) return this.previewCore(command, cmd);
    const given = await this.inputs.withPasswords(cmd);
    if (!given) return;
    const args = argsOf(spec, given);
    let input: InputOf<O> | null | undefined;
    if (command.resolveInput) input = await command.resolveInput(args, this);
    else {
      const files = this.inputs.readFiles(spec, given);
      input = files && command.input(args, filesOf(spec, files));
    }
    if (!input) return;
    const fn = vendorFunction(spec);
    if (this.session.connectionLost && !(await this.reconnect())) return this.daemonLost(fn);
    let answer;
    let events: readonly EventView[] | undefined;
    try {
      if (this.dry.on) {
        const decided = await this.connection.decide(command.operation, input, true);
        answer = decided;
        events = decided.events;
      } else answer = await this.connection.execute(command.operation, input);
    } catch (e) {
      if (!(e instanceof DaemonConnectionError)) throw e;
      return this.daemonLost(fn);
    }
    if (answer.outcomes.some((o) => o.code !== 'SUCCESS' && o.code !== 'SERVER_UNAVAILABLE')) this.out.countFailure();
    const attestation = given.attest === true ? await this.checkAttestation(answer.result) : undefined;
    if (attestation === 'FAIL') this.out.countFailure();
    this.out.print(
      command.render(answer, {
        ...(attestation ? { attestation } : {}),
        args,
        fn,
        writeFile: (path, bytes) => {
          if (this.dry.on) {
            this.out.print(dryRunFileLine(path));
            return undefined;
          }
          const error = writeOutput(path, bytes);
          if (error) this.out.countFailure();
          return error;
        },
        countFailure: () => this.out.countFailure(),
      }),
    );
    if (events) this.out.print(dryRunLines(events));
  }

  /** The events a daemon command would append, decided without asking anything, printing or appending. */
  private async previewCore<S extends CommandSpec, O extends DaemonOperation>(command: CoreCommand<S, O>, cmd: ParsedCommand): Promise<void> {
    const { spec } = command;
    // A command that asks for something first (a value, a hidden password) is not previewed.
    if (command.resolveInput || cmd.prompted.length > 0) return;
    const read = readInputFiles(spec, cmd.args);
    if (!('files' in read)) return;
    try {
      const decided = await this.connection.decide(command.operation, command.input(argsOf(spec, cmd.args), filesOf(spec, read.files)), false);
      this.dry.collect(decided.events);
    } catch (e) {
      if (!(e instanceof DaemonConnectionError)) throw e;
    }
  }
}

/** The signed answer an operation gave with -attest, if it gave one. */
function attestationIn(result: unknown): Attestation | undefined {
  if (typeof result !== 'object' || result === null || !('attestation' in result)) return undefined;
  const a = result.attestation;
  if (typeof a !== 'object' || a === null || !('response' in a) || !('signature' in a)) return undefined;
  return a.response instanceof Uint8Array && a.signature instanceof Uint8Array ? { response: a.response, signature: a.signature } : undefined;
}

/** The command `help <command>` names, if it names one. */
function helpTopic(line: string): CommandSpec | undefined {
  const word = line.trim().split(/\s+/)[1];
  if (word === undefined) return undefined;
  const found = lookupCommand(utilGrammar, word);
  return found.kind === 'found' ? found.spec : undefined;
}

/** A missing or bad flag: the error (tab-indented after a blank line, as the real tool's `\n\t<error>\n`), then the help page. */
function usageLines(spec: CommandSpec, message?: string) {
  const text = utilUsage(spec, message);
  if (!message) return data(text);
  const errorLines = message.split('\n').length + 1;
  const all = text.split('\n');
  return [...data(all[0] ?? ''), ...failure(...all.slice(1, errorLines)), ...data(...all.slice(errorLines))];
}
