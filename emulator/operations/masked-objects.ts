// Masked objects: a key extracted sealed for the cluster (extractMaskedObject) and inserted back, under a
// new handle, with all its metadata: attributes, owner, sharing and quorum value (insertMaskedObject).
// Azure: "Keys created with the EXTRACTABLE attribute set to 0 can't be exported, except as masked
// objects" (Microsoft Learn, key-management.md), and secure-cloud-hsm.md names both commands as a
// recovery option. The blob format is the emulator's own (../crypto/masked-object.ts).
import { CryptoInputError } from '../crypto/keys.ts';
import { maskingKey, maskObject, unmaskObject } from '../crypto/masked-object.ts';
import { isReachable, type KeyAttributes, type KeyObject, type Partition } from '../model.ts';
import { type Infer, s, SchemaError } from '../schema.ts';
import { unsealSecret, usableKey } from './crypto-user.ts';
import { eachServer, fanOutServers, ok } from './fan-out.ts';
import { attempt, createdSchema, createKeys, type KeyDraft } from './key-objects.ts';
import { type DecideContext, defineOperation, type NodeOutcome } from './operation.ts';
import { partitionPrivateKeyDer } from './partition-key.ts';

const attrsSchema = s.object({
  token: s.boolean(),
  private: s.boolean(),
  sensitive: s.boolean(),
  encrypt: s.boolean(),
  decrypt: s.boolean(),
  wrap: s.boolean(),
  unwrap: s.boolean(),
  sign: s.boolean(),
  verify: s.boolean(),
  derive: s.boolean(),
  local: s.boolean(),
  extractable: s.boolean(),
  neverExtractable: s.boolean(),
  alwaysSensitive: s.boolean(),
  destroyable: s.boolean(),
  trusted: s.boolean(),
  wrapWithTrusted: s.boolean(),
});

// The masked attributes are every attribute a key has.
const _allAttributes: (a: Infer<typeof attrsSchema>) => KeyAttributes = (a) => a;
void _allAttributes;

/** What a masked object holds: the key object without its handle, its material in the clear (inside the seal). */
const maskedContentSchema = s.object({
  keyClass: s.enum([2, 3, 4]),
  keyType: s.int(),
  label: s.string(),
  id: s.string(),
  owner: s.int(),
  sharedWith: s.array(s.int()),
  attrs: attrsSchema,
  valueLen: s.int(),
  modulusBits: s.optional(s.int()),
  curveId: s.optional(s.int()),
  spki: s.optional(s.bytes()),
  secret: s.optional(s.bytes()),
  kcv: s.string(),
  mValue: s.int(),
});

type MaskedContent = Infer<typeof maskedContentSchema>;

function maskingKeyOf(ctx: DecideContext, p: Partition): Buffer {
  return maskingKey(partitionPrivateKeyDer(ctx.env, p), p.serial);
}

function contentOf(ctx: DecideContext, k: KeyObject): MaskedContent {
  const { handle: _handle, pair: _pair, sealed, spki, ...rest } = k;
  return { ...rest, ...(spki ? { spki: Buffer.from(spki, 'base64') } : {}), ...(sealed ? { secret: unsealSecret(ctx.env, k) } : {}) };
}

export const extractMaskedObject = defineOperation({
  name: 'extractMaskedObject',
  summary: 'Extracts a key the crypto user owns as a masked object: sealed so that only this cluster can insert it (non-extractable keys too)',
  changesState: false,
  roles: ['CU'],
  input: s.object({ handle: s.int() }),
  node: s.nothing(),
  result: s.object({ masked: s.bytes() }),
  decide({ handle }, state, ctx) {
    let found: { key: KeyObject; partition: Partition } | undefined;
    const run = eachServer(state, ctx, (server, p): NodeOutcome<undefined> => {
      const check = usableKey(p, ctx.session, server, handle, true);
      if ('refused' in check) return check.refused;
      found ??= { key: check.key, partition: p };
      return ok(server);
    });
    if (!found) return { events: [], ...run };
    const { key, partition } = found;
    const content = Buffer.from(JSON.stringify(maskedContentSchema.encode(contentOf(ctx, key))), 'utf8');
    const masked = maskObject(maskingKeyOf(ctx, partition), partition.serial, content, ctx.env.randomBytes(12));
    return { events: [], ...run, result: { masked } };
  },
});

/** The key a masked object holds, opened with the partition's masking key. */
function openMaskedObject(ctx: DecideContext, p: Partition, blob: Uint8Array): KeyDraft {
  const json = unmaskObject(maskingKeyOf(ctx, p), p.serial, blob).toString('utf8');
  let c: MaskedContent;
  try {
    c = maskedContentSchema.decode(JSON.parse(json));
  } catch (e) {
    if (e instanceof SchemaError || e instanceof SyntaxError) throw new CryptoInputError('the masked object holds no key');
    throw e;
  }
  const { spki, secret, ...rest } = c;
  return { ...rest, ...(spki ? { spki: Buffer.from(spki) } : {}), ...(secret ? { secret: Buffer.from(secret) } : {}) };
}

export const insertMaskedObject = defineOperation({
  name: 'insertMaskedObject',
  summary: 'Inserts a masked object of this cluster: the key comes back under a new handle with its attributes, owner and sharing',
  changesState: true,
  roles: ['CU'],
  input: s.object({ masked: s.bytes() }),
  node: s.nothing(),
  result: createdSchema,
  decide({ masked }, state, ctx) {
    // The partition (and so its masking key) is the same on every node: open the blob on the first one up.
    const server = fanOutServers(ctx).find((srv) => state.nodes[srv] && isReachable(state.nodes[srv]) && state.nodes[srv].partition);
    const partition = server === undefined ? undefined : state.nodes[server]?.partition;
    const opened = partition ? attempt(() => openMaskedObject(ctx, partition, masked)) : undefined;
    const draft = opened && 'value' in opened ? opened.value : undefined;
    // A session key's masked object comes back as a session key (OBJ_ATTR_TOKEN is among its attributes).
    return createKeys(state, ctx, { session: draft ? !draft.attrs.token : false }, () => {
      if (opened && 'reason' in opened) throw new CryptoInputError(opened.reason.text);
      if (!draft) throw new CryptoInputError('no server could open the masked object');
      return [draft];
    });
  },
});
