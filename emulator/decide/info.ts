// Deciders for read-only information: the cluster's nodes, the HSMs and the partitions.
import { type ClusterState, serverAddresses, type ServerAddress } from '../model.ts';
import { eachServer, type Handler, ok } from './common.ts';

export const getClusterInfo: Handler = (_cmd, state, ctx) => {
  const nodes = addresses(state);
  const run = eachServer<{ nodes: ServerAddress[] }>(state, ctx, (server) => ok(server, { nodes }));
  return { events: [], ...run };
};

export interface HsmInfo {
  readonly hsmSerial: string;
  readonly users: number;
  readonly claimed: boolean;
}

export const getHSMInfo: Handler = (_cmd, state, ctx) => {
  const run = eachServer<HsmInfo>(state, ctx, (server, p) =>
    ok(server, { hsmSerial: state.identity?.hsmSerials[server] ?? '', users: p.users.length, claimed: p.certs.poac !== undefined }),
  );
  return { events: [], ...run };
};

export interface PartitionInfo {
  readonly serial: string;
  readonly users: number;
  readonly tokenKeys: number;
  readonly nodeId: number;
  readonly claimed: boolean;
}

export const getPartitionInfo: Handler = (_cmd, state, ctx) => {
  const run = eachServer<PartitionInfo>(state, ctx, (server, p) =>
    ok(server, { serial: p.serial, users: p.users.length, tokenKeys: Object.keys(p.keys).length, nodeId: server + 1, claimed: p.certs.poac !== undefined }),
  );
  return { events: [], ...run };
};

function addresses(state: ClusterState): ServerAddress[] {
  return serverAddresses(state.identity?.resourceName ?? 'unknown');
}
