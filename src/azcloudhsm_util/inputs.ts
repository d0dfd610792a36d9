// What azcloudhsm_util reads before a command runs: the files its flags name (with the real tool's
// error when one cannot be opened), and the questions a command asks.
import type { CommandSpec, ParsedCommand } from '../../grammar/spec.ts';
import { readInputFiles } from '../files.ts';
import { data, failure } from '../output.ts';
import type { Printer } from '../printer.ts';
import { QUESTIONS } from '../prompts.ts';

export class UtilInputs {
  constructor(readonly out: Printer) {}

  /** The contents of the files the command reads, by flag name; null when one cannot be opened (reported). */
  readFiles(spec: CommandSpec, args: ParsedCommand['args']): Record<string, Uint8Array> | null {
    const read = readInputFiles(spec, args);
    if ('files' in read) return read.files;
    this.out.failed([...data(''), ...failure(`\tfailed to open file ${read.path} : ${read.error.replace(/^.*: /, '')}`)]);
    return null;
  }

  ask(prompt: string): Promise<string | null> {
    return this.out.console.ask(prompt);
  }

  /** The command's arguments with each `-hpswd` password asked for, hidden; null when input ended. */
  async withPasswords(cmd: ParsedCommand): Promise<ParsedCommand['args'] | null> {
    const args = { ...cmd.args };
    for (const name of cmd.prompted) {
      const answer = await this.out.console.ask(QUESTIONS.utilPassword.text, { hidden: QUESTIONS.utilPassword.hidden });
      if (answer === null) return null;
      args[name] = answer;
    }
    return args;
  }
}
