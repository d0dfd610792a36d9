// Expected lines as patterns: `[..]` matches any text within the line, `{{name}}` a run of non-space
// characters, bound at its first appearance and equal to that value everywhere after (also in later
// steps and programs of the file); `{{home}}` is the emulator home; `{{secret:NAME}}` a secret's value.
// `{{name=value}}` is `{{name}}` with a value of its own: where the name is not bound yet, it stands for
// `value` and binds the name to it (a lesson's learner may type another value there: see src/tutor/).
// A line that is just `...` matches any run of lines (see match.ts). Trailing spaces never count.
import { RecordingError } from './errors.ts';

export const ANY_LINES = '...';

const TOKEN = /\{\{(secret:)?([A-Za-z_][\w-]*)(?:=([^{}]*))?\}\}|\[\.\.\]/g;

/** What the tokens of a file stand for so far. */
export interface Values {
  readonly bindings: Map<string, string>;
  /** A secret's value from --secret NAME=VALUE or the environment. */
  secret(name: string): string | undefined;
}

export function secretMissing(name: string, line: number): RecordingError {
  return new RecordingError(line, `no value for {{secret:${name}}}: pass --secret ${name}=VALUE or set ${secretEnvName(name)}`);
}

export function secretEnvName(name: string): string {
  return `AZCLOUDHSM_EMU_SECRET_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

/**
 * A command or an input with its captures and secrets filled in (`[..]` stays as typed); a
 * `{{name=value}}` whose name is not bound yet is bound to its value here.
 */
export function substitute(text: string, values: Values, line: number): string {
  return text.replace(TOKEN, (token, secret: string | undefined, name: string | undefined, given: string | undefined) => {
    if (name === undefined) return token;
    if (secret) {
      const value = values.secret(name);
      if (value === undefined) throw secretMissing(name, line);
      return value;
    }
    const value = values.bindings.get(name) ?? given;
    if (value === undefined) throw new RecordingError(line, `{{${name}}} is used before an output line binds it`);
    values.bindings.set(name, value);
    return value;
  });
}

/** The `{{name=value}}` tokens of a text whose names are not bound yet: name -> value. */
export function unboundDefaults(text: string, values: Values): Map<string, string> {
  const found = new Map<string, string>();
  for (const m of text.matchAll(TOKEN)) if (!m[1] && m[2] && m[3] !== undefined && !values.bindings.has(m[2])) found.set(m[2], m[3]);
  return found;
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Matches one actual line against a pattern line. Returns the captures it binds (empty when it binds
 * none), or undefined when it does not match. Unbound captures appearing twice must match the same text.
 */
export function matchLine(pattern: string, actual: string, values: Values): Map<string, string> | undefined {
  const names: string[] = [];
  let source = '^';
  let last = 0;
  const text = pattern.trimEnd();
  for (const m of text.matchAll(TOKEN)) {
    source += escapeRegExp(text.slice(last, m.index));
    last = m.index + m[0].length;
    const [, secret, name, given] = m;
    if (name === undefined) source += '.*?';
    else if (secret) source += escapeRegExp(values.secret(name) ?? m[0]);
    else if (values.bindings.has(name)) source += escapeRegExp(values.bindings.get(name)!);
    else if (given !== undefined && !names.includes(name)) {
      // Its own value, which it binds.
      names.push(name);
      source += `(${escapeRegExp(given)})`;
    }
    else if (names.includes(name)) source += `\\${names.indexOf(name) + 1}`;
    else {
      names.push(name);
      source += '(\\S+)';
    }
  }
  source += escapeRegExp(text.slice(last)) + '$';
  const found = new RegExp(source).exec(actual.trimEnd());
  if (!found) return undefined;
  return new Map(names.map((n, i) => [n, found[i + 1]!]));
}

/** True when the line holds a token (a wildcard, capture or secret) that a literal rewrite would lose. */
export function hasTokens(text: string): boolean {
  return new RegExp(TOKEN.source).test(text);
}

/** The names of the secrets a text refers to. */
export function secretNames(text: string): string[] {
  return [...text.matchAll(TOKEN)].filter((m) => m[1] && m[2]).map((m) => m[2]!);
}
