// A process never writes past records it applied that are no longer in the journal (defect 3 of issue 8):
// what it would append could not be applied, so nothing is appended and every later call says why.
import { join } from 'node:path';
import test from 'ava';
import Database from 'better-sqlite3';
import { JournalDamaged } from '../emulator/journal.ts';
import { createUser, listUsers } from '../emulator/operations/users.ts';
import { activate, loginCO, scratchCluster, session } from './helpers/cluster.ts';

test('a process whose journal lost records it applied writes nothing more, and says so', (t) => {
  const { cluster, dir } = scratchCluster();
  activate(cluster, dir);
  const co = loginCO(cluster);
  // Another hand removes the newest record under a running process: its next append would reuse the number.
  const head = cluster.state.head;
  const db = new Database(join(dir, 'journal.db'));
  db.prepare('DELETE FROM events WHERE seq = ?').run(head);
  db.close();
  t.throws(() => cluster.execute(createUser, { type: 'CU', name: 'cu5', password: 'password5' }, session([0, 1, 2], co)), { instanceOf: JournalDamaged, message: /the journal ends at record \d+, but this process has applied records up to \d+/ });
  const check = new Database(join(dir, 'journal.db'));
  t.is((check.prepare('SELECT MAX(seq) AS m FROM events').get() as { m: number }).m, head - 1, 'nothing was appended');
  check.close();
  t.throws(() => cluster.execute(listUsers, {}, session([0, 1, 2], co)), { instanceOf: JournalDamaged }, 'the process stops using its state');
});
