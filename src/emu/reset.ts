// `azcloudhsm_emu reset [--yes]`: the one way to start over. It asks (or takes --yes), refuses while a
// client daemon or a logged-in tool uses the home, removes the cluster (journal, master key, marker) and
// the configuration files that name it, and creates a new cluster. cert/ and the history stay.
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Journal } from '../../emulator/journal.ts';
import { processAlive } from '../../emulator/processes.ts';
import type { OpenSession } from '../../emulator/model.ts';
import { DaemonLock } from '../client/daemon-lock.ts';
import { markerPath } from '../home-checks.ts';
import { type HomePaths, openHome } from '../home.ts';

export interface ResetIo {
  out(line: string): void;
  err(line: string): void;
  /** The answer to the question, or null at end of input. */
  ask(question: string): Promise<string | null>;
}

/** Logins in the journal whose process is alive: tools that would go on writing into the old cluster. */
function liveLogins(paths: HomePaths): OpenSession[] {
  if (!existsSync(paths.journal)) return [];
  try {
    const journal = Journal.open(paths.journal);
    try {
      const open = new Map<string, OpenSession>();
      for (let after = 0; ; ) {
        const batch = journal.read(after, Number.MAX_SAFE_INTEGER, 2000);
        if (batch.length === 0) break;
        for (const { event } of batch) {
          if (event.type === 'SessionOpened') open.set(event.lease, event.session);
          else if (event.type === 'SessionsClosed') for (const l of event.leases) open.delete(l);
        }
        after = batch[batch.length - 1]!.seq;
      }
      return [...open.values()].filter((s) => processAlive(s.holder));
    } finally {
      journal.close();
    }
  } catch {
    // A damaged journal is what reset is for: no login can be read from it.
    return [];
  }
}

export async function reset(paths: HomePaths, args: readonly string[], io: ResetIo): Promise<number> {
  // Holding the daemon's lock keeps a daemon from starting on the home while it is reset.
  if (!existsSync(paths.run)) mkdirSync(paths.run, { recursive: true, mode: 0o700 });
  const lock = DaemonLock.acquire(paths.run);
  if (!(lock instanceof DaemonLock)) {
    io.err(`azcloudhsm_emu reset: azcloudhsm_client is running on this home (${lock.heldBy}); stop it first. Nothing was changed.`);
    return 1;
  }
  try {
    return await resetHolding(paths, args, io);
  } finally {
    lock.release();
  }
}

async function resetHolding(paths: HomePaths, args: readonly string[], io: ResetIo): Promise<number> {
  const logins = liveLogins(paths);
  if (logins.length > 0) {
    io.err(`azcloudhsm_emu reset: tools are logged in to this cluster (${logins.map((s) => `${s.name} in pid ${s.holder.pid}`).join(', ')}); end them first. Nothing was changed.`);
    return 1;
  }
  if (!args.includes('--yes')) {
    io.out(`This deletes the cluster in ${paths.root}: its journal, master key, users and keys, and the .cfg files that name it (cert/ and the history are kept).`);
    const answer = await io.ask("Type 'yes' to start over: ");
    if (answer?.trim().toLowerCase() !== 'yes') {
      io.out('Nothing was changed.');
      return 1;
    }
  }
  const emulatorDir = dirname(paths.journal);
  for (const path of [paths.journal, `${paths.journal}-wal`, `${paths.journal}-shm`, paths.masterKey, markerPath(paths), paths.resourceCfg, paths.mgmtCfg, paths.clientCfg, paths.applicationCfg]) {
    rmSync(path, { force: true });
  }
  const opened = openHome(paths.root);
  try {
    io.out(`Started over: Cloud HSM ${opened.cluster.state.identity!.resourceName} in ${join(emulatorDir)} (a new, unclaimed partition)`);
    return 0;
  } finally {
    opened.cluster.close();
  }
}
