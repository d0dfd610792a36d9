// The client side of the azcloudhsm_client socket (protocol.ts): what azcloudhsm_util uses. Every answer
// is checked against the protocol's schemas before anyone reads it; one that does not fit ends the
// connection, as a broken socket would.
import { createConnection, type Socket } from 'node:net';
import { answerSchema, type AnswerOf, type AnyOperation, type InputOf } from '../../emulator/operations/operation.ts';
import { type Schema, SchemaError } from '../../emulator/schema.ts';
import { LIMITS, sizeText } from '../limits.ts';
import { LineSplitter } from '../lines.ts';
import {
  type DaemonOperation,
  type DecidedAnswer,
  decisionSchema,
  type Hello,
  helloSchema,
  type Live,
  liveSchema,
  loginStatusSchema,
  PROTOCOL_VERSION,
  type Request,
  responseSchema,
} from './protocol.ts';

type Pending = { resolve: (result: unknown) => void; reject: (e: Error) => void };

/** The daemon is not there, went away, or answered what the protocol does not allow. */
export class DaemonConnectionError extends Error {}

type RequestBody = Request extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

export class DaemonConnection {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private closed = false;

  private readonly responses = new LineSplitter(
    LIMITS.response,
    (line) => this.receive(line),
    () => {
      this.fail(`the daemon answered more than ${sizeText(LIMITS.response)}`);
      this.socket.destroy();
    },
  );

  private constructor(private readonly socket: Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => this.responses.push(chunk));
    socket.on('close', () => this.fail('Daemon socket connection error'));
    socket.on('error', () => this.fail('Daemon socket connection error'));
  }

  static connect(path: string): Promise<DaemonConnection> {
    return new Promise((resolve, reject) => {
      const socket = createConnection(path);
      socket.once('connect', () => resolve(new DaemonConnection(socket)));
      socket.once('error', () => reject(new DaemonConnectionError('Daemon socket connection error')));
    });
  }

  private fail(reason: string): void {
    this.closed = true;
    for (const p of this.pending.values()) p.reject(new DaemonConnectionError(reason));
    this.pending.clear();
  }

  private receive(line: string): void {
    if (this.closed) return;
    let response;
    try {
      response = responseSchema.decode(JSON.parse(line), 'response');
    } catch {
      this.fail('the daemon answered outside the protocol');
      this.socket.destroy();
      return;
    }
    const p = this.pending.get(response.id);
    if (!p) return;
    this.pending.delete(response.id);
    if (response.ok) p.resolve(response.result);
    else p.reject(new Error(response.error));
  }

  private async request<T>(body: RequestBody, result: Schema<T>): Promise<T> {
    if (this.closed) throw new DaemonConnectionError('Daemon socket connection error');
    const id = this.nextId++;
    const answer = await new Promise<unknown>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.socket.write(JSON.stringify({ ...body, id }) + '\n');
    });
    try {
      return result.decode(answer, 'result');
    } catch (e) {
      if (e instanceof SchemaError) throw new DaemonConnectionError(`the daemon answered outside the protocol: ${e.message}`);
      throw e;
    }
  }

  hello(client: string): Promise<Hello> {
    return this.request({ op: 'hello', client, pid: process.pid, protocol: PROTOCOL_VERSION }, helloSchema);
  }

  /** Runs an operation in the daemon: each server's outcome and the result, typed by the operation. */
  execute<O extends DaemonOperation>(op: O, input: InputOf<O>): Promise<AnswerOf<O>> {
    // Any operation's schema encodes its own input (O's members differ, so TypeScript needs the wider view).
    const operation: AnyOperation = op;
    return this.request({ op: 'execute', operation: op.name, input: operation.input.encode(input) }, answerSchema(op));
  }

  /**
   * A dry run of an operation in the daemon: the answer `execute` would give, and the events it would
   * append (none are). `session`: a login or logout it decides takes effect (a dry-run session).
   */
  decide<O extends DaemonOperation>(op: O, input: InputOf<O>, session: boolean): Promise<DecidedAnswer<O>> {
    const operation: AnyOperation = op;
    return this.request({ op: 'decide', operation: op.name, input: operation.input.encode(input), session }, decisionSchema(op));
  }

  loginStatus(): Promise<{ readonly login?: { readonly name: string; readonly type: string } }> {
    return this.request({ op: 'loginStatus' }, loginStatusSchema);
  }

  /** The live values; the key list is left empty (keysUnchanged) when it is still that of `keysVersion`. */
  live(keysVersion?: string): Promise<Live> {
    return this.request({ op: 'live', ...(keysVersion === undefined ? {} : { keysVersion }) }, liveSchema);
  }

  close(): void {
    this.closed = true;
    this.socket.end();
  }
}

/** A connection to the daemon, and the application session it opened. */
export interface DaemonLink {
  readonly connection: DaemonConnection;
  readonly hello: Hello;
}

/** Connects and says hello; a DaemonConnectionError when no daemon answers on the socket. */
export async function openDaemonLink(socketPath: string, client: string): Promise<DaemonLink> {
  const connection = await DaemonConnection.connect(socketPath);
  try {
    return { connection, hello: await connection.hello(client) };
  } catch (e) {
    connection.close();
    throw e;
  }
}
