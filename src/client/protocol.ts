// The azcloudhsm_client socket protocol, version 2: what azcloudhsm_util (and any other client) speaks
// to the daemon.
//
// Transport: a UNIX stream socket, the path in azcloudhsm_client.cfg ("client"."daemon_socket",
// default <home>/run/azcloudhsm_client.sock). Messages are JSON objects, one per line (UTF-8, "\n").
// The client sends requests with an increasing numeric `id`; the daemon answers each with exactly one
// response carrying the same `id`, in order. Binary values travel as base64 strings.
//
// One connection is one application session: its login and its session keys (-sess) live as long as the
// connection (or until logout). While one application is logged in, another may log in only as the
// same user (the real daemon shares one login among the applications of a host).
//
// Requests (every field required unless marked `?`; a field the schema does not name is refused):
//   {"id":1,"op":"hello","client":"azcloudhsm_util","pid":1234,"protocol":1}
//       -> {"daemon":"azcloudhsm_client","version":"2.0.1.0","protocol":1,"appId":16777216,"sessionHandle":16777216,"fipsState":0}
//   {"id":2,"op":"execute","operation":"generateSymmetricKey","input":{"keyType":31,"size":32,"options":{...}}}
//       -> {"outcomes":[{"server":0,"code":"SUCCESS"},...],"result":{"handles":[262150]}}
//   {"id":3,"op":"decide","operation":"generateSymmetricKey","input":{...}}   (a dry run, new in version 2)
//       -> {"outcomes":[...],"result":{"handles":[262150]},"events":[{"type":"KeysCreated","what":"262150 (secret, label -)","targets":[0,1,2]}]}
//          decided as `execute` would, but nothing is appended: `events` says what would have been.
//          With "session":true a login or logout it decides takes effect in the application session
//          (a dry-run session logs in); otherwise the session stays as it was too.
//   {"id":4,"op":"loginStatus"}   -> {"login":{"name":"cu1","type":"CU"}} or {}
//   {"id":5,"op":"live","keysVersion"?:"…"}
//       -> {"users":[...],"keys":[...],"keysVersion":"…","servers":[0,1,2],"nodes":[...],"login"?:{...}}
//          `keys` is [] and `keysUnchanged` true when the keys are still those of the keysVersion sent
//          (the TUI fetches the key list only when it changed; line mode never asks for live values).
// Responses: {"id":n,"ok":true,"result":...} or {"id":n,"ok":false,"error":"<one line>"}.
//
// The operations a client may execute are `daemonOperations` below, each the core operation of that name
// (emulator/operations/): its input is the operation's `input` schema; the answer is each server's
// outcome (`{"server","code":"SUCCESS","data"?}` or `{"server","code":<return code name>,"reason"?,
// "atDestination"?}`) and the operation's `result`. protocolReference() writes every shape out; the
// schemas, not this comment, are the contract (types are inferred from them, and both ends check them).
import { checkKeyHandleFile, signMessage, verifySignature, aesWrapData, makeFakePrivateKeyPem, encryptData, computeHmac, generateRandom } from '../../emulator/operations/key-crypto.ts';
import { generateKeyPair, generateSymmetricKey } from '../../emulator/operations/key-generation.ts';
import {
  checkKeyHandle,
  deleteKey,
  describeKeyOwnership,
  exportPublicKey,
  findKeys,
  importPublicKey,
  persistSessionKey,
  readKeyAttributes,
} from '../../emulator/operations/key-management.ts';
import { exportKey, importKey, unwrapKey, wrapKey } from '../../emulator/operations/key-transfer.ts';
import { extractMaskedObject, insertMaskedObject } from '../../emulator/operations/masked-objects.ts';
import { readCertificate } from '../../emulator/operations/certificates.ts';
import { describeHsm, describePartition } from '../../emulator/operations/cluster-info.ts';
import { answerSchema, type AnswerOf, type AnyOperation, outcomeSchema } from '../../emulator/operations/operation.ts';
import { listUsers, login, logout } from '../../emulator/operations/users.ts';
import { type Infer, s, type Schema } from '../../emulator/schema.ts';
import type { LiveValues } from '../../grammar/complete.ts';
import type { EventView } from '../emu/journal-view.ts';
import type { NodeStatus } from '../shell.ts';
import { VERSION } from '../text/version.ts';

export const PROTOCOL_VERSION = 2;
/** The daemon reports the SDK package version (src/text/version.ts). */
export const DAEMON_VERSION = VERSION.sdkPackage;

/** The operations the daemon runs for its clients, by name. */
export const daemonOperations = {
  login,
  logout,
  listUsers,
  describeHsm,
  describePartition,
  readCertificate,
  generateSymmetricKey,
  generateKeyPair,
  findKeys,
  checkKeyHandle,
  deleteKey,
  describeKeyOwnership,
  readKeyAttributes,
  persistSessionKey,
  exportPublicKey,
  importPublicKey,
  wrapKey,
  unwrapKey,
  exportKey,
  importKey,
  extractMaskedObject,
  insertMaskedObject,
  signMessage,
  verifySignature,
  aesWrapData,
  encryptData,
  computeHmac,
  generateRandom,
  makeFakePrivateKeyPem,
  checkKeyHandleFile,
} satisfies Record<string, AnyOperation>;

export type DaemonOperationName = keyof typeof daemonOperations;
export type DaemonOperation = (typeof daemonOperations)[DaemonOperationName];

const operationNames = Object.keys(daemonOperations).filter((n): n is DaemonOperationName => n in daemonOperations);

export const requestSchema = s.oneOf(
  s.object({ id: s.int(), op: s.literal('hello'), client: s.string(), pid: s.int(), protocol: s.int() }),
  s.object({ id: s.int(), op: s.literal('execute'), operation: s.enum(operationNames), input: s.json() }),
  s.object({ id: s.int(), op: s.literal('decide'), operation: s.enum(operationNames), input: s.json(), session: s.optional(s.boolean()) }),
  s.object({ id: s.int(), op: s.literal('loginStatus') }),
  s.object({ id: s.int(), op: s.literal('live'), keysVersion: s.optional(s.string()) }),
);

export type Request = Infer<typeof requestSchema>;

export const responseSchema = s.oneOf(s.object({ id: s.int(), ok: s.literal(true), result: s.json() }), s.object({ id: s.int(), ok: s.literal(false), error: s.string() }));

export type Response = Infer<typeof responseSchema>;

export const helloSchema = s.object({
  daemon: s.string(),
  version: s.string(),
  protocol: s.int(),
  appId: s.int(),
  sessionHandle: s.int(),
  fipsState: s.int(),
});

export type Hello = Infer<typeof helloSchema>;

const loginViewSchema = s.object({ name: s.string(), type: s.string() });

export const loginStatusSchema = s.object({ login: s.optional(loginViewSchema) });

export const nodeStatusSchema: Schema<NodeStatus> = s.oneOf(
  s.object({ server: s.int(), state: s.enum(['connected', 'not connected', 'down', 'not activated']) }),
  s.object({ server: s.int(), state: s.literal('lagging'), lag: s.int() }),
  s.object({ server: s.int(), state: s.literal('restoring'), done: s.int(), total: s.int() }),
);

/** What a prompt shows: users, the keys this session can use, each node, who is logged in. */
export const liveSchema = s.object({
  users: s.array(s.object({ id: s.int(), name: s.string(), type: s.string() })),
  keys: s.array(s.object({ handle: s.int(), label: s.string(), keyType: s.string(), keyClass: s.string() })),
  /** Names the key list: it changes when the list may have (the journal, this session's keys or login). */
  keysVersion: s.optional(s.string()),
  /** The keys are those of the keysVersion the request sent: `keys` is left empty. */
  keysUnchanged: s.optional(s.boolean()),
  servers: s.array(s.int()),
  nodes: s.array(nodeStatusSchema),
  login: s.optional(loginViewSchema),
});

export type Live = Infer<typeof liveSchema>;

/** An event a dry run would have appended, in words (see src/emu/journal-view.ts). */
export const eventViewSchema: Schema<EventView> = s.object({ type: s.string(), what: s.string(), targets: s.array(s.int()) });

/** What `decide` answers: the answer `execute` would give, and the events it would append. */
export function decisionSchema<O extends AnyOperation>(op: O): Schema<DecidedAnswer<O>> {
  return s.object({ outcomes: s.array(outcomeSchema(op.node)), result: s.optional(op.result), events: s.array(eventViewSchema) });
}

export type DecidedAnswer<O extends AnyOperation> = AnswerOf<O> & { readonly events: readonly EventView[] };

// The live values must stay what completion reads.
const _liveIsLiveValues: (live: Live) => LiveValues = (live) => live;
void _liveIsLiveValues;

/** Every request and answer shape, written out: the reference of this protocol version. */
export function protocolReference(): string {
  const lines = [
    `azcloudhsm_client socket protocol, version ${PROTOCOL_VERSION}`,
    '',
    `request: ${requestSchema.describe()}`,
    `response: ${responseSchema.describe()}`,
    `hello result: ${helloSchema.describe()}`,
    `loginStatus result: ${loginStatusSchema.describe()}`,
    `live result: ${liveSchema.describe()}`,
    '',
  ];
  for (const [name, op] of Object.entries(daemonOperations)) {
    lines.push(`execute ${name}: ${op.summary}`, `  input: ${op.input.describe()}`, `  answer: ${answerSchema(op).describe()}`, `  decide answer: ${decisionSchema(op).describe()}`);
  }
  return lines.join('\n');
}
