// Every prompt the interactive tools print, in one place: the tools print and ask with these, and the
// replayer recognises a recording's inputs by them (a transcript line that starts with a prompt is the
// prompt followed by what was typed). Change a prompt here and both sides follow.

/** The tools whose sessions a recording drives through their prompts. */
export type SessionTool = 'azcloudhsm_mgmt_util' | 'azcloudhsm_util' | 'pkpspeed';

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

/**
 * pkpspeed's questions, as AWS shows pkpspeed_blocking asking them ("Verify the performance of the HSM"),
 * spacing included. Where no text is published (the credentials when -s/-p are not given, the unified
 * build's RSA sub-choice) the wording is this emulator's, in the vendor's style: UNCONFIRMED.
 */
export const PKPSPEED_QUESTIONS = {
  user: { text: 'Please enter the CU user name : ', hidden: false },
  password: { text: 'Please enter the CU password : ', hidden: true },
  threads: { text: 'Please enter the number of threads [MAX=400] : ', hidden: false },
  seconds: { text: 'Please enter the time in seconds to run the test [MAX=600]: ', hidden: false },
  modSize: { text: 'Enter mod size(2048/3072):', hidden: false },
  rsaOperation: { text: 'Enter the RSA operation (A: private key sign, B: public key verify):', hidden: false },
  tokenKey: { text: 'Do you want to use Token key[y/n]', hidden: false },
  staticKey: { text: 'Do you want to use static key[y/n] (Make sure that KEK is available)?  ', hidden: false },
  keySize: { text: 'Enter the key size(128/192/256):', hidden: false },
  packetSize: { text: 'Enter the size of the packet in bytes[1-16200]:', hidden: false },
  curve: { text: 'Enter the curve(P256/P384/secp256k1):', hidden: false },
  keyType: { text: 'Enter the key type(AES256/RSA2048/P256):', hidden: false },
} as const satisfies Record<string, QuestionPrompt>;

/** The last line of pkpspeed's menu (30 characters, two shorter than the others, as published). */
export const PKPSPEED_MENU_END = 'eXit------------------------>X';

export interface ToolPrompts {
  /** Matches a command prompt at the start of a transcript line; match[0] is the prompt. */
  readonly command?: RegExp;
  readonly questions: readonly QuestionPrompt[];
  /**
   * A menu choice: the line right after this one is what was typed, at no prompt of its own (pkpspeed
   * reads the test's letter on the line after its menu).
   */
  readonly menuEnd?: string;
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
  pkpspeed: {
    questions: Object.values(PKPSPEED_QUESTIONS),
    menuEnd: PKPSPEED_MENU_END,
  },
};

export function isSessionTool(name: string): name is SessionTool {
  return Object.hasOwn(TOOL_PROMPTS, name);
}

/** A transcript line split into the prompt and what was typed after it. */
export type PromptLine =
  | { readonly kind: 'command'; readonly prompt: string; readonly typed: string }
  | { readonly kind: 'question'; readonly prompt: string; readonly typed: string; readonly hidden: boolean };

/**
 * The prompt a transcript line starts with, if any: questions first (they are exact texts), then a menu
 * choice (the line after the menu's end, given as `previous`), then a command prompt.
 */
export function splitPromptLine(tool: SessionTool, line: string, previous?: string): PromptLine | undefined {
  const prompts = TOOL_PROMPTS[tool];
  for (const q of prompts.questions) {
    if (line.startsWith(q.text)) return { kind: 'question', prompt: q.text, typed: line.slice(q.text.length), hidden: q.hidden };
  }
  if (prompts.menuEnd !== undefined && previous === prompts.menuEnd) return { kind: 'command', prompt: '', typed: line };
  const m = prompts.command?.exec(line);
  return m ? { kind: 'command', prompt: m[0], typed: line.slice(m[0].length) } : undefined;
}

/**
 * What a tool waiting for input shows on its last line (`partialLine`, after the last line end): a
 * command prompt, a question, or neither. `previous` is the last whole line (a menu's end).
 */
export function promptShown(tool: SessionTool, partialLine: string, previous?: string): PromptLine | undefined {
  const split = splitPromptLine(tool, partialLine, previous);
  return split && split.typed === '' ? split : undefined;
}
