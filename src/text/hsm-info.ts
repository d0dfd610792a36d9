// The information blocks both tools print (getHSMInfo, getPartitionInfo), from the core's data.
import type { HsmInfo, PartitionInfo } from '../../emulator/operations/cluster-info.ts';

export const FIPS_STATE = '0 [non-FIPS mode with single factor authentication]';

/** The getHSMInfo block of one HSM (both tools print it). */
export function hsmInfoRows(info: HsmInfo): string[] {
  const row = (label: string, value: string | number): string => `\t${label.padEnd(21)}:${value}`;
  return [
    row('Label', 'cavium'),
    row('Model', 'NITROX-III CNN35XX-NFBE'),
    '',
    row('Serial Number', info.hsmSerial),
    row('HSM Flags', 0),
    row('FIPS state', FIPS_STATE),
    '',
    row('Manufacturer ID', ''),
    row('Device ID', 10),
    row('Class Code', 100000),
    row('System vendor ID', '177D'),
    row('SubSystem ID', 10),
    '',
    '',
    row('TotalPublicMemory', 560596),
    row('FreePublicMemory', 560596 - 2048 * info.users),
    row('TotalPrivateMemory', 0),
    row('FreePrivateMemory', 0),
    '',
    row('Hardware Major', 3),
    row('Hardware Minor', 0),
    '',
    row('Firmware Major', 2),
    row('Firmware Minor', '09'),
    '',
    row('Temperature', '45 C'),
    '',
    row('Build Number', 7),
    '',
    row('Firmware ID', 'CNN35XX-NFBE-FW-2.09-07'),
    '',
  ];
}

/** The getPartitionInfo rows of one partition. */
export function partitionInfoRows(p: PartitionInfo): string[] {
  const row = (label: string, value: string | number): string =>
    `${label.padEnd(28)}:${typeof value === 'number' ? String(value).padStart(5) : value}`;
  return [
    row('name', 'PARTITION_1'),
    row('status', p.claimed ? 'occupied' : 'unclaimed'),
    row('FIPS state', FIPS_STATE),
    row('MaxUsers', 1024),
    row('AvailableUsers', 1024 - p.users),
    row('MaxKeys', p.maxKeys),
    row('OccupiedTokenKeys', p.tokenKeys),
    row('OccupiedSessionKeys', 0),
    row('MaxPswdLen', 32),
    row('MinPswdLen', 8),
    row('CertAuth', 1),
    row('BlockDeleteUserWithKeys', 1),
    row('Nvalue', 1),
    row('KeyImport', ' Enabled'),
    row('KeyExport', ' Enabled'),
    row('Node ID', p.nodeId),
    row('Group ID', 'group0'),
    row('Partition serial', ` ${p.serial}`),
  ];
}

