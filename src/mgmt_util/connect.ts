// Start-up of azcloudhsm_mgmt_util: which servers connect, and whether each runs end-to-end encrypted
// (E2E) or in unencrypted, limited mode. Follows the guide's two screenshots: before ownership only
// server 0 connects, without PO.crt; once the partition is claimed and activated all three connect
// with "E2E enabled on server N(ip)". The cfg's hostname is resolved through the home's private DNS
// zone, as the real tool resolves it: the server it names is the one the tool bootstraps from, and
// every line shows the private IPs; a name that does not resolve connects to nothing.
import { resolveHost } from '../../emulator/azure.ts';
import { type ClusterState, isReachable, type ServerAddress, serverAddresses } from '../../emulator/model.ts';
import { hostnameHint } from '../hostname-hint.ts';
import { checkOwnerCert, ownerCertRefusal } from '../owner-cert.ts';
import { data, failure, type Line, success, warning } from '../output.ts';
import { VERSION } from '../text/version.ts';

export type ServerMode = 'e2e' | 'unencrypted';

export interface ServerConnection {
  readonly address: ServerAddress;
  readonly connected: boolean;
  readonly mode: ServerMode;
}

export interface StartupResult {
  readonly servers: readonly ServerConnection[];
  readonly lines: readonly Line[];
  /** Why the cfg's hostname did not resolve: for stderr or the TUI, never the transcript. */
  readonly hint?: string;
}

export function banner(): Line[] {
  return data(
    `Liquidsec MGMT Util Version            :       ${VERSION.util}`,
    `SDK API Version                        :       ${VERSION.sdkApi}`,
    `SDK Package Version                    :       ${VERSION.sdkPackage}`,
    '',
    'Connecting to the server(s), it may take time',
    'depending on the server(s) load, please wait...',
  );
}

/** Connects to one server: the lines it prints and the connection it makes. */
export function connectServer(state: ClusterState, address: ServerAddress, ownerCertPath: string): { lines: Line[]; connection: ServerConnection } {
  const { server, ip, port } = address;
  const lines = data(`Connecting to 'server ${server}': hostname '${ip}', port ${port}...`);
  const node = state.nodes[server]!;
  const notConnected = (): { lines: Line[]; connection: ServerConnection } => {
    lines.push(...failure(`Connetion to server ${ip}(${ip}) on port ${port} failed`), ...data(''), ...failure(`Server ${server}(${ip}) is not connected`));
    return { lines, connection: { address, connected: false, mode: 'unencrypted' } };
  };
  if (!isReachable(node) || !node.partition) return notConnected();
  lines.push(
    ...data(`Received server version : ${VERSION.util}, SDK version: ${VERSION.sdkApi}, SDK Package Version: ${VERSION.sdkPackage}`),
    ...success(`Connected to 'server ${server}': hostname '${ip}', port ${port}...`),
  );
  const claimed = node.partition.certs.poac !== undefined;
  const notThere = warning(`${ownerCertPath},`, 'partition owner certificate not exist at given path');
  // A claimed partition talks E2E only with the PO.crt it was claimed with: another VM without it fails (the FAQ).
  const refusal = ownerCertRefusal(ownerCertPath, node.partition.certs);
  if (refusal) {
    lines.push(...(refusal === 'missing' ? notThere : []), ...failure('Certificate ERROR: [ certificate signature failure ]'));
    return notConnected();
  }
  const owner = checkOwnerCert(ownerCertPath, node.partition.certs.po);
  if (claimed && owner === 'match') {
    lines.push(...data(''), ...success(`E2E enabled on server ${server}(${ip})`));
    return { lines, connection: { address, connected: true, mode: 'e2e' } };
  }
  if (owner === 'missing') lines.push(...notThere);
  lines.push(...data(''), ...warning(`Server ${server}(${ip}) is in unencrypted mode now...`, 'running in limited commands mode'));
  return { lines, connection: { address, connected: true, mode: 'unencrypted' } };
}

/** `cfgHostname`: the cfg's hostname; without one the tool bootstraps from server 0. */
export function connectToCluster(state: ClusterState, ownerCertPath: string, cfgHostname?: string): StartupResult {
  const addresses = serverAddresses(state);
  const lines = [...banner(), ...data('')];
  const resolved = cfgHostname === undefined ? { resolved: true as const, server: 0 } : resolveHost(state, cfgHostname);
  if (!resolved.resolved) {
    // No address to print: the tool shows the name it could not reach, as for any server it cannot connect.
    const host = cfgHostname ?? '';
    lines.push(
      ...data(`Connecting to 'server 0': hostname '${host}', port 2225...`),
      ...failure(`Connetion to server ${host}(${host}) on port 2225 failed`),
      ...data(''),
      ...failure(`Server 0(${host}) is not connected`),
    );
    return { servers: addresses.map((address) => ({ address, connected: false, mode: 'unencrypted' })), lines, hint: hostnameHint(state, host) };
  }
  const first = resolved.server;
  const servers: ServerConnection[] = [];
  const bootstrap = connectServer(state, addresses[first]!, ownerCertPath);
  lines.push(...bootstrap.lines);
  servers[first] = bootstrap.connection;
  // The other nodes are found through the first one; without it there is no cluster to discover.
  if (bootstrap.connection.connected) lines.push(...data('', 'Connecting to servers in the cluster.'));
  for (const address of addresses) {
    if (address.server === first) continue;
    if (!bootstrap.connection.connected) {
      servers[address.server] = { address, connected: false, mode: 'unencrypted' };
      continue;
    }
    const r = connectServer(state, address, ownerCertPath);
    lines.push(...data(''), ...r.lines);
    servers[address.server] = r.connection;
  }
  return { servers, lines };
}
