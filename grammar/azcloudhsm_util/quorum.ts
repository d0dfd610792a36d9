// M of N commands. The syntax is known from the Cavium source, but Azure Cloud HSM has no quorum
// authentication ("does not support MFA or M-of-N operations", the onboarding guide): the arguments are
// checked, then the command is refused as not built. How Azure's own tool answers them is unconfirmed.
import { flag, HANDLE, int, opt, QUORUM, READ, TEXT, util, WRITE } from './define.ts';

const group = 'M of N commands';

export const getToken = util({
  name: 'getToken',
  group,
  summary: 'Initiate an MxN service and get Token',
  description: ['Initiates an M of N service on a key and writes the token to a file.'],
  args: [
    flag('-n', '<service number>', int(5, 6), 'specifies the service: 5 = USE_KEY, 6 = MANAGE_KEY', { missing: 'Service number' }),
    flag('-k', '<key handle>', HANDLE, 'specifies the key handle', { missing: 'Key handle' }),
    flag('-u', '<user name>', TEXT, 'specifies the user name', { missing: 'User name' }),
    flag('-f', '<token file>', WRITE, 'specifies the file to write the token to', { missing: 'Token file' }),
    opt('-F', '<flags>', int(0, 255), 'specifies token flags (4)'),
  ],
  examples: ['getToken -n 5 -k 262150 -u cu1 -f token.bin'],
  notBuilt: QUORUM,
});

export const delToken = util({
  name: 'delToken',
  group,
  summary: 'delete Token(s)',
  description: ['Deletes the token in a token file, or (-f 4) all tokens.'],
  args: [
    opt('-tf', '<token file>', READ, 'specifies the token file'),
    opt('-f', '<flags>', int(0, 255), 'specifies 4 to delete all tokens'),
  ],
  examples: ['delToken -tf token.bin', 'delToken -f 4'],
  notBuilt: QUORUM,
});

export const approveToken = util({
  name: 'approveToken',
  group,
  summary: 'Approves an MxN service',
  description: ['Approves an M of N service with a signed approval file.'],
  args: [flag('-af', '<approval file>', READ, 'specifies the approval template file', { missing: 'Approval file' })],
  examples: ['approveToken -af approval.bin'],
  notBuilt: QUORUM,
});

export const listTokens = util({
  name: 'listTokens',
  group,
  summary: 'List all Tokens in the current partition',
  description: ['Lists all M of N tokens in the current partition.'],
  args: [],
  examples: ['listTokens'],
  notBuilt: QUORUM,
});

export const quorumCommands = { getToken, delToken, approveToken, listTokens };
