// The permission matrix (issue 8, proof): every state-changing and key-using command against every kind of
// session - nobody logged in, the PRECO (on a claimed partition before activation), a CO, the CU that owns
// the key, a CU the key is shared with, another CU, and a session whose user was deleted - run on a fresh
// copy of one prepared cluster per cell, compared with the rules of the reference texts:
//   azcloudhsm_mgmt_util.md 4.5 (add/remove users, others' passwords, syncUser, unlockUser, the trusted
//   attribute, modifyKeyOwner (server scope, Oracle's table): CO; own password: every logged-in user;
//   shareKey: the owning CU; syncKey: CO or the owner);
//   azcloudhsm_util.md 0.4 (only CUs log in to azcloudhsm_util; the owner may use, export, wrap, delete
//   and share a key; users it is shared with may use it for crypto only; public keys are usable by all
//   CUs; every CU may make keys) and 38 (extractMaskedObject: the owner; inserting: any CU).
// A cell is allowed when every server answers SUCCESS and denied when none does; anything else, and any
// difference from the rule, is a failure. The matrix is printed (t.log) as a table. Where the texts
// disagree (4.5 quotes newer AWS docs letting the PRECO createUser too), the table's CO-only rule is used.
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { Cluster } from '../emulator/cluster.ts';
import { type Env, systemEnv } from '../emulator/crypto/env.ts';
import { generateKeyPair, generateSymmetricKey } from '../emulator/operations/key-generation.ts';
import { deleteKey, describeKeyOwnership, exportPublicKey, importPublicKey, readKeyAttributes } from '../emulator/operations/key-management.ts';
import { aesWrapData, computeHmac, encryptData, makeFakePrivateKeyPem, signMessage, verifySignature } from '../emulator/operations/key-crypto.ts';
import { changeKeyOwner, copyKeyToServer, setKeyAttribute, shareKey } from '../emulator/operations/key-sharing.ts';
import { exportKey, importKey, unwrapKey, wrapKey } from '../emulator/operations/key-transfer.ts';
import { extractMaskedObject, insertMaskedObject } from '../emulator/operations/masked-objects.ts';
import type { AnyOperation, Login, NodeOutcome, Session } from '../emulator/operations/operation.ts';
import { changePassword, copyUserToServer, createUser, deleteUser, login, logout, unlockUser } from '../emulator/operations/users.ts';
import { claim } from '../src/proof/activate.ts';
import { activatedTemplate, expectOk, loginCO, scratchCluster, session } from './helpers/cluster.ts';
import { openssl, tempHome } from './helpers/tools.ts';

const ROLES = ['none', 'PRECO', 'CO', 'owner', 'shared', 'other CU', 'deleted'] as const;
type Role = (typeof ROLES)[number];
const CUS: readonly Role[] = ['owner', 'shared', 'other CU'];
const ALL = [0, 1, 2];
const PASSWORD = 'password1';
const traits = (sharedWith: number[] = []) => ({ session: false, extractable: true, wrapWithTrusted: false, sharedWith, mValue: 0 });
const options = (label: string, sharedWith: number[] = []) => ({ label, id: '', ...traits(sharedWith) });

/** What the prepared cluster holds, by name: handles, ids, blobs and the deleted user's stale login. */
interface Fixture {
  readonly ids: Record<string, number>;
  readonly kek: number;
  readonly target: number;
  readonly hmac: number;
  readonly rsaPublic: number;
  readonly rsaPrivate: number;
  readonly onServer0: number;
  readonly wrapped: Uint8Array;
  readonly masked: Uint8Array;
  readonly signature: Uint8Array;
  readonly publicPem: Buffer;
  readonly deletedLogin: Login;
}

const util = (s: Session): Session => ({ ...s, tool: 'util' });

function prepare(dir: string, cluster: Cluster, masterKey: Buffer): Fixture {
  const co = loginCO(cluster);
  const ids: Record<string, number> = {};
  for (const name of ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'gina']) {
    expectOk(cluster.execute(createUser, { type: 'CU', name, password: PASSWORD }, session(ALL, co)));
    ids[name] = cluster.state.nodes[0]!.partition!.users.find((u) => u.name === name)!.id;
  }
  // hank exists on server 0 only, for syncUser.
  expectOk(cluster.execute(createUser, { type: 'CU', name: 'hank', password: PASSWORD }, session([0], co, { kind: 'server', server: 0 })));
  ids.hank = cluster.state.nodes[0]!.partition!.users.find((u) => u.name === 'hank')!.id;
  // erin locked by wrong passwords.
  for (let i = 0; i < 6; i++) cluster.execute(login, { type: 'CU', name: 'erin', password: 'wrong1234' }, util(session(ALL)));
  const alice = util(session(ALL, expectOk(cluster.execute(login, { type: 'CU', name: 'alice', password: PASSWORD }, util(session(ALL)))).login!));
  const made = (d: { result?: { handles: readonly number[] } }) => d.result!.handles;
  const kek = made(expectOk(cluster.execute(generateSymmetricKey, { keyType: 31, size: 32, options: options('kek', [ids.bob!]) }, alice)))[0]!;
  expectOk(cluster.execute(setKeyAttribute, { handle: kek, attribute: 134, value: '1' }, session(ALL, co)));
  const target = made(expectOk(cluster.execute(generateSymmetricKey, { keyType: 31, size: 16, options: options('target', [ids.bob!]) }, alice)))[0]!;
  const hmac = made(expectOk(cluster.execute(generateSymmetricKey, { keyType: 16, size: 32, options: options('hmac', [ids.bob!]) }, alice)))[0]!;
  const [rsaPublic, rsaPrivate] = made(expectOk(cluster.execute(generateKeyPair, { request: { type: 'ec', curveId: 2 }, options: options('ec', [ids.bob!]) }, alice)));
  // A key on server 0 only (made in server scope), for syncKey.
  const alice0 = { ...alice, scope: { kind: 'server', server: 0 } as const, connected: [0] };
  const onServer0 = made(expectOk(cluster.execute(generateSymmetricKey, { keyType: 31, size: 16, options: options('only0') }, alice0)))[0]!;
  const wrapped = expectOk(cluster.execute(wrapKey, { handle: target, wrappingHandle: kek, mechanism: 4, withHeader: true }, alice)).result!.bytes;
  const masked = expectOk(cluster.execute(extractMaskedObject, { handle: target }, alice)).result!.masked;
  const message = Buffer.from('the message');
  const signature = expectOk(cluster.execute(signMessage, { handle: rsaPrivate!, mechanism: 17, message }, alice)).result!.signature;
  const pemDir = tempHome('azhsm-matrix-pem-');
  openssl(['genrsa', '-out', 'k.pem', '2048'], pemDir);
  openssl(['rsa', '-in', 'k.pem', '-pubout', '-out', 'pub.pem'], pemDir);
  const publicPem = readFileSync(join(pemDir, 'pub.pem'));
  // dave logs in from a process that has ended (its lease is void), then is deleted: the stale login.
  const base = systemEnv(masterKey);
  const ghostEnv: Env = { ...base, processes: { self: { pid: 2 ** 22 + 99, started: 'gone', boot: base.processes.self.boot }, alive: base.processes.alive } };
  const ghost = Cluster.open(join(dir, 'journal.db'), ghostEnv);
  const deletedLogin = expectOk(ghost.execute(login, { type: 'CU', name: 'dave', password: PASSWORD }, util(session(ALL)))).login!;
  ghost.close();
  expectOk(cluster.execute(deleteUser, { type: 'CU', name: 'dave' }, session(ALL, co)));
  // Nobody stays logged in (a password cannot be changed while its user is logged in elsewhere).
  cluster.execute(logout, {}, alice);
  cluster.execute(logout, {}, session(ALL, co));
  return { ids, kek, target, hmac, rsaPublic: rsaPublic!, rsaPrivate: rsaPrivate!, onServer0, wrapped, masked, signature, publicPem, deletedLogin };
}

interface Command {
  readonly name: string;
  readonly tool: 'mgmt' | 'util';
  readonly op: AnyOperation;
  readonly input: (f: Fixture, role: Role) => unknown;
  /** Who the reference texts let run it. */
  readonly allowed: readonly Role[];
  /** Session scope other than global (syncUser/syncKey run in server 0's scope). */
  readonly server0?: boolean;
}

const OWNER_AND_SHARED: readonly Role[] = ['owner', 'shared'];
const USER_OF: Record<Role, { type: 'CO' | 'CU' | 'PRECO'; name: string } | undefined> = {
  none: undefined,
  PRECO: { type: 'PRECO', name: 'admin' },
  CO: { type: 'CO', name: 'admin' },
  owner: { type: 'CU', name: 'alice' },
  shared: { type: 'CU', name: 'bob' },
  'other CU': { type: 'CU', name: 'carol' },
  deleted: { type: 'CU', name: 'dave' },
};

const COMMANDS: readonly Command[] = [
  { name: 'createUser', tool: 'mgmt', op: createUser, input: () => ({ type: 'CU', name: 'newcomer', password: PASSWORD }), allowed: ['CO'] },
  { name: 'deleteUser', tool: 'mgmt', op: deleteUser, input: () => ({ type: 'CU', name: 'frank' }), allowed: ['CO'] },
  { name: "changePswd (another's)", tool: 'mgmt', op: changePassword, input: () => ({ type: 'CU', name: 'gina', password: 'password2' }), allowed: ['CO'] },
  {
    name: 'changePswd (own)',
    tool: 'mgmt',
    op: changePassword,
    input: (_f, role) => ({ ...(USER_OF[role] ?? { type: 'CU', name: 'alice' }), password: 'password2' }),
    allowed: ['PRECO', 'CO', ...CUS],
  },
  { name: 'syncUser', tool: 'mgmt', op: copyUserToServer, input: (f) => ({ userId: f.ids.hank, destination: 1 }), allowed: ['CO'], server0: true },
  { name: 'unlockUser', tool: 'mgmt', op: unlockUser, input: () => ({ name: 'erin' }), allowed: ['CO'] },
  { name: 'setAttribute 134 (trusted)', tool: 'mgmt', op: setKeyAttribute, input: (f) => ({ handle: f.target, attribute: 134, value: '1' }), allowed: ['CO'] },
  { name: 'shareKey', tool: 'mgmt', op: shareKey, input: (f) => ({ handle: f.target, userIds: [f.ids.gina], share: true }), allowed: ['owner'] },
  { name: 'modifyKeyOwner', tool: 'mgmt', op: changeKeyOwner, input: (f) => ({ handle: f.hmac, owner: f.ids.carol }), allowed: ['CO'], server0: true },
  { name: 'syncKey', tool: 'mgmt', op: copyKeyToServer, input: (f) => ({ handle: f.onServer0, destination: 1 }), allowed: ['CO', 'owner'], server0: true },
  { name: 'genSymKey', tool: 'util', op: generateSymmetricKey, input: () => ({ keyType: 31, size: 32, options: options('new') }), allowed: CUS },
  { name: 'genECCKeyPair', tool: 'util', op: generateKeyPair, input: () => ({ request: { type: 'ec', curveId: 2 }, options: options('new') }), allowed: CUS },
  { name: 'importPubKey', tool: 'util', op: importPublicKey, input: (f) => ({ source: { pem: f.publicPem }, label: 'pub', id: '', session: false }), allowed: CUS },
  { name: 'imSymKey (kek)', tool: 'util', op: importKey, input: (f) => ({ unwrappingHandle: f.kek, key: { keyType: 31, secret: Buffer.alloc(16, 7) }, options: options('imported') }), allowed: OWNER_AND_SHARED },
  { name: 'unWrapKey (kek)', tool: 'util', op: unwrapKey, input: (f) => ({ wrapped: f.wrapped, unwrappingHandle: f.kek, noHeader: false, traits: traits() }), allowed: OWNER_AND_SHARED },
  { name: 'insertMaskedObject', tool: 'util', op: insertMaskedObject, input: (f) => ({ masked: f.masked }), allowed: CUS },
  { name: 'setAttribute (label)', tool: 'util', op: setKeyAttribute, input: (f) => ({ handle: f.target, attribute: 3, value: 'renamed' }), allowed: ['owner'] },
  { name: 'wrapKey', tool: 'util', op: wrapKey, input: (f) => ({ handle: f.target, wrappingHandle: f.kek, mechanism: 4, withHeader: true }), allowed: ['owner'] },
  { name: 'exSymKey', tool: 'util', op: exportKey, input: (f) => ({ handle: f.target, wrappingHandle: f.kek, keyClass: 4 }), allowed: ['owner'] },
  { name: 'extractMaskedObject', tool: 'util', op: extractMaskedObject, input: (f) => ({ handle: f.target }), allowed: ['owner'] },
  { name: 'sign', tool: 'util', op: signMessage, input: (f) => ({ handle: f.rsaPrivate, mechanism: 17, message: Buffer.from('the message') }), allowed: OWNER_AND_SHARED },
  {
    name: 'verify (public key)',
    tool: 'util',
    op: verifySignature,
    input: (f) => ({ handle: f.rsaPublic, mechanism: 17, message: Buffer.from('the message'), signature: f.signature }),
    allowed: CUS,
  },
  { name: 'encrypt (AES-CBC)', tool: 'util', op: encryptData, input: (f) => ({ handle: f.target, mechanism: 'AES_CBC_PAD', data: Buffer.alloc(32, 1) }), allowed: OWNER_AND_SHARED },
  { name: 'HMAC', tool: 'util', op: computeHmac, input: (f) => ({ handle: f.hmac, data: Buffer.alloc(32, 1) }), allowed: OWNER_AND_SHARED },
  { name: 'wrapData (AES key wrap)', tool: 'util', op: aesWrapData, input: (f) => ({ handle: f.kek, wrap: true, data: Buffer.alloc(24, 1) }), allowed: OWNER_AND_SHARED },
  { name: 'getAttribute', tool: 'util', op: readKeyAttributes, input: (f) => ({ handle: f.target, attribute: 3 }), allowed: OWNER_AND_SHARED },
  { name: 'getKeyInfo', tool: 'util', op: describeKeyOwnership, input: (f) => ({ handle: f.target }), allowed: OWNER_AND_SHARED },
  { name: 'exportPubKey', tool: 'util', op: exportPublicKey, input: (f) => ({ handle: f.rsaPublic }), allowed: CUS },
  { name: 'exportPrivateKey', tool: 'util', op: exportKey, input: (f) => ({ handle: f.rsaPrivate, wrappingHandle: f.kek, keyClass: 3 }), allowed: ['owner'] },
  // A fake PEM names the key for an OpenSSL engine: a use of the key, not an export of its material.
  { name: 'getCaviumPrivKey', tool: 'util', op: makeFakePrivateKeyPem, input: (f) => ({ handle: f.rsaPrivate }), allowed: OWNER_AND_SHARED },
  { name: 'deleteKey', tool: 'util', op: deleteKey, input: (f) => ({ handle: f.target }), allowed: ['owner'] },
];

/** The session a role has in a tool: logged in if the tool and the HSM let it (a CO or PRECO cannot log in to azcloudhsm_util). */
function roleSession(cluster: Cluster, role: Role, command: Command, f: Fixture): Session {
  const scope = command.server0 ? ({ kind: 'server', server: 0 } as const) : ({ kind: 'global' } as const);
  // Before activation only server 0 is part of the cluster: the PRECO's tool connects to it alone.
  const base: Session = { scope, connected: command.server0 || role === 'PRECO' ? [0] : ALL, tool: command.tool };
  if (role === 'deleted') return { ...base, login: f.deletedLogin };
  const user = USER_OF[role];
  if (!user) return base;
  const password = role === 'PRECO' ? 'tenantadmin' : user.type === 'CO' ? 'adminpassword' : PASSWORD;
  const d = cluster.execute(login, { ...user, password }, base);
  return d.login ? { ...base, login: d.login } : base;
}

type Cell = { allowed: boolean; codes: string };

function outcomeOf(outcomes: readonly NodeOutcome<unknown>[]): Cell | 'partial' {
  const ok = outcomes.filter((o) => o.code === 'SUCCESS').length;
  const codes = [...new Set(outcomes.map((o) => o.code))].join('/');
  if (ok > 0 && ok < outcomes.length) return 'partial';
  return { allowed: ok > 0, codes };
}

test('permission matrix: every state-changing and key-using command x every kind of session, against the documented rules', (t) => {
  const template = activatedTemplate();
  const prepared = template.copy();
  const fixture = prepare(prepared.dir, prepared.cluster, prepared.masterKey);
  prepared.cluster.close();
  // The PRECO exists on a claimed partition before activation: a cluster of its own.
  const precoHome = scratchCluster();
  claim(precoHome.cluster, precoHome.dir);
  precoHome.cluster.close();
  const cellCluster = (role: Role): Cluster => {
    const from = role === 'PRECO' ? precoHome.dir : prepared.dir;
    const to = tempHome('azhsm-matrix-cell-');
    cpSync(join(from, 'journal.db'), join(to, 'journal.db'));
    return Cluster.open(join(to, 'journal.db'), systemEnv(role === 'PRECO' ? precoHome.masterKey : prepared.masterKey));
  };
  const wrong: string[] = [];
  const rows: string[][] = [];
  let cells = 0;
  for (const command of COMMANDS) {
    const row = [command.name];
    for (const role of ROLES) {
      const cluster = cellCluster(role);
      try {
        const s = roleSession(cluster, role, command, fixture);
        const decision = cluster.execute(command.op, command.input(fixture, role) as never, s);
        const cell = outcomeOf(decision.outcomes);
        const expected = command.allowed.includes(role);
        cells++;
        if (cell === 'partial') {
          wrong.push(`${command.name} as ${role}: some servers allowed it and some did not: ${JSON.stringify(decision.outcomes.map((o) => o.code))}`);
          row.push('PARTIAL');
          continue;
        }
        if (cell.allowed !== expected) wrong.push(`${command.name} as ${role}: ${cell.allowed ? 'allowed' : `denied (${cell.codes})`}, the rules say ${expected ? 'allowed' : 'denied'}`);
        if (!cell.allowed && decision.events.length > 0) wrong.push(`${command.name} as ${role}: denied but changed the journal`);
        row.push(cell.allowed ? 'allow' : `deny`);
      } finally {
        cluster.close();
      }
    }
    rows.push(row);
  }
  const header = ['command', ...ROLES];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: readonly string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join(' | ');
  t.log(['', line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line)].join('\n'));
  t.log(`${cells} cells, ${wrong.length} wrongful allows or denials`);
  if (process.env.RELIABILITY_FIGURES) process.stdout.write(`FIGURE permission-cells ${cells}\n`);
  t.deepEqual(wrong, []);
  t.is(cells, COMMANDS.length * ROLES.length);
});
