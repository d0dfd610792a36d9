// Configuration and Admin Commands: HSM and partition information, users, login.
import { userTypes } from '../../emulator/domain/users.ts';
import { flag, sw, util } from './define.ts';

const group = 'Configuration and Admin Commands';

export const getHSMInfo = util({
  name: 'getHSMInfo',
  vendorFunction: 'Cfm3GetHSMInfo',
  group,
  summary: 'Gets the HSM Information',
  description: ['Gets the HSM information: label, model, serial number, FIPS state, memory, firmware.'],
  args: [],
  examples: ['getHSMInfo'],
});

export const getPartitionInfo = util({
  name: 'getPartitionInfo',
  vendorFunction: 'Cfm3GetPartitionInfo',
  group,
  summary: 'Gets the Partition Information',
  description: ['Gets the partition information: status, FIPS state, user and key limits and counts.'],
  args: [],
  examples: ['getPartitionInfo'],
});

export const listUsers = util({
  name: 'listUsers',
  vendorFunction: 'Cfm3ListUsers',
  group,
  summary: 'Lists all users of a partition',
  description: ['listUsers lists all users of the current partition'],
  args: [],
  examples: ['listUsers'],
  noArgsMessage: "This command doesn't expect any arguments",
});

export const loginStatus = util({
  name: 'loginStatus',
  group,
  summary: 'Gets the Login Information',
  description: ['loginStatus informs if CU or CO is logged into the initialized HSM through current application.'],
  args: [],
  examples: ['loginStatus'],
  noArgsMessage: "This command doesn't expect any arguments and allowed only on initialized HSM",
});

export const loginHSM = util({
  name: 'loginHSM',
  vendorFunction: 'Cfm3LoginHSM',
  group,
  summary: 'Login to the HSM',
  description: ['Login to the HSM providing the user type and password.'],
  args: [
    flag('-u', '<user type>', { kind: 'code', table: userTypes }, 'specifies the user type as "CU"', {
      missing: 'User type',
      invalidMessage: 'Error: Invalid user type specified.',
      listValues: false,
    }),
    // `-hpswd` in place of `-p <password>` asks for it, hidden (AWS key_mgmt_util loginHSM page; newer builds).
    flag('-p', '<password>', { kind: 'password' }, 'specifies the user password (-hpswd instead of -p asks for it, hidden)', {
      missing: 'Password',
      secret: true,
      hiddenPrompt: true,
    }),
    flag('-s', '<username>', { kind: 'userName' }, 'specifies the user name', { missing: 'Username' }),
    sw('-2fa', '<optional> specifies to use dual factor auth (not available on Azure Cloud HSM)'),
  ],
  examples: ['loginHSM -u CU -s cu1 -p user1234', 'loginHSM -u CU -p user1234 -s cu1', 'loginHSM -u CU -s cu1 -hpswd'],
});

export const logoutHSM = util({
  name: 'logoutHSM',
  vendorFunction: 'Cfm3LogoutHSM',
  group,
  summary: 'Logout from the HSM',
  description: ['Logout from the HSM.'],
  args: [],
  examples: ['logoutHSM'],
});

export const adminCommands = { getHSMInfo, getPartitionInfo, listUsers, loginStatus, loginHSM, logoutHSM };
