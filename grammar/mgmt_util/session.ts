// mgmt_util commands about the tool itself, its scopes and its login.
import { arg, GLOBAL_ONLY, mgmt, passwordArg, SERVER_ONLY, serverIdArg, userNameArg, userTypeArg } from './define.ts';

export const help = mgmt({
  name: 'help',
  summary: 'Lists the commands, or the syntax of one command',
  description: ['Lists all commands of this scope, or the syntax of the named command.'],
  args: [arg('command', '<command>', { kind: 'text' }, 'a command name', { optional: true })],
  examples: ['help', 'help createUser'],
  limitedMode: true,
});

export const info = mgmt({
  name: 'info',
  summary: 'Shows a server: address, state, partition and who is logged in',
  description: ['Shows the id, address, port, connection state, partition and login state of one server.'],
  args: [arg('serverId', '<server id>', { kind: 'serverId' }, 'server number: 0, 1 or 2', { flag: 'server' })],
  examples: ['info server 0'],
  scopes: GLOBAL_ONLY,
  limitedMode: true,
});

export const server = mgmt({
  name: 'server',
  summary: 'Enters server mode: commands go to that one server',
  description: [
    'Switches to server mode. Commands then run on that server only, and the prompt becomes serverN>.',
    'Changes made in server mode are not copied to the other servers (use syncUser / syncKey).',
    'Type exit to return to cloudmgmt>.',
  ],
  args: [serverIdArg],
  examples: ['server 0'],
  scopes: GLOBAL_ONLY,
  limitedMode: true,
});

export const exit = mgmt({
  name: 'exit',
  summary: 'Leaves server mode',
  description: ['Leaves server mode and returns to the cloudmgmt> prompt.'],
  args: [],
  examples: ['exit'],
  scopes: SERVER_ONLY,
  limitedMode: true,
});

export const quit = mgmt({
  name: 'quit',
  summary: 'Disconnects from the servers and ends the tool',
  description: ['Logs out, disconnects from every server and ends azcloudhsm_mgmt_util.'],
  args: [],
  examples: ['quit'],
  scopes: GLOBAL_ONLY,
  limitedMode: true,
});

export const loginHSM = mgmt({
  name: 'loginHSM',
  summary: 'Logs in to the HSM partitions',
  description: [
    'Logs in to every connected server (or to this server in server mode) as the given user.',
    'Five wrong passwords lock the account on that server. Azure Cloud HSM is password-only (no -2fa).',
  ],
  args: [userTypeArg, userNameArg, passwordArg],
  examples: ['loginHSM CO admin adminpassword', 'loginHSM PRECO admin tenantadmin', 'loginHSM CU cu1 user1234'],
  limitedMode: true,
});

export const logoutHSM = mgmt({
  name: 'logoutHSM',
  summary: 'Logs out of the HSM partitions',
  description: ['Logs the current user out of every server it is logged in to.'],
  args: [],
  examples: ['logoutHSM'],
  limitedMode: true,
});

export const getClusterInfo = mgmt({
  name: 'getClusterInfo',
  summary: 'Lists the nodes of the cluster',
  description: ['Lists the node id, hostname and port of every node in the cluster, and which servers are not connected.'],
  args: [],
  examples: ['getClusterInfo'],
  limitedMode: true,
});

export const enable_e2e = mgmt({
  name: 'enable_e2e',
  summary: 'Enables the end-to-end encrypted channel',
  description: [
    'Enables end-to-end encryption to each connected server. The partition must be claimed (PO and POAC',
    'certificates stored) and PO.crt must be at owner_cert_path. Azure enables E2E at start-up by itself.',
  ],
  args: [],
  examples: ['enable_e2e'],
  limitedMode: true,
});

export const reconnect = mgmt({
  name: 'reconnect',
  summary: 'Reconnects to this server',
  description: ['Drops and re-opens the connection to this server, enabling E2E where the partition allows it.'],
  args: [],
  examples: ['reconnect'],
  scopes: SERVER_ONLY,
  limitedMode: true,
});
