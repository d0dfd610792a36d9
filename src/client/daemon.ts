// azcloudhsm_client: the daemon azcloudhsm_util talks to. It holds the cluster (the journal), one
// application session per connection (login and session keys, which never touch disk), and answers
// the socket protocol of protocol.ts, checking every request against its schemas. SIGTERM/SIGINT stop it
// cleanly; SIGHUP reloads its configuration.
import { appendFileSync, chmodSync, existsSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { resolveHost } from '../../emulator/azure.ts';
import type { Cluster } from '../../emulator/cluster.ts';
import { ParsedKeyCache } from '../../emulator/crypto/key-cache.ts';
import { runJob, worthAThread } from '../../emulator/crypto/jobs.ts';
import { CryptoPool } from './crypto-pool.ts';
import { GroupCommit } from './group-commit.ts';
import { nameOf } from '../../emulator/domain/code-table.ts';
import { keyClasses, keyTypes } from '../../emulator/domain/key-types.ts';
import { returnCodes, type ReturnCodeName } from '../../emulator/domain/return-codes.ts';
import { canUse, findUser, FIRST_SESSION_KEY_HANDLE, isReachable, type KeyObject, nodeCondition, SERVERS, serverAddresses } from '../../emulator/model.ts';
import type { Event } from '../../emulator/events.ts';
import { type Answer, type AnyOperation, answerSchema, type Decision, type Login, type Session } from '../../emulator/operations/operation.ts';
import { SchemaError } from '../../emulator/schema.ts';
import { damageText, JournalDamaged } from '../damage.ts';
import { type HomePaths, readResourceCfg } from '../home.ts';
import { readConfigText } from '../files.ts';
import { hostnameHint } from '../hostname-hint.ts';
import { LIMITS, sizeText } from '../limits.ts';
import { LineSplitter } from '../lines.ts';
import { ownerCertRefusal } from '../owner-cert.ts';
import { DaemonLock } from './daemon-lock.ts';
import { nodeStatus } from '../shell.ts';
import { describeEvent } from '../emu/journal-view.ts';
import { DAEMON_VERSION, decisionSchema, daemonOperations, type DaemonOperationName, type Hello, type Live, PROTOCOL_VERSION, type Response, requestSchema } from './protocol.ts';

export interface ClientConfig {
  readonly socketPath: string;
  readonly logFile?: string;
  readonly logLevel: 'DBG' | 'INF' | 'WRN' | 'ERR';
}

/**
 * azcloudhsm_client.cfg as the daemon and its clients read it. What is wrong with it goes into `problems`
 * (the daemon refuses to start or reload on them); the defaults stand in for what cannot be read.
 */
export function readClientConfig(paths: HomePaths, problems: string[] = []): ClientConfig {
  const fallback: ClientConfig = { socketPath: `${paths.run}/azcloudhsm_client.sock`, logLevel: 'INF' };
  if (!existsSync(paths.clientCfg)) return fallback;
  const cfgText = readConfigText(paths.clientCfg);
  if (cfgText === undefined) {
    problems.push(`${paths.clientCfg}: cannot be read (at most ${sizeText(LIMITS.configFile)})`);
    return fallback;
  }
  let cfg: unknown;
  try {
    cfg = JSON.parse(cfgText);
  } catch {
    problems.push(`${paths.clientCfg}: not a valid JSON configuration file`);
    return fallback;
  }
  const client = fieldOf(cfg, 'client');
  if (client === undefined) problems.push(`${paths.clientCfg}: no "client" section`);
  const text = (key: string): string | undefined => {
    const v = fieldOf(client, key);
    if (v !== undefined && typeof v !== 'string') problems.push(`${paths.clientCfg}: "client"."${key}" is not a string`);
    return typeof v === 'string' ? v : undefined;
  };
  const level = (text('log_level') ?? 'INFO').toUpperCase();
  const logFile = text('log_file');
  return {
    socketPath: text('daemon_socket') ?? fallback.socketPath,
    ...(logFile ? { logFile } : {}),
    logLevel: level.startsWith('DEBUG') ? 'DBG' : level.startsWith('WARN') ? 'WRN' : level.startsWith('ERR') ? 'ERR' : 'INF',
  };
}

/** A field of a JSON object read from a file; undefined when the value is no object or lacks it. */
function fieldOf(json: unknown, key: string): unknown {
  return typeof json === 'object' && json !== null && !Array.isArray(json) ? Object.entries(json).find(([k]) => k === key)?.[1] : undefined;
}

interface AppSession {
  readonly id: number;
  login?: Login;
  /**
   * The password of the login, in memory only: the client signs the application in on a node that
   * comes back or joins (see signInOnReturnedNodes).
   */
  secret?: string;
  /** Nodes that refused this login: not tried again until they come back (a retry could lock the user out). */
  refused: Set<number>;
  sessionKeys: Record<number, KeyObject>;
  /** Counts changes of the session keys: part of the key list's version (see live). */
  sessionKeysChanged: number;
}

const LEVELS = ['DBG', 'INF', 'WRN', 'ERR'] as const;

export class ClientDaemon {
  private server: Server | undefined;
  private lock: DaemonLock | undefined;
  private readonly apps = new Map<Socket, AppSession>();
  private nextApp = 1;
  private nextSessionHandle = FIRST_SESSION_KEY_HANDLE;
  private criticalErrors = 0;
  /** Keys parsed for sign and verify, kept between commands; forgotten when the journal changes them and at logout. */
  private readonly keyCache = new ParsedKeyCache();
  /** Changes asked for at the same moment share one journal transaction (one fsync). */
  private readonly commits: GroupCommit;
  /**
   * Worker threads for RSA signatures and key pairs: started by the first such work (each thread holds
   * its own copy of the code, tens of MB: a daemon that never needs them does not pay for them).
   */
  private pool: CryptoPool | undefined;
  private started = false;

  constructor(
    private readonly cluster: Cluster,
    private readonly paths: HomePaths,
    private config: ClientConfig,
    private readonly out: (line: string) => void = (l) => void process.stdout.write(l + '\n'),
  ) {
    cluster.onRecordApplied((rec) => this.keyCache.forgetEvent(rec.event));
    this.commits = new GroupCommit((fn) => cluster.journal.writeTransaction(fn));
  }

  /** Journal transactions the daemon committed for its applications' changes, and the changes in them. */
  commitStats(): { readonly transactions: number; readonly changes: number } {
    return { ...this.commits.stats };
  }

  /** Resolves once a worker thread takes jobs (until then the daemon does the work itself). */
  cryptoThreadsReady(): Promise<void> {
    return this.threads()?.whenReady() ?? Promise.resolve();
  }

  /** The worker threads, started on first use (once the daemon listens). */
  private threads(): CryptoPool | undefined {
    if (this.started) this.pool ??= new CryptoPool();
    return this.pool;
  }

  /** Jobs the worker threads ran (what a test looks at). */
  cryptoJobsRun(): number {
    return this.pool?.ran ?? 0;
  }

  /** The handles whose parsed keys the daemon holds (what a test looks at). */
  cachedKeyHandles(): number[] {
    return this.keyCache.handles();
  }

  /** SDK-style log line: `2026-11-27T03:55:26Z INF: message`, to stdout and the log file. */
  log(level: (typeof LEVELS)[number], message: string): void {
    if (LEVELS.indexOf(level) < LEVELS.indexOf(this.config.logLevel)) return;
    const line = `${new Date().toISOString().replace(/\.\d+Z$/, 'Z')} ${level}: ${message}`;
    this.out(line);
    if (this.config.logFile) {
      try {
        appendFileSync(this.config.logFile, line + '\n', { mode: 0o600 });
      } catch {
        // A log file we cannot write must not stop the daemon.
      }
    }
  }

  async start(): Promise<void> {
    const path = this.config.socketPath;
    const lock = DaemonLock.acquire(this.paths.run);
    if (!(lock instanceof DaemonLock)) throw new Error(`another azcloudhsm_client (${lock.heldBy}) serves this home (${this.paths.root})`);
    this.lock = lock;
    // Holding the lock, a socket left here is a dead daemon's (unless one of a version without the lock listens on it).
    if (existsSync(path)) {
      if (await isListening(path)) {
        this.releaseLock();
        throw new Error(`another azcloudhsm_client is already listening on ${path}`);
      }
      unlinkSync(path);
    }
    // A node that comes back (or joins at activation) replays the journal it missed: from then on each
    // application may be signed in there again.
    this.cluster.onReplayProgress((p) => {
      if (p.done === 0) for (const app of this.apps.values()) app.refused.delete(p.server);
    });
    this.started = true;
    this.server = createServer((socket) => this.accept(socket));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(path, () => resolve());
    });
    // Owner-only whatever the umask (its folder, run/, is owner-only too): no other local user connects.
    chmodSync(path, 0o600);
    const members = this.members();
    this.log('INF', `Azure Cloud HSM client ${DAEMON_VERSION} started, daemon socket ${path}`);
    for (const s of SERVERS) {
      this.log(members.includes(s) && this.cluster.state.nodes[s]!.up ? 'INF' : 'WRN', `node ${s + 1}: ${describeNode(this.cluster, s)}`);
    }
    this.checkUserKek();
  }

  /**
   * Connects to the cluster the cfg names, as the SDK's client does before it serves: the hostname
   * resolves through the home's private DNS zone, and a claimed partition takes a TLS session only with
   * the PO.crt it was claimed with (the FAQ's SSL_shutdown on a second VM). The hint for stderr when not.
   */
  connectCluster(hostname: string): { readonly connected: true } | { readonly connected: false; readonly hint: string } {
    this.cluster.sync();
    const state = this.cluster.state;
    const resolved = resolveHost(state, hostname);
    if (!resolved.resolved) {
      this.log('ERR', `Connection to server '${hostname}' port 2225 failed: the hostname does not resolve`);
      return { connected: false, hint: hostnameHint(state, hostname) };
    }
    const addresses = serverAddresses(state);
    const refusals = this.members().flatMap((s) => {
      const certs = state.nodes[s]!.partition?.certs;
      const refusal = certs ? ownerCertRefusal(this.paths.ownerCert, certs) : undefined;
      return refusal ? [{ s, refusal }] : [];
    });
    for (const { s, refusal } of refusals) {
      this.log('ERR', `node ${s + 1} (${addresses[s]!.ip}): certificate signature failure: ${this.paths.ownerCert} ${refusal === 'missing' ? 'does not exist' : 'is not the partition owner certificate'}`);
      this.log('INF', 'shutdown_ssl_socket: SSL_shutdown sent close_notify alert');
    }
    if (refusals.length > 0) {
      return {
        connected: false,
        hint: `hint: ${this.paths.ownerCert} must be the PO.crt the partition was claimed with: copy it from the admin VM, then start azcloudhsm_client again (the guide's FAQ).`,
      };
    }
    this.log('INF', `connected to ${hostname} (${resolved.ip})`);
    return { connected: true };
  }

  /**
   * SIGHUP: re-read azcloudhsm_client.cfg and the resource cfg, and catch up with the journal. A file
   * that does not read or parse changes nothing: the daemon says so and keeps the configuration it has.
   */
  reload(resourceCfg: string): void {
    const problems: string[] = [];
    const config = readClientConfig(this.paths, problems);
    const resource = readResourceCfg(resourceCfg);
    if (resource.error) problems.push(resource.error);
    if (problems.length > 0) {
      this.log('ERR', `configuration not reloaded: ${problems.join('; ')}; still running with the configuration it had`);
      return;
    }
    this.config = { ...config, socketPath: this.config.socketPath };
    try {
      this.cluster.sync();
    } catch (e) {
      if (!(e instanceof JournalDamaged)) throw e;
      this.log('ERR', `configuration reloaded, but ${damageText(e)}`);
      return;
    }
    this.log('INF', 'configuration reloaded');
    this.checkUserKek();
  }

  /**
   * USER_KEK_HANDLE in azcloudhsm_application.cfg names the key OpenSSL, JCE and PKCS#11 import with.
   * Say whether it is fit for that: an AES key, extractable and trusted (set by a CO: setAttribute <h> 134 1).
   */
  checkUserKek(): void {
    const handle = readApplicationCfg(this.paths.applicationCfg).USER_KEK_HANDLE;
    if (!handle) return;
    const node = SERVERS.map((s) => this.cluster.state.nodes[s]!).find((n) => n.activated && n.up && n.partition);
    const kek = node?.partition?.keys[Number(handle)];
    if (!kek) return this.log('WRN', `USER_KEK_HANDLE=${handle}: no such key in the partition`);
    const problems = [
      kek.keyType !== 31 || kek.keyClass !== 4 ? 'not an AES key' : '',
      kek.attrs.trusted ? '' : `not trusted (a CO runs setAttribute ${handle} 134 1)`,
      kek.attrs.extractable ? '' : 'not extractable: key import will fail',
    ].filter(Boolean);
    if (problems.length > 0) this.log('WRN', `USER_KEK_HANDLE=${handle}: ${problems.join('; ')}`);
    else this.log('INF', `USER_KEK_HANDLE=${handle}: user KEK ready (AES-${kek.valueLen * 8}, trusted, extractable)`);
  }

  async stop(reason: string): Promise<void> {
    this.log('INF', `${reason}: shutting down, ${this.apps.size} application session(s) closed`);
    for (const socket of this.apps.keys()) socket.destroy();
    this.apps.clear();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    await this.pool?.close();
    if (existsSync(this.config.socketPath)) unlinkSync(this.config.socketPath);
    this.releaseLock();
  }

  private releaseLock(): void {
    this.lock?.release();
    this.lock = undefined;
  }

  private members(): number[] {
    return SERVERS.filter((s) => this.cluster.state.nodes[s]!.activated);
  }

  private accept(socket: Socket): void {
    const app: AppSession = { id: this.nextApp++, refused: new Set(), sessionKeys: {}, sessionKeysChanged: 0 };
    this.apps.set(socket, app);
    this.log('DBG', `application session ${app.id} opened`);
    socket.setEncoding('utf8');
    // One application's requests are answered in order; those of others run meanwhile (a signature on a
    // worker thread does not hold up another application's).
    let answered: Promise<void> = Promise.resolve();
    const requests = new LineSplitter(
      LIMITS.request,
      (line) => {
        if (!line.trim()) return;
        answered = answered.then(async () => {
          const response = await this.answer(app, line);
          if (!socket.destroyed) socket.write(JSON.stringify(response) + '\n');
        });
      },
      () => {
        // A request this large is not one of the protocol's: say so and hang up (reading on would only cost).
        this.log('WRN', `application session ${app.id}: a request longer than ${sizeText(LIMITS.request)}; connection closed`);
        socket.end(JSON.stringify({ id: -1, ok: false, error: `request longer than ${sizeText(LIMITS.request)}: connection closed` }) + '\n');
        socket.destroySoon();
      },
    );
    socket.on('data', (chunk: string) => requests.push(chunk));
    const close = (): void => {
      if (!this.apps.delete(socket)) return;
      // The application's login ends with it: its lease no longer blocks deleteUser or changePswd.
      if (app.login) this.endLease(app.login.lease);
      for (const handle of Object.keys(app.sessionKeys)) this.keyCache.forget(Number(handle));
      const dropped = Object.keys(app.sessionKeys).length;
      this.log('DBG', `application session ${app.id} closed${dropped ? `, ${dropped} session key(s) destroyed` : ''}`);
    };
    socket.on('close', close);
    socket.on('error', close);
  }

  private endLease(lease: string): void {
    try {
      this.cluster.closeSession(lease);
    } catch (e) {
      // The lease stays until this daemon ends (then it is void); nothing else depends on closing it now.
      this.log('WRN', `could not end a login lease: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private async answer(app: AppSession, line: string): Promise<Response> {
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      return { id: -1, ok: false, error: 'request is not JSON' };
    }
    const id = requestIdOf(json);
    try {
      const req = requestSchema.decode(json, 'request');
      switch (req.op) {
        case 'hello': {
          if (req.protocol !== PROTOCOL_VERSION) return { id, ok: false, error: `protocol version ${req.protocol} is not spoken here (this daemon speaks ${PROTOCOL_VERSION})` };
          const hello: Hello = { daemon: 'azcloudhsm_client', version: DAEMON_VERSION, protocol: PROTOCOL_VERSION, appId: 0x01000000, sessionHandle: 0x01000000, fipsState: 0 };
          return { id, ok: true, result: hello };
        }
        case 'loginStatus':
          return { id, ok: true, result: app.login ? { login: { name: app.login.name, type: app.login.type } } : {} };
        case 'execute':
          return { id, ok: true, result: await this.execute(app, req.operation, req.input, 'run') };
        case 'decide':
          return { id, ok: true, result: await this.execute(app, req.operation, req.input, req.session ? 'dry run' : 'preview') };
        case 'live':
          return { id, ok: true, result: this.live(app, req.keysVersion) };
      }
    } catch (e) {
      return { id, ok: false, error: this.errorReply(e) };
    }
  }

  /** What a client is told when a request fails: the protocol's and the journal's own words, never JavaScript's. */
  private errorReply(e: unknown): string {
    if (e instanceof SchemaError) return e.message;
    if (e instanceof JournalDamaged) {
      this.log('ERR', e.message);
      return damageText(e);
    }
    this.log('ERR', `request failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return 'the daemon could not run the request (an internal error; see its log)';
  }

  /**
   * What a prompt can show: users, the keys this session can use, and each node's state. The key list
   * (long in a full partition) is left out when it is still the one of `knownKeys`, its version.
   */
  private live(app: AppSession, knownKeys?: string): Live {
    this.cluster.sync();
    const state = this.cluster.state;
    const members = this.members();
    const server = members.find((s) => state.nodes[s]!.up && state.nodes[s]!.partition);
    const first = server === undefined ? undefined : state.nodes[server]!.partition;
    const users = first?.users ?? [];
    const me = server === undefined ? undefined : app.login?.userIdOn[server];
    const keysVersion = `${state.head}/${app.sessionKeysChanged}/${me ?? '-'}/${members.join(',')}`;
    const unchanged = knownKeys === keysVersion;
    const keys = unchanged ? [] : [...Object.values(first?.keys ?? {}).filter((k) => canUse(k, me)), ...Object.values(app.sessionKeys)];
    return {
      users: users.map((u) => ({ id: u.id, name: u.name, type: u.type })),
      keys: keys.map((k) => ({ handle: k.handle, label: k.label, keyType: nameOf(keyTypes, k.keyType), keyClass: nameOf(keyClasses, k.keyClass) })),
      keysVersion,
      ...(unchanged ? { keysUnchanged: true } : {}),
      servers: members,
      nodes: SERVERS.map((server) => nodeStatus(server, nodeCondition(state, server))),
      ...(app.login ? { login: { name: app.login.name, type: app.login.type } } : {}),
    };
  }

  private sessionOf(app: AppSession): Session {
    return {
      scope: { kind: 'global' },
      connected: this.members(),
      tool: 'util',
      ...(app.login ? { login: app.login } : {}),
      sessionKeys: app.sessionKeys,
      nextSessionHandle: this.nextSessionHandle,
    };
  }

  /**
   * The client signs in and out of all HSM sessions on behalf of its applications (Microsoft Learn,
   * Cloud HSM authentication), and connects to an HSM that joins or comes back (AWS CloudHSM client,
   * adding HSMs; reconnection since client 1.1.2). So before an application's next command runs, its
   * login is brought to every node that came back since it logged in; otherwise that node would refuse
   * the command (`No user is logged in`) while the others carried it out. A node that refuses the login
   * (the user missing there, another password) is left out of this session until it comes back again,
   * and the refusal is written to a critical_err_info file, as Azure's client does.
   */
  private signInOnReturnedNodes(app: AppSession): void {
    const login = app.login;
    if (!login || app.secret === undefined) return;
    this.cluster.sync();
    const state = this.cluster.state;
    const returned = this.members().filter((s) => isReachable(state.nodes[s]!) && !login.servers.includes(s) && !app.refused.has(s));
    if (returned.length === 0) return;
    const d = this.cluster.execute(daemonOperations.login, { type: login.type, name: login.name, password: app.secret }, this.sessionOf(app), { servers: returned });
    if (d.login) app.login = d.login;
    const refused = d.outcomes.filter((o) => o.code !== 'SUCCESS');
    for (const o of refused) app.refused.add(o.server);
    const signedIn = d.outcomes.filter((o) => o.code === 'SUCCESS').map((o) => o.server + 1);
    if (signedIn.length > 0) this.log('INF', `application session ${app.id}: ${login.name} signed in on returning node(s) ${signedIn.join(', ')}`);
    if (refused.length > 0) {
      this.log('WRN', `application session ${app.id}: ${login.name} could not sign in on node(s) ${refused.map((o) => o.server + 1).join(', ')}; left out until they come back`);
      this.writeCriticalError('Login', d.outcomes);
    }
  }

  /** `critical_err_info_<microseconds>_<n>` in the SDK's directory (the home), as Azure's troubleshooting guide shows it. */
  private writeCriticalError(command: string, outcomes: readonly { readonly server: number; readonly code: ReturnCodeName }[]): void {
    const status = outcomes.map((o) => ({ Node: String(o.server + 1), Status: returnCodes[o.code].text }));
    const path = join(this.paths.root, `critical_err_info_${Date.now()}000_${++this.criticalErrors}`);
    try {
      writeFileSync(path, JSON.stringify({ Command: command, 'Cluster Status': status }, null, 2) + '\n', { mode: 0o600 });
    } catch {
      // A file we cannot write must not stop the daemon.
    }
  }

  /**
   * Runs an operation on the cluster, its slow crypto on the worker threads: a key pair is made there
   * before the decision, a signature or verification made there after it (every check made first).
   */
  private async run(app: AppSession, op: AnyOperation, input: unknown): Promise<Decision<unknown, unknown>> {
    // Until a thread has loaded, the daemon does the work itself.
    const threads = op.name === daemonOperations.generateKeyPair.name || this.apps.size > 1 ? this.threads() : this.pool;
    const pool = threads?.ready ? threads : undefined;
    // For one application a signature is quicker made here than sent to a thread and back; with several,
    // the threads make them while the main thread answers the others.
    const options = { keyCache: this.keyCache, deferCrypto: pool !== undefined && this.apps.size > 1 };
    const request = pool && op.name === daemonOperations.generateKeyPair.name ? daemonOperations.generateKeyPair.input.decode(input, 'input').request : undefined;
    // Slow work (key generation) is done before the change is queued: never inside the group's transaction.
    const prepared = pool && request ? await pool.keyPair(request) : this.cluster.prepare(op, input);
    const decide = (): Decision<unknown, unknown> => {
      // The session is read now: another application may have taken a session handle meanwhile.
      const d = this.cluster.execute(op, input, this.sessionOf(app), options, prepared);
      // Before anything else runs: a session key's handle is taken for good (no other application gets it).
      for (const k of d.sessionKeys?.add ?? []) this.nextSessionHandle = Math.max(this.nextSessionHandle, k.handle + 1);
      return d;
    };
    // A change is answered once its group's transaction is committed.
    const d = op.changesState ? await this.commits.run(decide) : decide();
    if (!d.deferred) return d;
    const { job } = d.deferred;
    return d.deferred.finish(pool && worthAThread(job) ? await pool.run(job) : runJob(job));
  }

  /**
   * Runs an operation for an application session: its input checked by the operation's schema, its
   * answer encoded by it. A dry run decides without appending and says what it would have appended; it
   * takes the login it decides (nothing to append) but makes no session keys. A preview changes nothing.
   */
  private async execute(app: AppSession, name: DaemonOperationName, json: unknown, mode: 'run' | 'dry run' | 'preview'): Promise<unknown> {
    const op: AnyOperation = daemonOperations[name];
    // A dry run logs in and out for real (a lease is no change to preview); a preview changes nothing.
    const dryRun = mode === 'preview' || (mode === 'dry run' && !op.sessionBookkeeping);
    const input = op.input.decode(json, 'input');
    const encode = (answer: Answer<unknown, unknown>, events: readonly Event[]): unknown =>
      mode !== 'run' ? decisionSchema(op).encode({ ...answer, events: dryRun ? events.map(describeEvent) : [] }) : answerSchema(op).encode(answer);
    // The applications of a host share one login: a second one may log in only as the same user.
    if (name === 'login') {
      const other = [...this.apps.values()].find((a) => a !== app && a.login && a.login.name.toLowerCase() !== String(input.name).toLowerCase());
      if (other) return encode({ outcomes: this.members().map((server) => ({ server, code: 'ALREADY_LOGGED_IN' })) }, []);
    }
    // A dry run changes nothing: nodes that came back are signed in by the next real command.
    if (mode === 'run' && !op.sessionBookkeeping) this.signInOnReturnedNodes(app);
    const d = dryRun ? this.cluster.decide(op, input, this.sessionOf(app), { keyCache: this.keyCache }) : await this.run(app, op, input);
    const answered = { outcomes: d.outcomes, ...(d.result !== undefined ? { result: d.result } : {}) };
    if (mode === 'preview') return encode(answered, d.events);
    if (d.login === null) {
      delete app.login;
      delete app.secret;
      this.keyCache.clear();
    } else if (d.login) {
      app.login = d.login;
      if (name === 'login') {
        app.secret = String(input.password);
        app.refused = new Set(d.outcomes.filter((o) => o.code !== 'SUCCESS' && o.code !== 'SERVER_UNAVAILABLE').map((o) => o.server));
      }
    }
    if (dryRun) return encode(answered, d.events);
    for (const k of d.sessionKeys?.add ?? []) {
      app.sessionKeys[k.handle] = k;
      this.nextSessionHandle = Math.max(this.nextSessionHandle, k.handle + 1);
    }
    for (const h of d.sessionKeys?.remove ?? []) {
      delete app.sessionKeys[h];
      this.keyCache.forget(h);
    }
    if (d.sessionKeys) app.sessionKeysChanged++;
    if (d.events.length > 0) this.log('DBG', `${name}: ${d.events.length} event(s) journaled`);
    return encode(answered, []);
  }
}

/** The id of a request, to answer even one the schema refuses; -1 when it has none. */
function requestIdOf(json: unknown): number {
  const id = fieldOf(json, 'id');
  return typeof id === 'number' ? id : -1;
}

/** How the start-up log words a node. */
function describeNode(cluster: Cluster, server: number): string {
  const condition = nodeCondition(cluster.state, server);
  if (condition.kind === 'not activated') return 'not activated';
  return condition.kind === 'down' ? 'unreachable' : 'connected';
}

/** Whether a daemon takes connections on the socket. */
export function isListening(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createConnection(path);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
}

/** azcloudhsm_application.cfg: KEY=VALUE lines. */
export function readApplicationCfg(path: string): Record<string, string> {
  const entries = (readConfigText(path) ?? '')
    .split('\n')
    .map((l) => /^\s*([A-Z_]+)\s*=\s*(.*?)\s*$/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => [m[1]!, m[2]!] as const);
  return Object.fromEntries(entries);
}
