// The Azure side of the cluster (the onboarding guide's STEPs 2 to 10): the Cloud HSM resource and its
// provisioning, the private endpoint that gives the three partitions private IPs in the client's
// subnet, and the privatelink DNS zone that names them. One emulator home is one subscription, and it
// emulates one Cloud HSM cluster. This is the registry as the journal's events build it, and the
// name resolution the tools do through it; nothing here does I/O.
import type { ClusterState } from './model.ts';

export const CLOUD_HSM_RESOURCE_TYPE = 'Microsoft.HardwareSecurityModules/cloudHsmClusters';
/** The private DNS zone of Cloud HSM private endpoints, and the public zone its names are CNAMEs from. */
export const PRIVATE_DNS_ZONE = 'privatelink.cloudhsm.azure.net';
export const PUBLIC_DNS_ZONE = 'cloudhsm.azure.net';
/** The SKUs Cloud HSM offers (family B). */
export const CLOUD_HSM_SKUS = ['Standard_B1'] as const;
/** The sub-resource a Cloud HSM private endpoint targets, as the guide's portal wizard shows it. */
export const TARGET_SUB_RESOURCE = 'cloudHSM';
/**
 * The name of the zone's entry in the endpoint's DNS zone group: the portal names it after the zone,
 * dots turned into dashes (our choice for the emulator, following that convention).
 */
export const DNS_CONFIGURATION_NAME = PRIVATE_DNS_ZONE.replace(/\./g, '-');
/** The portal names the endpoint's network interface after it. */
export const nicNameOf = (endpoint: string): string => `${endpoint}-nic`;
/** How long an emulated deployment provisions unless told otherwise (Azure takes minutes). */
export const DEFAULT_PROVISIONING_SECONDS = 3;
/** The length of the random suffix of a domain name label (`contosohsm-h8d6duc8dhcabnae` in the guide). */
export const DOMAIN_SUFFIX_LENGTH = 16;
/** Azure keeps the first four addresses of every subnet (and the last): .4 is the first one handed out. */
export const FIRST_FREE_HOST = 4;
/** Azure's smallest subnet, /29: 8 addresses, 5 reserved, exactly the 3 the endpoint needs. */
export const SMALLEST_SUBNET_PREFIX = 29;
export const LARGEST_SUBNET_PREFIX = 2;

export type ProvisioningState = 'Provisioning' | 'Succeeded';
/** The resource's activationState: the ARM API and the portal say Active once the PRECO is promoted. */
export type ActivationState = 'NotActivated' | 'Active';

export interface CloudHsmResource {
  readonly name: string;
  readonly resourceGroup: string;
  /** The region's programmatic name (`uksouth`). */
  readonly location: string;
  readonly sku: string;
  /** `<name>-<random suffix>`: the hsmN hostnames are `hsmN.<label>.privatelink.cloudhsm.azure.net`. */
  readonly domainLabel: string;
  /** When provisioning completes (ISO time); the HSMs exist from then on. */
  readonly provisionedBy: string;
}

export interface PrivateEndpoint {
  readonly name: string;
  readonly resourceGroup: string;
  readonly location: string;
  readonly vnet: string;
  readonly subnetName: string;
  /** The subnet's address prefix (CIDR). */
  readonly subnet: string;
  /** The Cloud HSM it connects (its resource name). */
  readonly resource: string;
  readonly nic: string;
  /** The private IP of each partition, by server number. */
  readonly ips: readonly string[];
}

export interface AzureState {
  subscriptionId?: string;
  resources: CloudHsmResource[];
  endpoints: PrivateEndpoint[];
}

export function emptyAzure(): AzureState {
  return { resources: [], endpoints: [] };
}

/** The resource the emulated cluster belongs to: the one deployed in this home. */
export function cloudHsmOf(state: ClusterState): CloudHsmResource | undefined {
  return state.azure.resources[0];
}

export function endpointOf(state: ClusterState, resource: CloudHsmResource | undefined = cloudHsmOf(state)): PrivateEndpoint | undefined {
  return resource ? state.azure.endpoints.find((e) => e.resource === resource.name) : undefined;
}

/** Provisioning has succeeded once the HSMs exist: the partitions were created for this resource. */
export function provisioningStateOf(state: ClusterState, resource: CloudHsmResource): ProvisioningState {
  return state.identity?.resourceName === resource.domainLabel ? 'Succeeded' : 'Provisioning';
}

export function activationStateOf(state: ClusterState): ActivationState {
  return state.activated ? 'Active' : 'NotActivated';
}

export function privateLinkFqdn(domainLabel: string, server: number): string {
  return `hsm${server + 1}.${domainLabel}.${PRIVATE_DNS_ZONE}`;
}

/** The name the HSMs know themselves by (getClusterInfo shows it); a CNAME to the privatelink name. */
export function publicFqdn(domainLabel: string, server: number): string {
  return `hsm${server + 1}.${domainLabel}.${PUBLIC_DNS_ZONE}`;
}

export interface DnsRecord {
  readonly fqdn: string;
  readonly ip: string;
  readonly server: number;
}

/** Each partition reachable through a private endpoint: its Cloud HSM's label, its server, its private IP. */
function partitionAddresses(state: ClusterState): { domainLabel: string; server: number; ip: string }[] {
  return state.azure.endpoints.flatMap((e) => {
    const resource = state.azure.resources.find((r) => r.name === e.resource);
    return resource ? e.ips.map((ip, server) => ({ domainLabel: resource.domainLabel, server, ip })) : [];
  });
}

/** The A records of the private DNS zone: one per partition of each endpoint's Cloud HSM. */
export function dnsRecords(state: ClusterState): DnsRecord[] {
  return partitionAddresses(state).map((a) => ({ fqdn: privateLinkFqdn(a.domainLabel, a.server), ip: a.ip, server: a.server }));
}

export type Resolution = { readonly resolved: true; readonly server: number; readonly ip: string } | { readonly resolved: false };

/**
 * What a tool on a VM linked to the zone gets for a hostname: the partition's private IP for its
 * privatelink FQDN, for its public name (a CNAME to the former) or for the IP itself. DNS names are
 * matched without case and without a trailing dot.
 */
export function resolveHost(state: ClusterState, host: string): Resolution {
  const wanted = host.trim().toLowerCase().replace(/\.$/, '');
  const found = partitionAddresses(state).find((a) => [privateLinkFqdn(a.domainLabel, a.server), publicFqdn(a.domainLabel, a.server), a.ip].includes(wanted));
  return found ? { resolved: true, server: found.server, ip: found.ip } : { resolved: false };
}

/** The hostname a fresh SDK's azcloudhsm_resource.cfg holds until STEP 10 replaces it. */
export const PLACEHOLDER_HOSTNAME = `hsm1.<resourcename>-<uniquestring>.${PRIVATE_DNS_ZONE}`;

export function isPlaceholderHostname(host: string): boolean {
  return /[<>]/.test(host);
}

/** A region's programmatic name: `UK South` and `uksouth` are the same region. */
export function normalizeLocation(location: string): string {
  return location.replace(/\s+/g, '').toLowerCase();
}

export interface Subnet {
  readonly base: number;
  readonly prefix: number;
}

/** Reads an IPv4 address prefix (`10.0.2.0/24`); an error text when it is not one Azure takes. */
export function parseSubnet(text: string): Subnet | { readonly error: string } {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text.trim());
  const octets = m ? m.slice(1, 5).map(Number) : [];
  if (!m || octets.some((o) => o > 255)) return { error: `'${text}' is not an IPv4 address prefix in CIDR notation (such as 10.0.2.0/24)` };
  const prefix = Number(m[5]);
  if (prefix > SMALLEST_SUBNET_PREFIX) return { error: `${text} is too small: Azure's smallest subnet is /${SMALLEST_SUBNET_PREFIX} (it keeps 5 addresses of each; the endpoint needs 3 more)` };
  if (prefix < LARGEST_SUBNET_PREFIX) return { error: `${text} is too large: Azure's largest subnet is /${LARGEST_SUBNET_PREFIX}` };
  const address = octets.reduce((a, o) => a * 256 + o, 0);
  const size = 2 ** (32 - prefix);
  const base = address - (address % size);
  if (base !== address) return { error: `${text} has host bits set: for a /${prefix} the address prefix is ${ipv4(base)}/${prefix}` };
  return { base, prefix };
}

export function ipv4(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}

/** Dynamic allocation, as the endpoint wizard leaves it: the first free addresses of the subnet. */
export function allocateIps(subnet: Subnet, count: number): string[] {
  return Array.from({ length: count }, (_, i) => ipv4(subnet.base + FIRST_FREE_HOST + i));
}
