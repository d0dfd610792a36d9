// The registry entries of mgmt_util's user commands (grammar/mgmt_util/users.ts).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { returnCodes } from '../../../emulator/domain/return-codes.ts';
import { canonicalUserType } from '../../../emulator/domain/users.ts';
import {
  changePassword,
  copyUserToServer,
  createUser,
  deleteUser,
  describeUser,
  issueUnlockChallenge,
  listUsers,
  locateUsers,
  unlockCryptoOfficer,
  unlockUser,
} from '../../../emulator/operations/users.ts';
import * as specs from '../../../grammar/mgmt_util/users.ts';
import { writeOutput } from '../../files.ts';
import { data, failure, type Line, success } from '../../output.ts';
import { core, type MgmtTool } from '../command.ts';
import { failureLines, perServer, serverResults, successLine, where } from '../render.ts';

/** The `Users on server N` table of listUsers. */
function userTable(users: readonly { id: number; type: string; name: string; loginFailures: number }[]): Line[] {
  return data(
    `Number of users found:${users.length}`,
    '',
    '    User Id             User Type       User Name                          MofnPubKey    LoginFailureCnt         2FA',
    ...users.map(
      (u) => `${String(u.id).padStart(10)}${' '.repeat(14)}${u.type.padEnd(16)}${u.name.padEnd(35)}${'NO'.padStart(8)}${String(u.loginFailures).padStart(16)}${'NO'.padStart(17)}`,
    ),
  );
}

/** unlockCO's template names each server's signature file; a template path that does not exist gets a sample. */
function unlockSignatures(coName: string, templatePath: string, tool: MgmtTool) {
  if (!existsSync(templatePath)) {
    const sample = { 'Unlock CO signatures': Object.fromEntries(tool.session.connected().map((s) => [`Node ${s}`, `../cert/challenge.sign${s}`])) };
    const error = writeOutput(templatePath, JSON.stringify(sample, null, 2) + '\n');
    tool.out.failed(failure(error ? `unlockCO failed: ${error}` : `unlockCO: no template at ${templatePath}; a sample was written there: name each node's signature file and run unlockCO again`));
    return undefined;
  }
  const bytes = tool.inputs.readFile('unlockCO', templatePath);
  if (!bytes) return undefined;
  const named = signatureFilesOf(Buffer.from(bytes).toString('utf8'));
  if (!named) {
    tool.out.failed(failure(`unlockCO failed: ${templatePath} is not a JSON template`));
    return undefined;
  }
  const signatures: { server: number; signature: Uint8Array }[] = [];
  for (const { server, path } of named) {
    const signature = tool.inputs.readFile('unlockCO', path);
    if (!signature) return undefined;
    signatures.push({ server, signature });
  }
  return { coName, signatures };
}

/** The `"Node N": "<file>"` pairs of a template; undefined when it is not one. */
function signatureFilesOf(json: string): { server: number; path: string }[] | undefined {
  let template: unknown;
  try {
    template = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (typeof template !== 'object' || template === null) return undefined;
  const signatures: unknown = Object.entries(template).find(([key]) => key === 'Unlock CO signatures')?.[1] ?? {};
  if (typeof signatures !== 'object' || signatures === null) return undefined;
  const files: { server: number; path: string }[] = [];
  for (const [node, path] of Object.entries(signatures)) {
    const m = /^Node (\d+)$/.exec(node);
    if (!m) continue;
    if (typeof path !== 'string') return undefined;
    files.push({ server: Number(m[1]), path });
  }
  return files;
}

export const userCommands = {
  createUser: core({
    spec: specs.createUser,
    operation: createUser,
    input: (a) => ({ type: a.userType, name: a.userName, password: a.newPassword }),
    render: serverResults,
  }),

  deleteUser: core({
    spec: specs.deleteUser,
    operation: deleteUser,
    input: (a) => ({ type: canonicalUserType(a.userType), name: a.userName }),
    render: serverResults,
  }),

  changePswd: core({
    spec: specs.changePswd,
    operation: changePassword,
    input: (a) => ({ type: canonicalUserType(a.userType), name: a.userName, password: a.newPassword }),
    render: serverResults,
  }),

  listUsers: core({
    spec: specs.listUsers,
    operation: listUsers,
    input: () => ({}),
    render: (d, ctx) => perServer(ctx.name, d, ctx, (users, server) => [...data(`Users on ${where(ctx, server)}:`), ...userTable(users)]),
  }),

  getUserInfo: core({
    spec: specs.getUserInfo,
    operation: describeUser,
    input: (a) => ({ name: a.userName }),
    render: (d, ctx) =>
      perServer(ctx.name, d, ctx, (u, server) => [
        ...data(
          `getUserInfo on ${where(ctx, server)}`,
          `User ID: ${u.id}`,
          `User Type: ${u.type}`,
          `User Name: ${u.name}`,
          `LoginFailureCnt: ${u.loginFailures}`,
          'USER ATTRIBUTES:',
          ...['SIGN', 'WRAP', 'UNWRAP', 'MODIFY OBJECT', 'DERIVE KEY', 'KEYGEN', 'MANAGE BY CO'].map((a) => `|-- ${a}: ENABLED`),
        ),
        ...successLine(ctx.name, ctx, server),
      ]),
  }),

  syncUser: core({
    spec: specs.syncUser,
    operation: copyUserToServer,
    input: (a) => ({ userId: a.userId, destination: a.serverId }),
    render: (d, ctx) =>
      d.outcomes.flatMap((o) => {
        // The copy is extracted from this server, then inserted into the destination.
        const masked = (insert: number): Line[] => data('ExtractMaskedObject: 0x0 !', `InsertMaskedObject: 0x${insert.toString(16)} !`);
        if (o.code === 'SUCCESS') return [...masked(0), ...successLine(ctx.name, ctx, o.server)];
        return [...(o.atDestination ? masked(returnCodes[o.code].code) : []), ...failureLines(ctx.name, o, ctx)];
      }),
  }),

  getUserDiffMap: core({
    spec: specs.getUserDiffMap,
    operation: locateUsers,
    input: (a) => ({ userId: a.userId }),
    render: (d, ctx) =>
      perServer(ctx.name, d, ctx, (rows, server) => [
        ...data(
          `Source Server: ${server}(${ctx.addresses[server]?.ip ?? '?'})`,
          'User Id User Type User Name   exists on',
          ...rows.map((r) => `${String(r.id).padEnd(9)}${r.type.padEnd(8)}${r.name.padEnd(17)}${r.existsOn.map((s) => `${s},`).join('')}`),
        ),
        ...success('getUserDiffMap success'),
      ]),
  }),

  unlockUser: core({
    spec: specs.unlockUser,
    operation: unlockUser,
    input: (a) => ({ name: a.userName }),
    render: serverResults,
  }),

  getChallenge: core({
    spec: specs.getChallenge,
    operation: issueUnlockChallenge,
    input: (a) => ({ coName: a.coName }),
    render: (d, ctx) =>
      d.outcomes.flatMap((o) => {
        if (o.code !== 'SUCCESS') return failureLines(ctx.name, o, ctx);
        const error =
          ctx.writeFile(join(ctx.args.challengeDir, `challenge_node_${o.server}`), o.data.challenge) ??
          ctx.writeFile(join(ctx.args.signatureDir, `signature_node_${o.server}`), o.data.hsmSignature);
        return error ? failure(`${ctx.name} failed: ${error}`) : successLine(ctx.name, ctx, o.server);
      }),
  }),

  unlockCO: core({
    spec: specs.unlockCO,
    operation: unlockCryptoOfficer,
    resolveInput: (a, tool) => unlockSignatures(a.coName, a.template, tool),
    render: serverResults,
  }),
};
