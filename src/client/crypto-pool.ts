// The daemon's worker threads: signatures, verifications and key pair generation run there, on the
// machine's other cores, while the main thread decides (every check, on the state as the journal has it)
// and serializes every change through the journal. A worker is this very module started again (its
// bundle, or the source under tsx): it answers jobs and nothing else.
import { availableParallelism } from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { type CryptoJob, keyPairFromWorker, runJob } from '../../emulator/crypto/jobs.ts';
import { generateKeyPairFor, type KeyPairDer, type KeyPairRequest } from '../../emulator/crypto/keys.ts';
import { randomBytes } from 'node:crypto';
import { attempt } from '../../emulator/operations/key-objects.ts';
import type { RefusalReason } from '../../emulator/operations/operation.ts';

const ROLE = 'azcloudhsm_client crypto worker';

type Task = { readonly kind: 'job'; readonly job: CryptoJob } | { readonly kind: 'keyPair'; readonly request: KeyPairRequest };
type Message = Task & { readonly id: number };
type Reply =
  | { readonly id: number; readonly ok: true; readonly output: unknown }
  | { readonly id: number; readonly ok: false; readonly error: string }
  | { readonly ready: true };

/** What a key pair request gives: the pair, or why the HSM refuses it (as generateKeyPair's prepare step). */
export type PreparedKeyPair = { readonly value: KeyPairDer } | { readonly reason: RefusalReason };

function perform(task: Task): unknown {
  return task.kind === 'job' ? runJob(task.job) : attempt(() => generateKeyPairFor(task.request, (n) => randomBytes(n)));
}

export function isCryptoWorker(): boolean {
  return !isMainThread && typeof workerData === 'object' && workerData !== null && 'role' in workerData && workerData.role === ROLE;
}

if (isCryptoWorker()) {
  const port = parentPort!;
  port.on('message', (m: Message) => {
    let reply: Reply;
    try {
      reply = { id: m.id, ok: true, output: perform(m) };
    } catch (e) {
      reply = { id: m.id, ok: false, error: e instanceof Error ? e.message : String(e) };
    }
    port.postMessage(reply);
  });
  // Loaded (the bundle takes a while on a busy machine): until then the daemon does the work itself.
  port.postMessage({ ready: true });
}

interface Pending {
  resolve(output: unknown): void;
  reject(e: Error): void;
}

interface Thread {
  readonly worker: Worker;
  readonly pending: Map<number, Pending>;
  ready: boolean;
}

export class CryptoPool {
  private readonly threads: Thread[];
  private nextId = 1;
  private readonly readyWaiters: (() => void)[] = [];
  /** Jobs the worker threads ran: what a test looks at. */
  ran = 0;

  constructor(size = Math.max(1, availableParallelism())) {
    this.threads = Array.from({ length: size }, () => {
      const worker = startWorker();
      const thread: Thread = { worker, pending: new Map(), ready: false };
      worker.on('message', (r: Reply) => {
        if ('ready' in r) {
          thread.ready = true;
          for (const w of this.readyWaiters.splice(0)) w();
          return;
        }
        const p = thread.pending.get(r.id);
        if (!p) return;
        thread.pending.delete(r.id);
        this.ran++;
        if (r.ok) p.resolve(r.output);
        else p.reject(new Error(r.error));
      });
      const failAll = (e: Error) => {
        for (const p of thread.pending.values()) p.reject(e);
        thread.pending.clear();
      };
      worker.on('error', failAll);
      worker.on('exit', () => {
        thread.ready = false;
        failAll(new Error('crypto worker thread ended'));
      });
      // Not unref'd: an unref'd worker's answers wait for the event loop to wake for something else.
      return thread;
    });
  }

  /** Some thread has loaded and takes jobs. */
  get ready(): boolean {
    return this.threads.some((t) => t.ready);
  }

  /** Resolves once some thread takes jobs. */
  whenReady(): Promise<void> {
    return this.ready ? Promise.resolve() : new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  private send(task: Task): Promise<unknown> {
    // The ready thread with the fewest jobs waiting takes the next.
    const ready = this.threads.filter((t) => t.ready);
    if (ready.length === 0) return Promise.reject(new Error('no crypto worker thread is ready'));
    const thread = ready.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      thread.pending.set(id, { resolve, reject });
      thread.worker.postMessage({ ...task, id });
    });
  }

  async run(job: CryptoJob): Promise<Uint8Array> {
    const output = await this.send({ kind: 'job', job });
    if (!(output instanceof Uint8Array)) throw new Error('crypto worker thread answered no bytes');
    return output;
  }

  async keyPair(request: KeyPairRequest): Promise<PreparedKeyPair> {
    const output = await this.send({ kind: 'keyPair', request });
    if (typeof output === 'object' && output !== null && 'value' in output) {
      const pair = output.value;
      if (typeof pair === 'object' && pair !== null && 'spki' in pair && 'pkcs8' in pair && pair.spki instanceof Uint8Array && pair.pkcs8 instanceof Uint8Array) {
        return { value: keyPairFromWorker({ spki: pair.spki, pkcs8: pair.pkcs8 }) };
      }
    }
    if (typeof output === 'object' && output !== null && 'reason' in output && isReason(output.reason)) return { reason: output.reason };
    throw new Error('crypto worker thread answered no key pair');
  }

  async close(): Promise<void> {
    await Promise.all(this.threads.map((t) => t.worker.terminate()));
  }
}

/**
 * A worker running this module: the bundle's file as it is; the TypeScript source (tests, under tsx)
 * after tsx is registered in the worker, which does not inherit the parent's loader.
 */
function startWorker(): Worker {
  const options = { workerData: { role: ROLE } };
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL(import.meta.url), options);
  const boot = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(import.meta.url)}); })`;
  return new Worker(boot, { ...options, eval: true });
}

function isReason(r: unknown): r is RefusalReason {
  return typeof r === 'object' && r !== null && 'kind' in r && 'text' in r && (r.kind === 'printed' || r.kind === 'note') && typeof r.text === 'string';
}
