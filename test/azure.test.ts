// The Azure side of onboarding (STEPs 2 to 10): deploy and provisioning, the private endpoint and its
// DNS records, the refusals Azure makes, and the tools resolving the cfg's hostname through that DNS.
// The guide's steps end to end, and the second VM of its FAQ (PO.crt missing or another owner's, for
// mgmt_util and the client), are runbooks: recordings/onboarding.md and recordings/second-vm.md.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import fc from 'fast-check';
import { allocateIps, dnsRecords, parseSubnet, resolveHost } from '../emulator/azure.ts';
import { Cluster } from '../emulator/cluster.ts';
import type { Env } from '../emulator/crypto/env.ts';
import { completeProvisioning, createSubscription, decideDeploy, decideEndpoint, dueForProvisioning } from '../emulator/operations/azure-resources.ts';
import { preparePartitionKey } from '../emulator/operations/cluster-admin.ts';
import { applyDecision } from '../src/azure-setup.ts';
import { hostnameHint } from '../src/hostname-hint.ts';
import { deterministicEnv } from './helpers/env.ts';
import { mgmt, run, tempHome } from './helpers/tools.ts';

/** A cluster on a scratch journal whose clock stands still until the test moves it. */
function scratch(seed = 'azure'): { cluster: Cluster; clock: { now: number }; dir: string; env: Env } {
  const clock = { now: Date.parse('2026-03-01T12:00:00.000Z') };
  const env: Env = { ...deterministicEnv(seed), now: () => new Date(clock.now) };
  const dir = tempHome('azhsm-azure-');
  const cluster = Cluster.open(join(dir, 'journal.db'), env);
  cluster.control(createSubscription);
  return { cluster, clock, dir, env };
}

const DEPLOY = { name: 'chsm-mycloudhsm', resourceGroup: 'CHSM-SERVER-RG', location: 'UK South', sku: 'Standard_B1', provisioningSeconds: 60 };
const ENDPOINT = { name: 'chsm-client-private-endpoint', resourceGroup: 'CHSM-CLIENT-RG', vnet: 'chsmclient-vnet', subnetName: 'default', subnet: '10.0.2.0/24' };

const apply = applyDecision;

/** A scratch cluster whose Cloud HSM has provisioned. */
function provisioned(): ReturnType<typeof scratch> {
  const made = scratch();
  apply(made.cluster, (s, e) => decideDeploy(s, e, DEPLOY));
  made.clock.now += DEPLOY.provisioningSeconds * 1000;
  const key = preparePartitionKey(made.env);
  made.cluster.control((s, e) => completeProvisioning(s, e, key));
  return made;
}

test('deploy: provisioning moves from Provisioning to Succeeded when its time has come; the HSMs are named by the resource', (t) => {
  const { cluster, clock, env } = scratch();
  t.is(apply(cluster, (s, e) => decideDeploy(s, e, DEPLOY)), undefined);
  const resource = cluster.state.azure.resources[0]!;
  t.like(resource, { name: 'chsm-mycloudhsm', location: 'uksouth', sku: 'Standard_B1' });
  t.regex(resource.domainLabel, /^chsm-mycloudhsm-[a-z0-9]{16}$/);
  t.is(cluster.state.identity, undefined, 'no HSMs while it provisions');
  clock.now += 59_000;
  t.is(dueForProvisioning(cluster.state, env.now()), undefined);
  const key = preparePartitionKey(env);
  t.deepEqual(cluster.control((s, e) => completeProvisioning(s, e, key)), [], 'nothing happens before its time');
  clock.now += 1_000;
  const made = cluster.control((s, e) => completeProvisioning(s, e, key));
  t.deepEqual(made.map((r) => r.event.type), ['ClusterCreated']);
  t.is(cluster.state.identity?.resourceName, resource.domainLabel);
  t.deepEqual(cluster.control((s, e) => completeProvisioning(s, e, key)), [], 'provisioned once');
});

test('deploy refusals: a name used in the region, a second cluster, bad names, regions and SKUs; nothing is journaled', (t) => {
  const { cluster } = scratch();
  t.is(apply(cluster, (s, e) => decideDeploy(s, e, DEPLOY)), undefined);
  const head = cluster.state.head;
  const refusals = [
    [{ ...DEPLOY, name: 'CHSM-MyCloudHSM', resourceGroup: 'OTHER-RG', location: 'uksouth' }, /already exists in uksouth \(resource group CHSM-SERVER-RG\): names are unique per region/],
    [{ ...DEPLOY, name: 'chsm-mycloudhsm', location: 'eastus' }, /already has a Cloud HSM \(chsm-mycloudhsm in uksouth\); it emulates one cluster/],
    [{ ...DEPLOY, name: 'x' }, /not a valid Cloud HSM name: 3 to 23/],
    [{ ...DEPLOY, name: 'a-name-far-too-long-for-it' }, /not a valid Cloud HSM name/],
    [{ ...DEPLOY, name: 'ends-with-' }, /not a valid Cloud HSM name/],
    [{ ...DEPLOY, resourceGroup: 'group.' }, /not a valid resource group name/],
    [{ ...DEPLOY, location: 'mars/1' }, /not a region name/],
    [{ ...DEPLOY, sku: 'Premium_P1' }, /SKU 'Premium_P1' is not offered: Cloud HSM has Standard_B1/],
  ] as const;
  for (const [request, message] of refusals) t.regex(apply(cluster, (s, e) => decideDeploy(s, e, request)) ?? '', message, request.name);
  t.is(cluster.state.head, head);
});

test('endpoint: refused before provisioning has succeeded, then three private IPs and their privatelink A records', (t) => {
  const { cluster, clock, env, dir } = scratch();
  t.regex(apply(cluster, (s) => decideEndpoint(s, ENDPOINT)) ?? '', /no Cloud HSM is deployed in this home/);
  apply(cluster, (s, e) => decideDeploy(s, e, DEPLOY));
  t.regex(apply(cluster, (s) => decideEndpoint(s, ENDPOINT)) ?? '', /still provisioning \(provisioning state Provisioning\)/);
  clock.now += 60_000;
  const key = preparePartitionKey(env);
  cluster.control((s, e) => completeProvisioning(s, e, key));
  t.is(apply(cluster, (s) => decideEndpoint(s, ENDPOINT)), undefined);
  const endpoint = cluster.state.azure.endpoints[0]!;
  t.like(endpoint, { nic: 'chsm-client-private-endpoint-nic', location: 'uksouth', resource: 'chsm-mycloudhsm' });
  t.deepEqual(endpoint.ips, ['10.0.2.4', '10.0.2.5', '10.0.2.6']);
  const label = cluster.state.identity!.resourceName;
  t.deepEqual(dnsRecords(cluster.state), [0, 1, 2].map((s) => ({ fqdn: `hsm${s + 1}.${label}.privatelink.cloudhsm.azure.net`, ip: `10.0.2.${4 + s}`, server: s })));
  t.regex(apply(cluster, (s) => decideEndpoint(s, ENDPOINT)) ?? '', /already exists in resource group CHSM-CLIENT-RG/);
  t.regex(apply(cluster, (s) => decideEndpoint(s, { ...ENDPOINT, name: 'second' })) ?? '', /already has a private endpoint \(chsm-client-private-endpoint\)/);
  t.regex(apply(cluster, (s) => decideEndpoint(s, { ...ENDPOINT, name: 'pe2', resource: 'other-hsm' })) ?? '', /no Cloud HSM named 'other-hsm'/);
  // The journal holds it all: a process opening it later sees the same resource, endpoint and records.
  const again = Cluster.open(join(dir, 'journal.db'), env);
  t.deepEqual(again.state.azure, cluster.state.azure);
  t.deepEqual(dnsRecords(again.state), dnsRecords(cluster.state));
  again.close();
});

test('malformed subnets are refused with what is wrong, and nothing is journaled', (t) => {
  const { cluster } = provisioned();
  const head = cluster.state.head;
  const cases = [
    ['10.0.2.0', /not an IPv4 address prefix in CIDR notation/],
    ['10.0.2/24', /not an IPv4 address prefix/],
    ['300.0.2.0/24', /not an IPv4 address prefix/],
    ['subnet-a', /not an IPv4 address prefix/],
    ['10.0.2.5/24', /has host bits set: for a \/24 the address prefix is 10\.0\.2\.0\/24/],
    ['10.0.2.0/30', /too small: Azure's smallest subnet is \/29/],
    ['0.0.0.0/1', /too large/],
  ] as const;
  for (const [subnet, message] of cases) t.regex(apply(cluster, (s) => decideEndpoint(s, { ...ENDPOINT, subnet })) ?? '', message, subnet);
  t.is(cluster.state.head, head);
});

const dotted = (n: number): string => [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
const numeric = (ip: string): number => ip.split('.').reduce((a, o) => a * 256 + Number(o), 0);

test('property: a subnet Azure takes gets the three addresses after the four it keeps, inside it; host bits set are refused', (t) => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 2, max: 29 }), (address, prefix) => {
      const size = 2 ** (32 - prefix);
      const base = address - (address % size);
      const subnet = parseSubnet(`${dotted(base)}/${prefix}`);
      if ('error' in subnet) return false;
      const ips = allocateIps(subnet, 3).map(numeric);
      // The last address of the subnet is Azure's too (broadcast): the third IP stays below it.
      const inside = ips.every((ip, i) => ip === base + 4 + i && ip < base + size - 1);
      return inside && 'error' in parseSubnet(`${dotted(base + 1)}/${prefix}`);
    }),
  );
  t.pass();
});

test('resolution: the privatelink FQDN, its public name and the IP reach a partition; other names reach nothing', (t) => {
  const { cluster } = provisioned();
  const label = cluster.state.identity!.resourceName;
  t.deepEqual(resolveHost(cluster.state, `hsm1.${label}.privatelink.cloudhsm.azure.net`), { resolved: false }, 'no records before the endpoint');
  apply(cluster, (s) => decideEndpoint(s, { ...ENDPOINT, subnet: '172.16.8.0/28' }));
  t.deepEqual(resolveHost(cluster.state, `HSM1.${label.toUpperCase()}.privatelink.cloudhsm.azure.net.`), { resolved: true, server: 0, ip: '172.16.8.4' });
  t.deepEqual(resolveHost(cluster.state, `hsm3.${label}.cloudhsm.azure.net`), { resolved: true, server: 2, ip: '172.16.8.6' });
  t.deepEqual(resolveHost(cluster.state, '172.16.8.5'), { resolved: true, server: 1, ip: '172.16.8.5' });
  for (const host of ['hsm1.nowhere.example', `hsm4.${label}.privatelink.cloudhsm.azure.net`, 'hsm1.<resourcename>-<uniquestring>.privatelink.cloudhsm.azure.net', '10.0.2.4', '']) {
    t.deepEqual(resolveHost(cluster.state, host), { resolved: false }, host);
  }
  t.regex(hostnameHint(cluster.state, '10.0.2.4'), /names 10\.0\.2\.4, which is none of the private endpoint's addresses \(172\.16\.8\.4, 172\.16\.8\.5, 172\.16\.8\.6\): STEP 10/);
});

// Through the programs, as a user runs them.

function setHostname(home: string, hostname: string, sdk = home): void {
  const cfg = join(sdk, 'bin', 'azcloudhsm_resource.cfg');
  writeFileSync(cfg, readFileSync(cfg, 'utf8').replace(/"hostname" : "[^"]*"/, `"hostname" : "${hostname}"`));
}

function labelOf(home: string): string {
  const m = /hsm1\.(\S+)\.privatelink\.cloudhsm\.azure\.net/.exec(readFileSync(join(home, 'bin', 'azcloudhsm_resource.cfg'), 'utf8'));
  if (!m) throw new Error('no hsm1 FQDN in the cfg');
  return m[1]!;
}

test('mgmt_util resolves the cfg: hsm1 connects as server 0 at its IP; a wrong name and the placeholder connect nothing, the hint on stderr only', (t) => {
  const home = tempHome();
  t.is(run('azcloudhsm_emu', ['init'], { home }).status, 0);
  const label = labelOf(home);
  const right = mgmt(home, ['quit']);
  t.true(right.stdout.includes("Connected to 'server 0': hostname '10.0.2.4', port 2225..."), right.stdout);
  t.is(right.stderr, '');
  setHostname(home, `hsm2.${label}.cloudhsm.azure.net`);
  // hsm2 by its public name: the tool bootstraps from server 1, which runs only once the cluster is activated.
  t.true(mgmt(home, ['quit']).stdout.includes("depending on the server(s) load, please wait...\n\nConnecting to 'server 1': hostname '10.0.2.5', port 2225...\nConnetion to server 10.0.2.5(10.0.2.5)"));
  setHostname(home, 'hsm1.nowhere.example');
  const wrong = mgmt(home, ['listUsers', 'quit']);
  t.true(
    wrong.stdout.includes("Connecting to 'server 0': hostname 'hsm1.nowhere.example', port 2225...\nConnetion to server hsm1.nowhere.example(hsm1.nowhere.example) on port 2225 failed\n\nServer 0(hsm1.nowhere.example) is not connected\ncloudmgmt>"),
    wrong.stdout,
  );
  t.false(wrong.stdout.includes('Connected to'));
  t.false(wrong.stdout.includes('hint'));
  t.regex(wrong.stderr, new RegExp(`^hint: "hostname" in azcloudhsm_resource\\.cfg names 'hsm1\\.nowhere\\.example', which does not resolve in privatelink\\.cloudhsm\\.azure\\.net: STEP 10 sets it to hsm1's FQDN, hsm1\\.${label}\\.privatelink\\.cloudhsm\\.azure\\.net`));
  setHostname(home, 'hsm1.<resourcename>-<uniquestring>.privatelink.cloudhsm.azure.net');
  const placeholder = mgmt(home, ['quit']);
  t.true(placeholder.stdout.includes("Server 0(hsm1.<resourcename>-<uniquestring>.privatelink.cloudhsm.azure.net) is not connected"));
  t.regex(placeholder.stderr, /still holds its placeholder: STEP 10 sets it/);
});

test('a bare home has nothing deployed: its cfg holds the placeholder, status and the tools say which step comes next', (t) => {
  const home = tempHome();
  const init = run('azcloudhsm_emu', ['init', '--bare'], { home });
  t.is(init.status, 0);
  t.regex(init.stdout, /with nothing deployed \(bare\)\nNo Cloud HSM deployed yet; next, the onboarding guide's STEP 2: azcloudhsm_emu deploy --name chsm-mycloudhsm/);
  t.regex(readFileSync(join(home, 'bin', 'azcloudhsm_resource.cfg'), 'utf8'), /"hostname" : "hsm1\.<resourcename>-<uniquestring>\.privatelink\.cloudhsm\.azure\.net"/);
  t.regex(run('azcloudhsm_emu', ['status'], { home }).stdout, /Cloud HSM: +none deployed \(STEP 2: /);
  const r = mgmt(home, ['quit']);
  t.true(r.stdout.includes('is not connected\ncloudmgmt>quit'));
  t.regex(r.stderr, /no Cloud HSM is deployed in this emulator home/);
  const client = run('azcloudhsm_client', ['azcloudhsm_resource.cfg'], { home, cwd: join(home, 'bin') });
  t.is(client.status, 1);
  t.regex(client.stdout, /ERR: Connection to server 'hsm1\.<resourcename>-<uniquestring>\.privatelink\.cloudhsm\.azure\.net' port 2225 failed: the hostname does not resolve/);
  t.regex(client.stderr, /^hint: no Cloud HSM is deployed/);
  t.is(run('azcloudhsm_emu', ['init', '--bare'], { home }).stdout.split('\n')[0], `Using existing emulator home ${home}`);
});

test('the CLI: --no-wait, the endpoint refused while provisioning, another subnet whose IPs the tools print, refusals and usage', (t) => {
  const waiting = tempHome();
  const deploy = run('azcloudhsm_emu', ['deploy', '--name', 'chsm-hsm2', '--resource-group', 'RG', '--location', 'westeurope', '--no-wait', '--provisioning-seconds', '600'], { home: waiting });
  t.is(deploy.status, 0, deploy.stderr);
  t.regex(deploy.stdout, /Provisioning state: Provisioning \(not waiting/);
  const endpoint = ['endpoint', 'create', '--name', 'pe', '--vnet', 'vnet1', '--subnet', '192.168.40.0/26'];
  const early = run('azcloudhsm_emu', endpoint, { home: waiting });
  t.is(early.status, 1);
  t.regex(early.stderr, /refused: Cloud HSM chsm-hsm2 is still provisioning/);
  t.regex(run('azcloudhsm_emu', ['status'], { home: waiting }).stdout, /provisioning state Provisioning, activation state NotActivated/);
  const home = tempHome();
  const waited = run('azcloudhsm_emu', ['deploy', '--name', 'chsm-hsm2', '--resource-group', 'RG', '--location', 'westeurope', '--provisioning-seconds', '0'], { home });
  t.regex(waited.stdout, /Provisioning state: Provisioning\nProvisioning state: Succeeded\nHSMs hsm1, hsm2 and hsm3 of chsm-hsm2-\w{16}; activation state NotActivated\n/);
  const made = run('azcloudhsm_emu', endpoint, { home });
  t.is(made.status, 0, made.stderr);
  t.regex(made.stdout, /Network interface pe-nic in vnet1\/default \(192\.168\.40\.0\/26\): 192\.168\.40\.4, 192\.168\.40\.5, 192\.168\.40\.6/);
  const show = run('azcloudhsm_emu', ['endpoint', 'show'], { home });
  t.regex(show.stdout, /^privatelink-cloudhsm-azure-net +hsm3\.chsm-hsm2-\w{16}\.privatelink\.cloudhsm\.azure\.net +192\.168\.40\.6$/m);
  // The cfg still holds the placeholder (STEP 10 is the user's); with hsm1's FQDN every line shows the new IPs.
  setHostname(home, /hsm1\.\S+\.net/.exec(show.stdout)![0]);
  const r = mgmt(home, ['server 0', 'exit', 'quit']);
  t.true(r.stdout.includes("Connected to 'server 0': hostname '192.168.40.4', port 2225...\n"), r.stdout);
  t.true(r.stdout.includes("Connetion to server 192.168.40.6(192.168.40.6) on port 2225 failed"));
  t.regex(run('azcloudhsm_emu', ['status'], { home }).stdout, /\n0 +1 +192\.168\.40\.4 +connected/);
  const twice = run('azcloudhsm_emu', ['deploy', '--name', 'chsm-hsm2', '--resource-group', 'RG2', '--location', 'West Europe'], { home });
  t.is(twice.status, 1);
  t.regex(twice.stderr, /refused: a Cloud HSM named 'chsm-hsm2' already exists in westeurope/);
  const usage = run('azcloudhsm_emu', ['deploy', '--name', 'x'], { home });
  t.is(usage.status, 2);
  t.regex(usage.stderr, /missing --resource-group, --location\nUsage: azcloudhsm_emu deploy/);
  t.is(run('azcloudhsm_emu', ['endpoint', 'create', '--name', 'a', '--vnet', 'v', '--subnet', '10.1.0.0/16', '--bogus'], { home }).status, 2);
  t.is(run('azcloudhsm_emu', ['endpoint', 'frobnicate'], { home }).status, 2);
  const elsewhere = tempHome();
  const help = run('azcloudhsm_emu', ['deploy', '--help'], { home: join(elsewhere, 'not-made'), cwd: elsewhere });
  t.is(help.status, 0);
  t.regex(help.stdout, /^Usage: azcloudhsm_emu deploy --name NAME/);
  t.false(existsSync(join(elsewhere, 'not-made')), 'asking for help makes no home');
});
