// What azcloudhsm_util knows of its session between commands: the live values and node states the daemon
// last reported (for completion and the status line), and whether the daemon went away. Only the TUI
// asks for them (line mode and singlecmd show neither); the key list travels only when it changed.
import type { LiveValues } from '../../grammar/complete.ts';
import { type DaemonConnection, DaemonConnectionError } from '../client/connection.ts';
import type { Live } from '../client/protocol.ts';
import type { StatusView } from '../shell.ts';

export class UtilSession {
  private cache: Live | undefined;
  /** The daemon's socket failed during this session. */
  connectionLost = false;

  /** `connection`: the connection now (the tool connects again when the daemon comes back). */
  constructor(private readonly connection: () => DaemonConnection) {}

  /** Fetches the node states a prompt shows, and the keys when they changed; errors leave the old values. */
  async refresh(): Promise<void> {
    if (this.connectionLost) return;
    try {
      const old = this.cache;
      const now = await this.connection().live(old?.keysVersion);
      this.cache = now.keysUnchanged && old ? { ...now, keys: old.keys } : now;
    } catch (e) {
      if (e instanceof DaemonConnectionError) this.connectionLost = true;
    }
  }

  live(): LiveValues {
    return this.cache ?? { users: [], keys: [], servers: [] };
  }

  status(): StatusView {
    const login = this.cache?.login;
    if (this.connectionLost) return { scope: 'azcloudhsm_util', nodes: [], e2e: false, daemon: 'lost' };
    return { scope: 'azcloudhsm_util', ...(login ? { login } : {}), nodes: this.cache?.nodes ?? [], e2e: true };
  }
}
