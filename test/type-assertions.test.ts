// No front end asserts the type of what the core answered: decisions and daemon answers are typed end to
// end by the operations' schemas, so a cast there would only hide a mismatch. The check reads the syntax
// trees (TypeScript's parser), so comments and strings do not count and `as const` is allowed.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import test from 'ava';
import ts from 'typescript';
import { ROOT } from './helpers/tools.ts';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

type Finding = { readonly file: string; readonly line: number; readonly text: string };

function assertions(file: string, alsoNonNull: boolean): Finding[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: Finding[] = [];
  const visit = (node: ts.Node): void => {
    const isConst = ts.isAsExpression(node) && ts.isTypeReferenceNode(node.type) && node.type.typeName.getText(source) === 'const';
    const isCast = (ts.isAsExpression(node) && !isConst) || ts.isTypeAssertionExpression(node);
    if (isCast || (alsoNonNull && ts.isNonNullExpression(node))) {
      found.push({ file: relative(ROOT, file), line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1, text: node.getText(source) });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The front ends and the daemon's client and server: where decisions and answers are read. */
const FRONT_ENDS = ['src/mgmt_util', 'src/azcloudhsm_util', 'src/client', 'src/text'];
/** The registry entries: mappings onto operations and renderers of their results. */
const COMMANDS = ['src/mgmt_util/commands', 'src/azcloudhsm_util/commands'];

test('no type assertion (`as`, `<T>x`) in the front ends, the client or the daemon', (t) => {
  const found = FRONT_ENDS.flatMap((dir) => sourceFiles(join(ROOT, dir))).flatMap((f) => assertions(f, false));
  t.deepEqual(found, []);
});

test('no non-null assertion (`x!`) in the registry entries, which read the core\'s results', (t) => {
  const found = COMMANDS.flatMap((dir) => sourceFiles(join(ROOT, dir))).flatMap((f) => assertions(f, true));
  t.deepEqual(found, []);
});

test('the check finds what it looks for', (t) => {
  const dir = join(ROOT, 'test', 'fixtures');
  const found = assertions(join(dir, 'casts.ts'), true);
  t.deepEqual(
    found.map((f) => f.text),
    ['answer as unknown as { handles: number[] }', 'answer as unknown', '<string>label', 'answer!'],
  );
});
