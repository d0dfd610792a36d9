// The registry entries of mgmt_util's certificate commands (grammar/mgmt_util/certs.ts): the partition's
// CSR, storing PO and POAC (claiming the partition), and reading certificates back.
import { createPartitionCsr, readCertificate, storeCertificate } from '../../../emulator/operations/certificates.ts';
import type { Decision } from '../../../emulator/operations/operation.ts';
import * as specs from '../../../grammar/mgmt_util/certs.ts';
import { failure, type Line, success } from '../../output.ts';
import { core, type RenderContextOf } from '../command.ts';
import { failureLines, resultLines, successLine, where } from '../render.ts';

/** getCertReq and getCert: each server's PEM written to the file the command names. */
function writeCertificate<R>(d: Decision<{ readonly pem: string }, R>, ctx: RenderContextOf<{ readonly file: string }>): Line[] {
  return d.outcomes.flatMap((o) => {
    if (o.code !== 'SUCCESS') return failureLines(ctx.name, o, ctx);
    const error = ctx.writeFile(ctx.args.file, o.data.pem);
    return error ? failure(`${ctx.name} failed: ${error}`) : successLine(ctx.name, ctx, o.server);
  });
}

export const certCommands = {
  getCertReq: core({
    spec: specs.getCertReq,
    operation: createPartitionCsr,
    input: () => ({}),
    render: writeCertificate,
  }),

  storeCert: core({
    spec: specs.storeCert,
    operation: storeCertificate,
    input: (a, files) => ({ certType: a.certType, certificate: files.file }),
    render: (d, ctx) => {
      const lines = resultLines(ctx.name, d.outcomes, ctx);
      const first = d.outcomes.find((o) => o.code === 'SUCCESS');
      // Storing the POAC claims the partition: the HSM logs the session out and the tool goes E2E.
      if (d.result?.claimed && first) lines.push(...success('logging out', `E2E enabled on ${where(ctx, first.server)}`));
      return lines;
    },
    after: (d, session) => {
      if (d.result?.claimed) session.switchToE2e(d.outcomes.filter((o) => o.code === 'SUCCESS').map((o) => o.server));
    },
  }),

  getCert: core({
    spec: specs.getCert,
    operation: readCertificate,
    input: (a) => ({ certType: a.certType }),
    render: writeCertificate,
  }),
};
