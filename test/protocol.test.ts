// The daemon's socket protocol is the operations' schemas: both ends check every message against them,
// so a shape the protocol does not name (an unknown field, operation, code or version) is refused, on
// the wire and by the real daemon, which keeps serving.
import { createConnection, createServer } from 'node:net';
import { join } from 'node:path';
import test from 'ava';
import fc from 'fast-check';
import { signMessage } from '../emulator/operations/key-crypto.ts';
import { generateSymmetricKey } from '../emulator/operations/key-generation.ts';
import { answerSchema } from '../emulator/operations/operation.ts';
import { SchemaError } from '../emulator/schema.ts';
import { DaemonConnection, DaemonConnectionError } from '../src/client/connection.ts';
import { daemonOperations, PROTOCOL_VERSION, protocolReference, requestSchema } from '../src/client/protocol.ts';
import { startDaemon } from './helpers/daemon.ts';
import { run, tempHome } from './helpers/tools.ts';

const options = { label: 'k', id: '', session: false, extractable: true, wrapWithTrusted: true, sharedWith: [], mValue: 0 };

test('requests of unknown shapes are refused', (t) => {
  const good = { id: 1, op: 'execute', operation: 'generateSymmetricKey', input: {} };
  t.notThrows(() => requestSchema.decode(good));
  const refused = [
    { ...good, extra: true },
    { ...good, operation: 'formatPartition' },
    { ...good, id: '1' },
    { id: 1, op: 'shutdown' },
    { id: 1, op: 'hello', client: 'x', pid: 1 },
    [good],
    'execute',
  ];
  for (const request of refused) t.throws(() => requestSchema.decode(request), { instanceOf: SchemaError }, JSON.stringify(request));
});

test("an operation's input and answer are checked field by field", (t) => {
  const input = generateSymmetricKey.input;
  t.deepEqual(input.decode({ keyType: 31, size: 32, options }), { keyType: 31, size: 32, options });
  t.throws(() => input.decode({ keyType: 30, size: 32, options }), { message: /^keyType: expected 16 \| 18 \| 21 \| 31, got 30$/ });
  t.throws(() => input.decode({ keyType: 31, size: 32, options: { ...options, colour: 'red' } }), { message: /^options\.colour: unknown field$/ });
  t.throws(() => input.decode({ keyType: 31, options }), { message: /^size: expected int, got nothing$/ });
  const answer = answerSchema(generateSymmetricKey);
  t.notThrows(() => answer.decode({ outcomes: [{ server: 0, code: 'SUCCESS' }, { server: 1, code: 'INVALID_INPUT', reason: { kind: 'note', text: 'bad size' } }], result: { handles: [262150] } }));
  t.throws(() => answer.decode({ outcomes: [{ server: 0, code: 'MAYBE' }] }), { instanceOf: SchemaError });
  // A reason says whether the real tool prints it or it is the emulator's note.
  t.throws(() => answer.decode({ outcomes: [{ server: 1, code: 'INVALID_INPUT', reason: 'bad size' }] }), { instanceOf: SchemaError });
  t.throws(() => answer.decode({ outcomes: [], result: { handles: [1], secret: 'x' } }), { message: /^result\.secret: unknown field$/ });
});

test('property: bytes travel as base64 and come back whole', (t) => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(), (message, handle) => {
      const input = { handle, mechanism: 1, message };
      const wire = JSON.parse(JSON.stringify(signMessage.input.encode(input)));
      const back = signMessage.input.decode(wire);
      return back.handle === handle && Buffer.from(back.message).equals(Buffer.from(message));
    }),
  );
  t.pass();
});

test('the reference writes out every operation the daemon serves', (t) => {
  const reference = protocolReference();
  t.true(reference.startsWith(`azcloudhsm_client socket protocol, version ${PROTOCOL_VERSION}`));
  for (const name of Object.keys(daemonOperations)) t.true(reference.includes(`execute ${name}: `), name);
  t.true(reference.includes('input: { keyType: 16 | 18 | 21 | 31; size: int; options: { label: string; id: string; session: boolean;'));
});

test('the daemon refuses what the protocol does not name, and keeps serving', async (t) => {
  const home = tempHome();
  run('azcloudhsm_emu', ['init'], { home });
  const daemon = await startDaemon(home);
  t.teardown(() => daemon.stop());
  const socket = join(home, 'run', 'azcloudhsm_client.sock');
  const answers = await exchange(socket, [
    'not json',
    JSON.stringify({ id: 1, op: 'hello', client: 'test', pid: 1, protocol: 99 }),
    JSON.stringify({ id: 2, op: 'execute', operation: 'createUser', input: {} }),
    JSON.stringify({ id: 3, op: 'execute', operation: 'generateSymmetricKey', input: { keyType: 31, size: 32, options, bogus: 1 } }),
    JSON.stringify({ id: 4, op: 'loginStatus', extra: 1 }),
    JSON.stringify({ id: 5, op: 'hello', client: 'test', pid: 1, protocol: PROTOCOL_VERSION }),
  ]);
  t.deepEqual(answers.slice(0, 5).map((a) => [a.id, a.ok]), [[-1, false], [1, false], [2, false], [3, false], [4, false]]);
  t.regex(String(answers[1]?.error), /protocol version 99/);
  t.regex(String(answers[2]?.error), /request\.operation: expected/);
  t.regex(String(answers[3]?.error), /^input\.bogus: unknown field$/);
  t.like(answers[5], { id: 5, ok: true, result: { protocol: PROTOCOL_VERSION, daemon: 'azcloudhsm_client' } });
});

test('the client refuses an answer of an unknown shape', async (t) => {
  const path = join(tempHome(), 'fake.sock');
  const server = createServer((s) => s.on('data', () => s.write(JSON.stringify({ id: 1, ok: true, result: { daemon: 'fake' } }) + '\n')));
  await new Promise<void>((resolve) => server.listen(path, resolve));
  t.teardown(() => server.close());
  const connection = await DaemonConnection.connect(path);
  t.teardown(() => connection.close());
  await t.throwsAsync(connection.hello('test'), { instanceOf: DaemonConnectionError, message: /outside the protocol: result\.version: expected string/ });
});

/** Sends lines on one connection and collects one answer per line. */
function exchange(socket: string, lines: readonly string[]): Promise<{ id: number; ok: boolean; error?: string; result?: unknown }[]> {
  return new Promise((resolve, reject) => {
    const c = createConnection(socket);
    let buffer = '';
    const answers: { id: number; ok: boolean; error?: string; result?: unknown }[] = [];
    c.setEncoding('utf8');
    c.on('data', (chunk: string) => {
      buffer += chunk;
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        answers.push(JSON.parse(buffer.slice(0, nl)));
        buffer = buffer.slice(nl + 1);
      }
      if (answers.length === lines.length) {
        c.end();
        resolve(answers);
      }
    });
    c.on('error', reject);
    c.on('connect', () => c.write(lines.map((l) => l + '\n').join('')));
  });
}
