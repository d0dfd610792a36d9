// What azcloudhsm_util prints when it starts: its versions and the session the daemon opened, or the
// SDK's error when there is no daemon.
import type { Hello } from '../client/protocol.ts';
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

/** What azcloudhsm_util prints when the daemon is not there (and then it exits). */
export function daemonMissingLines(): Line[] {
  return [
    ...failure('Failed to connect socket, LIQUIDSECURITY: Daemon socket connection error'),
    ...startLines(),
    ...data(''),
    ...failure('\tCfm3GetPartitionInfo returned: 0x40000040'),
    ...data(''),
    ...failure('LIQUIDSECURITY: Daemon socket connection error'),
  ];
}
