// The hint a tool gives when the hostname of azcloudhsm_resource.cfg does not resolve: which of the
// guide's steps is missing. It goes to stderr (or the TUI), never into the tool's transcript, which
// stays what the real tool prints.
import { cloudHsmOf, endpointOf, isPlaceholderHostname, PRIVATE_DNS_ZONE, privateLinkFqdn, provisioningStateOf } from '../emulator/azure.ts';
import type { ClusterState } from '../emulator/model.ts';

export function hostnameHint(state: ClusterState, host: string): string {
  const resource = cloudHsmOf(state);
  if (!resource) return `hint: no Cloud HSM is deployed in this emulator home, so '${host}' cannot resolve: the onboarding guide's STEP 2 deploys one (azcloudhsm_emu deploy).`;
  if (provisioningStateOf(state, resource) !== 'Succeeded') return `hint: Cloud HSM ${resource.name} is still provisioning (azcloudhsm_emu status); its private endpoint comes after (STEPs 3 to 6).`;
  const endpoint = endpointOf(state, resource);
  if (!endpoint) return `hint: Cloud HSM ${resource.name} has no private endpoint, so ${PRIVATE_DNS_ZONE} has no records for it yet (STEP 6: azcloudhsm_emu endpoint create).`;
  const fqdn = privateLinkFqdn(resource.domainLabel, 0);
  const what = isPlaceholderHostname(host)
    ? 'still holds its placeholder'
    : /^\d+\.\d+\.\d+\.\d+$/.test(host.trim())
      ? `names ${host.trim()}, which is none of the private endpoint's addresses (${endpoint.ips.join(', ')})`
      : `names '${host}', which does not resolve in ${PRIVATE_DNS_ZONE}`;
  return `hint: "hostname" in azcloudhsm_resource.cfg ${what}: STEP 10 sets it to hsm1's FQDN, ${fqdn} (azcloudhsm_emu endpoint show).`;
}
