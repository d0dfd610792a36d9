// What `azcloudhsm_emu status` shows: the Azure side, each node's state, applied position and lag, the
// open logins, users and claim state.
import { type ClusterState, lagOf, nodeCondition, type ProcessRef, SERVERS, serverAddresses } from '../../emulator/model.ts';
import { azureStatusLines } from './azure.ts';

/** How `status` words a node (it shows the lag in a column of its own). */
function nodeStateLabel(state: ClusterState, server: number): string {
  const condition = nodeCondition(state, server);
  if (condition.kind === 'not activated') return condition.up ? 'not activated' : 'down (not activated)';
  return condition.kind === 'down' ? 'down' : 'connected';
}

/** Logins held by live processes (a lease whose process is gone is void), one line each. */
function loginLines(state: ClusterState, alive: (p: ProcessRef) => boolean): string[] {
  const open = Object.values(state.sessions).filter((s) => alive(s.holder));
  if (open.length === 0) return ['Logins:        none'];
  return open.map((s, i) => `${i === 0 ? 'Logins:' : ''}`.padEnd(15) + `${s.name}(${s.type}) on servers ${Object.keys(s.userIdOn).join(',')}, pid ${s.holder.pid}`);
}

export function statusLines(state: ClusterState, home: string, alive: (p: ProcessRef) => boolean = () => true): string[] {
  const head = [`Emulator home: ${home}`, ...azureStatusLines(state)];
  if (!state.identity) return head;
  const addresses = serverAddresses(state);
  // Wide enough for the endpoint's addresses (10.0.2.4 in the guide's subnet, longer in others).
  const width = Math.max(10, ...addresses.map((a) => a.ip.length)) + 1;
  const node0 = state.nodes[0]!.partition;
  const lines = [
    ...head,
    `Partition:     serial ${node0?.serial ?? '?'}, ${node0?.certs.poac ? 'claimed (PO and POAC stored)' : node0?.certs.po ? 'PO stored, POAC missing' : 'not claimed'}`,
    `Cluster:       ${state.activated ? 'activated' : 'not activated (nodes 1 and 2 join when the PRECO is promoted)'}`,
    `Journal:       ${state.head} records`,
    ...loginLines(state, alive),
    '',
    `Server  Node id  ${'Address'.padEnd(width)}State                 Applied  Lag  Users  Keys`,
  ];
  for (const s of SERVERS) {
    const node = state.nodes[s]!;
    const users = node.partition && node.activated ? String(node.partition.users.length) : '-';
    const keys = node.partition && node.activated ? String(Object.keys(node.partition.keys).length) : '-';
    lines.push(
      `${String(s).padEnd(8)}${String(s + 1).padEnd(9)}${addresses[s]!.ip.padEnd(width)}${nodeStateLabel(state, s).padEnd(22)}${String(node.appliedSeq).padEnd(9)}${String(lagOf(state, s)).padEnd(5)}${users.padEnd(7)}${keys}`,
    );
  }
  lines.push('', 'Users (by server):');
  for (const s of SERVERS) {
    const node = state.nodes[s]!;
    if (!node.activated || !node.partition) continue;
    const list = node.partition.users.map((u) => `${u.id}:${u.name}(${u.type})${u.loginFailures >= 5 ? ' LOCKED' : ''}`).join(', ');
    lines.push(`  server ${s}: ${list}`);
  }
  return lines;
}
