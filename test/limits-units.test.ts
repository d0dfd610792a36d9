// The bounded pieces behind the limits: the line splitter (daemon, client, line mode) and the TUI's line.
import test from 'ava';
import { LIMITS } from '../src/limits.ts';
import { LineSplitter } from '../src/lines.ts';
import { insert, lineOf } from '../src/tui/line-editor.ts';

test('the splitter: one scan per chunk, a line over the limit dropped as it grows, lines after it kept', (t) => {
  const lines: string[] = [];
  let tooLong = 0;
  const split = new LineSplitter(10, (l) => lines.push(l), () => tooLong++);
  for (const chunk of ['ab', 'c\nd', 'e\n0123456789', 'XYZ', 'more\nlast']) split.push(chunk);
  split.end();
  t.deepEqual(lines, ['abc', 'de', 'last']);
  t.is(tooLong, 1);
  const started = Date.now();
  const big = new LineSplitter(1024, () => undefined, () => undefined);
  for (let i = 0; i < 4096; i++) big.push('z'.repeat(16 * 1024));
  t.true(Date.now() - started < 2000, '64 MiB without a newline in linear time');
});

test('line mode splits at CR too (a terminal in raw mode sends CR for Enter); CR LF counts once, across chunks too', (t) => {
  const lines: string[] = [];
  const split = new LineSplitter(100, (l) => lines.push(l), () => undefined, true);
  for (const chunk of ['pass1\r', '\nnext\r\n', 'a\rb\n', '\r', 'end']) split.push(chunk);
  split.end();
  t.deepEqual(lines, ['pass1', 'next', 'a', 'b', '', 'end']);
  const socket: string[] = [];
  const plain = new LineSplitter(100, (l) => socket.push(l), () => undefined);
  plain.push('{"a":1}\r\n{"b":2}\n');
  t.deepEqual(socket, ['{"a":1}\r', '{"b":2}'], 'without crEndsLine only LF ends a line');
});

test('the TUI: typing or pasting never makes a line longer than the limit', (t) => {
  const full = insert(lineOf('login'), 'p'.repeat(LIMITS.line * 2));
  t.is(full.text.length, LIMITS.line);
  t.is(full.cursor, LIMITS.line);
  t.is(insert(full, 'more').text.length, LIMITS.line);
});

