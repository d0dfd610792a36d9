// The state of an azcloudhsm_mgmt_util session: its scope (cloudmgmt> or serverN>), who is logged in,
// the connection to each server (E2E or unencrypted), and what that state shows: the prompt, the core's
// view of the session, limited commands mode, the status line and the live values for completion.
import { keyClasses, keyTypes } from '../../emulator/domain/key-types.ts';
import { nameOf } from '../../emulator/domain/code-table.ts';
import type { Cluster } from '../../emulator/cluster.ts';
import { findUser, nodeCondition, type ServerAddress, serverAddresses } from '../../emulator/model.ts';
import type { Login, ScopeRef, Session } from '../../emulator/operations/operation.ts';
import type { LiveValues } from '../../grammar/complete.ts';
import { nodeStatus, type StatusView } from '../shell.ts';
import type { ServerConnection } from './connect.ts';
import type { Place } from './render.ts';
import { MGMT_GLOBAL_PROMPT, mgmtServerPrompt } from '../prompts.ts';

export class MgmtSession {
  scope: ScopeRef = { kind: 'global' };
  login: Login | undefined;
  connections: ServerConnection[] = [];

  constructor(
    private readonly cluster: Cluster,
    /** Where PO.crt is expected (owner_cert_path): without it a claimed partition stays in limited mode. */
    readonly ownerCertPath: string,
  ) {}

  prompt(): string {
    return this.scope.kind === 'global' ? MGMT_GLOBAL_PROMPT : mgmtServerPrompt(this.scope.server);
  }

  /** The servers commands go to at cloudmgmt>: those connected at start-up. */
  connected(): number[] {
    return this.connections.filter((c) => c.connected).map((c) => c.address.server);
  }

  /** Why a command cannot be sent to this one server (`server N`, getKeyDiffMap's ServerID), if it cannot. */
  serverRefusal(server: number): string | undefined {
    const c = this.connections[server];
    if (!c) return `Invalid server id ${server}: the cluster has servers 0 to ${this.connections.length - 1}`;
    if (!c.connected) return `Server ${server}(${c.address.ip}) is not connected`;
    return undefined;
  }

  notConnected(): number[] {
    return this.connections.filter((c) => !c.connected).map((c) => c.address.server);
  }

  /** The session as the core sees it. */
  core(): Session {
    return { scope: this.scope, connected: this.connected(), ...(this.login ? { login: this.login } : {}) };
  }

  addresses(): ServerAddress[] {
    return serverAddresses(this.cluster.state);
  }

  place(): Place {
    return { scope: this.scope, addresses: this.addresses() };
  }

  /** Before the partition is claimed (or without PO.crt), only a few commands work: "limited commands mode". */
  limitedModeRefusal(name: string): string | undefined {
    const servers = this.scope.kind === 'global' ? this.connected() : [this.scope.server];
    const plain = servers.find((s) => this.connections[s]?.mode !== 'e2e');
    if (plain === undefined) return undefined;
    const claimed = this.cluster.state.nodes[plain]?.partition?.certs.poac !== undefined;
    const why = claimed ? `PO.crt is missing at ${this.ownerCertPath}` : 'the partition is not claimed yet: store PO.crt (type 4) and POAC.crt (type 8) first';
    return `${name}: not allowed in limited commands mode; Server ${plain}(${this.addresses()[plain]?.ip}) is in unencrypted mode (${why})`;
  }

  /** Storing the POAC claims the partition: the tool switches those servers to E2E. */
  switchToE2e(servers: readonly number[]): void {
    for (const s of servers) {
      const c = this.connections[s];
      if (c) this.connections[s] = { ...c, mode: 'e2e' };
    }
  }

  status(): StatusView {
    const nodes = this.connections.map((c) => nodeStatus(c.address.server, nodeCondition(this.cluster.state, c.address.server), c.connected));
    const connected = this.connections.filter((c) => c.connected);
    return {
      scope: this.prompt().slice(0, -1),
      ...(this.login ? { login: { name: this.login.name, type: this.currentType(this.login) } } : {}),
      nodes,
      e2e: connected.length > 0 && connected.every((c) => c.mode === 'e2e'),
    };
  }

  /** The logged-in user's type as the partition has it now: changePswd promotes the PRECO to CO under the login. */
  private currentType(login: Login): string {
    const server = this.scope.kind === 'server' ? this.scope.server : login.servers[0];
    const partition = server === undefined ? undefined : this.cluster.state.nodes[server]?.partition;
    return (partition && findUser(partition, login.name)?.type) ?? login.type;
  }

  /** Users and keys of the first connected server (or server N in server mode), for completion. */
  live(): LiveValues {
    const scoped = this.scope.kind === 'server' ? this.scope.server : this.connected()[0];
    const partition = scoped === undefined ? undefined : this.cluster.state.nodes[scoped]?.partition;
    return {
      users: (partition?.users ?? []).map((u) => ({ id: u.id, name: u.name, type: u.type })),
      keys: Object.values(partition?.keys ?? {}).map((k) => ({ handle: k.handle, label: k.label, keyType: nameOf(keyTypes, k.keyType), keyClass: nameOf(keyClasses, k.keyClass) })),
      servers: this.connections.map((c) => c.address.server),
    };
  }
}
