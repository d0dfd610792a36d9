// Raw bytes on the daemon's socket, as any local program could send them: for tests of the protocol's edges.
import { createConnection } from 'node:net';

export interface Exchange {
  /** Response lines, in order. */
  readonly replies: string[];
  /** The daemon closed the connection. */
  readonly closed: boolean;
}

/** Sends the bytes, then waits until `replies` lines came back, the daemon closed, or `timeoutMs` passed. */
export function exchange(path: string, bytes: Uint8Array | string, replies: number, timeoutMs = 5000): Promise<Exchange> {
  return new Promise((resolve) => {
    const socket = createConnection(path);
    let text = '';
    let closed = false;
    const lines = () => text.split('\n').filter((l) => l !== '');
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ replies: lines(), closed });
    };
    const timer = setTimeout(done, timeoutMs);
    socket.on('data', (d) => {
      text += d.toString('utf8');
      if (lines().length >= replies) done();
    });
    socket.on('close', () => {
      closed = true;
      done();
    });
    socket.on('error', () => {
      closed = true;
      done();
    });
    socket.on('connect', () => socket.write(bytes));
  });
}
