// Start-up of azcloudhsm_mgmt_util: which servers connect, and whether each runs end-to-end encrypted
// (E2E) or in unencrypted, limited mode. Follows the guide's two screenshots: before ownership only
// server 0 connects, without PO.crt; once the partition is claimed and activated all three connect
// with "E2E enabled on server N(ip)".
import { X509Certificate } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readInput } from '../files.ts';
import { type ClusterState, isReachable, type ServerAddress, serverAddresses } from '../../emulator/model.ts';
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

/** The server the resource cfg names (its hsmN FQDN or IP); server 0 for the usual hsm1 name. */
export function bootstrapServer(hostname: string | undefined, addresses: readonly ServerAddress[]): number | undefined {
  if (!hostname) return 0;
  const byIp = addresses.find((a) => a.ip === hostname);
  if (byIp) return byIp.server;
  const m = /^hsm(\d+)\./.exec(hostname);
  if (!m) return undefined;
  const n = Number(m[1]) - 1;
  return addresses.some((a) => a.server === n) ? n : undefined;
}

function ownerCertMatches(ownerCertPath: string, storedPem: string | undefined): 'missing' | 'match' | 'mismatch' | 'unclaimed' {
  if (!existsSync(ownerCertPath)) return 'missing';
  if (!storedPem) return 'unclaimed';
  try {
    const read = readInput(ownerCertPath);
    if (!('bytes' in read)) return 'mismatch';
    const local = new X509Certificate(read.bytes);
    return local.fingerprint256 === new X509Certificate(storedPem).fingerprint256 ? 'match' : 'mismatch';
  } catch {
    return 'mismatch';
  }
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
  const owner = ownerCertMatches(ownerCertPath, node.partition.certs.po);
  if (owner === 'mismatch') {
    lines.push(...failure('Certificate ERROR: [ certificate signature failure ]'));
    return notConnected();
  }
  if (claimed && owner === 'match') {
    lines.push(...data(''), ...success(`E2E enabled on server ${server}(${ip})`));
    return { lines, connection: { address, connected: true, mode: 'e2e' } };
  }
  if (owner === 'missing') lines.push(...warning(`${ownerCertPath},`, 'partition owner certificate not exist at given path'));
  lines.push(...data(''), ...warning(`Server ${server}(${ip}) is in unencrypted mode now...`, 'running in limited commands mode'));
  return { lines, connection: { address, connected: true, mode: 'unencrypted' } };
}

export function connectToCluster(state: ClusterState, ownerCertPath: string, cfgHostname?: string): StartupResult {
  const addresses = serverAddresses(state.identity?.resourceName ?? 'unknown');
  const lines = [...banner(), ...data('')];
  const first = bootstrapServer(cfgHostname, addresses);
  if (first === undefined) {
    const host = cfgHostname ?? '';
    lines.push(...data(`Connecting to 'server 0': hostname '${host}', port 2225...`), ...failure(`Connetion to server ${host}(${host}) on port 2225 failed`));
    return { servers: addresses.map((address) => ({ address, connected: false, mode: 'unencrypted' })), lines };
  }
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
