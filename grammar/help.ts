// Help text derived from the specs: the `help` lists, `<command> -h` pages and usage lines.
import { type CommandSpec, type Scope, argDisplay } from './spec.ts';
import { commandsInScope, type Grammar } from './parse.ts';
import { type CodeTable, findEntry } from '../emulator/domain/code-table.ts';

export function syntaxLine(spec: CommandSpec): string {
  if (spec.freeForm) return `${spec.name} ...`;
  return [spec.name, ...spec.args.map(argDisplay)].join(' ');
}

/**
 * `help` lists can mark the commands the emulator does not emulate (in the TUI, or when asked: see
 * README). The real tools print no such mark, so line mode leaves it out unless asked.
 */
export const NOT_EMULATED_MARK = '*';
export const NOT_EMULATED_LEGEND = `${NOT_EMULATED_MARK} not emulated: the command says so and changes nothing`;

function marked(spec: CommandSpec, marks: boolean): string {
  return marks && spec.notBuilt ? `${spec.name}${NOT_EMULATED_MARK}` : spec.name;
}

// ---- azcloudhsm_mgmt_util ------------------------------------------------------------------------

/** `help` at cloudmgmt> or serverN>: the scope's command names in columns, as the Azure SDK guide lists them. */
export function mgmtHelpList(grammar: Grammar, scope: Scope, options: { readonly columns?: number; readonly marks?: boolean } = {}): string {
  const columns = options.columns ?? 3;
  const marks = options.marks === true;
  const names = commandsInScope(grammar, scope)
    .sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()))
    .map((c) => marked(c, marks));
  const rows = Math.ceil(names.length / columns);
  const width = Math.max(...names.map((n) => n.length)) + 4;
  const lines: string[] = [];
  for (let r = 0; r < rows; r++) {
    const cells: string[] = [];
    for (let c = 0; c < columns; c++) {
      const name = names[c * rows + r];
      if (name !== undefined) cells.push(name.padEnd(width));
    }
    lines.push(cells.join('').trimEnd());
  }
  if (marks) lines.push('', NOT_EMULATED_LEGEND);
  return lines.join('\n');
}

/** `help <command>` and `<command> -h` in mgmt_util. */
export function mgmtCommandHelp(spec: CommandSpec): string {
  const out = [syntaxLine(spec)];
  if (spec.args.length > 0) {
    out.push('Arguments', '*********');
    for (const a of spec.args) out.push(`${a.display}: ${a.help}${describeValues(a.value)}`);
  }
  out.push('Description', '***********', ...spec.description);
  if (spec.scopes && spec.scopes.length === 1) {
    out.push(spec.scopes[0] === 'server' ? 'Runs in server mode only (server <id> first).' : 'Runs at the cloudmgmt> prompt only.');
  }
  if (spec.notBuilt) out.push(`Not emulated: ${spec.notBuilt}.`);
  out.push('Example', '*******', spec.examples[0] ?? spec.name);
  return out.join('\n');
}

function describeValues(v: CommandSpec['args'][number]['value']): string {
  if (v.kind !== 'code' || v.table.entries.length > 8) return '';
  return ` (${tableSummary(v.table)})`;
}

export function tableSummary(t: CodeTable): string {
  return t.entries.map((e) => (String(e.code) === e.name ? e.name : `${e.code} = ${e.name}`)).join(', ');
}

/**
 * The line mgmt_util prints before a command fans out from cloudmgmt> (the spec's fanOutHeader): each
 * `{arg}` is the argument's value (a code's vendor name: `PO` reads PRECO), `{nodes}` the number of servers.
 */
export function fanOutHeader(spec: CommandSpec, args: Readonly<Record<string, unknown>>, nodes: number): string | undefined {
  return spec.fanOutHeader?.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (name === 'nodes') return String(nodes);
    const value = String(args[name]);
    const a = spec.args.find((x) => x.name === name);
    return a?.value.kind === 'code' ? (findEntry(a.value.table, value)?.name ?? value) : value;
  });
}

/** What mgmt_util prints for wrong arguments. */
export function mgmtUsage(spec: CommandSpec, message?: string): string {
  return [message, `Usage: ${syntaxLine(spec)}`].filter(Boolean).join('\n');
}

// ---- azcloudhsm_util -----------------------------------------------------------------------------
// The Cavium layout the real tool prints (AWS key_mgmt_util and Azure azcloudhsm_util are one program).

/** Column where the help list's descriptions start: 3 spaces, then the name padded to 23. */
const LIST_INDENT = '   ';
const LIST_NAME_WIDTH = 23;

/**
 * `help` (also printed at interactive start-up and for an unknown command): every command that has a spec,
 * under its group and subgroup headings. Groups and commands come in the order of `grammar.commands`;
 * commands without a group (exit, help) are listed first. Ends with a blank line, as the real list does.
 */
export function utilHelpList(grammar: Grammar, options: { readonly marks?: boolean } = {}): string {
  const marks = options.marks === true;
  const lines = [
    'Help Commands Available:',
    '',
    'Syntax: <command> -h',
    '',
    '',
    `${LIST_INDENT}${'Command'.padEnd(LIST_NAME_WIDTH - 1)}Description`,
    `${LIST_INDENT}${'======='.padEnd(LIST_NAME_WIDTH - 1)}===========`,
    '',
  ];
  const row = (c: CommandSpec): string[] => {
    const [first = '', ...more] = c.summary.split('\n');
    const shown = marked(c, marks);
    const name = shown.length < LIST_NAME_WIDTH ? shown.padEnd(LIST_NAME_WIDTH) : `${shown} `;
    return [`${LIST_INDENT}${name}${first}`, ...more.map((m) => `${' '.repeat(LIST_INDENT.length + LIST_NAME_WIDTH)}${m}`)];
  };
  const commands = grammar.commands;
  for (const c of commands.filter((c) => !c.group)) lines.push(...row(c));
  const groups = unique(commands.flatMap((c) => (c.group ? [c.group] : [])));
  for (const group of groups) {
    lines.push('', `\t${group}`);
    const members = commands.filter((c) => c.group === group);
    for (const c of members.filter((c) => !c.subgroup)) lines.push(...row(c));
    for (const sub of unique(members.flatMap((c) => (c.subgroup ? [c.subgroup] : [])))) {
      lines.push('', `\t${sub}`);
      for (const c of members.filter((c) => c.subgroup === sub)) lines.push(...row(c));
    }
  }
  lines.push('');
  if (marks) lines.push(NOT_EMULATED_LEGEND, '');
  return lines.join('\n');
}

function unique<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}

/** The width `Syntax:` lines are wrapped at; continuation lines line up under `-h`. */
const SYNTAX_WIDTH = 80;

function utilSyntaxLines(spec: CommandSpec): string[] {
  const head = `Syntax: ${spec.name} -h`;
  if (spec.freeForm) return [`${head} ...`];
  const required = spec.args.filter((a) => !a.optional).map(argDisplay);
  const optional = spec.args.filter((a) => a.optional).map(argDisplay);
  const oneLine = [head, ...required, ...optional].join(' ');
  if (oneLine.length <= SYNTAX_WIDTH) return [oneLine];
  // Like the real pages: the required flags on the first line, the optional ones wrapped below.
  const indent = ' '.repeat(`Syntax: ${spec.name} `.length);
  const lines = [[head, ...required].join(' ')];
  let current = '';
  for (const part of optional) {
    if (current && indent.length + current.length + 1 + part.length > SYNTAX_WIDTH) {
      lines.push(indent + current);
      current = part;
    } else {
      current = current ? `${current} ${part}` : part;
    }
  }
  if (current) lines.push(indent + current);
  return lines;
}

const WHERE_INDENT = ' '.repeat('Where: '.length);

function whereLines(spec: CommandSpec): string[] {
  const lines = ['Where: -h  displays this information'];
  for (const a of spec.args) {
    lines.push(`${WHERE_INDENT}${a.flag ?? a.display}  ${a.help}`);
    if (a.value.kind === 'code' && a.listValues !== false) {
      const entries = a.value.table.entries;
      const width = Math.max(...entries.map((e) => e.name.length));
      for (const e of entries) lines.push(`${WHERE_INDENT}    ${e.name.padEnd(width)} - ${e.code}`);
    }
  }
  return lines;
}

/** `<command> -h` in azcloudhsm_util: two blank lines, Description, Syntax and one Where line per flag. */
export function utilCommandHelp(spec: CommandSpec): string {
  const lines = ['', '', 'Description', '===========', ...spec.description, '', ...utilSyntaxLines(spec), '', ...whereLines(spec)];
  if (spec.notBuilt) lines.push('', `Not emulated: ${spec.notBuilt}.`);
  return lines.join('\n');
}

/** The vendor function azcloudhsm_util names in a command's `returned:` line. */
export function vendorFunction(spec: CommandSpec): string {
  return spec.vendorFunction ?? `Cfm3${spec.name}`;
}

/**
 * What azcloudhsm_util prints for a missing or bad argument: the error (a blank line, then each line of
 * it tab-indented, as the real tool's `\n\t<error>\n`) and then the command's help page.
 */
export function utilUsage(spec: CommandSpec, message?: string): string {
  const error = message ? ['', ...message.split('\n').map((l) => `\t${l}`)] : [];
  return [...error, utilCommandHelp(spec)].join('\n');
}
