// The registry entries of mgmt_util's HSM and partition information commands (grammar/mgmt_util/hsm.ts).
import { describeHsm, describePartition } from '../../../emulator/operations/cluster-info.ts';
import * as specs from '../../../grammar/mgmt_util/hsm.ts';
import { data, success } from '../../output.ts';
import { hsmInfoRows, partitionInfoRows } from '../../text/hsm-info.ts';
import { core } from '../command.ts';
import { perServer } from '../render.ts';

export const hsmCommands = {
  getHSMInfo: core({
    spec: specs.getHSMInfo,
    operation: describeHsm,
    input: () => ({}),
    render: (d, ctx) => perServer(ctx.name, d, ctx, (info, server) => data(`\t\t*** Server ${server} HSM Info ***`, '', ...hsmInfoRows(info))),
  }),

  getPartitionInfo: core({
    spec: specs.getPartitionInfo,
    operation: describePartition,
    input: () => ({}),
    render: (d, ctx) => perServer(ctx.name, d, ctx, (p) => [...data(...partitionInfoRows(p)), ...success('getPartitionInfo success')]),
  }),
};
