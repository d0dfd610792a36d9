// Issue 12's core and front-end pieces that the recordings (recordings/fidelity-*.md) cannot show:
// masked objects stay within their cluster, attestation fails when it should, a session key made a token
// key keeps its handle without a later session key taking it, and explanations are notes that the
// tool's transcript leaves out. The published examples themselves are replayed by recordings.test.ts.
import test from 'ava';
import { checkAttestation } from '../emulator/crypto/attestation.ts';
import { maskingKey, maskObject, unmaskObject } from '../emulator/crypto/masked-object.ts';
import { aesWrapData } from '../emulator/operations/key-crypto.ts';
import { generateSymmetricKey } from '../emulator/operations/key-generation.ts';
import { findKeys, persistSessionKey, readKeyAttributes } from '../emulator/operations/key-management.ts';
import { extractMaskedObject, insertMaskedObject } from '../emulator/operations/masked-objects.ts';
import type { Session } from '../emulator/operations/operation.ts';
import { createUser, login } from '../emulator/operations/users.ts';
import type { KeyObject } from '../emulator/model.ts';
import { explainedTextOf, explanation, failure, note, textOf } from '../src/output.ts';
import { programArgs } from '../src/program.ts';
import { makePaint, paintLine } from '../src/tui/paint.ts';
import { activate, activatedTemplate, expectOk, loginCO, scratchCluster, session } from './helpers/cluster.ts';

const options = { label: 'k', id: '', session: false, extractable: true, wrapWithTrusted: true, sharedWith: [], mValue: 0 };

/** An activated cluster with cu1 logged in through the client daemon's kind of session. */
function withCryptoUser(made: ReturnType<typeof scratchCluster>) {
  const { cluster } = made;
  expectOk(cluster.execute(createUser, { type: 'CU', name: 'cu1', password: 'user1234' }, session([0, 1, 2], loginCO(cluster))));
  const cu = expectOk(cluster.execute(login, { type: 'CU', name: 'cu1', password: 'user1234' }, { ...session([0, 1, 2]), tool: 'util' })).login!;
  const util: Session = { ...session([0, 1, 2], cu), tool: 'util' };
  return { ...made, util };
}

const template = activatedTemplate();

test('a masked object comes back under a new handle with its attributes and material, in its own cluster only', (t) => {
  const a = withCryptoUser(template.copy());
  const made = expectOk(a.cluster.execute(generateSymmetricKey, { keyType: 31, size: 32, options: { ...options, extractable: false } }, a.util));
  const handle = made.result!.handles[0]!;
  const wrapped = expectOk(a.cluster.execute(aesWrapData, { handle, wrap: true, data: Buffer.alloc(24, 1) }, a.util)).result!.data;
  const masked = expectOk(a.cluster.execute(extractMaskedObject, { handle }, a.util)).result!.masked;
  t.false(Buffer.from(masked).includes(Buffer.from('"secret"')), 'the key is sealed, not in the clear');

  const back = expectOk(a.cluster.execute(insertMaskedObject, { masked }, a.util)).result!.handles[0]!;
  t.not(back, handle);
  const before = a.cluster.state.nodes[0]!.partition!.keys[handle]!;
  for (const server of [0, 1, 2]) {
    const inserted = a.cluster.state.nodes[server]!.partition!.keys[back]!;
    t.deepEqual({ ...inserted, handle: 0, sealed: undefined }, { ...before, handle: 0, sealed: undefined }, `server ${server}: same object`);
  }
  // The same key: what the original wrapped, the copy unwraps.
  const unwrapped = expectOk(a.cluster.execute(aesWrapData, { handle: back, wrap: false, data: wrapped }, a.util)).result!.data;
  t.deepEqual(Buffer.from(unwrapped), Buffer.alloc(24, 1));

  // Altered, it is refused; the refusal's reason is a note, not a line of the tool.
  const altered = Buffer.from(masked);
  altered[altered.length - 1]! ^= 1;
  const refused = a.cluster.execute(insertMaskedObject, { masked: altered }, a.util);
  t.true(refused.outcomes.every((o) => o.code === 'INVALID_INPUT' && o.reason?.kind === 'note'));
  t.is(refused.events.length, 0);

  // Another cluster (another partition key and serial) cannot open it.
  const other = scratchCluster();
  activate(other.cluster, other.dir);
  const b = withCryptoUser(other);
  const elsewhere = b.cluster.execute(insertMaskedObject, { masked }, b.util);
  t.true(elsewhere.outcomes.every((o) => o.code === 'INVALID_INPUT'), JSON.stringify(elsewhere.outcomes));
  t.regex(elsewhere.outcomes[0]!.code === 'SUCCESS' ? '' : (elsewhere.outcomes[0]!.reason?.text ?? ''), /another cluster/);
});

test('the masking key is the partition key through HKDF, salted with the serial', (t) => {
  const key = maskingKey(Buffer.from('partition key'), 'SERIAL1');
  const blob = maskObject(key, 'SERIAL1', Buffer.from('content'), Buffer.alloc(12, 7));
  t.deepEqual(unmaskObject(key, 'SERIAL1', blob), Buffer.from('content'));
  t.throws(() => unmaskObject(maskingKey(Buffer.from('partition key'), 'SERIAL2'), 'SERIAL2', blob), { message: /another cluster/ });
  t.throws(() => unmaskObject(maskingKey(Buffer.from('other key'), 'SERIAL1'), 'SERIAL1', blob), { message: /integrity/ });
});

test('attestation: the answer signed by the partition key passes against the POAC, and fails altered or against another certificate', (t) => {
  const a = withCryptoUser(template.copy());
  const made = expectOk(a.cluster.execute(generateSymmetricKey, { keyType: 31, size: 32, options: { ...options, attest: true } }, a.util));
  const attestation = made.result!.attestation!;
  const poac = a.cluster.state.nodes[0]!.partition!.certs.poac!;
  t.true(checkAttestation(attestation, poac));
  t.false(checkAttestation({ ...attestation, response: Buffer.concat([attestation.response, Buffer.from(' ')]) }, poac));
  t.false(checkAttestation(attestation, a.cluster.state.nodes[0]!.partition!.certs.po!), 'the PO certificate holds another key');
  t.false(checkAttestation(attestation, 'not a certificate'));
  // Without -attest there is nothing to check; getAttribute signs its values too.
  t.is(expectOk(a.cluster.execute(generateSymmetricKey, { keyType: 31, size: 32, options }, a.util)).result!.attestation, undefined);
  const read = expectOk(a.cluster.execute(readKeyAttributes, { handle: made.result!.handles[0]!, attribute: 512, attest: true }, a.util));
  t.true(checkAttestation(read.result!.attestation!, poac));
});

test('a session key made a token key keeps its handle; a fresh session does not hand it out again', (t) => {
  const a = withCryptoUser(template.copy());
  const tokenHandleBefore = a.cluster.state.nextKeyHandle;
  const made = expectOk(a.cluster.execute(generateSymmetricKey, { keyType: 31, size: 16, options: { ...options, session: true } }, a.util));
  const key: KeyObject = made.sessionKeys!.add![0]!;
  t.is(key.handle, 524288);
  const inSession: Session = { ...a.util, sessionKeys: { [key.handle]: key }, nextSessionHandle: key.handle + 1 };
  const persisted = expectOk(a.cluster.execute(persistSessionKey, { handle: key.handle, attribute: 1, value: 1 }, inSession));
  t.deepEqual(persisted.sessionKeys?.remove, [524288]);
  t.is(a.cluster.state.nodes[2]!.partition!.keys[524288]?.attrs.token, true);
  t.is(a.cluster.state.nextKeyHandle, tokenHandleBefore, 'token handles keep counting from where they were');
  // A daemon started afresh counts session keys from 524288 again: the taken handle is skipped.
  const next = expectOk(a.cluster.execute(generateSymmetricKey, { keyType: 31, size: 16, options: { ...options, session: true } }, a.util));
  t.is(next.sessionKeys!.add![0]!.handle, 524289);
  const tokenOnly = expectOk(a.cluster.execute(findKeys, { session: false }, a.util));
  t.true(tokenOnly.outcomes.every((o) => o.code === 'SUCCESS' && o.data.handles.includes(524288)));
});

test("notes are no part of the tool's transcript: line mode prints them only when asked, the TUI styles them apart", (t) => {
  const lines = [...failure('shareKey failed: HSM Error: Invalid input data/params'), ...explanation('public keys are usable by every crypto user')];
  t.deepEqual(textOf(lines), ['shareKey failed: HSM Error: Invalid input data/params']);
  t.deepEqual(explainedTextOf(lines), ['shareKey failed: HSM Error: Invalid input data/params', 'note: public keys are usable by every crypto user']);
  // The emulator's other notes (a dry run's, the tutor's) are printed in the modes that make them.
  t.deepEqual(textOf(note('dry run: nothing would be appended')), ['dry run: nothing would be appended']);
  const explain = (env: NodeJS.ProcessEnv, args: string[]) => programArgs(args, env).explain;
  t.true(explain({}, ['--explain']));
  t.deepEqual(programArgs(['--explain', 'cfg'], {}).words, ['cfg']);
  t.true(explain({ AZCLOUDHSM_EMU_EXPLAIN: '1' }, []));
  t.false(explain({ AZCLOUDHSM_EMU_EXPLAIN: '0' }, []));
  t.false(explain({}, []));
  t.is(paintLine(makePaint(0), lines[1]!), 'note: public keys are usable by every crypto user');
  const coloured = paintLine(makePaint(1), lines[1]!);
  t.not(coloured, 'note: public keys are usable by every crypto user');
  t.true(coloured.includes('note: public keys are usable by every crypto user'));
});
