// The Azure side as a home's programs meet it: a new home gets its subscription and, unless it is
// bare, the embedded default (a Cloud HSM deployed and provisioned, a private endpoint, DNS records),
// so the tools work at once; a deployment whose provisioning time has come is completed by whichever
// program opens the home next, as the service finishes in the background.
import type { Cluster } from '../emulator/cluster.ts';
import type { Env } from '../emulator/crypto/env.ts';
import type { Event } from '../emulator/events.ts';
import type { ClusterState } from '../emulator/model.ts';
import { preparePartitionKey } from '../emulator/operations/cluster-admin.ts';
import {
  completeProvisioning,
  createSubscription,
  type Decided,
  decideDeploy,
  decideEndpoint,
  dueForProvisioning,
  EMBEDDED_DEFAULT,
} from '../emulator/operations/azure-resources.ts';

/** The events of a decision that must not be refused (the embedded default's own names). */
function accepted(d: Decided): readonly Event[] {
  if ('refusal' in d) throw new Error(`the embedded default was refused: ${d.refusal}`);
  return d.events;
}

/**
 * Sets up a home whose journal is empty: its subscription and, unless bare, the embedded default.
 * One transaction, so two programs opening a new home at once set it up once.
 */
export function setUpAzure(cluster: Cluster, bare: boolean): void {
  if (cluster.state.head > 0) return;
  // RSA generation is slow: made before the write lock, used only if the home is still empty then.
  const partitionKey = bare ? undefined : preparePartitionKey(cluster.env);
  let fresh = false;
  const d = EMBEDDED_DEFAULT;
  const onlyIfFresh = (make: (state: ClusterState, env: Env) => readonly Event[]) => (state: ClusterState, env: Env) => (fresh ? make(state, env) : []);
  cluster.control(
    (state, env) => {
      fresh = state.head === 0;
      return fresh ? createSubscription(state, env) : [];
    },
    ...(partitionKey
      ? [
          onlyIfFresh((state, env) => accepted(decideDeploy(state, env, { ...d, provisioningSeconds: 0 }))),
          onlyIfFresh((state, env) => completeProvisioning(state, env, partitionKey)),
          onlyIfFresh((state) =>
            accepted(decideEndpoint(state, { name: d.endpoint, resourceGroup: d.clientResourceGroup, vnet: d.vnet, subnetName: d.subnetName, subnet: d.subnet })),
          ),
        ]
      : []),
  );
}

/** Runs a decision of the Azure side as the emulator's own control: its refusal, or undefined once journaled. */
export function applyDecision(cluster: Cluster, decide: (state: ClusterState, env: Env) => Decided): string | undefined {
  let refusal: string | undefined;
  cluster.control((state, env) => {
    const d = decide(state, env);
    if ('refusal' in d) {
      refusal = d.refusal;
      return [];
    }
    return d.events;
  });
  return refusal;
}

/** Completes a deployment whose provisioning time has come (its HSMs are made). True when it did. */
export function settleProvisioning(cluster: Cluster): boolean {
  if (!dueForProvisioning(cluster.state, cluster.env.now())) return false;
  const partitionKey = preparePartitionKey(cluster.env);
  return cluster.control((state, env) => completeProvisioning(state, env, partitionKey)).length > 0;
}
