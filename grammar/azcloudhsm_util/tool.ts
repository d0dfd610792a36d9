// The two commands listed above every group of the `help` list: help and exit.
import { util } from './define.ts';

export const exit = util({
  name: 'exit',
  summary: 'Exits this application',
  description: ['Closes the session and exits this application. Session keys created in it are gone.'],
  args: [],
  examples: ['exit'],
});

export const help = util({
  name: 'help',
  summary: 'Displays this information',
  description: ['Displays the list of all commands. Run <command> -h for the syntax of one command.'],
  args: [],
  examples: ['help'],
});

export const toolCommands = { exit, help };
