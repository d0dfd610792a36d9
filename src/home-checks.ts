// The checks that keep a tool from running on a damaged home, and from mistaking damage for a new home.
// A marker beside the journal (<home>/emulator/journal.id, written when the first record is) names the
// journal by its first record: a home with a marker whose journal is missing, empty or another one is
// damaged, not new. The master key must open the keys the journal holds. Only `azcloudhsm_emu reset`
// starts over; `azcloudhsm_emu fsck` says what is wrong.
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, openSync, renameSync, statSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Cluster } from '../emulator/cluster.ts';
import { systemEnv } from '../emulator/crypto/env.ts';
import { HomeDamaged, JournalDamaged } from './damage.ts';
import { readBounded } from './files.ts';
import type { HomePaths } from './home.ts';

/** What the marker records: when the journal's first record was written, and its checksum. */
export interface JournalMarker {
  readonly created: string;
  readonly firstRecord: string;
}

export function markerPath(paths: HomePaths): string {
  return join(dirname(paths.journal), 'journal.id');
}

/** The marker, undefined when there is none; a marker that cannot be read is damage too. */
export function readMarker(paths: HomePaths): JournalMarker | undefined {
  const path = markerPath(paths);
  if (!existsSync(path)) return undefined;
  const read = readBounded(path, 4096);
  try {
    if ('error' in read) throw new Error(read.error);
    const m: unknown = JSON.parse(Buffer.from(read.bytes).toString('utf8'));
    if (typeof m === 'object' && m !== null && 'created' in m && 'firstRecord' in m && typeof m.created === 'string' && typeof m.firstRecord === 'string') {
      return { created: m.created, firstRecord: m.firstRecord };
    }
  } catch {
    // reported below
  }
  throw new HomeDamaged(paths.root, `the journal marker ${path} cannot be read`);
}

/** Writes a file whole or not at all (a temporary file renamed over it), owner-only, synced to disk. */
export function writeAtomically(path: string, data: string | Uint8Array): void {
  const temporary = `${path}.${process.pid}.tmp`;
  const fd = openSync(temporary, 'w', 0o600);
  try {
    writeSync(fd, typeof data === 'string' ? Buffer.from(data) : data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, path);
  const dir = openSync(dirname(path), 'r');
  try {
    fsyncSync(dir);
  } finally {
    closeSync(dir);
  }
}

function writeMarker(paths: HomePaths, cluster: Cluster): void {
  const first = cluster.records(0, 1)[0];
  const checksum = cluster.journal.firstChecksum();
  if (!first || !checksum) return;
  const marker: JournalMarker = { created: first.time, firstRecord: checksum };
  writeAtomically(markerPath(paths), JSON.stringify(marker) + '\n');
}

/** The master key as it is on disk: a 32-byte key, or what is wrong with it. */
export function readMasterKey(paths: HomePaths): { key: Buffer } | { problem: string } {
  if (!existsSync(paths.masterKey)) return { problem: `the master key ${paths.masterKey} is missing` };
  const read = readBounded(paths.masterKey, 1024);
  if ('error' in read || read.bytes.length !== 32) return { problem: `the master key ${paths.masterKey} is not a 32-byte key` };
  return { key: Buffer.from(read.bytes) };
}

function readOrCreateMasterKey(paths: HomePaths, journalExists: boolean): Buffer {
  if (!existsSync(paths.masterKey) && !journalExists) {
    // A new key only for a new journal: one made for an existing journal would open none of its keys.
    const key = randomBytes(32);
    writeAtomically(paths.masterKey, key);
    return key;
  }
  const read = readMasterKey(paths);
  if ('problem' in read) throw new HomeDamaged(paths.root, read.problem);
  return read.key;
}

/**
 * Opens the home's cluster after every check at start: the marker against the journal (missing, empty,
 * another one), the journal's own checks (numbering, checksums, a damaged file), the master key against
 * the keys in the journal. `setUp` makes what a new home holds (and completes what is due); then the
 * marker is written in a new home.
 */
export function openCheckedCluster(paths: HomePaths, setUp: (cluster: Cluster) => void): Cluster {
  const marker = readMarker(paths);
  const journalExists = existsSync(paths.journal) && statSync(paths.journal).size > 0;
  if (marker && !existsSync(paths.journal)) throw new HomeDamaged(paths.root, `the journal ${paths.journal} is missing (this home has held a cluster since ${marker.created})`);
  const masterKey = readOrCreateMasterKey(paths, journalExists);
  let cluster: Cluster;
  try {
    cluster = Cluster.open(paths.journal, systemEnv(masterKey));
  } catch (e) {
    if (e instanceof JournalDamaged && !(e instanceof HomeDamaged)) throw new HomeDamaged(paths.root, e.message);
    throw e;
  }
  try {
    if (cluster.state.head === 0 && marker) throw new HomeDamaged(paths.root, `the journal ${paths.journal} is empty (this home has held a cluster since ${marker.created})`);
    if (marker && cluster.journal.firstChecksum() !== marker.firstRecord) {
      throw new HomeDamaged(paths.root, `the journal ${paths.journal} is not the one this home was created with (on ${marker.created})`);
    }
    setUp(cluster);
    if (!marker) writeMarker(paths, cluster);
    checkMasterKey(paths, cluster);
    return cluster;
  } catch (e) {
    cluster.close();
    throw e;
  }
}

/** Whether the cluster's master key opens what the journal sealed with it (the partition key). */
export function masterKeyOpens(cluster: Cluster): boolean {
  const sealed = cluster.state.nodes.find((n) => n.partition)?.partition?.partitionKey.sealedPkcs8;
  if (!sealed) return true;
  try {
    cluster.env.unseal(sealed);
    return true;
  } catch {
    return false;
  }
}

function checkMasterKey(paths: HomePaths, cluster: Cluster): void {
  if (!masterKeyOpens(cluster)) {
    throw new HomeDamaged(paths.root, `the master key ${paths.masterKey} does not open the keys in its journal (it is not the key this cluster was created with)`);
  }
}
