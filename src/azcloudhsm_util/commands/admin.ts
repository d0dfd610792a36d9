// The registry entries of the Configuration and Admin Commands (grammar/azcloudhsm_util/admin.ts).
import { describeHsm, describePartition } from '../../../emulator/operations/cluster-info.ts';
import { firstAnswer } from '../../../emulator/operations/fan-out.ts';
import { listUsers, login, logout } from '../../../emulator/operations/users.ts';
import { canonicalUserType } from '../../../emulator/domain/users.ts';
import * as specs from '../../../grammar/azcloudhsm_util/admin.ts';
import { data, failure } from '../../output.ts';
import { hsmInfoRows, partitionInfoRows } from '../../text/hsm-info.ts';
import { core, local } from '../command.ts';
import { failedLines, overallCode, returnedLine, standard } from '../render.ts';

export const adminCommands = {
  getHSMInfo: core({
    spec: specs.getHSMInfo,
    operation: describeHsm,
    input: () => ({}),
    render: (answer, ctx) => {
      const info = firstAnswer(answer.outcomes);
      return info ? data('', ...hsmInfoRows(info)) : failedLines(ctx.fn, answer.outcomes);
    },
  }),

  getPartitionInfo: core({
    spec: specs.getPartitionInfo,
    operation: describePartition,
    input: () => ({}),
    render: (answer, ctx) => {
      const info = firstAnswer(answer.outcomes);
      return info ? data('', '\tGetting Partition Info', ...partitionInfoRows(info).map((l) => `\t${l}`)) : failedLines(ctx.fn, answer.outcomes);
    },
  }),

  listUsers: core({
    spec: specs.listUsers,
    operation: listUsers,
    input: () => ({}),
    render: (answer, ctx) => {
      const users = firstAnswer(answer.outcomes);
      const lines = data('');
      if (users) {
        lines.push(
          ...data(
            `\tNumber Of Users Found: ${users.length}`,
            '',
            '\tIndex\t    User ID    \tUser Type\tUser Name\t\t\t   MofnPubKey\t LoginFailureCnt\t 2FA',
            ...users.map(
              (u, i) => `\t${i + 1}\t${String(u.id).padStart(10)}\t${u.type}\t\t${u.name.padEnd(32)}\t${'NO'.padStart(3)} ${String(u.loginFailures).padStart(15)}\t\t ${'NO'.padStart(3)}`,
            ),
            '',
          ),
        );
      }
      lines.push(returnedLine(ctx.fn, overallCode(answer.outcomes), '\t'));
      return lines;
    },
  }),

  loginStatus: local(specs.loginStatus, async (_args, tool) => {
    try {
      const s = await tool.connection.loginStatus();
      tool.out.print(data('', s.login ? `\t${s.login.type} has logged-in` : '\tNo user has logged-in'));
    } catch {
      tool.out.failed([...data(''), ...failure('\tCfm3GetLoginStatus Failure: 0x40000040 : LIQUIDSECURITY: Daemon socket connection error')]);
    }
  }),

  loginHSM: core({
    spec: specs.loginHSM,
    operation: login,
    input: (a) => ({ type: canonicalUserType(a.u), name: a.s, password: a.p }),
    render: (answer, ctx) => standard(ctx.fn, answer.outcomes),
  }),

  logoutHSM: core({
    spec: specs.logoutHSM,
    operation: logout,
    input: () => ({}),
    render: (answer, ctx) => standard(ctx.fn, answer.outcomes),
  }),
};
