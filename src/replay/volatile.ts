// Values that differ from one emulator home to the next: the home's path, its subscription id, and the
// Cloud HSM's domain name label and serial numbers, drawn at random when it is deployed and created. A line that `record` or
// `--update` writes into a recording names them instead of spelling them out: {{home}}, and captures
// that bind on replay ({{resource}}, {{partition_serial}}, {{hsm_serial_0}}...). Secrets are written as
// {{secret:NAME}}, never in clear.
import { existsSync, realpathSync } from 'node:fs';
import { Journal } from '../../emulator/journal.ts';
import { homePaths } from '../home.ts';

/** The records read for them: the cluster is created within the first few (later, in a bare home). */
const VOLATILE_SCAN = 200;

/** Capture name -> value, for the cluster in this home (empty before it exists). */
export function homeVolatiles(home: string): Map<string, string> {
  const found = new Map<string, string>();
  const path = homePaths(home).journal;
  if (!existsSync(path)) return found;
  let journal: Journal | undefined;
  try {
    journal = Journal.open(path);
    // A home begins with its subscription and, once deployed, its Cloud HSM and then its cluster.
    for (const { event } of journal.read(0, Number.MAX_SAFE_INTEGER, VOLATILE_SCAN)) {
      if (event.type === 'SubscriptionCreated') found.set('subscription', event.subscriptionId);
      if (event.type === 'CloudHsmDeployed') found.set('resource', event.resource.domainLabel);
      if (event.type === 'ClusterCreated') {
        found.set('resource', event.identity.resourceName);
        found.set('partition_serial', event.serial);
        event.identity.hsmSerials.forEach((s, i) => found.set(`hsm_serial_${i}`, s));
        break;
      }
    }
  } catch {
    // A journal being created right now: nothing to name yet.
  } finally {
    journal?.close();
  }
  return found;
}

/** Secrets shorter than this are left alone: replacing every `y` or `1` would garble the line. */
const MIN_SECRET_LENGTH = 4;

export interface Rewrite {
  readonly home: string;
  readonly volatiles: ReadonlyMap<string, string>;
  /** Secret name -> value. */
  readonly secrets: ReadonlyMap<string, string>;
}

/** An output line as a recording holds it. */
export function rewriteActual(line: string, r: Rewrite): string {
  let out = line.trimEnd();
  const homes = [r.home];
  try {
    const real = realpathSync(r.home);
    if (real !== r.home) homes.push(real);
  } catch {
    // Not there (yet): its path as given is the one printed.
  }
  for (const h of homes) out = out.split(h).join('{{home}}');
  for (const [name, value] of r.secrets) if (value.length >= MIN_SECRET_LENGTH) out = out.split(value).join(`{{secret:${name}}}`);
  for (const [name, value] of r.volatiles) out = out.split(value).join(`{{${name}}}`);
  return out;
}
