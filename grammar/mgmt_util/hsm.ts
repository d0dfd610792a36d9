// mgmt_util HSM and partition information.
import { mgmt, SERVER_ONLY } from './define.ts';

export const getHSMInfo = mgmt({
  name: 'getHSMInfo',
  fanOutHeader: 'Getting HSM Info on {nodes} nodes',
  summary: 'Shows HSM model, serial, firmware and FIPS state',
  description: ['Shows the HSM information of every connected server. No login needed.'],
  args: [],
  examples: ['getHSMInfo'],
  limitedMode: true,
});

export const getPartitionInfo = mgmt({
  name: 'getPartitionInfo',
  summary: 'Shows partition limits and usage',
  description: ['Shows the partition name, state, limits (users, keys, password lengths) and counts of this server.'],
  args: [],
  examples: ['getPartitionInfo'],
  scopes: SERVER_ONLY,
  limitedMode: true,
});
