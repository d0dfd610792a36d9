// Operations on the partition's certificates: its signing request, storing the PO and POAC certificates
// (which claims the partition), and reading them back.
import { checkOwnerCertificate, checkPartitionCertificate, makePartitionCsr, parseCertificate } from '../crypto/certificates.ts';
import { type Infer, s } from '../schema.ts';
import { changeTargets, eachServer, fail, ok, refuse, requireRole } from './fan-out.ts';
import { defineOperation, type NodeOutcome } from './operation.ts';
import { partitionPrivateKeyDer, partitionPublicKeyDer } from './partition-key.ts';
import { sessionEnded } from './sessions.ts';
import type { Event } from '../events.ts';

export const pemSchema = s.object({ pem: s.string() });

type Pem = Infer<typeof pemSchema>;

export const createPartitionCsr = defineOperation({
  name: 'createPartitionCsr',
  summary: "Makes the partition's certificate signing request (PKCS#10, signed by the partition key)",
  changesState: false,
  roles: 'anyone',
  input: s.object({}),
  node: pemSchema,
  result: s.nothing(),
  decide(_input, state, ctx) {
    const run = eachServer(state, ctx, (server, p) => ok(server, { pem: makePartitionCsr(p.serial, partitionPublicKeyDer(p), partitionPrivateKeyDer(ctx.env, p)) }));
    return { events: [], ...run };
  },
});

export const storeCertificate = defineOperation({
  name: 'storeCertificate',
  summary: 'Stores the partition owner certificate (type 4) or the partition certificate it issued (type 8, which claims the partition)',
  changesState: true,
  roles: ['PRECO', 'CO'],
  input: s.object({ certType: s.enum([4, 8]), certificate: s.bytes() }),
  node: s.nothing(),
  result: s.object({ claimed: s.boolean() }),
  decide({ certType, certificate }, state, ctx) {
    let pem = '';
    const run = eachServer(state, ctx, (server, p): NodeOutcome<undefined> => {
      const denied = requireRole(ctx.session, server, p, ['PRECO', 'CO']);
      if (denied) return fail(server, denied);
      const parsed = parseCertificate(certificate);
      if (!parsed.ok) return refuse(server, 'CERT_INVALID', parsed.reason);
      if (certType === 4) {
        if (p.certs.po) return fail(server, 'CERT_ALREADY_STORED');
        const checked = checkOwnerCertificate(parsed.cert);
        if (!checked.ok) return refuse(server, 'CERT_INVALID', checked.reason);
      } else {
        if (!p.certs.po) return refuse(server, 'CERT_NOT_FOUND', 'store the PO certificate (type 4) first');
        if (p.certs.poac) return fail(server, 'CERT_ALREADY_STORED');
        const checked = checkPartitionCertificate(parsed.cert, p.certs.po, partitionPublicKeyDer(p));
        if (!checked.ok) return refuse(server, 'CERT_INVALID', checked.reason);
      }
      pem = parsed.cert.toString();
      return ok(server);
    });
    const targets = changeTargets(state, ctx, run);
    if (targets.length === 0 || !pem) return { events: [], ...run };
    // Storing the POAC claims the partition: the HSM ends the session and the tool switches to E2E.
    const claimed = certType === 8 && run.outcomes.some((o) => o.code === 'SUCCESS');
    const stored: Event = { type: 'CertStored', certType, pem, targets };
    if (!claimed) return { events: [stored], ...run, result: { claimed } };
    return { events: [stored, ...sessionEnded(ctx)], ...run, result: { claimed }, login: null };
  },
});

export const readCertificate = defineOperation({
  name: 'readCertificate',
  summary: 'Reads a certificate stored in the partition (4: PO, 8: POAC)',
  changesState: false,
  roles: 'anyone',
  input: s.object({ certType: s.int() }),
  node: pemSchema,
  result: s.nothing(),
  decide({ certType }, state, ctx) {
    const run = eachServer(state, ctx, (server, p): NodeOutcome<Pem> => {
      const pem = certType === 4 ? p.certs.po : certType === 8 ? p.certs.poac : undefined;
      return pem ? ok(server, { pem }) : fail(server, 'CERT_NOT_FOUND');
    });
    return { events: [], ...run };
  },
});
