// The emulator home: laid out like the SDK install (bin/ with the four .cfg files and wrappers for the
// tools, cert/) plus the cluster's journal and master key. Created on first use; AZCLOUDHSM_EMU_HOME or
// --home DIR selects it, default ~/.azcloudhsm-emu. Another "VM" with its own SDK layout sharing the
// cluster lives in <home>/vms/<name> (AZCLOUDHSM_EMU_VM or --vm NAME selects it).
import { chmodSync, cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Cluster } from '../emulator/cluster.ts';
import { endpointOf, PLACEHOLDER_HOSTNAME, privateLinkFqdn } from '../emulator/azure.ts';
import type { ClusterState } from '../emulator/model.ts';
import { settleProvisioning, setUpAzure } from './azure-setup.ts';
import { readConfigText } from './files.ts';
import { openCheckedCluster } from './home-checks.ts';
import { LIMITS, sizeText } from './limits.ts';
import { shellQuote } from './sh.ts';

export interface HomePaths {
  readonly root: string;
  /** The SDK layout's own directory: the home, or <home>/vms/<vm> for another VM. */
  readonly sdk: string;
  readonly vm?: string;
  readonly bin: string;
  readonly cert: string;
  readonly run: string;
  readonly journal: string;
  readonly masterKey: string;
  readonly resourceCfg: string;
  readonly mgmtCfg: string;
  readonly clientCfg: string;
  readonly applicationCfg: string;
  readonly ownerCert: string;
}

/** VM names become directory names: letters, digits, '.', '_' and '-' only. */
const VM_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function homePaths(root: string, vm?: string): HomePaths {
  const r = resolve(root);
  if (vm !== undefined && !VM_NAME.test(vm)) throw new Error(`'${vm}' is not a VM name: letters, digits, '.', '_' and '-', up to 64`);
  const sdk = vm === undefined ? r : join(r, 'vms', vm);
  const bin = join(sdk, 'bin');
  return {
    root: r,
    sdk,
    ...(vm === undefined ? {} : { vm }),
    bin,
    cert: join(sdk, 'cert'),
    run: join(sdk, 'run'),
    journal: join(r, 'emulator', 'journal.db'),
    masterKey: join(r, 'emulator', 'master.key'),
    resourceCfg: join(bin, 'azcloudhsm_resource.cfg'),
    mgmtCfg: join(bin, 'azcloudhsm_mgmt_util.cfg'),
    clientCfg: join(bin, 'azcloudhsm_client.cfg'),
    applicationCfg: join(bin, 'azcloudhsm_application.cfg'),
    ownerCert: join(sdk, 'cert', 'PO.crt'),
  };
}

/** The VM whose SDK layout holds `dir` (<home>/vms/<vm>/...); undefined for the home's own. */
export function vmOfDirectory(home: string, dir: string): string | undefined {
  const [top, vm] = relative(resolve(home), resolve(dir)).split(sep);
  return top === 'vms' && vm !== undefined && VM_NAME.test(vm) ? vm : undefined;
}

/** Takes `--home DIR` and `--vm NAME` (or `--home=DIR`, `--vm=NAME`) out of argv; the rest is returned unchanged. */
export function takeHomeOption(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): { home: string; vm?: string; rest: string[] } {
  const rest: string[] = [];
  let home: string | undefined;
  let vm: string | undefined = env.AZCLOUDHSM_EMU_VM || undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--home' && i + 1 < argv.length) home = argv[++i];
    else if (a.startsWith('--home=')) home = a.slice('--home='.length);
    else if (a === '--vm' && i + 1 < argv.length) vm = argv[++i];
    else if (a.startsWith('--vm=')) vm = a.slice('--vm='.length);
    else rest.push(a);
  }
  return { home: home ?? env.AZCLOUDHSM_EMU_HOME ?? join(homedir(), '.azcloudhsm-emu'), ...(vm ? { vm } : {}), rest };
}

/** The package's own directory (for the wrappers written into <home>/bin). */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) return dir;
    dir = up;
  }
  return dir;
}

const TOOLS = ['azcloudhsm_mgmt_util', 'azcloudhsm_util', 'azcloudhsm_client', 'pkpspeed', 'azcloudhsm_emu'] as const;

/**
 * A shell wrapper running one of the package's programs. In a home's bin/ it finds its home (and its VM)
 * from where it lies, so a copied or moved home keeps working; elsewhere the home comes from the
 * environment.
 */
function wrapperScript(tool: string, location?: { vm?: string }): string {
  const exec = `exec node ${shellQuote(join(packageRoot(), 'dist', `${tool}.js`))} "$@"`;
  if (!location) return ['#!/bin/sh', `# ${tool} of the azcloudhsm-emu package (the home: AZCLOUDHSM_EMU_HOME).`, exec, ''].join('\n');
  const { vm } = location;
  return [
    '#!/bin/sh',
    `# Emulated ${tool}: runs the azcloudhsm-emu package on the home this bin/ directory belongs to${vm === undefined ? '' : ` (VM ${vm})`}.`,
    `AZCLOUDHSM_EMU_HOME=$(CDPATH= cd -- "$(dirname -- "$0")/${vm === undefined ? '..' : '../../..'}" && pwd) || exit 2`,
    'export AZCLOUDHSM_EMU_HOME',
    ...(vm === undefined ? ['unset AZCLOUDHSM_EMU_VM'] : [`AZCLOUDHSM_EMU_VM=${shellQuote(vm)}`, 'export AZCLOUDHSM_EMU_VM']),
    exec,
    '',
  ].join('\n');
}

/** Writes a wrapper for each program into `dir` (for a PATH on which the programs run before a home exists). */
export function writeProgramWrappers(dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (const tool of TOOLS) writeFileSync(join(dir, tool), wrapperScript(tool), { mode: 0o755 });
}

function writeIfAbsent(path: string, text: string, mode = 0o600): boolean {
  if (existsSync(path)) return false;
  writeFileSync(path, text, { mode });
  return true;
}

export interface OpenedHome {
  readonly paths: HomePaths;
  readonly cluster: Cluster;
  /** True when this call created the home. */
  readonly created: boolean;
}

export interface OpenOptions {
  /** Another VM's SDK layout sharing the home's cluster (<home>/vms/<vm>), made on first use. */
  readonly vm?: string;
  /** A new home gets only its subscription, nothing deployed: the guide from STEP 2 on. */
  readonly bare?: boolean;
}

/**
 * Opens the home, creating it (directories, master key, journal, the Azure side and the cluster, .cfg
 * files) if needed. Idempotent: an existing home is left as it is, bare or not.
 */
export function openHome(root: string, options: OpenOptions = {}): OpenedHome {
  const paths = homePaths(root, options.vm);
  const created = !existsSync(paths.journal);
  // Owner-only whatever the umask: every folder made here, and always the ones holding secrets and the socket.
  for (const dir of [paths.root, paths.bin, paths.cert, paths.run, join(paths.sdk, 'etc'), dirname(paths.journal)]) {
    if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: 0o700 });
  }
  for (const dir of [paths.run, dirname(paths.journal)]) chmodSync(dir, 0o700);
  const cluster = openCheckedCluster(paths, (opened) => {
    setUpAzure(opened, options.bare === true);
    settleProvisioning(opened);
  });
  writeConfigFiles(paths, cfgHostname(cluster.state));
  return { paths, cluster, created };
}

/** What a new SDK layout's azcloudhsm_resource.cfg names: hsm1's FQDN once DNS has it, else the placeholder. */
function cfgHostname(state: ClusterState): string {
  const label = state.identity?.resourceName;
  return label && endpointOf(state) ? privateLinkFqdn(label, 0) : PLACEHOLDER_HOSTNAME;
}

function writeConfigFiles(paths: HomePaths, hostname: string): void {
  writeIfAbsent(
    paths.resourceCfg,
    `{\n    "servers": [\n    {\n        "hostname" : "${hostname}"\n    }]\n}\n`,
  );
  writeIfAbsent(
    paths.mgmtCfg,
    JSON.stringify(
      {
        servers: [
          {
            hostname,
            port: 2225,
            certificate: join(paths.cert, 'cert-c'),
            pkey: join(paths.cert, 'pkey-c'),
            CAfile: '',
            CApath: join(paths.cert, 'ssl'),
            ssl_ciphers: 'default',
            server_ssl: 'yes',
            enable: 'yes',
            owner_cert_path: paths.ownerCert,
            nonce_size: 128,
          },
        ],
      },
      null,
      2,
    ) + '\n',
  );
  writeIfAbsent(
    paths.clientCfg,
    JSON.stringify(
      {
        client: { daemon_socket: join(paths.run, 'azcloudhsm_client.sock'), log_level: 'INFO', log_file: join(paths.run, 'azcloudhsm_client.log') },
        server: { hostname, port: 2223, owner_cert_path: paths.ownerCert },
      },
      null,
      2,
    ) + '\n',
  );
  writeIfAbsent(
    paths.applicationCfg,
    'DAEMON_ID=1\nSOCKET_TYPE=UNIXSOCKET\nPORT=1111\nUSER_KEK_HANDLE=\nDEFAULT_WRAP_WITH_TRUSTED=1\n',
  );
  // The SDK's systemd unit, pointing at this home (copy it to /etc/systemd/system to use it).
  writeIfAbsent(
    join(paths.sdk, 'etc', 'azure-cloud-hsm.service'),
    [
      '[Unit]',
      'Description=Azure Cloud HSM Client Service',
      'After=network.target',
      '',
      '[Service]',
      'Type=simple',
      `ExecStart=${join(paths.bin, 'azcloudhsm_client')} ${paths.resourceCfg}`,
      'ExecReload=/bin/kill -HUP $MAINPID',
      'Restart=on-failure',
      '',
      '# Logging',
      'StandardOutput=syslog',
      'StandardError=syslog',
      'SyslogIdentifier=azure-cloud-hsm',
      '',
      '[Install]',
      'WantedBy=multi-user.target',
      '',
    ].join('\n'),
  );
  // Wrappers, so the onboarding guide's `./azcloudhsm_mgmt_util ./azcloudhsm_resource.cfg` works from <home>/bin.
  // Rewritten when they differ: they name the package, which may have moved since.
  for (const tool of TOOLS) {
    const path = join(paths.bin, tool);
    const script = wrapperScript(tool, paths.vm === undefined ? {} : { vm: paths.vm });
    if (!existsSync(path) || readFileSync(path, 'utf8') !== script) writeFileSync(path, script, { mode: 0o700 });
  }
}

/**
 * Copies a home that no process is using (a replay starts later recordings from a copy of a named
 * state). Sockets stay behind; the configuration files, which name the home by its absolute path as the
 * SDK's do, are pointed at the copy.
 */
export function copyHome(from: string, to: string): void {
  const source = homePaths(from);
  const target = homePaths(to);
  cpSync(source.root, target.root, { recursive: true, filter: (path) => !lstatSync(path).isSocket() });
  const vms = join(target.root, 'vms');
  const sdks = [target.root, ...(existsSync(vms) ? readdirSync(vms).map((vm) => join(vms, vm)) : [])];
  for (const dir of sdks.flatMap((sdk) => [join(sdk, 'bin'), join(sdk, 'etc')])) {
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (!lstatSync(path).isFile()) continue;
      const text = readFileSync(path, 'utf8');
      if (text.includes(source.root)) writeFileSync(path, text.split(source.root).join(target.root));
    }
  }
}

/** The hostname in azcloudhsm_resource.cfg, or an error to print. */
export function readResourceCfg(path: string): { hostname?: string; error?: string } {
  if (!existsSync(path)) return { error: `${path}: No such file or directory` };
  const text = readConfigText(path);
  if (text === undefined) return { error: `${path}: cannot be read (at most ${sizeText(LIMITS.configFile)})` };
  try {
    const cfg = JSON.parse(text) as { servers?: { hostname?: string }[] };
    const hostname = cfg.servers?.[0]?.hostname;
    if (!hostname) return { error: `${path}: no "servers"[0]."hostname"` };
    return { hostname };
  } catch {
    return { error: `${path}: not a valid JSON configuration file` };
  }
}
