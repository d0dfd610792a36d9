// Every prompt the interactive tools print, in one place: the tools print and ask with these, and the
// replayer recognises a recording's inputs by them (a transcript line that starts with a prompt is the
// prompt followed by what was typed). Change a prompt here and both sides follow.

/** The tools whose sessions a recording drives through their prompts. */
export type SessionTool = 'azcloudhsm_mgmt_util' | 'azcloudhsm_util';

export const MGMT_GLOBAL_PROMPT = 'cloudmgmt>';
const MGMT_SERVER_PREFIX = 'server';
const MGMT_SERVER_SUFFIX = '>';

export function mgmtServerPrompt(server: number): string {
  return `${MGMT_SERVER_PREFIX}${server}${MGMT_SERVER_SUFFIX}`;
}

/** The vendor's source prints `"\nCommand: "` through `printf("%s ", ...)`: two spaces, which expect
 *  scripts written for the real tool wait for (AWS's pages show `Command:  loginHSM`). */
export const UTIL_PROMPT = 'Command:  ';

/** singlecmd echoes its command after `Command:` with one space (Microsoft Learn's singlecmd transcript). */
export const SINGLECMD_ECHO = 'Command: ';

/** A question a tool asks in the middle of a command; a hidden one does not echo its answer. */
export interface QuestionPrompt {
  readonly text: string;
  readonly hidden: boolean;
}

export const QUESTIONS = {
  confirm: { text: 'Do you want to continue(y/n)?', hidden: false },
  retryIgnoreAbort: { text: 'Retry/Ignore/Abort?(R/I/A):', hidden: false },
  password: { text: 'Enter password:', hidden: true },
  /** azcloudhsm_util `loginHSM ... -hpswd`: with a space after the colon (AWS's key_mgmt_util loginHSM page). */
  utilPassword: { text: 'Enter password: ', hidden: true },
  passwordAgain: { text: 'Re-enter password:', hidden: true },
  booleanValue: { text: '\t\tEnter the boolean attribute value (0 or 1):', hidden: false },
} as const satisfies Record<string, QuestionPrompt>;

export interface ToolPrompts {
  /** Matches a command prompt at the start of a transcript line; match[0] is the prompt. */
  readonly command: RegExp;
  readonly questions: readonly QuestionPrompt[];
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export const TOOL_PROMPTS: Readonly<Record<SessionTool, ToolPrompts>> = {
  azcloudhsm_mgmt_util: {
    command: new RegExp(`^(?:${escape(MGMT_GLOBAL_PROMPT)}|${escape(MGMT_SERVER_PREFIX)}\\d+${escape(MGMT_SERVER_SUFFIX)})`),
    questions: [QUESTIONS.confirm, QUESTIONS.retryIgnoreAbort, QUESTIONS.password, QUESTIONS.passwordAgain],
  },
  // Any run of spaces after `Command:` is the prompt, so a transcript stays readable whatever the
  // prompt's trailing spaces are (an editor may also have trimmed them from a line with no command).
  azcloudhsm_util: {
    command: new RegExp(`^${escape(UTIL_PROMPT.trimEnd())}[ \\t]*`),
    questions: [QUESTIONS.booleanValue, QUESTIONS.utilPassword],
  },
};

export function isSessionTool(name: string): name is SessionTool {
  return Object.hasOwn(TOOL_PROMPTS, name);
}

/** A transcript line split into the prompt and what was typed after it. */
export type PromptLine =
  | { readonly kind: 'command'; readonly prompt: string; readonly typed: string }
  | { readonly kind: 'question'; readonly prompt: string; readonly typed: string; readonly hidden: boolean };

/** The prompt a transcript line starts with, if any: questions first (they are exact texts). */
export function splitPromptLine(tool: SessionTool, line: string): PromptLine | undefined {
  const prompts = TOOL_PROMPTS[tool];
  for (const q of prompts.questions) {
    if (line.startsWith(q.text)) return { kind: 'question', prompt: q.text, typed: line.slice(q.text.length), hidden: q.hidden };
  }
  const m = prompts.command.exec(line);
  return m ? { kind: 'command', prompt: m[0], typed: line.slice(m[0].length) } : undefined;
}

/** What a tool waiting for input shows on its last line: a command prompt, a question, or neither. */
export function promptShown(tool: SessionTool, partialLine: string): PromptLine | undefined {
  const split = splitPromptLine(tool, partialLine);
  return split && split.typed === '' ? split : undefined;
}
