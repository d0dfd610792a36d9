// The command reference, docs/commands.md, generated from the grammar and the tools' registries: every
// command of both tools with its syntax, arguments and their code tables, who may run it (the roles of
// its core operation), where (mgmt_util's scopes), what it changes, and whether it is emulated. Each
// emulated command has an example (scenario.ts) that ran for real; the file is a recording, so `npm test`
// replays the examples and checks every line they print. `npm run reference` writes it: the text from
// the grammar, the examples' output by replaying them (`replay --update`); test/reference.test.ts checks
// that the file is what the grammar and the scenario make today.
import type { CodeTable } from '../../emulator/domain/code-table.ts';
import type { AnyOperation } from '../../emulator/operations/operation.ts';
import { utilGrammar } from '../../grammar/azcloudhsm_util/index.ts';
import { syntaxLine, vendorFunction } from '../../grammar/help.ts';
import { mgmtGrammar } from '../../grammar/mgmt_util/index.ts';
import type { Grammar } from '../../grammar/parse.ts';
import type { ArgSpec, CommandSpec, ToolName } from '../../grammar/spec.ts';
import { utilRegistry } from '../azcloudhsm_util/registry.ts';
import { mgmtRegistry } from '../mgmt_util/registry.ts';
import { MGMT_GLOBAL_PROMPT, UTIL_PROMPT } from '../prompts.ts';
import { parseRecording } from '../replay/format.ts';
import { SCENARIO, type ScenarioStep } from './scenario.ts';

export const REFERENCE_PATH = 'docs/commands.md';

/** What a command runs: a core operation (the emulator's), or the tool's own action. */
function operationOf(tool: ToolName, name: string): AnyOperation | 'local' | 'not built' {
  const registry: Readonly<Record<string, { readonly operation?: AnyOperation }>> = tool === 'azcloudhsm_mgmt_util' ? mgmtRegistry : utilRegistry;
  const entry = Object.hasOwn(registry, name) ? registry[name] : undefined;
  if (!entry) return 'not built';
  return entry.operation ?? 'local';
}

const SHORT: Readonly<Record<ToolName, string>> = { azcloudhsm_mgmt_util: 'mgmt_util', azcloudhsm_util: 'util' };

/** The anchor GitHub gives a heading. */
function anchor(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^a-z0-9 _-]/g, '')
    .replace(/ /g, '-');
}

const heading = (tool: ToolName, name: string): string => `${SHORT[tool]} ${name}`;
const tableHeading = (t: CodeTable): string => `table: ${t.title}`;

/** Tables longer than this are listed once, at the end, and linked. */
const INLINE_TABLE = 6;

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function values(a: ArgSpec): string {
  const v = a.value;
  switch (v.kind) {
    case 'code':
      if (v.table.entries.length > INLINE_TABLE) return `a code: [${v.table.title}](#${anchor(tableHeading(v.table))})`;
      return v.table.entries.map((e) => `\`${String(e.code)}\`${String(e.code) === e.name ? '' : ` ${e.name}`}${e.meaning ? ` (${e.meaning})` : ''}`).join(', ');
    case 'int':
      return `a number${v.min !== undefined || v.max !== undefined ? ` from ${v.min ?? 0} to ${v.max ?? 'any'}` : ''}${v.multipleOf ? `, a multiple of ${v.multipleOf}` : ''}`;
    case 'password':
      return `a password${v.minLength !== undefined ? ` of ${v.minLength} to ${v.maxLength} characters` : ''}${a.hiddenPrompt ? '; `-hpswd` asks for it, hidden' : ''}`;
    case 'file':
      return v.mode === 'read' ? 'a file it reads' : 'a file it writes';
    case 'dir':
      return 'a directory';
    case 'keyHandle':
      return 'a key handle';
    case 'serverId':
      return 'a server: 0, 1 or 2';
    case 'userId':
      return 'a user id (listUsers)';
    case 'userIdList':
      return 'user ids, comma-separated';
    case 'userName':
      return 'a user name: up to 31 letters, digits or _';
    case 'hex':
      return 'hex bytes';
    case 'switch':
      return 'a switch: no value';
    case 'text':
      return 'text without spaces';
  }
}

function roles(op: AnyOperation | 'local'): string {
  if (op === 'local') return 'anyone: the tool itself answers';
  return op.roles === 'anyone' ? 'anyone (no login needed)' : op.roles.join(', ');
}

function changes(op: AnyOperation | 'local'): string {
  if (op === 'local') return "nothing in the cluster: the tool's own command (its scope, connections or list)";
  if (op.sessionBookkeeping) return "the login only: it opens or ends the session's lease in the journal (no partition changes)";
  return op.changesState ? 'the cluster: it appends events to the journal (`--dry-run` says which)' : 'nothing: it reads';
}

function where(spec: CommandSpec): string {
  if (spec.tool === 'azcloudhsm_util') return `\`${UTIL_PROMPT.trim()}\``;
  const scopes = spec.scopes ?? ['global', 'server'];
  return scopes.map((s) => (s === 'global' ? `\`${MGMT_GLOBAL_PROMPT}\` (every connected server)` : '`serverN>` (one server)')).join(' and ');
}

function entry(spec: CommandSpec, examples: ReadonlyMap<string, string[][]>): string[] {
  const op = operationOf(spec.tool, spec.name);
  const out = [`### ${heading(spec.tool, spec.name)}`, '', cell(spec.summary.replace(/\n/g, ' ')) + '.', '', '```text', syntaxLine(spec), '```', ''];
  if (spec.args.length > 0 && !spec.freeForm) {
    out.push('| argument | meaning | takes |', '|---|---|---|');
    for (const a of spec.args) out.push(`| \`${cell(a.flag && a.flag.startsWith('-') ? `${a.flag} ${a.value.kind === 'switch' ? '' : a.display}`.trim() : a.display)}\`${a.optional ? ' (optional)' : ''} | ${cell(a.help)} | ${cell(values(a))} |`);
    out.push('');
  }
  out.push(...spec.description.map(cell), '');
  const facts: string[] = [];
  if (op === 'not built') facts.push(`- **Not emulated:** ${spec.notBuilt ?? 'not built'}. The command says so and changes nothing.`);
  else {
    facts.push(`- **Who may run it:** ${roles(op)}`, `- **Where:** ${where(spec)}`, `- **What it changes:** ${changes(op)}`);
    if (op !== 'local') facts.push(`- **Core operation:** \`${op.name}\`${spec.tool === 'azcloudhsm_util' ? `; the tool names \`${vendorFunction(spec)}\`` : ''}`);
    if (spec.critical) facts.push('- **Critical:** prints the CAUTION banner and asks `Do you want to continue(y/n)?` first');
    if (spec.retryPrompt) facts.push('- **On a failing server:** asks `Retry/Ignore/Abort?(R/I/A):`');
    if (spec.limitedMode) facts.push('- Works in limited commands mode (before the partition is claimed)');
  }
  out.push(...facts, '');
  const own = examples.get(`${spec.tool} ${spec.name}`);
  if (own) out.push(`Example: [${spec.name} in the examples](#example-${anchor(heading(spec.tool, spec.name))}), replayed by \`npm test\`.`, '');
  return out;
}

/** The output lines of each example, by its input, as the file holds them (carried over when regenerating). */
export type ExampleBodies = ReadonlyMap<string, readonly string[]>;

/** The bodies of the examples in a reference file: what follows each example's input line in its fence. */
export function exampleBodies(text: string): Map<string, string[]> {
  const bodies = new Map<string, string[]>();
  const { steps, lines } = parseRecording(text);
  for (const step of steps) {
    if (step.kind !== 'session') continue;
    for (const seg of step.segments.slice(1)) {
      const first = lines[seg.start] ?? '';
      bodies.set(exampleKey(step.tool, first, bodies), lines.slice(seg.start + 1, seg.end));
    }
  }
  return bodies;
}

/** An example's key: its input line, numbered when the scenario types it more than once. */
function exampleKey(tool: string, inputLine: string, seen: ReadonlyMap<string, unknown>): string {
  for (let n = 1; ; n++) {
    const key = `${tool} ${inputLine.trimEnd()}${n > 1 ? ` #${n}` : ''}`;
    if (!seen.has(key)) return key;
  }
}

function promptOf(tool: ToolName, scope: 'global' | number): string {
  if (tool === 'azcloudhsm_util') return UTIL_PROMPT;
  return scope === 'global' ? MGMT_GLOBAL_PROMPT : `server${scope}>`;
}

/** The reference, with the examples' output taken from `bodies` (empty where there is none yet). */
export function referenceMarkdown(bodies: ExampleBodies): string {
  const grammars: readonly Grammar[] = [mgmtGrammar, utilGrammar];
  const examples = new Map<string, string[][]>();
  for (const s of SCENARIO) if (s.kind === 'example') examples.set(`${s.tool} ${s.command}`, [...(examples.get(`${s.tool} ${s.command}`) ?? []), [s.line]]);
  const out = [
    '---',
    'title: Command reference (generated by npm run reference; do not edit)',
    'after: ../recordings/owned',
    '---',
    '',
    '# Command reference',
    '',
    "Every command of `azcloudhsm_mgmt_util` and `azcloudhsm_util`, generated from the grammar and the tools'",
    "registries (`npm run reference`; `npm test` checks that this file is current). Each emulated command has an",
    'example that ran for real on the cluster `recordings/owned.md` leaves: this file is a recording too, and',
    '`npm test` replays the examples, line for line. In the TUI, `help` marks the commands not emulated.',
    '',
  ];
  for (const g of grammars) {
    const built = g.commands.filter((c) => !c.notBuilt);
    out.push(`- [${g.tool}](#${anchor(g.tool)}): ${g.commands.length} commands, ${built.length} emulated`);
  }
  out.push('- [Examples](#examples), in the order they run', '- [Code tables](#code-tables)', '');
  const tables = new Map<string, CodeTable>();
  for (const g of grammars) {
    out.push(`## ${g.tool}`, '');
    const sorted = [...g.commands].sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()));
    out.push('| command | what it does | emulated |', '|---|---|---|');
    for (const c of sorted) out.push(`| [${c.name}](#${anchor(heading(g.tool, c.name))}) | ${cell(c.summary.replace(/\n/g, ' '))} | ${c.notBuilt ? 'no' : 'yes'} |`);
    out.push('');
    for (const c of sorted) {
      out.push(...entry(c, examples));
      for (const a of c.args) if (a.value.kind === 'code' && a.value.table.entries.length > INLINE_TABLE) tables.set(a.value.table.id, a.value.table);
    }
  }
  out.push('## Examples', '', 'They run in this order, each finding what the ones before it made (key handles count up from 262150).', '');
  const seen = new Map<string, true>();
  const headed = new Set<string>();
  let scope: 'global' | number = 'global';
  for (const s of SCENARIO) {
    if (s.kind === 'setup') {
      out.push(s.text, '', '```console', ...s.commands.map((c) => `$ ${c}`), '```', '');
      continue;
    }
    if (s.kind === 'start') {
      out.push(`### ${s.tool}`, '', '```console', `$ ${s.start}`, '...', '```', '');
      continue;
    }
    const input = promptOf(s.tool, scope) + s.line;
    const key = exampleKey(s.tool, input, seen);
    seen.set(key, true);
    // The first example of a command is the one its entry links to.
    if (!headed.has(`${s.tool} ${s.command}`)) out.push(`#### example: ${heading(s.tool, s.command)}`, '');
    headed.add(`${s.tool} ${s.command}`);
    const varies = s.varies;
    const body = (bodies.get(key) ?? s.answers ?? []).map((l) => (varies?.test(l) ? '[..]' : l));
    out.push('```console', input, ...body, '```', '');
    if (s.tool === 'azcloudhsm_mgmt_util') {
      const server = /^server (\d+)$/.exec(s.line);
      if (server) scope = Number(server[1]);
      else if (s.line === 'exit') scope = 'global';
    }
  }
  out.push('## Code tables', '');
  for (const t of [...tables.values()].sort((a, b) => a.title.localeCompare(b.title))) {
    out.push(`### ${tableHeading(t)}`, '', '| code | name | meaning |', '|---|---|---|');
    for (const e of t.entries) out.push(`| \`${String(e.code)}\` | ${cell(e.name)} | ${cell(e.meaning ?? '')}${e.unconfirmed ? ' (unconfirmed: our choice)' : ''} |`);
    out.push('');
  }
  return out.join('\n') + '\n';
}

/** Every emulated command of both tools has an example in the scenario; the names of those that do not. */
export function commandsWithoutExample(): string[] {
  const named = new Set(SCENARIO.flatMap((s: ScenarioStep) => (s.kind === 'example' ? [`${s.tool} ${s.command}`] : [])));
  return [mgmtGrammar, utilGrammar].flatMap((g) => g.commands.filter((c) => !c.notBuilt && !named.has(`${g.tool} ${c.name}`)).map((c) => `${g.tool} ${c.name}`));
}
