// Events in words: `azcloudhsm_emu journal` (one line per record) and the dry run (what a command would
// append). Secrets are left out (they are sealed or hashed anyway).
import { type Event, type JournalRecord, targetsOf } from '../../emulator/events.ts';

/** An event's type, what it is about, and the servers it is written for (none: the cluster as a whole). */
export interface EventView {
  readonly type: string;
  readonly what: string;
  readonly targets: readonly number[];
}

export function describeEvent(e: Event): EventView {
  return { type: e.type, what: eventSubject(e), targets: targetsOf(e) };
}

function eventSubject(e: Event): string {
  switch (e.type) {
    case 'ClusterCreated':
      return `${e.identity.resourceName}, partition ${e.serial}, users ${e.users.map((u) => `${u.name}(${u.type})`).join(', ')}`;
    case 'UserCreated':
      return `${e.name}(${e.userType}) id ${e.id}`;
    case 'UserDeleted':
    case 'LoginFailed':
    case 'LoginFailuresCleared':
      return e.name;
    case 'PasswordChanged':
      return `${e.name}${e.promoteTo ? `, promoted to ${e.promoteTo}` : ''}`;
    case 'CertStored':
      return e.certType === 4 ? 'PO (partition owner trust anchor)' : 'POAC (partition certificate by PO)';
    case 'UserSynced':
      return `${e.user.name}(${e.user.type}) id ${e.user.id}`;
    case 'ChallengeIssued':
    case 'COUnlocked':
      return e.coName;
    case 'KeysCreated':
      return e.keys.map((k) => `${k.handle} (${['', '', 'public', 'private', 'secret'][k.keyClass]}, label ${k.label || '-'})`).join(', ');
    case 'KeyDeleted':
      return String(e.handle);
    case 'KeyAttributeSet':
      return `${e.handle} ${e.attribute} = ${String(e.value)}`;
    case 'KeyShared':
      return `${e.handle} ${e.share ? 'shared with' : 'unshared from'} users ${e.userIds.join(',')}`;
    case 'KeyOwnerChanged':
      return `${e.handle} now owned by user ${e.owner}`;
    case 'ClusterActivated':
      return `nodes restore server ${e.source}'s backup`;
    case 'NodeDown':
    case 'NodeUp':
      return `server ${e.server}`;
    case 'SessionOpened':
      return `${e.session.name}(${e.session.type}) on servers ${Object.keys(e.session.userIdOn).join(',')}, held by pid ${e.session.holder.pid}, lease ${e.lease}`;
    case 'SessionsClosed':
      return `lease ${e.leases.join(', ')}`;
    case 'SubscriptionCreated':
      return e.subscriptionId;
    case 'CloudHsmDeployed':
      return `${e.resource.name} in ${e.resource.resourceGroup}, ${e.resource.location}, ${e.resource.sku}; hosts hsmN.${e.resource.domainLabel}, provisioned by ${e.resource.provisionedBy}`;
    case 'PrivateEndpointCreated':
      return `${e.endpoint.name} to ${e.endpoint.resource} in ${e.endpoint.vnet} ${e.endpoint.subnet}: ${e.endpoint.ips.join(', ')}`;
    case 'KeyCapacitySet':
      return `a partition holds at most ${e.keyCapacity} key handles`;
  }
}

export function describeRecord(rec: JournalRecord): string {
  const e = describeEvent(rec.event);
  const to = e.targets.length > 0 ? ` -> servers ${e.targets.join(',')}` : '';
  return `${String(rec.seq).padStart(6)}  ${rec.time}  ${e.type.padEnd(20)} ${e.what}${to}`;
}

/** The dry run's line for an event a command would append. */
export function dryRunText(e: EventView): string {
  const on = e.targets.length === 0 ? '' : ` on server${e.targets.length === 1 ? '' : 's'} ${e.targets.join(', ')}`;
  return `dry run: would append ${e.type} ${e.what}${on}`;
}
