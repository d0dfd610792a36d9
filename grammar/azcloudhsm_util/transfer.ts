// Key Transfer Commands: masked objects and parked objects. Not built: Azure Cloud HSM moves and
// backs up keys through the service, and the parking commands' syntax is not public.
import { flag, HANDLE, minSrvArg, PRIVATE, READ, timeoutArg, unbuilt, util, WRITE } from './define.ts';

const group = 'Key Transfer Commands';
const MASKED = 'masked objects are not emulated: Azure Cloud HSM backs up and moves keys through the service';

export const insertMaskedObject = util({
  name: 'insertMaskedObject',
  group,
  summary: 'Inserts a masked object',
  description: ['Inserts a masked object from a file; the key gets a new handle and keeps its attributes and owner.'],
  args: [flag('-f', '<masked object file>', READ, 'specifies the masked object file', { missing: 'File name' }), minSrvArg, timeoutArg],
  examples: ['insertMaskedObject -f maskedObj'],
  notBuilt: MASKED,
});

export const extractMaskedObject = util({
  name: 'extractMaskedObject',
  group,
  summary: 'Extracts a masked object',
  description: ['Extracts a key as a masked object that only this cluster can insert again.'],
  args: [
    flag('-o', '<object handle>', HANDLE, 'specifies the handle of the object to mask', { missing: 'Object handle' }),
    flag('-out', '<masked object file>', WRITE, 'specifies the file to write the masked object to', { missing: 'Output file' }),
  ],
  examples: ['extractMaskedObject -o 262150 -out maskedObj'],
  notBuilt: MASKED,
});

export const parkObject = unbuilt({ name: 'parkObject', group, summary: 'Park an object using a parking key', notBuilt: PRIVATE });
export const unparkObject = unbuilt({ name: 'unparkObject', group, summary: 'Unpark a parked object using parking key', notBuilt: PRIVATE });

export const transferCommands = { insertMaskedObject, extractMaskedObject, parkObject, unparkObject };
