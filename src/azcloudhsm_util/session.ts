// What azcloudhsm_util knows of its session between commands: the live values and node states the daemon
// last reported (for completion and the status line), and whether the daemon went away.
import type { LiveValues } from '../../grammar/complete.ts';
import type { DaemonConnection } from '../client/connection.ts';
import type { Live } from '../client/protocol.ts';
import type { StatusView } from '../shell.ts';

export class UtilSession {
  private cache: Live | undefined;
  /** The daemon's socket failed during this session. */
  connectionLost = false;

  constructor(private readonly connection: DaemonConnection) {}

  /** Fetches the keys and node states a prompt shows; errors leave the old values. */
  async refresh(): Promise<void> {
    try {
      this.cache = await this.connection.live();
    } catch {
      // The next command reports a lost daemon.
    }
  }

  live(): LiveValues {
    return this.cache ?? { users: [], keys: [], servers: [] };
  }

  status(): StatusView {
    const login = this.cache?.login;
    return { scope: 'azcloudhsm_util', ...(login ? { login } : {}), nodes: this.cache?.nodes ?? [], e2e: !this.connectionLost };
  }
}
