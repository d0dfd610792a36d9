// Making keys inside the HSM: secrets and key pairs. The material is drawn in prepare (key-pair
// generation is slow: it runs before the journal's write lock is taken) through the Env, and travels,
// sealed, inside the event.
import { CryptoInputError, generateSymmetricKey as drawSecret } from '../crypto/keys.ts';
import { s } from '../schema.ts';
import { defineOperation } from './operation.ts';
import { attempt, createdSchema, createKeys, keyOptionsSchema, pairDrafts, secretDraft } from './key-objects.ts';

/** What prepare made, or why the HSM refuses to make it. */
function made<T>(prepared: ReturnType<typeof attempt<T>>): T {
  if ('reason' in prepared) throw new CryptoInputError(prepared.reason.text, { printed: prepared.reason.kind === 'printed' });
  return prepared.value;
}

export const generateSymmetricKey = defineOperation({
  name: 'generateSymmetricKey',
  summary: 'Makes a secret key (AES, DES3, GENERIC_SECRET, RC4) for the crypto user',
  changesState: true,
  roles: ['CU'],
  input: s.object({ keyType: s.enum([16, 18, 21, 31]), size: s.int(), options: keyOptionsSchema }),
  node: s.nothing(),
  result: createdSchema,
  prepare: ({ keyType, size }, env) => attempt(() => drawSecret(keyType, size, env.randomBytes)),
  decide({ keyType, options }, state, ctx, secret) {
    return createKeys(state, ctx, options, () => [secretDraft(keyType, made(secret), options, true)]);
  },
});

export const keyPairRequestSchema = s.oneOf(
  s.object({ type: s.literal('rsa'), modulusBits: s.int(), publicExponent: s.int() }),
  s.object({ type: s.literal('ec'), curveId: s.int() }),
  s.object({ type: s.literal('dsa'), modulusBits: s.int() }),
);

export const generateKeyPair = defineOperation({
  name: 'generateKeyPair',
  summary: 'Makes an RSA, EC (including Ed25519, X25519, X448) or DSA key pair for the crypto user',
  changesState: true,
  roles: ['CU'],
  input: s.object({ request: keyPairRequestSchema, options: keyOptionsSchema }),
  node: s.nothing(),
  result: createdSchema,
  prepare: ({ request }, env) => attempt(() => env.generateKeyPair(request)),
  decide({ options }, state, ctx, pair) {
    return createKeys(state, ctx, options, () => pairDrafts(made(pair), options, true));
  },
});
