// Read-only operations about the cluster, the HSMs and the partitions.
import { serverAddresses } from '../model.ts';
import { type Infer, s } from '../schema.ts';
import { eachServer, ok } from './fan-out.ts';
import { defineOperation } from './operation.ts';

export const serverAddressSchema = s.object({ server: s.int(), nodeId: s.int(), ip: s.string(), hostname: s.string(), port: s.int() });

export const describeCluster = defineOperation({
  name: 'describeCluster',
  summary: 'Lists the nodes of the cluster: node id, hostname, port',
  changesState: false,
  roles: 'anyone',
  input: s.object({}),
  node: s.object({ nodes: s.array(serverAddressSchema) }),
  result: s.nothing(),
  decide(_input, state, ctx) {
    const nodes = serverAddresses(state);
    return { events: [], ...eachServer(state, ctx, (server) => ok(server, { nodes })) };
  },
});

export const hsmInfoSchema = s.object({ hsmSerial: s.string(), users: s.int(), claimed: s.boolean() });

export type HsmInfo = Infer<typeof hsmInfoSchema>;

export const describeHsm = defineOperation({
  name: 'describeHsm',
  summary: "Shows each server's HSM: serial number, users, whether the partition is claimed",
  changesState: false,
  roles: 'anyone',
  input: s.object({}),
  node: hsmInfoSchema,
  result: s.nothing(),
  decide(_input, state, ctx) {
    const run = eachServer(state, ctx, (server, p) =>
      ok(server, { hsmSerial: state.identity?.hsmSerials[server] ?? '', users: p.users.length, claimed: p.certs.poac !== undefined }),
    );
    return { events: [], ...run };
  },
});

export const partitionInfoSchema = s.object({ serial: s.string(), users: s.int(), tokenKeys: s.int(), maxKeys: s.int(), nodeId: s.int(), claimed: s.boolean() });

export type PartitionInfo = Infer<typeof partitionInfoSchema>;

export const describePartition = defineOperation({
  name: 'describePartition',
  summary: "Shows each server's partition: serial, users, token keys, node id, claimed",
  changesState: false,
  roles: 'anyone',
  input: s.object({}),
  node: partitionInfoSchema,
  result: s.nothing(),
  decide(_input, state, ctx) {
    const run = eachServer(state, ctx, (server, p) =>
      ok(server, { serial: p.serial, users: p.users.length, tokenKeys: p.keyCount, maxKeys: state.keyCapacity, nodeId: server + 1, claimed: p.certs.poac !== undefined }),
    );
    return { events: [], ...run };
  },
});
