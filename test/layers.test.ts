// The layer rules of the source tree, read from the import statements: the core (emulator/) knows
// nothing of the grammar or the programs; the grammar knows nothing of the programs and does no file
// I/O; the two tool front ends share code only through modules of their own (src/text/, src/output.ts).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import test from 'ava';
import { ROOT } from './helpers/tools.ts';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|mjs)$/.test(name) ? [path] : [];
  });
}

/** Every module a file imports (static, dynamic and type imports), as a path relative to the repository, or as a package name. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2]!);
  return specifiers.map((s) => (s.startsWith('.') ? relative(ROOT, resolve(dirname(file), s)) : s));
}

function violations(under: string, forbidden: (imported: string) => boolean): string[] {
  return sourceFiles(join(ROOT, under)).flatMap((file) =>
    importsOf(file)
      .filter(forbidden)
      .map((imported) => `${relative(ROOT, file)} imports ${imported}`),
  );
}

test('emulator/ imports nothing from grammar/ or src/', (t) => {
  t.deepEqual(violations('emulator', (i) => i.startsWith('grammar/') || i.startsWith('src/')), []);
});

test('grammar/ imports nothing from src/ and does no file-system I/O', (t) => {
  t.deepEqual(violations('grammar', (i) => i.startsWith('src/') || /^(node:)?fs(\/promises)?$/.test(i)), []);
});

test('the two tool front ends do not import each other', (t) => {
  const FRONT_ENDS = ['src/mgmt_util/', 'src/azcloudhsm_util/'];
  for (const own of FRONT_ENDS) {
    const others = FRONT_ENDS.filter((f) => f !== own);
    t.deepEqual(violations(own, (i) => others.some((o) => i.startsWith(o))), [], own);
  }
});

test('the checks above see imports: a file of the core does import the model', (t) => {
  t.true(importsOf(join(ROOT, 'emulator', 'cluster.ts')).includes('emulator/model.ts'));
  t.true(importsOf(join(ROOT, 'src', 'program.ts')).some((i) => i.startsWith('src/tui/')), 'dynamic imports count');
});
