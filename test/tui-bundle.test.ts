// The bundle: a piped run never loads the TUI (its chunk holds Ink, React and Yoga) and still works;
// the programs' entry points reach the TUI only through a dynamic import.
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ROOT, run, tempHome } from './helpers/tools.ts';

/** The files a module loads before it runs: its static imports, followed through the chunks. */
function staticGraph(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const source = readFileSync(file, 'utf8');
  for (const m of source.matchAll(/^import\s+(?:[^'"();]*?\s+from\s+)?["'](\.[^"']+)["'];?$/gms)) staticGraph(join(dirname(file), m[1]!), seen);
  return seen;
}

const INK = /ink-root|createReconciler|yoga-layout/;

for (const tool of ['azcloudhsm_mgmt_util', 'azcloudhsm_util']) {
  test(`${tool}: the TUI is a chunk of its own, outside what a piped run loads`, (t) => {
    const entry = join(ROOT, 'dist', `${tool}.js`);
    const loaded = [...staticGraph(entry)];
    t.true(loaded.length > 1, 'the entry imports its chunks');
    for (const file of loaded) t.notRegex(readFileSync(file, 'utf8'), INK, `${file} is loaded by a piped run`);
    // The TUI comes in by a dynamic import, in the entry or a chunk it loads (the session start both tools share).
    const start = loaded.map((file) => ({ file, m: /import\("\.\/((?:chunks\/)?start-[A-Z0-9]+\.js)"\)/.exec(readFileSync(file, 'utf8')) })).find((f) => f.m);
    t.truthy(start, 'the TUI comes in by a dynamic import');
    // Its first part draws the first prompt before Ink is loaded, by a second dynamic import.
    const first = join(dirname(start!.file), start!.m![1]!);
    for (const file of staticGraph(first)) t.notRegex(readFileSync(file, 'utf8'), INK, `${file} is loaded before the first prompt`);
    t.regex(readFileSync(first, 'utf8'), /import\("\.\/run-[A-Z0-9]+\.js"\)/);
  });
}

test('a piped azcloudhsm_mgmt_util runs in line mode, stdin from /dev/null too', (t) => {
  const home = tempHome('azhsm-bundle-');
  const piped = run('azcloudhsm_mgmt_util', [], { home, input: 'getClusterInfo\n' });
  t.is(piped.status, 0, piped.stderr);
  t.regex(piped.stdout, /^cloudmgmt>getClusterInfo$/m);
  t.false(piped.stdout.includes('\u001B['), 'no terminal control codes in line mode');
  // stdio 'ignore' is /dev/null.
  const empty = spawnSync(process.execPath, [join(ROOT, 'dist', 'azcloudhsm_mgmt_util.js')], {
    env: { ...process.env, AZCLOUDHSM_EMU_HOME: home },
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
  });
  t.is(empty.status, 0, empty.stderr);
  t.true(empty.stdout.trimEnd().endsWith('cloudmgmt>'));
});
