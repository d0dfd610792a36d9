// The client side of the azcloudhsm_client socket (protocol.ts): what azcloudhsm_util uses.
import { createConnection, type Socket } from 'node:net';
import type { Hello, Live, Request, Response, WireCommand, WireDecision } from './protocol.ts';

type Pending = { resolve: (r: unknown) => void; reject: (e: Error) => void };

export class DaemonConnectionError extends Error {}

export class DaemonConnection {
  private nextId = 1;
  private buffer = '';
  private readonly pending = new Map<number, Pending>();
  private closed = false;

  private constructor(private readonly socket: Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => this.receive(chunk));
    const fail = (): void => {
      this.closed = true;
      for (const p of this.pending.values()) p.reject(new DaemonConnectionError('Daemon socket connection error'));
      this.pending.clear();
    };
    socket.on('close', fail);
    socket.on('error', fail);
  }

  static connect(path: string): Promise<DaemonConnection> {
    return new Promise((resolve, reject) => {
      const socket = createConnection(path);
      socket.once('connect', () => resolve(new DaemonConnection(socket)));
      socket.once('error', () => reject(new DaemonConnectionError('Daemon socket connection error')));
    });
  }

  private receive(chunk: string): void {
    this.buffer += chunk;
    let nl: number;
    while ((nl = this.buffer.indexOf('\n')) >= 0) {
      const response = JSON.parse(this.buffer.slice(0, nl)) as Response;
      this.buffer = this.buffer.slice(nl + 1);
      const p = this.pending.get(response.id);
      if (!p) continue;
      this.pending.delete(response.id);
      if (response.ok) p.resolve(response.result);
      else p.reject(new Error(response.error));
    }
  }

  private request<T>(body: Omit<Request, 'id'>): Promise<T> {
    if (this.closed) return Promise.reject(new DaemonConnectionError('Daemon socket connection error'));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (r: unknown) => void, reject });
      this.socket.write(JSON.stringify({ ...body, id }) + '\n');
    });
  }

  hello(client: string): Promise<Hello> {
    return this.request({ op: 'hello', client, pid: process.pid } as Omit<Request, 'id'>);
  }

  execute(command: WireCommand): Promise<WireDecision> {
    return this.request({ op: 'execute', command } as Omit<Request, 'id'>);
  }

  loginStatus(): Promise<{ login?: { name: string; type: string } }> {
    return this.request({ op: 'loginStatus' } as Omit<Request, 'id'>);
  }

  live(): Promise<Live> {
    return this.request({ op: 'live' } as Omit<Request, 'id'>);
  }

  close(): void {
    this.closed = true;
    this.socket.end();
  }
}
