// Looking at and managing the crypto user's keys: finding them, reading their sharing and attributes,
// deleting them, turning a session key into a token key, and public keys in and out.
import { describePublicKey, rsaPublicKeyFromModulus } from '../crypto/keys.ts';
import { parsePublicKeyPem } from '../crypto/pem.ts';
import { canUse, type KeyObject } from '../model.ts';
import { type Infer, s } from '../schema.ts';
import { attest, attestationSchema } from './attestation.ts';
import { type AttributeValue, attributeValueSchema, keyAttribute } from './attribute-values.ts';
import { cryptoUserOn, isSessionKey, spkiOf, usableKey, visibleKeys } from './crypto-user.ts';
import { changeTargets, eachServer, fail, ok, refuse, refusePrinted, succeeded } from './fan-out.ts';
import { createdSchema, createKeys, publicKeyDraft } from './key-objects.ts';
import { defineOperation, type NodeOutcome, type Session } from './operation.ts';

const CU_ONLY = ['CU'] as const;

const keyFilterSchema = s.object({
  keyClass: s.optional(s.int()),
  keyType: s.optional(s.int()),
  label: s.optional(s.string()),
  id: s.optional(s.string()),
  /** The key ID in hex (0x optional). */
  idHex: s.optional(s.string()),
  /** true: session keys only; false: token keys only. */
  session: s.optional(s.boolean()),
  /** Users every matching key must be usable by. */
  usableBy: s.optional(s.array(s.int())),
  /** An RSA modulus in hex, as `openssl rsa -modulus` writes it. */
  modulus: s.optional(s.string()),
  /** The key check value in hex (0x optional). */
  kcv: s.optional(s.string()),
});

type KeyFilter = Infer<typeof keyFilterSchema>;

function matches(f: KeyFilter, k: KeyObject, session: Session): boolean {
  if (f.keyClass !== undefined && k.keyClass !== f.keyClass) return false;
  if (f.keyType !== undefined && k.keyType !== f.keyType) return false;
  if (f.label !== undefined && k.label !== f.label) return false;
  if (f.id !== undefined && k.id !== f.id) return false;
  if (f.idHex !== undefined && Buffer.from(k.id).toString('hex') !== f.idHex.replace(/^0x/i, '').toLowerCase()) return false;
  if (f.session !== undefined && f.session !== isSessionKey(session, k)) return false;
  if (f.kcv !== undefined && k.kcv !== f.kcv.replace(/^0x/i, '').toLowerCase()) return false;
  if (f.usableBy && f.usableBy.length > 0 && !f.usableBy.every((u) => canUse(k, u))) return false;
  if (f.modulus !== undefined) {
    if (k.keyType !== 0 || !k.spki) return false;
    const wanted = f.modulus.replace(/^Modulus=/i, '').replace(/\s+/g, '').toLowerCase().replace(/^0+/, '');
    const have = describePublicKey(spkiOf(k)).modulus!.toString('hex').replace(/^0+/, '');
    if (wanted !== have) return false;
  }
  return true;
}

/** The handles of the keys that match (findKey's `Total number of keys present` counts these). */
export const foundKeysSchema = s.object({ handles: s.array(s.int()) });

export type FoundKeys = Infer<typeof foundKeysSchema>;

export const findKeys = defineOperation({
  name: 'findKeys',
  summary: 'Finds the keys the crypto user can use that match every filter given',
  changesState: false,
  roles: CU_ONLY,
  input: keyFilterSchema,
  node: foundKeysSchema,
  result: s.nothing(),
  decide(filter, state, ctx) {
    const run = eachServer(state, ctx, (server, p): NodeOutcome<FoundKeys> => {
      const userId = cryptoUserOn(ctx.session, server, p);
      if (typeof userId !== 'number') return fail(server, userId);
      return ok(server, { handles: visibleKeys(p, ctx.session, userId).filter((k) => matches(filter, k, ctx.session)).map((k) => k.handle) });
    });
    return { events: [], ...run };
  },
});

const handleInput = s.object({ handle: s.int() });

export const checkKeyHandle = defineOperation({
  name: 'checkKeyHandle',
  summary: 'Says whether each server holds a key of this handle the crypto user can use',
  changesState: false,
  roles: CU_ONLY,
  input: handleInput,
  node: s.nothing(),
  result: s.nothing(),
  decide({ handle }, state, ctx) {
    const run = eachServer(state, ctx, (server, p): NodeOutcome<undefined> => {
      const check = usableKey(p, ctx.session, server, handle);
      return 'refused' in check ? check.refused : ok(server);
    });
    return { events: [], ...run };
  },
});

export const deleteKey = defineOperation({
  name: 'deleteKey',
  summary: 'Deletes a key the crypto user owns (a token key on every server, or a session key)',
  changesState: true,
  roles: CU_ONLY,
  input: handleInput,
  node: s.nothing(),
  result: s.nothing(),
  decide({ handle }, state, ctx) {
    let sessionKey = false;
    const run = eachServer(state, ctx, (server, p): NodeOutcome<undefined> => {
      const check = usableKey(p, ctx.session, server, handle, true);
      if ('refused' in check) return check.refused;
      if (!check.key.attrs.destroyable) return refuse(server, 'KEY_ACCESS_DENIED', 'the key is not destroyable');
      sessionKey = isSessionKey(ctx.session, check.key);
      return ok(server);
    });
    if (!succeeded(run)) return { events: [], ...run };
    if (sessionKey) return { events: [], ...run, sessionKeys: { remove: [handle] } };
    return { events: [{ type: 'KeyDeleted', handle, targets: changeTargets(state, ctx, run) }], ...run };
  },
});

export const keyOwnershipSchema = s.object({ token: s.boolean(), owner: s.int(), sharedWith: s.array(s.int()), mValue: s.int() });

export type KeyOwnership = Infer<typeof keyOwnershipSchema>;

export const describeKeyOwnership = defineOperation({
  name: 'describeKeyOwnership',
  summary: 'Shows whether a key is a token or session key, its owner, the users it is shared with and its M value',
  changesState: false,
  roles: CU_ONLY,
  input: handleInput,
  node: keyOwnershipSchema,
  result: s.nothing(),
  decide({ handle }, state, ctx) {
    const run = eachServer(state, ctx, (server, p): NodeOutcome<KeyOwnership> => {
      const check = usableKey(p, ctx.session, server, handle);
      if ('refused' in check) return check.refused;
      const k = check.key;
      // Only the owner is shown for public keys.
      return ok(server, { token: !isSessionKey(ctx.session, k), owner: k.owner, sharedWith: k.keyClass === 2 ? [] : k.sharedWith, mValue: k.mValue });
    });
    return { events: [], ...run };
  },
});

export const readKeyAttributes = defineOperation({
  name: 'readKeyAttributes',
  summary: 'Reads one attribute of a key, or all of them (attribute 512); with attest, the answer signed by the partition key',
  changesState: false,
  roles: CU_ONLY,
  input: s.object({ handle: s.int(), attribute: s.int(), attest: s.optional(s.boolean()) }),
  node: s.array(attributeValueSchema),
  result: s.object({ attestation: s.optional(attestationSchema) }),
  decide({ handle, attribute, attest: attested }, state, ctx) {
    const run = eachServer(state, ctx, (server, p): NodeOutcome<AttributeValue[]> => {
      const check = usableKey(p, ctx.session, server, handle);
      if ('refused' in check) return check.refused;
      const values = keyAttribute(check.key, attribute);
      return values ? ok(server, values) : refuse(server, 'INVALID_INPUT', 'the key has no such attribute');
    });
    const values = run.outcomes.find((o) => o.code === 'SUCCESS');
    const attestation = attested && values ? attest(state, ctx, run, values.data) : undefined;
    return { events: [], ...run, ...(attestation ? { result: { attestation } } : {}) };
  },
});

export const persistSessionKey = defineOperation({
  name: 'persistSessionKey',
  summary: 'Sets OBJ_ATTR_TOKEN (1) of a session key: it becomes a token key on every server and keeps its handle',
  changesState: true,
  roles: CU_ONLY,
  input: s.object({ handle: s.int(), attribute: s.int(), value: s.optional(s.int()) }),
  node: s.nothing(),
  result: s.nothing(),
  decide({ handle, attribute, value }, state, ctx) {
    let promote: KeyObject | undefined;
    const run = eachServer(state, ctx, (server, p): NodeOutcome<undefined> => {
      const check = usableKey(p, ctx.session, server, handle, true);
      if ('refused' in check) return check.refused;
      if (attribute !== 1) return fail(server, 'ATTRIBUTE_NOT_SETTABLE');
      if (value === 1 && isSessionKey(ctx.session, check.key)) promote = check.key;
      else if (value === 0 && !isSessionKey(ctx.session, check.key)) return refuse(server, 'ATTRIBUTE_NOT_SETTABLE', 'a token key cannot become a session key');
      return ok(server);
    });
    if (!promote) return { events: [], ...run };
    // The key keeps its handle (AWS's setAttribute page: findKey -sess 0 lists 262154 after it).
    const token: KeyObject = { ...promote, attrs: { ...promote.attrs, token: true } };
    return {
      events: [{ type: 'KeysCreated', keys: [token], targets: changeTargets(state, ctx, run) }],
      ...run,
      sessionKeys: { remove: [promote.handle] },
    };
  },
});

export const exportPublicKey = defineOperation({
  name: 'exportPublicKey',
  summary: 'Reads the public key of a pair (SubjectPublicKeyInfo DER)',
  changesState: false,
  roles: CU_ONLY,
  input: handleInput,
  node: s.object({ spki: s.bytes() }),
  result: s.nothing(),
  decide({ handle }, state, ctx) {
    const run = eachServer(state, ctx, (server, p): NodeOutcome<{ spki: Uint8Array }> => {
      const check = usableKey(p, ctx.session, server, handle);
      if ('refused' in check) return check.refused;
      const k = check.key;
      if (k.keyClass === 4 || !k.spki) return refusePrinted(server, 'INVALID_INPUT', `Error: Invalid Key Type: 0x${k.keyClass.toString(16).padStart(2, '0')}`);
      return ok(server, { spki: Buffer.from(k.spki, 'base64') });
    });
    return { events: [], ...run };
  },
});

export const importPublicKey = defineOperation({
  name: 'importPublicKey',
  summary: 'Brings in a public key, from a PEM file or from an RSA modulus and exponent',
  changesState: true,
  roles: CU_ONLY,
  input: s.object({
    source: s.oneOf(s.object({ pem: s.bytes() }), s.object({ modulus: s.string(), exponent: s.int() })),
    label: s.string(),
    id: s.string(),
    session: s.boolean(),
  }),
  node: s.nothing(),
  result: createdSchema,
  decide({ source, ...options }, state, ctx) {
    const spki = () => ('pem' in source ? parsePublicKeyPem(Buffer.from(source.pem)).spki : rsaPublicKeyFromModulus(source.modulus, source.exponent));
    return createKeys(state, ctx, options, () => [publicKeyDraft(spki(), options)]);
  },
});
