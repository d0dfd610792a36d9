// `azcloudhsm_emu fsck`: every check there is, on a home that may be damaged (it never needs the home to
// open): the marker against the journal, every record (numbering, checksum, JSON), SQLite's integrity
// check, which records a damaged file still yields, the master key against the keys in the journal, and
// a replay of the whole journal from scratch.
import { existsSync } from 'node:fs';
import { Cluster } from '../../emulator/cluster.ts';
import { systemEnv } from '../../emulator/crypto/env.ts';
import { Journal } from '../../emulator/journal.ts';
import { SERVERS } from '../../emulator/model.ts';
import { HomeDamaged, JournalDamaged } from '../damage.ts';
import { masterKeyOpens, readMarker, readMasterKey } from '../home-checks.ts';
import type { HomePaths } from '../home.ts';

export interface FsckReport {
  readonly lines: string[];
  readonly problems: number;
  /** Records replayed from scratch (0 when the replay did not run). */
  readonly replayed: number;
}

const rangeText = (rs: readonly (readonly [number, number])[]): string => rs.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(', ');

export function fsck(paths: HomePaths): FsckReport {
  const lines: string[] = [];
  const problems: string[] = [];
  let marker;
  try {
    marker = readMarker(paths);
  } catch (e) {
    if (!(e instanceof HomeDamaged)) throw e;
    problems.push(e.reason);
  }
  const report = (replayed = 0): FsckReport => ({ lines: [...lines, ...problems.map((p) => `problem: ${p}`)], problems: problems.length, replayed });
  if (!existsSync(paths.journal)) {
    if (marker) problems.push(`the journal ${paths.journal} is missing; this home has held a cluster since ${marker.created}`);
    else lines.push('No journal yet: a new home (the first program run creates the cluster)');
    return report();
  }
  const inspection = Journal.inspect(paths.journal);
  lines.push(`${inspection.records} journal records checked`);
  problems.push(...inspection.problems);
  if (inspection.recoverable) {
    lines.push(`records that can still be read: ${rangeText(inspection.recoverable) || 'none'}`);
    if (inspection.unrecoverable?.length) lines.push(`records that cannot be read: ${rangeText(inspection.unrecoverable)}`);
  }
  if (marker && inspection.records === 0 && !inspection.recoverable) problems.push(`the journal is empty; this home has held a cluster since ${marker.created}`);
  else if (marker && inspection.firstChecksum !== undefined && inspection.firstChecksum !== marker.firstRecord) {
    problems.push(`the journal is not the one this home was created with (on ${marker.created})`);
  }
  if (inspection.records === 0) return report();
  const key = readMasterKey(paths);
  if ('problem' in key) problems.push(key.problem);
  if (problems.length > 0) {
    lines.push('not replayed: the problems below come first');
    return report();
  }
  if ('problem' in key) return report();
  let cluster: Cluster;
  try {
    cluster = Cluster.open(paths.journal, systemEnv(key.key), { fromSnapshot: false });
  } catch (e) {
    if (!(e instanceof JournalDamaged)) throw e;
    problems.push(`replay from scratch: ${e.message}`);
    return report();
  }
  try {
    if (!masterKeyOpens(cluster)) problems.push(`the master key ${paths.masterKey} does not open the keys in the journal (it is not the key this cluster was created with)`);
    const state = cluster.state;
    lines.push(`replayed ${state.head} records from scratch:`);
    for (const s of SERVERS) {
      const node = state.nodes[s]!;
      const p = node.partition;
      lines.push(`  server ${s}: ${node.activated ? `${p?.users.length ?? 0} users, ${Object.keys(p?.keys ?? {}).length} keys, applied up to record ${node.appliedSeq}` : 'not activated'}`);
    }
    const snapshot = Cluster.checkSnapshot(paths.journal, systemEnv(key.key));
    if (snapshot?.problem) problems.push(snapshot.problem);
    else if (snapshot) lines.push(`the snapshot at record ${snapshot.seq} equals the journal replayed from record 1 up to it`);
    return report(state.head);
  } finally {
    cluster.close();
  }
}
