// azcloudhsm_client: the daemon azcloudhsm_util talks to. It holds the cluster (the journal), one
// application session per connection (login and session keys, which never touch disk), and answers
// the socket protocol of protocol.ts. SIGTERM/SIGINT stop it cleanly; SIGHUP reloads its configuration.
import { appendFileSync, existsSync, readFileSync, unlinkSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import type { Cluster } from '../../emulator/cluster.ts';
import type { CoreCommand, Login, Session } from '../../emulator/decide/common.ts';
import { FIRST_SESSION_KEY_HANDLE, type KeyObject, SERVERS } from '../../emulator/model.ts';
import type { HomePaths } from '../home.ts';
import { keyClasses, keyTypes } from '../../emulator/domain/key-types.ts';
import { canUse, findUser } from '../../emulator/model.ts';
import { lagOf } from '../../emulator/evolve.ts';
import type { NodeStatus } from '../shell.ts';
import { DAEMON_VERSION, type Hello, type Live, type Request, type Response, type WireCommand, type WireDecision } from './protocol.ts';

export interface ClientConfig {
  readonly socketPath: string;
  readonly logFile?: string;
  readonly logLevel: 'DBG' | 'INF' | 'WRN' | 'ERR';
}

export function readClientConfig(paths: HomePaths): ClientConfig {
  const fallback: ClientConfig = { socketPath: `${paths.run}/azcloudhsm_client.sock`, logLevel: 'INF' };
  if (!existsSync(paths.clientCfg)) return fallback;
  try {
    const cfg = JSON.parse(readFileSync(paths.clientCfg, 'utf8')) as { client?: { daemon_socket?: string; log_file?: string; log_level?: string } };
    const level = (cfg.client?.log_level ?? 'INFO').toUpperCase();
    return {
      socketPath: cfg.client?.daemon_socket ?? fallback.socketPath,
      ...(cfg.client?.log_file ? { logFile: cfg.client.log_file } : {}),
      logLevel: level.startsWith('DEBUG') ? 'DBG' : level.startsWith('WARN') ? 'WRN' : level.startsWith('ERR') ? 'ERR' : 'INF',
    };
  } catch {
    return fallback;
  }
}

interface AppSession {
  readonly id: number;
  login?: Login;
  sessionKeys: Record<number, KeyObject>;
}

const LEVELS = ['DBG', 'INF', 'WRN', 'ERR'] as const;

export class ClientDaemon {
  private server: Server | undefined;
  private readonly apps = new Map<Socket, AppSession>();
  private nextApp = 1;
  private nextSessionHandle = FIRST_SESSION_KEY_HANDLE;

  constructor(
    private readonly cluster: Cluster,
    private readonly paths: HomePaths,
    private config: ClientConfig,
    private readonly out: (line: string) => void = (l) => void process.stdout.write(l + '\n'),
  ) {}

  /** SDK-style log line: `2026-11-27T03:55:26Z INF: message`, to stdout and the log file. */
  log(level: (typeof LEVELS)[number], message: string): void {
    if (LEVELS.indexOf(level) < LEVELS.indexOf(this.config.logLevel)) return;
    const line = `${new Date().toISOString().replace(/\.\d+Z$/, 'Z')} ${level}: ${message}`;
    this.out(line);
    if (this.config.logFile) {
      try {
        appendFileSync(this.config.logFile, line + '\n');
      } catch {
        // A log file we cannot write must not stop the daemon.
      }
    }
  }

  async start(): Promise<void> {
    const path = this.config.socketPath;
    if (existsSync(path)) {
      if (await isListening(path)) throw new Error(`another azcloudhsm_client is already listening on ${path}`);
      unlinkSync(path);
    }
    this.server = createServer((socket) => this.accept(socket));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(path, () => resolve());
    });
    const members = this.members();
    this.log('INF', `Azure Cloud HSM client ${DAEMON_VERSION} started, daemon socket ${path}`);
    for (const s of SERVERS) {
      this.log(members.includes(s) && this.cluster.state.nodes[s]!.up ? 'INF' : 'WRN', `node ${s + 1}: ${describeNode(this.cluster, s)}`);
    }
    this.checkUserKek();
  }

  /** SIGHUP: re-read the configuration and catch up with the journal. */
  reload(): void {
    this.config = { ...readClientConfig(this.paths), socketPath: this.config.socketPath };
    this.cluster.sync();
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
    if (existsSync(this.config.socketPath)) unlinkSync(this.config.socketPath);
  }

  private members(): number[] {
    return SERVERS.filter((s) => this.cluster.state.nodes[s]!.activated);
  }

  private accept(socket: Socket): void {
    const app: AppSession = { id: this.nextApp++, sessionKeys: {} };
    this.apps.set(socket, app);
    this.log('DBG', `application session ${app.id} opened`);
    let buffer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        if (line.trim()) socket.write(JSON.stringify(this.answer(app, line)) + '\n');
      }
    });
    const close = (): void => {
      if (!this.apps.delete(socket)) return;
      const dropped = Object.keys(app.sessionKeys).length;
      this.log('DBG', `application session ${app.id} closed${dropped ? `, ${dropped} session key(s) destroyed` : ''}`);
    };
    socket.on('close', close);
    socket.on('error', close);
  }

  private answer(app: AppSession, line: string): Response {
    let req: Request;
    try {
      req = JSON.parse(line) as Request;
    } catch {
      return { id: -1, ok: false, error: 'request is not JSON' };
    }
    try {
      switch (req.op) {
        case 'hello': {
          const hello: Hello = { daemon: 'azcloudhsm_client', version: DAEMON_VERSION, appId: 0x01000000, sessionHandle: 0x01000000, fipsState: 0 };
          return { id: req.id, ok: true, result: hello };
        }
        case 'loginStatus':
          return { id: req.id, ok: true, result: app.login ? { login: { name: app.login.name, type: app.login.type } } : {} };
        case 'execute':
          return { id: req.id, ok: true, result: this.execute(app, req.command) };
        case 'live':
          return { id: req.id, ok: true, result: this.live(app) };
        default:
          return { id: (req as { id?: number }).id ?? -1, ok: false, error: `unknown op` };
      }
    } catch (e) {
      this.log('ERR', `request failed: ${(e as Error).message}`);
      return { id: req.id, ok: false, error: (e as Error).message };
    }
  }

  /** What a prompt can show: users, the keys this session can use, and each node's state. */
  private live(app: AppSession): Live {
    this.cluster.sync();
    const state = this.cluster.state;
    const members = this.members();
    const first = members.map((s) => state.nodes[s]!).find((n) => n.up && n.partition)?.partition;
    const users = first?.users ?? [];
    const me = app.login && first ? findUser(first, app.login.name)?.id : undefined;
    const keys = [...Object.values(first?.keys ?? {}).filter((k) => canUse(k, me)), ...Object.values(app.sessionKeys)];
    const nodes: NodeStatus[] = SERVERS.map((server) => {
      const n = state.nodes[server]!;
      if (!n.activated) return { server, state: 'not activated' };
      if (!n.up) return { server, state: 'down' };
      const lag = lagOf(state, server);
      return lag > 0 ? { server, state: 'lagging', lag } : { server, state: 'connected' };
    });
    const name = (t: { entries: readonly { code: number | string; name: string }[] }, code: number): string => t.entries.find((e) => e.code === code)?.name ?? String(code);
    return {
      users: users.map((u) => ({ id: u.id, name: u.name, type: u.type })),
      keys: me === undefined ? [] : keys.map((k) => ({ handle: k.handle, label: k.label, keyType: name(keyTypes, k.keyType), keyClass: name(keyClasses, k.keyClass) })),
      servers: members,
      nodes,
      ...(app.login ? { login: { name: app.login.name, type: app.login.type } } : {}),
    };
  }

  private execute(app: AppSession, wire: WireCommand): WireDecision {
    const cmd: CoreCommand = {
      name: wire.name,
      args: wire.args,
      files: Object.fromEntries(Object.entries(wire.files ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
    };
    // The applications of a host share one login: a second one may log in only as the same user.
    if (cmd.name === 'loginHSM') {
      const other = [...this.apps.values()].find((a) => a !== app && a.login && a.login.name.toLowerCase() !== String(cmd.args.userName).toLowerCase());
      if (other) return { outcomes: this.members().map((server) => ({ server, code: 'ALREADY_LOGGED_IN' as const })) };
    }
    const session: Session = {
      scope: { kind: 'global' },
      connected: this.members(),
      tool: 'util',
      ...(app.login ? { login: app.login } : {}),
      sessionKeys: app.sessionKeys,
      nextSessionHandle: this.nextSessionHandle,
    };
    const d = this.cluster.execute(cmd, session);
    if (d.login === null) delete app.login;
    else if (d.login) app.login = d.login;
    for (const k of d.sessionKeys?.add ?? []) {
      app.sessionKeys[k.handle] = k;
      this.nextSessionHandle = Math.max(this.nextSessionHandle, k.handle + 1);
    }
    for (const h of d.sessionKeys?.remove ?? []) delete app.sessionKeys[h];
    if (d.events.length > 0) this.log('DBG', `${cmd.name}: ${d.events.length} event(s) journaled`);
    return {
      outcomes: d.outcomes,
      ...(d.data !== undefined ? { data: d.data } : {}),
      ...(d.login !== undefined ? { login: d.login && { name: d.login.name, type: d.login.type } } : {}),
    };
  }
}

function describeNode(cluster: Cluster, server: number): string {
  const node = cluster.state.nodes[server]!;
  if (!node.activated) return 'not activated';
  return node.up ? 'connected' : 'unreachable';
}

function isListening(path: string): Promise<boolean> {
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
  if (!existsSync(path)) return {};
  const entries = readFileSync(path, 'utf8')
    .split('\n')
    .map((l) => /^\s*([A-Z_]+)\s*=\s*(.*?)\s*$/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => [m[1]!, m[2]!] as const);
  return Object.fromEntries(entries);
}
