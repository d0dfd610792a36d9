// The registries join each command's spec, core operation and renderer at compile time: a command half
// added does not compile. Shown by compiling fixtures (test/fixtures/half-added, outside the project's own
// type check) with the project's compiler options: a whole command compiles, and each way of adding one
// half fails; so does a new event without its evolve case. The registries and operation tables are also
// checked at run time: every built spec has its entry, every operation its name.
import { join, relative } from 'node:path';
import test from 'ava';
import ts from 'typescript';
import { operations } from '../emulator/operations/index.ts';
import { utilCommands, utilSpecs } from '../grammar/azcloudhsm_util/index.ts';
import { mgmtCommands, mgmtSpecs } from '../grammar/mgmt_util/index.ts';
import { daemonOperations } from '../src/client/protocol.ts';
import { utilRegistry } from '../src/azcloudhsm_util/registry.ts';
import { mgmtRegistry } from '../src/mgmt_util/registry.ts';
import { ROOT } from './helpers/tools.ts';

const FIXTURES = join(ROOT, 'test', 'fixtures', 'half-added');

function compilerOptions(): ts.CompilerOptions {
  const config = ts.getParsedCommandLineOfConfigFile(join(ROOT, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
  if (!config) throw new Error('tsconfig.json does not parse');
  return config.options;
}

/** The errors of a program made of `roots`, by file (relative to the repository), with `patch` applied to one file's text. */
function errorsOf(roots: readonly string[], patch?: { readonly file: string; readonly from: string; readonly to: string }): Map<string, string[]> {
  const options = compilerOptions();
  const host = ts.createCompilerHost(options);
  if (patch) {
    const original = host.getSourceFile.bind(host);
    host.getSourceFile = (fileName, language, onError, shouldCreate) => {
      if (fileName !== patch.file) return original(fileName, language, onError, shouldCreate);
      const text = ts.sys.readFile(fileName) ?? '';
      if (!text.includes(patch.from)) throw new Error(`the patch does not apply to ${fileName}`);
      return ts.createSourceFile(fileName, text.replace(patch.from, patch.to), language);
    };
  }
  const program = ts.createProgram([...roots], options, host);
  const errors = new Map<string, string[]>();
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const file = d.file ? relative(ROOT, d.file.fileName) : '(global)';
    errors.set(file, [...(errors.get(file) ?? []), ts.flattenDiagnosticMessageText(d.messageText, '\n')]);
  }
  return errors;
}

const fixture = (name: string): string => join(FIXTURES, `${name}.ts`);
const shown = (file: string): string => relative(ROOT, fixture(file));

test('the compiler takes a whole command and rejects each half-added one', (t) => {
  const names = ['complete-command', 'spec-without-entry', 'entry-without-renderer', 'entry-without-operation', 'input-that-does-not-fit', 'renderer-of-another-result'];
  const errors = errorsOf(names.map(fixture));
  t.deepEqual(errors.get(shown('complete-command')), undefined, 'a command added whole compiles');
  t.deepEqual([...errors.keys()].filter((f) => !f.startsWith('test/fixtures/')), [], 'the project itself compiles');
  const of = (name: string): string => (errors.get(shown(name)) ?? []).join('\n');
  t.regex(of('spec-without-entry'), /Property 'countKeys' is missing/);
  t.regex(of('entry-without-renderer'), /'render' is missing/);
  t.regex(of('entry-without-operation'), /'operation' is missing/);
  t.regex(of('input-that-does-not-fit'), /Property 'userName' does not exist/);
  t.regex(of('renderer-of-another-result'), /Property 'map' does not exist|not assignable/);
});

test('a new event without its evolve case does not compile', (t) => {
  const events = join(ROOT, 'emulator', 'events.ts');
  const errors = errorsOf([join(ROOT, 'emulator', 'cluster.ts')], {
    file: events,
    from: "  | { readonly type: 'NodeUp'; readonly server: number };",
    to: "  | { readonly type: 'NodeUp'; readonly server: number }\n  | ({ readonly type: 'KeyRenamed'; readonly handle: number; readonly label: string } & Targeted);",
  });
  t.regex((errors.get('emulator/evolve.ts') ?? []).join('\n'), /"KeyRenamed".* is not assignable to parameter of type 'never'/s);
});

test('every built spec has its registry entry, and every entry is for its own spec', (t) => {
  for (const [specs, registry] of [
    [mgmtSpecs, mgmtRegistry],
    [utilSpecs, utilRegistry],
  ] as const) {
    for (const [name, spec] of Object.entries(specs)) {
      const entry = Object.entries(registry).find(([key]) => key === name)?.[1];
      if ('notBuilt' in spec) t.is(entry, undefined, `${name} is not built`);
      else t.is(entry?.spec, spec, name);
    }
  }
  t.true(mgmtCommands.length > Object.keys(mgmtRegistry).length && utilCommands.length > Object.keys(utilRegistry).length);
});

test('operations are named by what they do: each under its own name, and the daemon serves only real ones', (t) => {
  for (const [name, op] of Object.entries(operations)) t.is<string, string>(op.name, name);
  for (const [name, op] of Object.entries(daemonOperations)) t.is(Object.entries(operations).find(([key]) => key === name)?.[1], op, name);
  for (const entry of Object.values(utilRegistry)) if (entry.operation) t.true(Object.values(daemonOperations).some((op) => op === entry.operation), entry.spec.name);
});
