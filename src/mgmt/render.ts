// The text azcloudhsm_mgmt_util prints for each command's outcome, line for line as in the references.
// The core returns structured outcomes per server; only this file turns them into the real tool's words.
import { attributes } from '../../emulator/domain/attributes.ts';
import { returnCodes } from '../../emulator/domain/return-codes.ts';
import type { Decision, NodeOutcome, ScopeRef } from '../../emulator/decide/common.ts';
import type { HsmInfo, PartitionInfo } from '../../emulator/decide/info.ts';
import type { CertRefusal } from '../../emulator/decide/certs.ts';
import type { SyncResult, UserDiffRow, UserView } from '../../emulator/decide/users.ts';
import type { ServerAddress } from '../../emulator/model.ts';
import type { AttributeValue } from '../../emulator/decide/key-attributes.ts';
import type { KeyInfo } from '../../emulator/decide/keys-manage.ts';
import type { AllKeys, KeyDiffRow } from '../../emulator/decide/keys-mgmt.ts';
import { attributeFile } from '../text/attribute-file.ts';
import { hsmInfoRows, partitionInfoRows } from '../text/hsm-info.ts';

export interface RenderContext {
  readonly scope: ScopeRef;
  readonly addresses: readonly ServerAddress[];
}

export function where(ctx: RenderContext, server: number): string {
  return `server ${server}(${ctx.addresses[server]?.ip ?? '?'})`;
}

export function errorText(o: NodeOutcome): string {
  const text: string = returnCodes[o.code].text;
  const reason = (o.data as Partial<CertRefusal> | undefined)?.reason;
  return reason ? `${text} (${reason})` : text;
}

const isGlobal = (ctx: RenderContext): boolean => ctx.scope.kind === 'global';

/** `<cmd> success on server N(ip)` per server at cloudmgmt>, `<cmd> success` at serverN>; failures likewise. */
export function resultLines(name: string, outcomes: readonly NodeOutcome[], ctx: RenderContext): string[] {
  const lines: string[] = [];
  for (const o of outcomes) {
    if (o.code === 'SUCCESS') lines.push(isGlobal(ctx) ? `${name} success on ${where(ctx, o.server)}` : `${name} success`);
    else lines.push(...failureLines(name, o, ctx));
  }
  return lines;
}

export function failureLines(name: string, o: NodeOutcome, ctx: RenderContext): string[] {
  const lines = [`${name} failed: ${errorText(o)}`];
  if (isGlobal(ctx)) lines.push(name === 'createUser' ? `creating user on ${where(ctx, o.server)} failed` : `${name} failed on ${where(ctx, o.server)}`);
  return lines;
}

/** Lines for each server's outcome: `ok` renders a success, failures get the usual failure lines. */
function perServer<N>(name: string, d: Decision, ctx: RenderContext, ok: (data: N, server: number) => string[]): string[] {
  return d.outcomes.flatMap((o) => (o.code === 'SUCCESS' ? ok(o.data as N, o.server) : failureLines(name, o, ctx)));
}

/** The line printed before a user change fans out, e.g. `Creating User cu1(CU) on 3 nodes`. */
export function fanOutHeader(name: string, args: Readonly<Record<string, unknown>>, nodes: number): string | undefined {
  const user = `${String(args.userName)}(${args.userType === 'PO' ? 'PRECO' : String(args.userType)})`;
  switch (name) {
    case 'createUser':
      return `Creating User ${user} on ${nodes} nodes`;
    case 'deleteUser':
      return `Deleting user ${user} on ${nodes} nodes`;
    case 'changePswd':
      return `Changing password for ${user} on ${nodes} nodes`;
    case 'getUserInfo':
      return `getUserInfo Info of user ${String(args.userName)} on ${nodes} nodes`;
    case 'unlockUser':
      return `UnlockUser ${String(args.userName)} on ${nodes} nodes`;
    case 'getChallenge':
      return `getChallenge on ${nodes} nodes`;
    case 'getHSMInfo':
      return `Getting HSM Info on ${nodes} nodes`;
    default:
      return undefined;
  }
}

export function listUsersLines(d: Decision, ctx: RenderContext): string[] {
  return perServer<UserView[]>('listUsers', d, ctx, (users, server) => {
    return [
      `Users on ${where(ctx, server)}:`,
      `Number of users found:${users.length}`,
      '',
      '    User Id             User Type       User Name                          MofnPubKey    LoginFailureCnt         2FA',
      ...users.map(
        (u) =>
          `${String(u.id).padStart(10)}${' '.repeat(14)}${u.type.padEnd(16)}${u.name.padEnd(35)}${'NO'.padStart(8)}${String(u.loginFailures).padStart(16)}${'NO'.padStart(17)}`,
      ),
    ];
  });
}

export function clusterInfoLines(d: Decision, ctx: RenderContext, notConnected: readonly number[]): string[] {
  const first = d.outcomes.find((o) => o.code === 'SUCCESS');
  const lines = [''];
  if (first) {
    const { nodes } = first.data as { nodes: ServerAddress[] };
    lines.push(`Cluster info from ${where(ctx, first.server)}:`, 'Node Id         Hostname                              Port');
    for (const n of nodes) lines.push(`${String(n.nodeId).padEnd(16)}${n.hostname}             ${n.port}`);
  }
  for (const o of d.outcomes) if (o.code !== 'SUCCESS') lines.push(...failureLines('getClusterInfo', o, ctx));
  if (isGlobal(ctx)) for (const s of notConnected) lines.push(`Server ${s} is not connected`);
  return lines;
}

export function hsmInfoLines(d: Decision, ctx: RenderContext): string[] {
  return perServer<HsmInfo>('getHSMInfo', d, ctx, (info, server) => [`\t\t*** Server ${server} HSM Info ***`, '', ...hsmInfoRows(info)]);
}

export function partitionInfoLines(d: Decision, ctx: RenderContext): string[] {
  return perServer<PartitionInfo>('getPartitionInfo', d, ctx, (p) => [...partitionInfoRows(p), 'getPartitionInfo success']);
}

export function userInfoLines(d: Decision, ctx: RenderContext): string[] {
  return perServer<UserView>('getUserInfo', d, ctx, (u, server) => {
    return [
      `getUserInfo on ${where(ctx, server)}`,
      `User ID: ${u.id}`,
      `User Type: ${u.type}`,
      `User Name: ${u.name}`,
      `LoginFailureCnt: ${u.loginFailures}`,
      'USER ATTRIBUTES:',
      ...['SIGN', 'WRAP', 'UNWRAP', 'MODIFY OBJECT', 'DERIVE KEY', 'KEYGEN', 'MANAGE BY CO'].map((a) => `|-- ${a}: ENABLED`),
      isGlobal(ctx) ? `getUserInfo success on ${where(ctx, server)}` : 'getUserInfo success',
    ];
  });
}

export function userDiffMapLines(d: Decision, ctx: RenderContext): string[] {
  return perServer<UserDiffRow[]>('getUserDiffMap', d, ctx, (rows, server) => {
    return [
      `Source Server: ${server}(${ctx.addresses[server]?.ip ?? '?'})`,
      'User Id User Type User Name   exists on',
      ...rows.map((r) => `${String(r.id).padEnd(9)}${r.type.padEnd(8)}${r.name.padEnd(17)}${r.existsOn.map((s) => `${s},`).join('')}`),
      'getUserDiffMap success',
    ];
  });
}

export function syncUserLines(d: Decision, ctx: RenderContext): string[] {
  const lines: string[] = [];
  for (const o of d.outcomes) {
    const sync = o.data as SyncResult | undefined;
    if (sync) {
      lines.push(`ExtractMaskedObject: 0x${returnCodes[sync.extract].code.toString(16)} !`);
      if (sync.insert) lines.push(`InsertMaskedObject: 0x${returnCodes[sync.insert].code.toString(16)} !`);
    }
    lines.push(...resultLines('syncUser', [o], ctx));
  }
  return lines;
}

export function infoLines(server: ServerAddress, connected: boolean, loginState: string): string[] {
  return [
    'Id      Name                    Hostname         Port   State           Partition               LoginState',
    `${String(server.server).padEnd(8)}${server.ip.padEnd(24)}${server.ip.padEnd(16)}${String(server.port).padEnd(8)}${(connected ? 'Connected' : 'Disconnected').padEnd(16)}${'PARTITION_1'.padEnd(24)}${loginState}`,
  ];
}

export function listAttributesLines(): string[] {
  return [
    'Following are the possible attribute values for getAttribute:',
    '',
    ...attributes.entries.map((a) => `      ${a.name.padEnd(32)}= ${a.code}`),
  ];
}

export function findAllKeysLines(d: Decision, ctx: RenderContext): string[] {
  return perServer<AllKeys>('findAllKeys', d, ctx, (found, server) => [
    `Keys on ${where(ctx, server)}:`,
    `Number of keys found ${found.keys.length}`,
    `number of keys matched from start index 0::${found.keys.length}`,
    found.keys.map((k) => `${k.handle}${k.mark ? `(${k.mark})` : ''}`).join(','),
    ...(found.hash !== undefined ? ['Key Hash:', found.hash, ''] : []),
    isGlobal(ctx) ? `findAllKeys success on ${where(ctx, server)}` : 'findAllKeys success',
    '',
  ]);
}

export function keyInfoLines(d: Decision, ctx: RenderContext): string[] {
  return perServer<KeyInfo>('getKeyInfo', d, ctx, (info, server) => [
    `Key Info on ${where(ctx, server)}:`,
    '',
    `\t${info.token ? 'Token/Flash Key,' : 'Session Key,'}`,
    '',
    `\tOwned by user ${info.owner}`,
    ...(info.sharedWith.length > 0 ? ['', `\talso, shared to following ${info.sharedWith.length} user(s):`, '', ...info.sharedWith.map((u) => `\t\t ${u}`)] : []),
    ...(info.mValue > 1 ? [`\t ${info.mValue} Users need to approve to use/manage this key`] : []),
  ]);
}

export function attributeLines(d: Decision, ctx: RenderContext): string[] {
  return perServer<AttributeValue[]>('getAttribute', d, ctx, (values, server) => [
    `Attribute Value on ${where(ctx, server)}:`,
    ...attributeFile(values).trimEnd().split('\n'),
    '',
  ]);
}

export function keyDiffMapLines(d: Decision, ctx: RenderContext): string[] {
  return perServer<KeyDiffRow[]>('getKeyDiffMap', d, ctx, (rows, server) => [
    `Number of keys found ${rows.length}`,
    'Key Handle  Synced On',
    ...rows.map((r) => `${String(r.handle).padEnd(8)}${r.syncedOn.map((s) => `${s},`).join('')}`),
    isGlobal(ctx) ? `getKeyDiffMap success on ${where(ctx, server)}` : 'getKeyDiffMap success',
  ]);
}
