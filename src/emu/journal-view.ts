// `azcloudhsm_emu journal`: one line per record, secrets left out (they are sealed or hashed anyway).
import { type JournalRecord, targetsOf } from '../../emulator/events.ts';

export function describeRecord(rec: JournalRecord): string {
  const e = rec.event;
  const targets = targetsOf(e);
  const to = targets.length > 0 ? ` -> servers ${targets.join(',')}` : '';
  let what: string;
  switch (e.type) {
    case 'ClusterCreated':
      what = `${e.identity.resourceName}, partition ${e.serial}, users ${e.users.map((u) => `${u.name}(${u.type})`).join(', ')}`;
      break;
    case 'UserCreated':
      what = `${e.name}(${e.userType}) id ${e.id}`;
      break;
    case 'UserDeleted':
    case 'LoginFailed':
    case 'LoginFailuresCleared':
      what = e.name;
      break;
    case 'PasswordChanged':
      what = `${e.name}${e.promoteTo ? `, promoted to ${e.promoteTo}` : ''}`;
      break;
    case 'CertStored':
      what = e.certType === 4 ? 'PO (partition owner trust anchor)' : 'POAC (partition certificate by PO)';
      break;
    case 'UserSynced':
      what = `${e.user.name}(${e.user.type}) id ${e.user.id}`;
      break;
    case 'ChallengeIssued':
    case 'COUnlocked':
      what = e.coName;
      break;
    case 'KeysCreated':
      what = e.keys.map((k) => `${k.handle} (${['', '', 'public', 'private', 'secret'][k.keyClass]}, label ${k.label || '-'})`).join(', ');
      break;
    case 'KeyDeleted':
      what = String(e.handle);
      break;
    case 'KeyAttributeSet':
      what = `${e.handle} ${e.attribute} = ${String(e.value)}`;
      break;
    case 'KeyShared':
      what = `${e.handle} ${e.share ? 'shared with' : 'unshared from'} users ${e.userIds.join(',')}`;
      break;
    case 'KeyOwnerChanged':
      what = `${e.handle} now owned by user ${e.owner}`;
      break;
    case 'ClusterActivated':
      what = `nodes restore server ${e.source}'s backup`;
      break;
    case 'NodeDown':
    case 'NodeUp':
      what = `server ${e.server}`;
      break;
    case 'SessionOpened':
      what = `${e.session.name}(${e.session.type}) on servers ${Object.keys(e.session.userIdOn).join(',')}, held by pid ${e.session.holder.pid}, lease ${e.lease}`;
      break;
    case 'SessionsClosed':
      what = `lease ${e.leases.join(', ')}`;
      break;
  }
  return `${String(rec.seq).padStart(6)}  ${rec.time}  ${e.type.padEnd(20)} ${what}${to}`;
}
