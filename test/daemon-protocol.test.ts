// Defect 2 of issue 8: whatever bytes arrive on the daemon's socket, it answers with a protocol error or
// closes the connection; it never crashes (losing every session) and never shows JavaScript's own messages.
import { join } from 'node:path';
import test from 'ava';
import { PROTOCOL_VERSION } from '../src/client/protocol.ts';
import { startDaemon } from './helpers/daemon.ts';
import { ownedHome } from './helpers/ownership.ts';
import { exchange } from './helpers/socket.ts';

const HELLO = JSON.stringify({ id: 99, op: 'hello', client: 'test', pid: 1, protocol: PROTOCOL_VERSION });

/** Not the protocol's words: JavaScript's error names and messages, or a stack frame. */
const INTERNAL = /TypeError|ReferenceError|RangeError|SyntaxError|Maximum call stack|Cannot read|undefined|is not a function|\bat .+:\d+:\d+/;

test('hostile requests get a protocol error, the daemon keeps serving, and no reply shows an internal message', async (t) => {
  const home = ownedHome({ withCu1: true });
  const daemon = await startDaemon(home);
  t.teardown(() => void daemon.stop());
  const socket = join(home, 'run', 'azcloudhsm_client.sock');
  const options = { label: '', id: '', session: false, extractable: true, wrapWithTrusted: true, sharedWith: [], mValue: 0 };
  const frames: (string | Buffer)[] = [
    'null',
    '[]',
    '1',
    '"hello"',
    'true',
    '{}',
    '{"id":1}',
    '{"id":null,"op":"live"}',
    '{"id":1,"op":"nope"}',
    '{"id":1,"op":"execute","operation":"login","input":null}',
    '{"id":1,"op":"execute","operation":"toString","input":{}}',
    '{"id":1,"op":"execute","operation":"__proto__","input":{}}',
    '{"__proto__":{"op":"live"},"id":1}',
    '{"id":1,"op":"execute","operation":"login","input":{"type":"CU","name":"cu1","password":"user1234","x":1}}',
    JSON.stringify({ id: 1, op: 'execute', operation: 'generateSymmetricKey', input: { keyType: 31, size: 1e300, options } }),
    JSON.stringify({ id: 1, op: 'execute', operation: 'signMessage', input: { handle: -1, mechanism: 1, message: '!!!' } }),
    '['.repeat(100_000) + ']'.repeat(100_000),
    '{"id":1,"op":"live"',
    Buffer.from([0xff, 0xfe, 0x00, 0x80, 0x0a]),
    Buffer.from('\u0000\u0001\u0002'),
  ];
  for (const frame of frames) {
    const sent = typeof frame === 'string' ? frame + '\n' : frame;
    const { replies } = await exchange(socket, sent, 1, 3000);
    for (const reply of replies) {
      const parsed: unknown = JSON.parse(reply);
      t.like(parsed, { ok: false }, `a refused request: ${String(frame).slice(0, 60)}`);
      t.false(INTERNAL.test(reply), `no internal message: ${reply.slice(0, 200)}`);
    }
    const alive = await exchange(socket, HELLO + '\n', 1);
    t.regex(alive.replies[0] ?? '', /"ok":true/, `still serving after ${String(frame).slice(0, 60)}`);
  }
  t.is(daemon.child.exitCode, null, 'the daemon is running');
  t.notRegex(daemon.log(), /request failed/, 'no request failed inside the daemon');
});
