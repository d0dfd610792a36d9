// Certificate Setup Commands.
import { certTypes } from '../../emulator/domain/certificates.ts';
import { flag, util, WRITE } from './define.ts';

export const getCert = util({
  name: 'getCert',
  group: 'Certificate Setup Commands',
  summary: 'Gets Partition Certificates stored on HSM',
  description: ['Gets a certificate stored on the HSM and writes it to a file.'],
  args: [
    flag('-f', '<file name>', WRITE, 'specifies the file to write the certificate to', {
      missingMessage: 'Certificate file (-f) is missing',
    }),
    flag('-s', '<certificate type>', { kind: 'code', table: certTypes }, 'specifies the certificate type:', {
      missingMessage: 'Certificate Subject (-s) is missing',
    }),
  ],
  examples: ['getCert -f PO.crt -s 4', 'getCert -f POAC.crt -s 8'],
});

export const certCommands = { getCert };
