// azcloudhsm_util's front end: the `Command:` prompt. Each line is parsed with the grammar and runs its
// registry entry; commands that need the HSM go to the azcloudhsm_client daemon over its socket (the daemon
// holds the login and the session keys). Line mode and the Ink TUI drive it through a Console.
import type { LiveValues } from '../../grammar/complete.ts';
import { utilGrammar } from '../../grammar/azcloudhsm_util/index.ts';
import { utilCommandHelp, utilUsage, vendorFunction } from '../../grammar/help.ts';
import { parseLine } from '../../grammar/parse.ts';
import type { InputOf } from '../../emulator/operations/operation.ts';
import { argsOf, type CommandSpec, filesOf, type ParsedCommand } from '../../grammar/spec.ts';
import { type DaemonConnection, DaemonConnectionError } from '../client/connection.ts';
import type { DaemonOperation, Hello } from '../client/protocol.ts';
import type { Console } from '../console.ts';
import { writeOutput } from '../files.ts';
import { data, failure } from '../output.ts';
import { Printer } from '../printer.ts';
import type { StatusView, ToolShell } from '../shell.ts';
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
  readonly connection: DaemonConnection;
  readonly hello: Hello;
  /**
   * Interactive sessions print the command list at start and a blank line after each command (the
   * prompt is `"\nCommand: "`); singlecmd and scriptfile print neither, as the vendor source does.
   */
  readonly interactive?: boolean;
}

const commands: ReadonlyMap<string, UtilCommand> = new Map(Object.entries(utilRegistry));

export class UtilShell implements ToolShell, UtilTool {
  readonly grammar = utilGrammar;
  readonly out: Printer;
  readonly inputs: UtilInputs;
  private readonly session: UtilSession;

  constructor(private readonly opts: UtilShellOptions) {
    this.out = new Printer(opts.console);
    this.inputs = new UtilInputs(this.out);
    this.session = new UtilSession(opts.connection);
  }

  get connection(): DaemonConnection {
    return this.opts.connection;
  }

  get failures(): number {
    return this.out.failures;
  }

  start(): void {
    this.out.print(startLines(this.opts.hello));
    // The list ends with a blank line, and the first prompt, `"\nCommand: "`, begins with another.
    if (this.opts.interactive !== false) this.out.print([...helpListLines(), ...data('')]);
    void this.session.refresh();
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
    return this.session.status();
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
        // The real dispatcher answers any unknown command with the command list.
        this.out.failed(helpListLines());
        break;
      case 'help':
        this.out.print(data(utilCommandHelp(parsed.spec)));
        break;
      case 'usage':
        // `help <anything>` lists the commands.
        if (parsed.spec.name === 'help') this.out.print(helpListLines());
        else this.out.failed(usageLines(parsed.spec, parsed.message));
        break;
      case 'command':
        going = await this.run(parsed.command);
        break;
    }
    if (going && this.opts.interactive !== false) this.out.print('');
    await this.session.refresh();
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
    let answer;
    try {
      answer = await this.connection.execute(command.operation, input);
    } catch (e) {
      if (!(e instanceof DaemonConnectionError)) throw e;
      this.session.connectionLost = true;
      this.out.failed([...data(''), returnedLine(fn, 'DAEMON_SOCKET', '\t')]);
      return;
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
          const error = writeOutput(path, bytes);
          if (error) this.out.countFailure();
          return error;
        },
        countFailure: () => this.out.countFailure(),
      }),
    );
  }
}

/** The signed answer an operation gave with -attest, if it gave one. */
function attestationIn(result: unknown): Attestation | undefined {
  if (typeof result !== 'object' || result === null || !('attestation' in result)) return undefined;
  const a = result.attestation;
  if (typeof a !== 'object' || a === null || !('response' in a) || !('signature' in a)) return undefined;
  return a.response instanceof Uint8Array && a.signature instanceof Uint8Array ? { response: a.response, signature: a.signature } : undefined;
}

/** A missing or bad flag: the error (tab-indented after a blank line, as the real tool's `\n\t<error>\n`), then the help page. */
function usageLines(spec: CommandSpec, message?: string) {
  const text = utilUsage(spec, message);
  if (!message) return data(text);
  const errorLines = message.split('\n').length + 1;
  const all = text.split('\n');
  return [...data(all[0] ?? ''), ...failure(...all.slice(1, errorLines)), ...data(...all.slice(errorLines))];
}
