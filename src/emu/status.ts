// What `azcloudhsm_emu status` shows: each node's state, applied position and lag, users and claim state.
import { type ClusterState, lagOf, type ProcessRef, nodeCondition, privateLinkHostname, SERVERS, serverAddresses } from '../../emulator/model.ts';

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
  const id = state.identity;
  if (!id) return [`Emulator home: ${home}`, 'No cluster yet (run: azcloudhsm_emu init)'];
  const addresses = serverAddresses(id.resourceName);
  const node0 = state.nodes[0]!.partition;
  const lines = [
    `Emulator home: ${home}`,
    `Cloud HSM:     ${id.resourceName} (${privateLinkHostname(id.resourceName, 0)})`,
    `Partition:     serial ${node0?.serial ?? '?'}, ${node0?.certs.poac ? 'claimed (PO and POAC stored)' : node0?.certs.po ? 'PO stored, POAC missing' : 'not claimed'}`,
    `Cluster:       ${state.activated ? 'activated' : 'not activated (nodes 1 and 2 join when the PRECO is promoted)'}`,
    `Journal:       ${state.head} records`,
    ...loginLines(state, alive),
    '',
    'Server  Node id  Address    State                 Applied  Lag  Users  Keys',
  ];
  for (const s of SERVERS) {
    const node = state.nodes[s]!;
    const users = node.partition && node.activated ? String(node.partition.users.length) : '-';
    const keys = node.partition && node.activated ? String(Object.keys(node.partition.keys).length) : '-';
    lines.push(
      `${String(s).padEnd(8)}${String(s + 1).padEnd(9)}${addresses[s]!.ip.padEnd(11)}${nodeStateLabel(state, s).padEnd(22)}${String(node.appliedSeq).padEnd(9)}${String(lagOf(state, s)).padEnd(5)}${users.padEnd(7)}${keys}`,
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
