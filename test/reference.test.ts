// The command reference (docs/commands.md) is what the grammar, the registries and the example scenario
// make today, covers every command of both tools, and gives every emulated command an example. The
// examples themselves are replayed, line for line, with the recordings (recordings.test.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { utilGrammar } from '../grammar/azcloudhsm_util/index.ts';
import { mgmtGrammar } from '../grammar/mgmt_util/index.ts';
import { commandsWithoutExample, exampleBodies, REFERENCE_PATH, referenceMarkdown } from '../src/docs/reference.ts';
import { ROOT } from './helpers/tools.ts';

const file = readFileSync(join(ROOT, REFERENCE_PATH), 'utf8');

test('docs/commands.md is current: regenerating it from the grammar, the registries and the scenario changes nothing (npm run reference)', (t) => {
  const generated = referenceMarkdown(exampleBodies(file));
  const a = file.split('\n');
  const b = generated.split('\n');
  const first = a.findIndex((line, i) => line !== b[i]);
  t.is(first === -1 && a.length === b.length ? undefined : `line ${first + 1}: file has '${a[first]}', generated '${b[first]}'`, undefined);
});

test('every command of both tools has an entry, and every emulated one an example that ran', (t) => {
  for (const g of [mgmtGrammar, utilGrammar]) {
    const short = g.tool === 'azcloudhsm_mgmt_util' ? 'mgmt_util' : 'util';
    for (const c of g.commands) {
      t.true(file.includes(`\n### ${short} ${c.name}\n`), `${g.tool} ${c.name} has an entry`);
      if (c.notBuilt) t.true(file.includes(`**Not emulated:** ${c.notBuilt}`), `${c.name} says it is not emulated`);
      else t.true(file.includes(`\n#### example: ${short} ${c.name}\n`), `${g.tool} ${c.name} has an example`);
    }
  }
  t.deepEqual(commandsWithoutExample(), []);
  // The examples' output is in the file (npm run reference ran them): each fence has more than its input.
  const bodies = [...exampleBodies(file).values()];
  t.true(bodies.filter((b) => b.length > 0).length >= bodies.length - 5, 'the examples have their output');
});
