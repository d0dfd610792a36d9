// The Azure side in azcloudhsm_emu (the onboarding guide's STEPs 2 to 10): `deploy` (the Cloud HSM
// resource, its provisioning shown as it moves to Succeeded), `endpoint create` (the private endpoint:
// three private IPs and their records in the privatelink DNS zone), `endpoint show` (the portal's DNS
// configuration), and the Azure lines of `status` and `init`. The wording is ours: the portal and the
// CLI print JSON and pages, not these lines.
import {
  activationStateOf,
  CLOUD_HSM_RESOURCE_TYPE,
  cloudHsmOf,
  DEFAULT_PROVISIONING_SECONDS,
  DNS_CONFIGURATION_NAME,
  dnsRecords,
  endpointOf,
  PRIVATE_DNS_ZONE,
  privateLinkFqdn,
  provisioningStateOf,
  TARGET_SUB_RESOURCE,
} from '../../emulator/azure.ts';
import type { Cluster } from '../../emulator/cluster.ts';
import type { ClusterState } from '../../emulator/model.ts';
import { decideDeploy, decideEndpoint, EMBEDDED_DEFAULT } from '../../emulator/operations/azure-resources.ts';
import { applyDecision, settleProvisioning } from '../azure-setup.ts';
import { progressBar } from '../progress.ts';

export interface Io {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  /** Rewrites the current line of a terminal (progress); undefined when stdout is no terminal. */
  readonly redraw?: (line: string) => void;
}

export const DEPLOY_USAGE = `Usage: azcloudhsm_emu deploy --name NAME --resource-group GROUP --location REGION [--sku Standard_B1]
                           [--no-wait] [--provisioning-seconds N]
  Deploys a Cloud HSM (${CLOUD_HSM_RESOURCE_TYPE}), the onboarding guide's STEP 2, and shows its
  provisioning state until it has Succeeded (STEP 3); --no-wait returns at once (status shows it later).
  The emulator provisions in ${DEFAULT_PROVISIONING_SECONDS} s unless --provisioning-seconds says otherwise.`;

export const ENDPOINT_USAGE = `Usage: azcloudhsm_emu endpoint create --name NAME --vnet VNET --subnet PREFIX [--subnet-name default]
                                    [--resource-group ${EMBEDDED_DEFAULT.clientResourceGroup}] [--hsm NAME] [--location REGION]
       azcloudhsm_emu endpoint show
  create: the private endpoint of the guide's STEP 6 (DNS integration on): three private IPs in the subnet
  (e.g. 10.0.2.0/24), one per HSM partition, and their A records in ${PRIVATE_DNS_ZONE}.
  show: the endpoint, its network interface and its DNS configuration (STEP 7 and STEP 10).`;

/** `--key value` / `--key=value` options and bare flags; unknown ones are an error. */
function parseOptions(args: readonly string[], valued: readonly string[], flags: readonly string[]): { values: Map<string, string>; flags: Set<string> } | { error: string } {
  const values = new Map<string, string>();
  const set = new Set<string>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const eq = a.indexOf('=');
    const key = eq > 0 ? a.slice(0, eq) : a;
    if (flags.includes(key) && eq < 0) set.add(key);
    else if (valued.includes(key)) {
      const value = eq > 0 ? a.slice(eq + 1) : args[++i];
      if (value === undefined || value === '') return { error: `${key} needs a value` };
      values.set(key, value);
    } else return { error: `unknown argument '${a}'` };
  }
  return { values, flags: set };
}

function missing(values: Map<string, string>, required: readonly string[]): string | undefined {
  const absent = required.filter((k) => !values.has(k));
  return absent.length > 0 ? `missing ${absent.join(', ')}` : undefined;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function deployCommand(cluster: Cluster, args: readonly string[], io: Io): Promise<number> {
  const parsed = parseOptions(args, ['--name', '--resource-group', '--location', '--sku', '--provisioning-seconds'], ['--no-wait']);
  const problem = 'error' in parsed ? parsed.error : missing(parsed.values, ['--name', '--resource-group', '--location']);
  const seconds = 'error' in parsed ? NaN : Number(parsed.values.get('--provisioning-seconds') ?? DEFAULT_PROVISIONING_SECONDS);
  if (problem || 'error' in parsed || !Number.isFinite(seconds) || seconds < 0 || seconds > 3600) {
    io.err(`azcloudhsm_emu deploy: ${problem ?? '--provisioning-seconds takes 0 to 3600'}`);
    io.err(DEPLOY_USAGE);
    return 2;
  }
  const v = parsed.values;
  const request = { name: v.get('--name')!, resourceGroup: v.get('--resource-group')!, location: v.get('--location')!, sku: v.get('--sku') ?? 'Standard_B1', provisioningSeconds: seconds };
  const refusal = applyDecision(cluster, (state, env) => decideDeploy(state, env, request));
  if (refusal) {
    io.err(`azcloudhsm_emu deploy: refused: ${refusal}`);
    return 1;
  }
  const resource = cloudHsmOf(cluster.state)!;
  io.out(`Deploying Cloud HSM ${resource.name} (${CLOUD_HSM_RESOURCE_TYPE}, SKU ${resource.sku}) in ${resource.location}, resource group ${resource.resourceGroup}`);
  if (parsed.flags.has('--no-wait')) {
    io.out(`Provisioning state: Provisioning (not waiting: azcloudhsm_emu status shows it Succeeded in ${seconds} s)`);
    return 0;
  }
  const due = Date.parse(resource.provisionedBy);
  const total = Math.max(0, due - cluster.env.now().getTime());
  if (io.redraw) {
    for (let left = total; left > 0; left = due - cluster.env.now().getTime()) {
      io.redraw(`Provisioning state: Provisioning ${progressBar(Math.round((total - left) / 1000), Math.round(total / 1000))} s`);
      await sleep(Math.min(200, left));
    }
  } else {
    io.out('Provisioning state: Provisioning');
    await sleep(total);
  }
  settleProvisioning(cluster);
  io.redraw?.('');
  io.out(`Provisioning state: ${provisioningStateOf(cluster.state, resource)}`);
  io.out(`HSMs hsm1, hsm2 and hsm3 of ${resource.domainLabel}; activation state ${activationStateOf(cluster.state)}`);
  io.out(`Next, the private endpoint (STEP 6): azcloudhsm_emu endpoint create --name ${EMBEDDED_DEFAULT.endpoint} --vnet ${EMBEDDED_DEFAULT.vnet} --subnet ${EMBEDDED_DEFAULT.subnet}`);
  return 0;
}

export function endpointCommand(cluster: Cluster, args: readonly string[], io: Io): number {
  const [verb, ...rest] = args;
  if (verb === 'show' && rest.length === 0) return endpointShow(cluster.state, io);
  if (verb !== 'create') {
    io.err(ENDPOINT_USAGE);
    return 2;
  }
  const parsed = parseOptions(rest, ['--name', '--vnet', '--subnet', '--subnet-name', '--resource-group', '--hsm', '--location'], []);
  const problem = 'error' in parsed ? parsed.error : missing(parsed.values, ['--name', '--vnet', '--subnet']);
  if (problem || 'error' in parsed) {
    io.err(`azcloudhsm_emu endpoint create: ${problem}`);
    io.err(ENDPOINT_USAGE);
    return 2;
  }
  const v = parsed.values;
  const hsm = v.get('--hsm');
  const location = v.get('--location');
  const refusal = applyDecision(cluster, (state) =>
    decideEndpoint(state, {
      name: v.get('--name')!,
      resourceGroup: v.get('--resource-group') ?? EMBEDDED_DEFAULT.clientResourceGroup,
      vnet: v.get('--vnet')!,
      subnetName: v.get('--subnet-name') ?? EMBEDDED_DEFAULT.subnetName,
      subnet: v.get('--subnet')!,
      ...(hsm === undefined ? {} : { resource: hsm }),
      ...(location === undefined ? {} : { location }),
    }),
  );
  if (refusal) {
    io.err(`azcloudhsm_emu endpoint create: refused: ${refusal}`);
    return 1;
  }
  const endpoint = cluster.state.azure.endpoints.at(-1)!;
  io.out(`Created private endpoint ${endpoint.name} in ${endpoint.resourceGroup} (${endpoint.location}) to Cloud HSM ${endpoint.resource}, target sub-resource ${TARGET_SUB_RESOURCE}`);
  io.out(`Network interface ${endpoint.nic} in ${endpoint.vnet}/${endpoint.subnetName} (${endpoint.subnet}): ${endpoint.ips.join(', ')}`);
  io.out(`Private DNS zone ${PRIVATE_DNS_ZONE}, configuration ${DNS_CONFIGURATION_NAME}:`);
  for (const r of dnsRecords(cluster.state)) io.out(`  ${r.fqdn}  ${r.ip}`);
  io.out(`Next (STEP 10): set "hostname" in azcloudhsm_resource.cfg to ${dnsRecords(cluster.state)[0]!.fqdn}`);
  return 0;
}

/** The endpoint as the portal shows it: its resource, network interface and DNS configuration. */
function endpointShow(state: ClusterState, io: Io): number {
  const endpoint = endpointOf(state);
  if (!endpoint) {
    io.err(`azcloudhsm_emu endpoint show: no private endpoint in this home yet (STEP 6: azcloudhsm_emu endpoint create --name ${EMBEDDED_DEFAULT.endpoint} --vnet ${EMBEDDED_DEFAULT.vnet} --subnet ${EMBEDDED_DEFAULT.subnet})`);
    return 1;
  }
  const records = dnsRecords(state);
  const fqdnWidth = Math.max(...records.map((r) => r.fqdn.length), 'FQDN'.length) + 3;
  const nameWidth = DNS_CONFIGURATION_NAME.length + 3;
  io.out(`Private endpoint ${endpoint.name} (resource group ${endpoint.resourceGroup}, ${endpoint.location})`);
  io.out(`  Resource:           ${endpoint.resource} (${CLOUD_HSM_RESOURCE_TYPE}), target sub-resource ${TARGET_SUB_RESOURCE}`);
  io.out('  Connection status:  Approved');
  io.out(`  Virtual network:    ${endpoint.vnet}, subnet ${endpoint.subnetName} (${endpoint.subnet})`);
  io.out(`  Network interface:  ${endpoint.nic}: ${endpoint.ips.join(', ')}`);
  io.out('');
  io.out(`DNS configuration (private DNS zone ${PRIVATE_DNS_ZONE})`);
  io.out(`${'Configuration name'.padEnd(nameWidth)}${'FQDN'.padEnd(fqdnWidth)}IP address`);
  for (const r of records) io.out(`${DNS_CONFIGURATION_NAME.padEnd(nameWidth)}${r.fqdn.padEnd(fqdnWidth)}${r.ip}`);
  io.out('');
  io.out(`STEP 10: "hostname" in azcloudhsm_resource.cfg is hsm1's FQDN, ${records[0]!.fqdn}`);
  return 0;
}

/** The Azure lines of `azcloudhsm_emu status`. */
export function azureStatusLines(state: ClusterState): string[] {
  const lines = [`Subscription:  ${state.azure.subscriptionId ?? '-'} (this emulator home)`];
  const resource = cloudHsmOf(state);
  if (!resource) {
    if (state.identity) return lines;
    return [...lines, `Cloud HSM:     none deployed (STEP 2: ${deployHint()})`];
  }
  lines.push(
    `Cloud HSM:     ${resource.name} in ${resource.resourceGroup} (${resource.location}, ${resource.sku}): provisioning state ${provisioningStateOf(state, resource)}, activation state ${activationStateOf(state)}`,
  );
  const endpoint = endpointOf(state, resource);
  if (!endpoint) return [...lines, `Endpoint:      none (STEP 6: azcloudhsm_emu endpoint create --name ${EMBEDDED_DEFAULT.endpoint} --vnet ${EMBEDDED_DEFAULT.vnet} --subnet ${EMBEDDED_DEFAULT.subnet})`];
  return [
    ...lines,
    `Endpoint:      ${endpoint.name} in ${endpoint.vnet} (${endpoint.subnet}): ${endpoint.ips.map((ip, s) => `hsm${s + 1} ${ip}`).join(', ')}`,
    `Hostname:      ${privateLinkFqdn(resource.domainLabel, 0)} (for azcloudhsm_resource.cfg)`,
  ];
}

export function deployHint(): string {
  return `azcloudhsm_emu deploy --name ${EMBEDDED_DEFAULT.name} --resource-group ${EMBEDDED_DEFAULT.resourceGroup} --location <region>`;
}
