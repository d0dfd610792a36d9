// The examples of the command reference (docs/commands.md): one session of each tool on the state
// recordings/owned.md leaves, in which every emulated command runs once, in an order where each finds
// what it needs (keys made before they are used, server mode entered before its commands). The
// reference is a recording: `npm test` replays these examples and checks every line they print.
import type { ToolName } from '../../grammar/spec.ts';
import { QUESTIONS } from '../prompts.ts';

export type Example = Extract<ScenarioStep, { kind: 'example' }>;

export type ScenarioStep =
  /** Shell steps the tutor-less reader needs first: files, the daemon, a trusted KEK (no command's example). */
  | { readonly kind: 'setup'; readonly text: string; readonly commands: readonly string[] }
  /** A tool session starts: `$ <start>`. */
  | { readonly kind: 'start'; readonly tool: ToolName; readonly start: string }
  /** The example of one command: the line typed at the tool's prompt, and its questions with their answers. */
  | {
      readonly kind: 'example';
      readonly tool: ToolName;
      readonly command: string;
      readonly line: string;
      readonly answers?: readonly string[];
      /** Output lines that differ from run to run (bytes made with a fresh key), written as `[..]`. */
      readonly varies?: RegExp;
    };

/** The CAUTION question of a critical mgmt_util command, answered yes. */
const YES = [`${QUESTIONS.confirm.text}y`];

const util = (command: string, line: string, answers?: readonly string[]): Example => ({ kind: 'example', tool: 'azcloudhsm_util', command, line, ...(answers ? { answers } : {}) });
const mgmt = (command: string, line: string, answers?: readonly string[]): Example => ({ kind: 'example', tool: 'azcloudhsm_mgmt_util', command, line, ...(answers ? { answers } : {}) });

/** What `cu1` makes in setup and in its session: the handles the examples use (token keys count up from 262150). */
export const SCENARIO: readonly ScenarioStep[] = [
  {
    kind: 'setup',
    text: 'The client daemon, a few files, and the user KEK (262150), made by `cu1` and marked trusted by the crypto officer, as the onboarding guide does it:',
    commands: [
      'azcloudhsm_client > /dev/null 2>&1 &',
      'cd bin',
      "printf 'data to sign\\n' > data.bin",
      "printf '0123456789abcdef' > block.bin",
      'openssl genpkey -algorithm ED25519 -out ext-ed.key',
      'openssl pkey -in ext-ed.key -pubout -out ext-ed.pub',
      './azcloudhsm_util singlecmd loginHSM -u CU -s cu1 -p user1234 genSymKey -t 31 -s 32 -l userkek -wrap_with_trusted 1 > /dev/null',
      "printf 'loginHSM CO admin adminpassword\\nsetAttribute 262150 134 1\\ny\\nquit\\n' | ./azcloudhsm_mgmt_util ./azcloudhsm_resource.cfg > /dev/null",
    ],
  },
  { kind: 'start', tool: 'azcloudhsm_util', start: './azcloudhsm_util' },
  util('help', 'help'),
  util('getHSMInfo', 'getHSMInfo'),
  util('getPartitionInfo', 'getPartitionInfo'),
  util('listUsers', 'listUsers'),
  util('listECCCurveIds', 'listECCCurveIds'),
  util('listAttributes', 'listAttributes'),
  util('Error2String', 'Error2String -r 0xdb'),
  util('loginHSM', 'loginHSM -u CU -s cu1 -p user1234'),
  util('loginStatus', 'loginStatus'),
  util('genRSAKeyPair', 'genRSAKeyPair -m 2048 -e 65537 -l rsa-key-1'),
  util('genECCKeyPair', 'genECCKeyPair -i 14 -l ecc14'),
  util('genDSAKeyPair', 'genDSAKeyPair -m 1024 -l dsa-key'),
  util('genSymKey', 'genSymKey -t 16 -s 32 -l secret -sess'),
  util('findKey', 'findKey -l rsa-key-1'),
  util('findSingleKey', 'findSingleKey -k 262151'),
  util('getKeyInfo', 'getKeyInfo -k 262152'),
  util('getAttribute', 'getAttribute -o 262152 -a 3 -out label.txt'),
  // The session key 524288 becomes a token key and keeps its handle.
  util('setAttribute', 'setAttribute -o 524288 -a 1', [`${QUESTIONS.booleanValue.text}1`]),
  util('sign', 'sign -f data.bin -k 262152 -m 1 -out data.sig'),
  util('verify', 'verify -f data.bin -s data.sig -k 262151 -m 1'),
  util('exportPubKey', 'exportPubKey -k 262151 -out rsa-key-1.pem'),
  util('importPubKey', 'importPubKey -l ext-ed-pub -f ext-ed.pub'),
  util('createPublicKey', 'createPublicKey -m 0xA689060C54D58CAC96DA0249DF7032CF5591C5F3E0E11F9B6E4B90B832EF03F47991A898DCE0868A4B49A5D2D1DC42F861EAE3FB3270A87C31A09DBCF0E8D2E7 -e 65537 -l rsa-public'),
  util('importPrivateKey', 'importPrivateKey -l ext-ed -f ext-ed.key -w 262150'),
  util('exportPrivateKey', 'exportPrivateKey -k 262159 -w 262150 -out ext-ed-back.pem'),
  util('wrapKey', 'wrapKey -k 524288 -w 262150 -m 4 -out secret.wrapped'),
  util('unWrapKey', 'unWrapKey -f secret.wrapped -w 262150 -m 4'),
  util('exSymKey', 'exSymKey -k 524288 -w 262150 -out secret.key'),
  util('imSymKey', 'imSymKey -f secret.key -w 262150 -t 16 -l secret-again'),
  { ...util('aesWrapUnwrap', 'aesWrapUnwrap -f block.bin -w 262150 -m 1 -out block.wrapped'), varies: /^([0-9A-F]{2} )*[0-9A-F]{2}$/ },
  util('getCaviumPrivKey', 'getCaviumPrivKey -k 262152 -out rsa-key-1-fake.pem'),
  util('IsValidKeyHandlefile', 'IsValidKeyHandlefile -f rsa-key-1-fake.pem'),
  util('getCert', 'getCert -f partition-owner.crt -s 4'),
  util('extractMaskedObject', 'extractMaskedObject -o 262161 -out secret-again.masked'),
  util('deleteKey', 'deleteKey -k 262161'),
  util('insertMaskedObject', 'insertMaskedObject -f secret-again.masked'),
  util('logoutHSM', 'logoutHSM'),
  util('exit', 'exit'),
  { kind: 'start', tool: 'azcloudhsm_mgmt_util', start: './azcloudhsm_mgmt_util ./azcloudhsm_resource.cfg' },
  mgmt('help', 'help'),
  mgmt('info', 'info server 0'),
  mgmt('getClusterInfo', 'getClusterInfo'),
  mgmt('getHSMInfo', 'getHSMInfo'),
  mgmt('listUsers', 'listUsers'),
  mgmt('loginHSM', 'loginHSM CO admin adminpassword'),
  mgmt('getUserInfo', 'getUserInfo cu1'),
  mgmt('createUser', 'createUser CU cu2 password2', YES),
  mgmt('changePswd', 'changePswd CU cu2 password3', YES),
  mgmt('unlockUser', 'unlockUser cu2', YES),
  mgmt('findAllKeys', 'findAllKeys 3 0'),
  mgmt('listAttributes', 'listAttributes'),
  mgmt('setAttribute', 'setAttribute 524288 134 1', YES),
  mgmt('modifyKeyOwner', 'modifyKeyOwner 524288 4', YES),
  mgmt('getKeyDiffMap', 'getKeyDiffMap 0 0 0'),
  mgmt('createUser', 'createUser CU cu3 password3', YES),
  mgmt('deleteUser', 'deleteUser CU cu3', YES),
  mgmt('getChallenge', 'getChallenge admin ../cert ../cert'),
  mgmt('unlockCO', 'unlockCO admin ../cert/unlock.json'),
  mgmt('logoutHSM', 'logoutHSM'),
  mgmt('loginHSM', 'loginHSM CU cu1 user1234'),
  mgmt('getKeyInfo', 'getKeyInfo -k 262151'),
  mgmt('getAttribute', 'getAttribute 262151 3'),
  mgmt('shareKey', 'shareKey 262152 4 1', YES),
  mgmt('logoutHSM', 'logoutHSM'),
  mgmt('loginHSM', 'loginHSM CO admin adminpassword'),
  mgmt('enable_e2e', 'enable_e2e'),
  mgmt('server', 'server 1'),
  mgmt('getPartitionInfo', 'getPartitionInfo'),
  mgmt('getCertReq', 'getCertReq ../cert/P1-server1.csr'),
  mgmt('getCert', 'getCert ../cert/stored-PO.crt 4'),
  mgmt('storeCert', 'storeCert ../cert/PO.crt 4'),
  mgmt('createUser', 'createUser CU only1 password1', YES),
  mgmt('getUserDiffMap', 'getUserDiffMap 0'),
  mgmt('syncUser', 'syncUser 6 0'),
  mgmt('syncKey', 'syncKey 262150 0'),
  mgmt('reconnect', 'reconnect'),
  mgmt('exit', 'exit'),
  mgmt('quit', 'quit'),
];
