// What azcloudhsm_util prints when it starts: its versions and the session the daemon opened, or the
// SDK's error when there is no daemon.
import { readClientConfig } from '../client/daemon.ts';
import type { Hello } from '../client/protocol.ts';
import type { HomePaths } from '../home.ts';
import { shellQuote } from '../sh.ts';
import { data, failure, type Line } from '../output.ts';
import { hex } from '../text/hex.ts';
import { VERSION } from '../text/version.ts';

export function startLines(hello?: Hello): Line[] {
  const lines = data(
    `Version info, Client Version: ${VERSION.util}, SDK API Version: ${VERSION.sdkApi}, SDK Package Version: ${VERSION.sdkPackage}`,
    '',
    `\tCfm3Initialize() returned app id : ${hex(hello?.appId ?? 0x01000000, 8).slice(2)}`,
    '',
    `\tsession_handle ${(hello?.sessionHandle ?? 0x01000000).toString(16)}`,
  );
  if (hello) lines.push(...data('', `\tCurrent FIPS mode is: ${hex(hello.fipsState, 8).slice(2)}`));
  return lines;
}

/**
 * The line the SDK's library writes when it cannot reach the daemon. Microsoft's troubleshooting page
 * quotes it with the tool's own error; their Oracle TDE transcript of the same failure leaves it out, so
 * it is taken to go to stderr (unconfirmed) and only the lines below to stdout.
 */
export const DAEMON_SOCKET_FAILED = 'Failed to connect socket, LIQUIDSECURITY: Daemon socket connection error';

/** What azcloudhsm_util prints on stdout when the daemon is not there (and then it exits). */
export function daemonMissingLines(): Line[] {
  return [
    ...startLines(),
    ...data(''),
    ...failure('\tCfm3GetPartitionInfo returned: 0x40000040'),
    ...data(''),
    ...failure('LIQUIDSECURITY: Daemon socket connection error'),
  ];
}

/** For the operator (stderr or the TUI, never the tool's output): the daemon is not running, and how to start it. */
export function daemonHint(paths: HomePaths): string {
  return [
    `azcloudhsm_util: no azcloudhsm_client daemon answers on ${readClientConfig(paths).socketPath}. Start it with:`,
    `  cd ${shellQuote(paths.bin)} && ./azcloudhsm_client azcloudhsm_resource.cfg > /dev/null 2>&1 &`,
  ].join('\n');
}

/**
 * `azcloudhsm_util -v`: the vendor's source prints these lines (tab-aligned, versions as `major.minor`)
 * and exits before connecting to anything; the client's line only when its daemon answers. Which version
 * Azure's build names in each is not published (unconfirmed): the tool's, the SDK API's and the client's,
 * as its start-up line names them.
 */
export function versionLines(daemonAnswers: boolean): string[] {
  const majorMinor = (v: string): string => v.split('.').slice(0, 2).join('.');
  return [
    `Util Version\t\t\t:\t${majorMinor(VERSION.util)}`,
    `SDK API Version\t\t\t:\t${majorMinor(VERSION.sdkApi)}`,
    ...(daemonAnswers ? [`LiquidSec Client Version\t:\t${majorMinor(VERSION.util)}`] : []),
  ];
}
