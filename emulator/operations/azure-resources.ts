// Decisions of the Azure side (azcloudhsm_emu deploy / endpoint create, and the embedded default):
// the checks Azure makes, and the events that record what was made. Like cluster-admin.ts these are
// the emulator's own control, run through Cluster.control; a refusal changes nothing.
import {
  allocateIps,
  CLOUD_HSM_SKUS,
  type CloudHsmResource,
  cloudHsmOf,
  DOMAIN_SUFFIX_LENGTH,
  endpointOf,
  nicNameOf,
  normalizeLocation,
  parseSubnet,
  provisioningStateOf,
} from '../azure.ts';
import type { Env } from '../crypto/env.ts';
import type { KeyPairDer } from '../crypto/keys.ts';
import type { Event } from '../events.ts';
import { type ClusterState, SERVER_COUNT } from '../model.ts';
import { ALNUM, createCluster, randomWord } from './cluster-admin.ts';

export type Decided = { readonly events: readonly Event[] } | { readonly refusal: string };

/** The names the embedded default deploys with: the onboarding guide's own examples. */
export const EMBEDDED_DEFAULT = {
  name: 'chsm-mycloudhsm',
  resourceGroup: 'CHSM-SERVER-RG',
  // Microsoft's own ARM example for cloudHsmClusters deploys in East US 2; any region would do.
  location: 'eastus2',
  sku: 'Standard_B1',
  endpoint: 'chsm-client-private-endpoint',
  clientResourceGroup: 'CHSM-CLIENT-RG',
  vnet: 'chsmclient-vnet',
  subnetName: 'default',
  subnet: '10.0.2.0/24',
} as const;

/** The home's subscription: a random GUID, as Azure's look. */
export function createSubscription(state: ClusterState, env: Env): Event[] {
  if (state.azure.subscriptionId) return [];
  const b = env.randomBytes(16);
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = b.toString('hex');
  return [{ type: 'SubscriptionCreated', subscriptionId: `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}` }];
}

export interface DeployRequest {
  readonly name: string;
  readonly resourceGroup: string;
  readonly location: string;
  readonly sku: string;
  /** How long it provisions (Azure takes minutes; the emulator seconds). */
  readonly provisioningSeconds: number;
}

// Cloud HSM names are 3 to 23 characters (the ARM API's rule); letters, digits and hyphens, starting
// with a letter and not ending with a hyphen, is our reading of what a DNS label allows.
const RESOURCE_NAME = /^[A-Za-z][A-Za-z0-9-]{1,21}[A-Za-z0-9]$/;
// Resource groups: up to 90 letters, digits, underscores, hyphens, periods and parentheses, not ending with a period.
const RESOURCE_GROUP = /^[-\w.()]{0,89}[-\w()]$/;
const REGION = /^[a-z][a-z0-9]{2,39}$/;

export function decideDeploy(state: ClusterState, env: Env, req: DeployRequest): Decided {
  if (!RESOURCE_NAME.test(req.name)) {
    return { refusal: `'${req.name}' is not a valid Cloud HSM name: 3 to 23 letters, digits and hyphens, starting with a letter and not ending with a hyphen` };
  }
  if (!RESOURCE_GROUP.test(req.resourceGroup)) {
    return { refusal: `'${req.resourceGroup}' is not a valid resource group name: up to 90 letters, digits, underscores, hyphens, periods and parentheses, not ending with a period` };
  }
  const location = normalizeLocation(req.location);
  if (!REGION.test(location)) return { refusal: `'${req.location}' is not a region name (such as uksouth or "UK South")` };
  const sku = CLOUD_HSM_SKUS.find((s) => s.toLowerCase() === req.sku.toLowerCase());
  if (!sku) return { refusal: `SKU '${req.sku}' is not offered: Cloud HSM has ${CLOUD_HSM_SKUS.join(', ')} (family B)` };
  const taken = state.azure.resources.find((r) => r.location === location && r.name.toLowerCase() === req.name.toLowerCase());
  if (taken) {
    return { refusal: `a Cloud HSM named '${taken.name}' already exists in ${location} (resource group ${taken.resourceGroup}): names are unique per region, choose another` };
  }
  const deployed = cloudHsmOf(state);
  if (deployed) {
    return { refusal: `this emulator home already has a Cloud HSM (${deployed.name} in ${deployed.location}); it emulates one cluster: use another home (--home DIR) for another` };
  }
  const resource: CloudHsmResource = {
    name: req.name,
    resourceGroup: req.resourceGroup,
    location,
    sku,
    domainLabel: `${req.name.toLowerCase()}-${randomWord(env, DOMAIN_SUFFIX_LENGTH, ALNUM)}`,
    provisionedBy: new Date(env.now().getTime() + Math.max(0, req.provisioningSeconds) * 1000).toISOString(),
  };
  return { events: [{ type: 'CloudHsmDeployed', resource }] };
}

/** The resource whose provisioning time has come but whose HSMs are not made yet. */
export function dueForProvisioning(state: ClusterState, now: Date): CloudHsmResource | undefined {
  const resource = cloudHsmOf(state);
  if (!resource || state.identity || Date.parse(resource.provisionedBy) > now.getTime()) return undefined;
  return resource;
}

/** Provisioning succeeds: the HSMs and their partitions are made, named by the resource's label. */
export function completeProvisioning(state: ClusterState, env: Env, partitionKey: KeyPairDer): Event[] {
  const resource = dueForProvisioning(state, env.now());
  return resource ? createCluster(state, env, partitionKey, resource.domainLabel) : [];
}

export interface EndpointRequest {
  readonly name: string;
  readonly resourceGroup: string;
  readonly vnet: string;
  readonly subnetName: string;
  /** The subnet's address prefix, as given. */
  readonly subnet: string;
  /** The Cloud HSM to connect; the home's own when not given. */
  readonly resource?: string;
  /** The endpoint's region; the Cloud HSM's when not given (the guide keeps them in one region). */
  readonly location?: string;
}

// Private endpoint names: 2 to 64 characters, starting with a letter or digit (Azure's rule for network resources).
const ENDPOINT_NAME = /^[A-Za-z0-9][-\w.]{0,62}\w$/;
const VNET_NAME = /^[A-Za-z0-9][-\w.]{0,62}\w$/;

export function decideEndpoint(state: ClusterState, req: EndpointRequest): Decided {
  if (!ENDPOINT_NAME.test(req.name)) return { refusal: `'${req.name}' is not a valid private endpoint name: 2 to 64 letters, digits, underscores, periods and hyphens` };
  if (!RESOURCE_GROUP.test(req.resourceGroup)) return { refusal: `'${req.resourceGroup}' is not a valid resource group name` };
  if (!VNET_NAME.test(req.vnet)) return { refusal: `'${req.vnet}' is not a valid virtual network name` };
  if (!VNET_NAME.test(req.subnetName)) return { refusal: `'${req.subnetName}' is not a valid subnet name` };
  const subnet = parseSubnet(req.subnet);
  if ('error' in subnet) return { refusal: `invalid subnet: ${subnet.error}` };
  const resource = req.resource === undefined ? cloudHsmOf(state) : state.azure.resources.find((r) => r.name.toLowerCase() === req.resource!.toLowerCase());
  if (!resource) {
    return { refusal: req.resource === undefined ? 'no Cloud HSM is deployed in this home: deploy one first (the guide\'s STEP 2: azcloudhsm_emu deploy)' : `no Cloud HSM named '${req.resource}' in this home` };
  }
  if (provisioningStateOf(state, resource) !== 'Succeeded') {
    return { refusal: `Cloud HSM ${resource.name} is still provisioning (provisioning state Provisioning): create its private endpoint once the state shows Succeeded (STEP 3; azcloudhsm_emu status)` };
  }
  const sameName = state.azure.endpoints.find((e) => e.name.toLowerCase() === req.name.toLowerCase() && e.resourceGroup.toLowerCase() === req.resourceGroup.toLowerCase());
  if (sameName) return { refusal: `a private endpoint named '${sameName.name}' already exists in resource group ${sameName.resourceGroup}` };
  const existing = endpointOf(state, resource);
  if (existing) return { refusal: `Cloud HSM ${resource.name} already has a private endpoint (${existing.name}); the emulator keeps one per Cloud HSM` };
  const location = req.location === undefined ? resource.location : normalizeLocation(req.location);
  if (!REGION.test(location)) return { refusal: `'${req.location}' is not a region name (such as uksouth or "UK South")` };
  return {
    events: [
      {
        type: 'PrivateEndpointCreated',
        endpoint: {
          name: req.name,
          resourceGroup: req.resourceGroup,
          location,
          vnet: req.vnet,
          subnetName: req.subnetName,
          subnet: req.subnet.trim(),
          resource: resource.name,
          nic: nicNameOf(req.name),
          ips: allocateIps(subnet, SERVER_COUNT),
        },
      },
    ],
  };
}
