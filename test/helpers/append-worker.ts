// A second process writing to the same journal: takes `server` down and up `rounds` times.
import { Cluster } from '../../emulator/cluster.ts';
import { systemEnv } from '../../emulator/crypto/env.ts';

const [journalPath, keyHex, serverArg, roundsArg] = process.argv.slice(2);
const cluster = Cluster.open(journalPath!, systemEnv(Buffer.from(keyHex!, 'hex')));
const server = Number(serverArg);
for (let i = 0; i < Number(roundsArg); i++) {
  cluster.setNodeUp(server, false);
  cluster.setNodeUp(server, true);
}
cluster.close();
