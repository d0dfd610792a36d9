// The HSM's side of -attest: the response of a command, signed by the partition's key (see
// ../crypto/attestation.ts for the check the tool makes).
import type { Attestation } from '../crypto/attestation.ts';
import type { ClusterState } from '../model.ts';
import { type Infer, s } from '../schema.ts';
import type { FanOut } from './fan-out.ts';
import type { DecideContext } from './operation.ts';
import { signWithPartitionKey } from './partition-key.ts';

export const attestationSchema = s.object({ response: s.bytes(), signature: s.bytes() });

// The schema and the crypto module describe the same shape.
const _sameShape: (a: Infer<typeof attestationSchema>) => Attestation = (a) => a;
void _sameShape;

/**
 * The response `about` signed by the first server that did the command (the partition key is the same on
 * every node); undefined when none did. The response is the emulator's own: the JSON of `about`.
 */
export function attest<N>(state: ClusterState, ctx: DecideContext, run: FanOut<N>, about: unknown): Attestation | undefined {
  const server = run.outcomes.find((o) => o.code === 'SUCCESS')?.server;
  const partition = server === undefined ? undefined : state.nodes[server]?.partition;
  if (!partition) return undefined;
  const response = Buffer.from(JSON.stringify(about), 'utf8');
  return { response, signature: signWithPartitionKey(ctx.env, partition, response) };
}
