// Key Transfer Commands: masked objects (built: Azure documents them as the way a non-extractable key
// leaves the HSM and comes back) and parked objects (not built: their syntax is not public). Help texts
// and missing-argument messages as the vendor source prints them.
import { flag, HANDLE, minSrvArg, PRIVATE, READ, timeoutArg, unbuilt, util, WRITE } from './define.ts';

const group = 'Key Transfer Commands';

export const insertMaskedObject = util({
  name: 'insertMaskedObject',
  vendorFunction: 'Cfm3InsertMaskedObject',
  group,
  summary: 'Inserts a masked object',
  description: ['Inserts a masked object.'],
  args: [flag('-f', '<filename>', READ, 'specifies the file containing the masked key', { missing: 'File name' }), minSrvArg, timeoutArg],
  examples: ['insertMaskedObject -f maskedObj'],
});

export const extractMaskedObject = util({
  name: 'extractMaskedObject',
  vendorFunction: 'Cfm3ExtractMaskedObject',
  group,
  summary: 'Extracts a masked object',
  description: ['Extracts a masked object.'],
  args: [
    flag('-o', '<object handle>', HANDLE, 'specifies the object handle to mask', { missing: 'Object handle' }),
    flag('-out', '<masked object file>', WRITE, 'specifies the file to write the masked object', { missing: 'Masked Object File' }),
  ],
  examples: ['extractMaskedObject -o 524295 -out maskedObj'],
});

export const parkObject = unbuilt({ name: 'parkObject', group, summary: 'Park an object using a parking key', notBuilt: PRIVATE });
export const unparkObject = unbuilt({ name: 'unparkObject', group, summary: 'Unpark a parked object using parking key', notBuilt: PRIVATE });

export const transferCommands = { insertMaskedObject, extractMaskedObject, parkObject, unparkObject };
