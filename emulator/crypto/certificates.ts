// X.509 work of the partition: its certificate signing request, and checking the PO and POAC
// certificates an owner stores. CSR and name structures come from @peculiar's ASN.1 schemas (the
// layer under @peculiar/x509, without its start-up cost); signatures and certificate checks from
// node:crypto, so decide stays synchronous.
import { createPrivateKey, createPublicKey, sign, X509Certificate } from 'node:crypto';
import { derToPem } from './pem.ts';
import type { Name, RelativeDistinguishedName } from '@peculiar/asn1-x509';
import { asn1Csr, asn1Schema, asn1X509 } from './asn1.ts';

const SHA256_WITH_RSA = '1.2.840.113549.1.1.11';

const OID = { C: '2.5.4.6', ST: '2.5.4.8', L: '2.5.4.7', O: '2.5.4.10', OU: '2.5.4.11', CN: '2.5.4.3' } as const;

function rdn(pairs: readonly (readonly [keyof typeof OID, string])[]): RelativeDistinguishedName {
  return new (asn1X509().RelativeDistinguishedName)(
    pairs.map(([type, value]) => new (asn1X509().AttributeTypeAndValue)({ type: OID[type], value: new (asn1X509().AttributeValue)(type === 'C' ? { printableString: value } : { utf8String: value }) })),
  );
}

/** The subject the real partition CSR carries: one multi-valued RDN, then the CN with the HSM serial. */
export function partitionSubject(serial: string): Name {
  return new (asn1X509().Name)([
    rdn([['C', 'US'], ['ST', 'CA'], ['O', 'Cavium'], ['OU', 'N3FIPS'], ['L', 'SanJose']]),
    rdn([['CN', `HSM:${serial}:PARTN:22, for non-FIPS mode`]]),
  ]);
}

/** A PKCS#10 request for the partition key, signed with it (sha256WithRSAEncryption). */
export function makePartitionCsr(serial: string, spkiDer: Buffer, pkcs8Der: Buffer): string {
  const info = new (asn1Csr().CertificationRequestInfo)({
    subject: partitionSubject(serial),
    subjectPKInfo: asn1Schema().AsnConvert.parse(spkiDer, asn1X509().SubjectPublicKeyInfo),
  });
  const key = createPrivateKey({ key: pkcs8Der, format: 'der', type: 'pkcs8' });
  const signature = sign('sha256', Buffer.from(asn1Schema().AsnConvert.serialize(info)), key);
  const csr = new (asn1Csr().CertificationRequest)({
    certificationRequestInfo: info,
    signatureAlgorithm: new (asn1X509().AlgorithmIdentifier)({ algorithm: SHA256_WITH_RSA, parameters: null }),
    signature: new Uint8Array(signature).buffer,
  });
  return derToPem('CERTIFICATE REQUEST', new Uint8Array(asn1Schema().AsnConvert.serialize(csr)));
}

export type CertCheck = { readonly ok: true; readonly cert: X509Certificate } | { readonly ok: false; readonly reason: string };

export function parseCertificate(bytes: Uint8Array): CertCheck {
  try {
    return { ok: true, cert: new X509Certificate(Buffer.from(bytes)) };
  } catch {
    return { ok: false, reason: 'not a PEM or DER X.509 certificate' };
  }
}

/** The partition owner trust anchor: self-signed, RSA 2048 (the only PO key Azure supports). */
export function checkOwnerCertificate(cert: X509Certificate): CertCheck {
  const key = cert.publicKey;
  if (key.asymmetricKeyType !== 'rsa' || key.asymmetricKeyDetails?.modulusLength !== 2048) {
    return { ok: false, reason: 'the PO certificate key must be RSA 2048' };
  }
  if (!cert.checkIssued(cert) || !cert.verify(key)) return { ok: false, reason: 'the PO certificate is not self-signed' };
  return { ok: true, cert };
}

/** The POAC: issued and signed by the stored PO, for this partition's own key. */
export function checkPartitionCertificate(cert: X509Certificate, poPem: string, partitionSpki: Buffer): CertCheck {
  const po = new X509Certificate(poPem);
  if (!cert.checkIssued(po) || !cert.verify(po.publicKey)) return { ok: false, reason: 'the POAC is not signed by the stored PO certificate' };
  const certKey = cert.publicKey.export({ type: 'spki', format: 'der' });
  if (!Buffer.from(certKey).equals(createPublicKey({ key: partitionSpki, format: 'der', type: 'spki' }).export({ type: 'spki', format: 'der' }))) {
    return { ok: false, reason: "the POAC is not for this partition's key" };
  }
  return { ok: true, cert };
}
