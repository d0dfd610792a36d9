// Help text derived from the specs: the `help` lists, `<command> -h` pages and usage lines.
import { type CommandSpec, type Scope, argDisplay } from './spec.ts';
import { commandsInScope, type Grammar } from './parse.ts';
import type { CodeTable } from './tables.ts';

export function syntaxLine(spec: CommandSpec): string {
  if (spec.freeForm) return `${spec.name} ...`;
  return [spec.name, ...spec.args.map(argDisplay)].join(' ');
}

// ---- azcloudhsm_mgmt_util ------------------------------------------------------------------------

/** `help` at cloudmgmt> or serverN>: the scope's command names in columns, as the Azure SDK guide lists them. */
export function mgmtHelpList(grammar: Grammar, scope: Scope, columns = 3): string {
  const names = commandsInScope(grammar, scope)
    .map((c) => c.name)
    .sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
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

/** What mgmt_util prints for wrong arguments. */
export function mgmtUsage(spec: CommandSpec, message?: string): string {
  return [message, `Usage: ${syntaxLine(spec)}`].filter(Boolean).join('\n');
}
