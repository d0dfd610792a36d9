// Deciders for the partition certificates: the CSR, storing PO and POAC (claiming the partition), reading them.
import {
  checkOwnerCertificate,
  checkPartitionCertificate,
  makePartitionCsr,
  parseCertificate,
} from '../crypto/certificates.ts';
import { argNumber, changeTargets, eachServer, fail, type Handler, ok, requireRole } from './common.ts';
import { partitionPrivateKeyDer, partitionPublicKeyDer } from './partition-key.ts';

export interface CertData {
  readonly pem: string;
}

export const getCertReq: Handler = (_cmd, state, ctx) => {
  const run = eachServer<CertData>(state, ctx, (server, p) =>
    ok(server, { pem: makePartitionCsr(p.serial, partitionPublicKeyDer(p), partitionPrivateKeyDer(ctx.env, p)) }),
  );
  return { events: [], ...run };
};

/** Why a certificate was refused, for the tool to say (the HSM code alone is terse). */
export interface CertRefusal {
  readonly reason: string;
}

export const storeCert: Handler = (cmd, state, ctx) => {
  const certType = argNumber(cmd, 'certType') as 4 | 8;
  const bytes = cmd.files?.file ?? new Uint8Array();
  let pem = '';
  const run = eachServer<CertRefusal>(state, ctx, (server, p) => {
    const denied = requireRole(ctx.session, server, ['PRECO', 'CO']);
    if (denied) return fail(server, denied);
    const parsed = parseCertificate(bytes);
    if (!parsed.ok) return { server, code: 'CERT_INVALID', data: { reason: parsed.reason } };
    if (certType === 4) {
      if (p.certs.po) return fail(server, 'CERT_ALREADY_STORED');
      const checked = checkOwnerCertificate(parsed.cert);
      if (!checked.ok) return { server, code: 'CERT_INVALID', data: { reason: checked.reason } };
    } else {
      if (!p.certs.po) return { server, code: 'CERT_NOT_FOUND', data: { reason: 'store the PO certificate (type 4) first' } };
      if (p.certs.poac) return fail(server, 'CERT_ALREADY_STORED');
      const checked = checkPartitionCertificate(parsed.cert, p.certs.po, partitionPublicKeyDer(p));
      if (!checked.ok) return { server, code: 'CERT_INVALID', data: { reason: checked.reason } };
    }
    pem = parsed.cert.toString();
    return ok(server);
  });
  const targets = changeTargets(state, ctx, run);
  if (targets.length === 0 || !pem) return { events: [], ...run };
  // Storing the POAC claims the partition: the HSM ends the session and the tool switches to E2E.
  const claimed = certType === 8 && run.outcomes.some((o) => o.code === 'SUCCESS');
  return {
    events: [{ type: 'CertStored', certType, pem, targets }],
    ...run,
    data: { claimed },
    ...(claimed ? { login: null } : {}),
  };
};

export const getCert: Handler = (cmd, state, ctx) => {
  const certType = argNumber(cmd, 'certType');
  const run = eachServer<CertData>(state, ctx, (server, p) => {
    const pem = certType === 4 ? p.certs.po : certType === 8 ? p.certs.poac : undefined;
    return pem ? ok(server, { pem }) : fail(server, 'CERT_NOT_FOUND');
  });
  return { events: [], ...run };
};
