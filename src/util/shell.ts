// azcloudhsm_util's front end: the `Command:` prompt, the grammar, input and output files, and the real
// tool's text. Every HSM command goes to the azcloudhsm_client daemon over its socket; the daemon holds
// the login and the session keys. Line mode and the Ink TUI drive it through a Console.
import { utilCommandHelp, utilHelpList, utilUsage } from '../../grammar/help.ts';
import { utilGrammar } from '../../grammar/azcloudhsm_util/index.ts';
import type { LiveValues } from '../../grammar/complete.ts';
import { parseLine } from '../../grammar/parse.ts';
import type { ArgValue, ParsedCommand } from '../../grammar/spec.ts';
import { returnCodes } from '../../emulator/domain/return-codes.ts';
import type { NodeOutcome } from '../../emulator/decide/common.ts';
import type { AttributeValue } from '../../emulator/decide/key-attributes.ts';
import type { KeyHandleFileCheck } from '../../emulator/decide/keys-crypto.ts';
import type { FoundKeys, KeyInfo } from '../../emulator/decide/keys-manage.ts';
import type { ExportedData, WrappedData } from '../../emulator/decide/keys-transfer.ts';
import type { HsmInfo, PartitionInfo } from '../../emulator/decide/info.ts';
import { privateKeyToPem, publicKeyToPem } from '../../emulator/crypto/pem.ts';
import { DaemonConnectionError, type DaemonConnection } from '../client/connection.ts';
import type { Hello, Live, WireDecision } from '../client/protocol.ts';
import type { Console } from '../console.ts';
import { VERSION } from '../text/version.ts';
import { readInput, writeOutput } from '../files.ts';
import type { StatusView, ToolShell } from '../shell.ts';
import { attributeFile, attributeSize } from '../text/attribute-file.ts';
import { hsmInfoRows, partitionInfoRows } from '../text/hsm-info.ts';
import * as r from './render.ts';

/** The lines azcloudhsm_util prints when it starts: its versions and the session the daemon opened. */
export function startLines(hello?: Hello): string[] {
  const lines = [`Version info, Client Version: ${VERSION.util}, SDK API Version: ${VERSION.sdkApi}, SDK Package Version: ${VERSION.sdkPackage}`];
  lines.push('', `\tCfm3Initialize() returned app id : ${r.hex(hello?.appId ?? 0x01000000, 8).slice(2)}`, '', `\tsession_handle ${(hello?.sessionHandle ?? 0x01000000).toString(16)}`);
  if (hello) lines.push('', `\tCurrent FIPS mode is: ${r.hex(hello.fipsState, 8).slice(2)}`);
  return lines;
}

/** What azcloudhsm_util prints when the daemon is not there (and then it exits). */
export function daemonMissingLines(): string[] {
  return [
    'Failed to connect socket, LIQUIDSECURITY: Daemon socket connection error',
    ...startLines(),
    '',
    '\tCfm3GetPartitionInfo returned: 0x40000040',
    '',
    'LIQUIDSECURITY: Daemon socket connection error',
  ];
}

/** Names the core uses where azcloudhsm_util's flags differ from mgmt_util's words. */
const CORE_ARGS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  loginHSM: { u: 'userType', s: 'userName', p: 'password' },
  getCert: { f: 'file', s: 'certType' },
};

export interface UtilShellOptions {
  readonly console: Console;
  readonly connection: DaemonConnection;
  readonly hello: Hello;
  /** Interactive sessions print the command list at start, as the real tool does. */
  readonly interactive?: boolean;
}

export class UtilShell implements ToolShell {
  readonly grammar = utilGrammar;
  failures = 0;
  private readonly out: Console;
  private cache: Live | undefined;
  private connectionLost = false;

  constructor(private readonly opts: UtilShellOptions) {
    this.out = opts.console;
  }

  start(): void {
    this.print(startLines(this.opts.hello));
    if (this.opts.interactive !== false) this.print(['', utilHelpList(utilGrammar)]);
    void this.refresh();
  }

  prompt(): string {
    return 'Command: ';
  }

  scope(): undefined {
    return undefined;
  }

  onReplayProgress(): () => void {
    // Replays happen in the daemon's process; this client sees only their result.
    return () => {};
  }

  live(): LiveValues {
    return this.cache ?? { users: [], keys: [], servers: [] };
  }

  status(): StatusView {
    const login = this.cache?.login;
    return { scope: 'azcloudhsm_util', ...(login ? { login } : {}), nodes: this.cache?.nodes ?? [], e2e: !this.connectionLost };
  }

  /** Fetches the keys and node states a prompt shows; errors leave the old values. */
  async refresh(): Promise<void> {
    try {
      this.cache = await this.opts.connection.live();
    } catch {
      // The next command reports a lost daemon.
    }
  }

  private print(lines: readonly string[] | string): void {
    for (const l of typeof lines === 'string' ? [lines] : lines) this.out.print(l);
  }

  private failed(lines: readonly string[] | string): void {
    this.failures++;
    this.print(lines);
  }

  async handle(line: string): Promise<boolean> {
    const parsed = parseLine(utilGrammar, line);
    let going = true;
    switch (parsed.kind) {
      case 'empty':
        return true;
      case 'unknown':
      case 'ambiguous':
      case 'wrongScope':
        // The real dispatcher answers any unknown command with the command list.
        this.failed(['', utilHelpList(utilGrammar)]);
        break;
      case 'help':
        this.print(utilCommandHelp(parsed.spec));
        break;
      case 'usage':
        // `help <anything>` lists the commands.
        if (parsed.spec.name === 'help') this.print(['', utilHelpList(utilGrammar)]);
        else this.failed(utilUsage(parsed.spec, parsed.message));
        break;
      case 'command':
        going = await this.run(parsed.command);
        break;
    }
    if (going) this.print('');
    await this.refresh();
    return going;
  }

  private async run(cmd: ParsedCommand): Promise<boolean> {
    const spec = cmd.spec;
    switch (cmd.name) {
      case 'exit':
        return false;
      case 'help':
        this.print(['', utilHelpList(utilGrammar)]);
        return true;
      case 'listAttributes':
        this.print(r.listAttributesLines());
        return true;
      case 'listECCCurveIds':
        this.print(r.listEccCurveLines());
        return true;
      case 'Error2String':
        this.print(r.error2StringLines(String(cmd.args.r)));
        return true;
    }
    if (spec.notBuilt) {
      this.failed(`\t${spec.name}: not emulated (${spec.notBuilt}). Nothing was changed.`);
      return true;
    }
    if (cmd.name === 'loginStatus') return this.loginStatus();
    const args: Record<string, ArgValue> = { ...cmd.args };
    if (cmd.name === 'setAttribute' && args.a === 1) {
      this.print('\t\tThis attribute is defined as a boolean value.');
      const answer = await this.out.ask('\t\tEnter the boolean attribute value (0 or 1):');
      if (answer === null || !/^[01]$/.test(answer.trim())) {
        this.failed('\tInvalid value: enter 0 or 1');
        return true;
      }
      args.value = Number(answer.trim());
    } else if (cmd.name === 'setAttribute') {
      this.print(['', '\tThis attribute is either not modifiable or unknown']);
    }
    const files: Record<string, string> = {};
    for (const a of spec.args) {
      if (a.value.kind !== 'file' || a.value.mode !== 'read' || typeof args[a.name] !== 'string') continue;
      const read = readInput(args[a.name] as string);
      if ('error' in read) {
        this.failed(['', `\tfailed to open file ${String(args[a.name])} : ${read.error.replace(/^.*: /, '')}`]);
        return true;
      }
      files[a.name] = Buffer.from(read.bytes).toString('base64');
    }
    const mapping = CORE_ARGS[cmd.name] ?? {};
    const coreArgs = Object.fromEntries(Object.entries(args).map(([k, v]) => [mapping[k] ?? k, v]));
    let d: WireDecision;
    try {
      d = await this.opts.connection.execute({ name: cmd.name, args: coreArgs, files });
    } catch (e) {
      if (!(e instanceof DaemonConnectionError)) throw e;
      this.connectionLost = true;
      this.failed(['', `\t${r.returnedLine(FUNCTION_OF[cmd.name] ?? `Cfm3${cmd.name}`, 'DAEMON_SOCKET')}`]);
      return true;
    }
    if (d.outcomes.some((o) => o.code !== 'SUCCESS' && o.code !== 'SERVER_UNAVAILABLE')) this.failures++;
    this.print(this.render(cmd, args, d));
    return true;
  }

  private async loginStatus(): Promise<boolean> {
    try {
      const s = await this.opts.connection.loginStatus();
      this.print(['', s.login ? `\t${s.login.type} has logged-in` : '\tNo user has logged-in']);
    } catch {
      this.failed(['', '\tCfm3GetLoginStatus Failure: 0x40000040 : LIQUIDSECURITY: Daemon socket connection error']);
    }
    return true;
  }

  /** Writes an output file; on failure the error replaces the success text. */
  private write(path: string, data: string | Uint8Array): string | undefined {
    const error = writeOutput(path, data);
    if (error) this.failures++;
    return error;
  }

  private render(cmd: ParsedCommand, args: Readonly<Record<string, ArgValue>>, d: WireDecision): string[] {
    const outcomes = d.outcomes;
    const code = r.overallCode(outcomes);
    const ok = code === 'SUCCESS';
    const data = d.data as Record<string, unknown> | undefined;
    const handles = (data?.handles as number[] | undefined) ?? [];
    const out = String(args.out ?? '');
    const fn = FUNCTION_OF[cmd.name] ?? `Cfm3${cmd.name}`;
    const failure = (name: string): string[] => ['', r.returnedLine(name, code), ...(r.reasonOf(outcomes) ? ['', r.reasonOf(outcomes)!] : [])];
    switch (cmd.name) {
      case 'genSymKey':
        return r.standard(fn, outcomes, [`Symmetric Key Created.  Key Handle: ${handles[0]}`]);
      case 'genRSAKeyPair':
      case 'genECCKeyPair':
      case 'genDSAKeyPair':
        return r.standard(fn, outcomes, [`Cfm3GenerateKeyPair:    public key handle: ${handles[0]}    private key handle: ${handles[1]}`]);
      case 'importPubKey':
        return r.standard(fn, outcomes, [`Public Key Handle: ${handles[0]}`]);
      case 'createPublicKey':
        return r.standard(fn, outcomes, [`Public Key Created.  Key Handle: ${handles[0]}`]);
      case 'unWrapKey':
        return r.standard(fn, outcomes, [`Key Unwrapped.  Key Handle: ${handles[0]}`]);
      case 'setAttribute':
        return r.standard(fn, outcomes, data?.handle ? [`Token Key Handle: ${String(data.handle)}`] : []);
      case 'findKey':
        return r.findKeyLines(outcomes, data as FoundKeys | undefined);
      case 'getKeyInfo':
        return r.keyInfoLines(outcomes, data as KeyInfo | undefined);
      case 'getAttribute': {
        if (!ok) return failure(fn);
        const values = data as unknown as AttributeValue[];
        const error = this.write(out, attributeFile(values));
        if (error) return ['', `\t${error}`];
        const size = args.a === 512 ? [`Attribute size: ${attributeSize(values)}, count: ${values.length}`] : [];
        return ['', ...size, `Written to: ${out} file`, '', r.returnedLine(fn, code)];
      }
      case 'exportPubKey': {
        if (!ok) return failure(fn);
        const error = this.write(out, publicKeyToPem(Buffer.from(String(data!.spki), 'base64')));
        return error ? ['', `\t${error}`] : ['', `PEM formatted public key is written to ${out}`, '', r.returnedLine(fn, code)];
      }
      case 'exportPrivateKey':
      case 'exSymKey': {
        if (!ok) return failure('Cfm3WrapKey');
        const material = Buffer.from((data as unknown as ExportedData).material, 'base64');
        const error = this.write(out, cmd.name === 'exSymKey' ? material : privateKeyToPem(material));
        if (error) return ['', `\t${error}`];
        const host = args.wk === undefined ? ['', r.returnedLine('Cfm3UnWrapHostKey', 'SUCCESS')] : [];
        const done = cmd.name === 'exSymKey' ? ['', `Wrapped Symmetric Key written to file "${out}"`] : [`PEM formatted private key is written to ${out}`];
        return ['', r.returnedLine('Cfm3WrapKey', code), ...host, '', ...done];
      }
      case 'importPrivateKey':
      case 'imSymKey': {
        if (!ok) return [...failure('Cfm3UnWrapKey'), '', ...r.clusterBlock(outcomes)];
        const ber = data?.berLength !== undefined ? ['', `BER encoded key length is ${String(data.berLength)}`] : [];
        const what = cmd.name === 'imSymKey' ? 'Symmetric Key Unwrapped.' : 'Private Key Unwrapped.';
        return [
          ...ber,
          '',
          r.returnedLine('Cfm3WrapHostKey', 'SUCCESS'),
          '',
          r.returnedLine('Cfm3CreateUnwrapTemplate', 'SUCCESS'),
          '',
          r.returnedLine('Cfm3UnWrapKey', code),
          '',
          `${what}  Key Handle: ${handles[0]}`,
          '',
          ...r.clusterBlock(outcomes),
        ];
      }
      case 'wrapKey': {
        if (!ok) return failure(fn);
        const w = data as unknown as WrappedData;
        const error =
          this.write(out, Buffer.from(w.bytes, 'base64')) ??
          (typeof args.iv_file === 'string' && w.iv ? this.write(args.iv_file, Buffer.from(w.iv, 'base64')) : undefined);
        if (error) return ['', `\t${error}`];
        return ['', 'Key Wrapped.', '', `Wrapped Key written to file "${out}" length ${w.length}`, '', r.returnedLine(fn, code)];
      }
      case 'sign': {
        if (!ok) return r.standard(fn, outcomes);
        const error = this.write(out, Buffer.from(String(data!.signature), 'base64'));
        return error ? ['', `\t${error}`] : r.standard(fn, outcomes, [`signature is written to file ${out}`]);
      }
      case 'verify':
        return ok
          ? ['', 'Signature verification successful', '', r.returnedLine(fn, code), '', ...r.clusterBlock(outcomes)]
          : ['', r.returnedLine(fn, code), '', ...r.clusterBlock(outcomes)];
      case 'aesWrapUnwrap': {
        const wrap = args.m === 1;
        const target = out || (wrap ? 'wrapped_key' : 'unwrapped_key');
        const warning = args.i === undefined ? ['', '\tWarning: IV (-i) is missing.', '\t         0xA6A6A6A6A6A6A6A6 is considered as default IV'] : [];
        const name = wrap ? 'Cfm3WrapHostKey' : 'Cfm3UnWrapHostKey';
        if (!ok) {
          // Like the real tool, a failure leaves an empty output file behind.
          this.write(target, new Uint8Array());
          return [...warning, ...failure(name)];
        }
        const result = Buffer.from(String(data!.result), 'base64');
        const error = this.write(target, result);
        if (error) return ['', `\t${error}`];
        return [...warning, 'result data:', ...r.hexDump(result), '', `result written to file ${target}`, '', `\t${r.returnedLine(name, code)}`];
      }
      case 'getCaviumPrivKey': {
        if (!ok) return ['', 'Error in writing private key file', ...(r.reasonOf(outcomes) ? [r.reasonOf(outcomes)!] : [r.returnedLine(fn, code)])];
        const error = this.write(out, String(data!.pem));
        return error ? ['', 'Error in writing private key file'] : ['', `Private Key Handle is written to ${out} in fake PEM format`, '', `\t${r.returnedLine(fn, code)}`];
      }
      case 'IsValidKeyHandlefile': {
        if (!ok) return failure('Cfm3FindKey');
        const c = data as unknown as KeyHandleFileCheck;
        if (c.kind === 'real') return ['', '\tInput key file has real private key'];
        if (c.kind === 'invalid') {
          this.failures++;
          return ['', `: \terror in Reading private key file ${String(args.f)}`];
        }
        return ['', c.known ? `\tInput file has key handle: ${c.handle}` : `\tInput file has invalid key handle: ${c.handle}`];
      }
      case 'getHSMInfo': {
        const first = outcomes.find((o) => o.code === 'SUCCESS');
        return first ? ['', ...hsmInfoRows(first.data as HsmInfo)] : failure('Cfm3GetHSMInfo');
      }
      case 'getPartitionInfo': {
        const first = outcomes.find((o) => o.code === 'SUCCESS');
        return first ? ['', '\tGetting Partition Info', ...partitionInfoRows(first.data as PartitionInfo).map((l) => `\t${l}`)] : failure(fn);
      }
      case 'listUsers':
        return r.listUsersLines(outcomes);
      case 'getCert': {
        const first = outcomes.find((o) => o.code === 'SUCCESS');
        if (!first) return certFailure(outcomes);
        const error = this.write(String(args.f), String((first.data as { pem: string }).pem));
        return error ? ['', `\t${error}`] : ['', 'Cfm3GetCert() returned 0 :HSM Return: SUCCESS'];
      }
      default:
        return r.standard(fn, outcomes);
    }
  }
}

function certFailure(outcomes: readonly NodeOutcome[]): string[] {
  const code = r.overallCode(outcomes);
  return ['', `Cfm3GetCert() failed with erro code ${returnCodes[code].code} :${returnCodes[code].text}`];
}

/** The vendor function each command reports in its `returned:` line. */
const FUNCTION_OF: Readonly<Record<string, string>> = {
  loginHSM: 'Cfm3LoginHSM',
  logoutHSM: 'Cfm3LogoutHSM',
  genSymKey: 'Cfm3GenerateSymmetricKey',
  genRSAKeyPair: 'Cfm3GenerateKeyPair',
  genECCKeyPair: 'Cfm3GenerateKeyPair',
  // genDSAKeyPair prints a colon after the name (sic).
  genDSAKeyPair: 'Cfm3GenerateKeyPair:',
  findKey: 'Cfm3FindKey',
  findSingleKey: 'Cfm3FindSingleKey',
  deleteKey: 'Cfm3DeleteKey',
  getKeyInfo: 'Cfm3GetKey',
  getAttribute: 'Cfm3GetAttribute',
  setAttribute: 'Cfm3SetAttribute',
  exportPubKey: 'Cfm3ExportPubKey',
  importPubKey: 'Cfm3CreatePublicKey',
  createPublicKey: 'Cfm3CreateRSAPublicKey',
  sign: 'Cfm3Sign',
  verify: 'Cfm3Verify',
  wrapKey: 'Cfm3WrapKey',
  unWrapKey: 'Cfm3UnWrapKey',
  listUsers: 'Cfm3ListUsers',
  getHSMInfo: 'Cfm3GetHSMInfo',
  getPartitionInfo: 'Cfm3GetPartitionInfo',
  getCaviumPrivKey: 'getCaviumPrivKey',
};
