// The registry entry of the Certificate Setup Commands (grammar/azcloudhsm_util/certs.ts).
import { returnCodes } from '../../../emulator/domain/return-codes.ts';
import { firstAnswer } from '../../../emulator/operations/fan-out.ts';
import { readCertificate } from '../../../emulator/operations/certificates.ts';
import * as specs from '../../../grammar/azcloudhsm_util/certs.ts';
import { data, failure, success } from '../../output.ts';
import { core } from '../command.ts';
import { overallCode, writeFailed } from '../render.ts';

export const certCommands = {
  getCert: core({
    spec: specs.getCert,
    operation: readCertificate,
    input: (a) => ({ certType: a.s }),
    render: (answer, ctx) => {
      const cert = firstAnswer(answer.outcomes);
      if (!cert) {
        const code = returnCodes[overallCode(answer.outcomes)];
        // sic: the real tool's words.
        return [...data(''), ...failure(`Cfm3GetCert() failed with erro code ${code.code} :${code.text}`)];
      }
      const error = ctx.writeFile(ctx.args.f, cert.pem);
      return error ? writeFailed(error) : [...data(''), ...success('Cfm3GetCert() returned 0 :HSM Return: SUCCESS')];
    },
  }),
};
