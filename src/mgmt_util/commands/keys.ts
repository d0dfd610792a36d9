// The registry entries of mgmt_util's key commands (grammar/mgmt_util/keys.ts).
import { attributes } from '../../../emulator/domain/attributes.ts';
import { describeKeyOwnership, readKeyAttributes } from '../../../emulator/operations/key-management.ts';
import { changeKeyOwner, copyKeyToServer, listUserKeys, locateKeys, setKeyAttribute, shareKey } from '../../../emulator/operations/key-sharing.ts';
import * as specs from '../../../grammar/mgmt_util/keys.ts';
import { data } from '../../output.ts';
import { attributeFile } from '../../text/attribute-file.ts';
import { core, local } from '../command.ts';
import { perServer, serverResults, successLine, where } from '../render.ts';

export const keyCommands = {
  findAllKeys: core({
    spec: specs.findAllKeys,
    operation: listUserKeys,
    input: (a) => ({ userId: a.userId, withHash: a.keyHash === 1 }),
    render: (d, ctx) =>
      perServer(ctx.name, d, ctx, (found, server) => [
        ...data(
          `Keys on ${where(ctx, server)}:`,
          `Number of keys found ${found.keys.length}`,
          `number of keys matched from start index 0::${found.keys.length}`,
          found.keys.map((k) => `${k.handle}${k.mark ? `(${k.mark})` : ''}`).join(','),
          ...(found.hash !== undefined ? ['Key Hash:', found.hash, ''] : []),
        ),
        ...successLine(ctx.name, ctx, server),
        ...data(''),
      ]),
  }),

  getKeyInfo: core({
    spec: specs.getKeyInfo,
    operation: describeKeyOwnership,
    input: (a) => ({ handle: a.keyHandle }),
    render: (d, ctx) =>
      perServer(ctx.name, d, ctx, (info, server) =>
        data(
          `Key Info on ${where(ctx, server)}:`,
          '',
          `\t${info.token ? 'Token/Flash Key,' : 'Session Key,'}`,
          '',
          `\tOwned by user ${info.owner}`,
          ...(info.sharedWith.length > 0 ? ['', `\talso, shared to following ${info.sharedWith.length} user(s):`, '', ...info.sharedWith.map((u) => `\t\t ${u}`)] : []),
          ...(info.mValue > 1 ? [`\t ${info.mValue} Users need to approve to use/manage this key`] : []),
        ),
      ),
  }),

  getAttribute: core({
    spec: specs.getAttribute,
    operation: readKeyAttributes,
    input: (a) => ({ handle: a.keyHandle, attribute: a.attributeId }),
    render: (d, ctx) => perServer(ctx.name, d, ctx, (values, server) => data(`Attribute Value on ${where(ctx, server)}:`, ...attributeFile(values).trimEnd().split('\n'), '')),
  }),

  setAttribute: core({
    spec: specs.setAttribute,
    operation: setKeyAttribute,
    input: (a) => ({ handle: a.keyHandle, attribute: a.attributeId, value: a.value }),
    render: serverResults,
  }),

  shareKey: core({
    spec: specs.shareKey,
    operation: shareKey,
    input: (a) => ({ handle: a.keyHandle, userIds: a.userIds, share: a.share === 1 }),
    render: serverResults,
  }),

  modifyKeyOwner: core({
    spec: specs.modifyKeyOwner,
    operation: changeKeyOwner,
    input: (a) => ({ handle: a.keyHandle, owner: a.userId, ...(a.kcv !== undefined ? { kcv: a.kcv } : {}) }),
    render: serverResults,
  }),

  syncKey: core({
    spec: specs.syncKey,
    operation: copyKeyToServer,
    input: (a) => ({ handle: a.keyHandle, destination: a.serverId }),
    render: serverResults,
  }),

  getKeyDiffMap: core({
    spec: specs.getKeyDiffMap,
    operation: locateKeys,
    input: (a) => ({ userId: a.userId, handle: a.keyHandle }),
    // Oracle's page: at cloudmgmt> the map of the server named first, one block; `Number of keys found`
    // only when every key is asked for (key handle 0).
    onServer: (a) => a.serverId,
    render: (d, ctx) =>
      perServer(ctx.name, d, ctx, (rows, server) => [
        ...data(
          ...(ctx.args.keyHandle === 0 ? [`Number of keys found ${rows.length}`] : []),
          'Key Handle  Synced On',
          ...rows.map((r) => `${String(r.handle).padEnd(8)}${r.syncedOn.map((s) => `${s},`).join('')}`),
        ),
        ...successLine(ctx.name, ctx, server),
      ]),
  }),

  listAttributes: local(specs.listAttributes, (_args, tool) =>
    tool.out.print(data('Following are the possible attribute values for getAttribute:', '', ...attributes.entries.map((a) => `      ${a.name.padEnd(32)}= ${a.code}`))),
  ),
};
