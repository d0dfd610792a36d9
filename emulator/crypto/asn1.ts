// The ASN.1 libraries (@peculiar/*), loaded on first use rather than at start: azcloudhsm_util, a client
// of the daemon, never parses ASN.1 itself, and loading them took about a quarter of its start.
import { createRequire } from 'node:module';
import type * as Csr from '@peculiar/asn1-csr';
import type * as Ecc from '@peculiar/asn1-ecc';
import type * as Pkcs8 from '@peculiar/asn1-pkcs8';
import type * as Rsa from '@peculiar/asn1-rsa';
import type * as Schema from '@peculiar/asn1-schema';
import type * as X509 from '@peculiar/asn1-x509';

// Not `require`: the bundler would inline what it loads, and evaluate it at start again.
const load = createRequire(import.meta.url);

function lazy<T>(name: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= load(name) as T);
}

export const asn1Schema = lazy<typeof Schema>('@peculiar/asn1-schema');
export const asn1X509 = lazy<typeof X509>('@peculiar/asn1-x509');
export const asn1Csr = lazy<typeof Csr>('@peculiar/asn1-csr');
export const asn1Pkcs8 = lazy<typeof Pkcs8>('@peculiar/asn1-pkcs8');
export const asn1Rsa = lazy<typeof Rsa>('@peculiar/asn1-rsa');
export const asn1Ecc = lazy<typeof Ecc>('@peculiar/asn1-ecc');
