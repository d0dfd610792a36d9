// The registry entries of mgmt_util's session commands (grammar/mgmt_util/session.ts): help, scopes,
// server information, logging in and out, the cluster's nodes, and reconnecting with E2E.
import { canonicalUserType } from '../../../emulator/domain/users.ts';
import type { ServerAddress } from '../../../emulator/model.ts';
import { describeCluster } from '../../../emulator/operations/cluster-info.ts';
import { login, logout } from '../../../emulator/operations/users.ts';
import { mgmtCommandHelp, mgmtHelpList } from '../../../grammar/help.ts';
import { mgmtGrammar } from '../../../grammar/mgmt_util/index.ts';
import * as specs from '../../../grammar/mgmt_util/session.ts';
import { lookupCommand } from '../../../grammar/parse.ts';
import { data, failure, type Line, success } from '../../output.ts';
import { core, local, type MgmtTool } from '../command.ts';
import { connectServer } from '../connect.ts';
import { failureLines, isGlobal, serverResults, where } from '../render.ts';

function enterServer(server: number, tool: MgmtTool): void {
  const refusal = tool.session.serverRefusal(server);
  const c = tool.session.connections[server];
  if (refusal || !c) return tool.out.failed(failure(refusal ?? `Invalid server id ${server}`));
  tool.out.print(data(c.mode === 'e2e' ? "Server is in 'E2E' mode..." : "Server is in 'Unencrypted' mode..."));
  tool.session.scope = { kind: 'server', server };
}

export function infoLines(server: ServerAddress, connected: boolean, loginState: string): Line[] {
  return data(
    'Id      Name                    Hostname         Port   State           Partition               LoginState',
    `${String(server.server).padEnd(8)}${server.ip.padEnd(24)}${server.ip.padEnd(16)}${String(server.port).padEnd(8)}${(connected ? 'Connected' : 'Disconnected').padEnd(16)}${'PARTITION_1'.padEnd(24)}${loginState}`,
  );
}

/** enable_e2e and reconnect: connect again to every server of the scope (`reconnect` prints the connection lines). */
function reconnect(name: 'enable_e2e' | 'reconnect', tool: MgmtTool): void {
  const { session, cluster } = tool;
  cluster.sync();
  const servers = session.scope.kind === 'global' ? session.connections.map((c) => c.address.server) : [session.scope.server];
  const addresses = session.addresses();
  for (const s of servers) {
    const address = addresses[s];
    if (!address) continue;
    const r = connectServer(cluster.state, address, session.ownerCertPath);
    session.connections[s] = r.connection;
    if (name === 'reconnect') tool.out.print(r.lines);
    else if (r.connection.connected && r.connection.mode === 'e2e') tool.out.print(success(`E2E enabled on server ${s}(${r.connection.address.ip})`));
    else tool.out.failed(failure(`enable_e2e failed on server ${s}(${r.connection.address.ip})`));
  }
}

export const sessionCommands = {
  help: local(specs.help, (args, tool) => {
    if (!args.command) return tool.out.print(data(mgmtHelpList(mgmtGrammar, tool.session.scope.kind, { marks: tool.helpMarks })));
    const found = lookupCommand(mgmtGrammar, args.command);
    if (found.kind === 'found' || found.kind === 'wrongScope') tool.out.print(data(mgmtCommandHelp(found.spec)));
    else tool.out.failed(failure(`Invalid command: ${args.command}`));
  }),

  info: local(specs.info, (args, tool) => {
    const c = tool.session.connections[args.serverId];
    if (!c) return tool.out.failed(failure(`Invalid server id ${args.serverId}`));
    const l = tool.session.login;
    tool.out.print(infoLines(c.address, c.connected, l && l.servers.includes(args.serverId) ? `Logged in as '${l.name}(${l.type})'` : 'Not logged in'));
  }),

  server: local(specs.server, (args, tool) => enterServer(args.serverId, tool)),

  exit: local(specs.exit, (_args, tool) => {
    tool.session.scope = { kind: 'global' };
  }),

  quit: local(specs.quit, (_args, tool) => {
    tool.out.print(data('disconnecting from servers, please wait...'));
    // The servers end the session as the tool disconnects: its login (lease) is over.
    const lease = tool.session.login?.lease;
    if (lease) tool.cluster.closeSession(lease);
    tool.session.login = undefined;
    return false;
  }),

  loginHSM: core({
    spec: specs.loginHSM,
    operation: login,
    input: (a) => ({ type: canonicalUserType(a.userType), name: a.userName, password: a.password }),
    render: serverResults,
  }),

  logoutHSM: core({
    spec: specs.logoutHSM,
    operation: logout,
    input: () => ({}),
    render: serverResults,
  }),

  getClusterInfo: core({
    spec: specs.getClusterInfo,
    operation: describeCluster,
    input: () => ({}),
    render: (d, ctx) => {
      const first = d.outcomes.find((o) => o.code === 'SUCCESS');
      const lines = data('');
      if (first) {
        // The header's `Port` (column 55) does not line up with the values (column 70, after the hostname
        // and 13 spaces): so the Azure onboarding guide's screenshot shows it (reference/azcloudhsm_mgmt_util.md
        // §5.9, AZ-ONB step 11.2), and scripts read it that way. Kept as the real tool prints it.
        lines.push(...data(`Cluster info from ${where(ctx, first.server)}:`, 'Node Id         Hostname                              Port'));
        for (const n of first.data.nodes) lines.push(...data(`${String(n.nodeId).padEnd(16)}${n.hostname}             ${n.port}`));
      }
      for (const o of d.outcomes) if (o.code !== 'SUCCESS') lines.push(...failureLines(ctx.name, o, ctx));
      if (isGlobal(ctx)) for (const s of ctx.notConnected) lines.push(...failure(`Server ${s} is not connected`));
      return lines;
    },
  }),

  enable_e2e: local(specs.enable_e2e, (_args, tool) => reconnect('enable_e2e', tool)),

  reconnect: local(specs.reconnect, (_args, tool) => reconnect('reconnect', tool)),
};
