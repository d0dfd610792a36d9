// What azcloudhsm_mgmt_util asks for and reads before a command runs: the CAUTION confirmation, hidden
// passwords (-hpswd), the files the command names, and Retry/Ignore/Abort after a server fails.
import { checkValue } from '../../grammar/parse.ts';
import type { CommandSpec, ParsedCommand } from '../../grammar/spec.ts';
import { readInput, readInputFiles } from '../files.ts';
import { data, failure, warning } from '../output.ts';
import type { Printer } from '../printer.ts';
import { usageLines } from './render.ts';
import { QUESTIONS } from '../prompts.ts';

export const CAUTION_BANNER = [
  '*************************CAUTION********************************',
  'This is a CRITICAL operation, should be done on all nodes in the',
  'cluster. Cav server does NOT synchronize these changes with the',
  'nodes on which this operation is not executed or failed, please',
  'ensure this operation is executed on all nodes in the cluster.',
  '****************************************************************',
  '',
];

export class MgmtInputs {
  constructor(private readonly out: Printer) {}

  /** The CAUTION banner and `Do you want to continue(y/n)?`, until y or n (end of input: no). */
  async confirm(): Promise<boolean> {
    this.out.print(warning(...CAUTION_BANNER));
    for (;;) {
      const answer = await this.out.console.ask(QUESTIONS.confirm.text);
      if (answer === null) return false;
      const a = answer.trim().toLowerCase();
      if (a === 'y') return true;
      if (a === 'n') return false;
      this.out.print(data("Invalid option, please type 'y' or 'n'", ''));
    }
  }

  /** One of the options (lower case), asked again until given; null at end of input. */
  async choose(prompt: string, options: readonly string[]): Promise<string | null> {
    for (;;) {
      const answer = await this.out.console.ask(prompt);
      if (answer === null) return null;
      const a = answer.trim().toLowerCase();
      if (options.includes(a)) return a;
      this.out.print(data('Invalid option', ''));
    }
  }

  /** The command's arguments with each `-hpswd` password asked for (twice for a new one); null when refused (reported). */
  async withPasswords(cmd: ParsedCommand): Promise<ParsedCommand['args'] | null> {
    const args = { ...cmd.args };
    for (const name of cmd.prompted) {
      const spec = cmd.spec.args.find((a) => a.name === name)!;
      const first = await this.out.console.ask(QUESTIONS.password.text, { hidden: QUESTIONS.password.hidden });
      if (first === null) return null;
      if (spec.value.kind === 'password' && spec.value.minLength !== undefined) {
        const again = await this.out.console.ask(QUESTIONS.passwordAgain.text, { hidden: QUESTIONS.passwordAgain.hidden });
        if (again !== first) {
          this.out.failed(failure('Passwords do not match'));
          return null;
        }
      }
      const checked = checkValue(spec, first);
      if (!checked.ok) {
        this.out.failed(usageLines(cmd.spec, checked.message));
        return null;
      }
      args[name] = checked.value;
    }
    return args;
  }

  /** The contents of the files the command reads, by argument name; null when one cannot be read (reported). */
  readFiles(spec: CommandSpec, args: ParsedCommand['args']): Record<string, Uint8Array> | null {
    const read = readInputFiles(spec, args);
    if ('files' in read) return read.files;
    this.out.failed(failure(`${spec.name} failed: ${read.error}`));
    return null;
  }

  /** One file's contents; undefined when it cannot be read (reported as the command's failure). */
  readFile(command: string, path: string): Uint8Array | undefined {
    const read = readInput(path);
    if ('bytes' in read) return read.bytes;
    this.out.failed(failure(`${command} failed: ${read.error}`));
    return undefined;
  }
}
