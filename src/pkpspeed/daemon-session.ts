// pkpspeed's one way to the HSM: an application session of the azcloudhsm_client daemon over its socket
// (src/client/). Everything pkpspeed and the benchmark ask of the daemon goes through here, so a change
// of the socket protocol touches this file only.
import { randomBytes } from 'node:crypto';
import { returnCodes } from '../../emulator/domain/return-codes.ts';
import type { AnswerOf } from '../../emulator/operations/operation.ts';
import { DaemonConnection } from '../client/connection.ts';
import { type DaemonOperation, daemonOperations as ops, type Hello } from '../client/protocol.ts';
import { hex } from '../text/hex.ts';
import { overallCode, reasonOf } from '../text/outcome.ts';
import type { KeySpec, Work } from './work.ts';

/** The HSM said no: the code and text the vendor's tools print for it. */
export class HsmRefusal extends Error {
  constructor(
    readonly code: number,
    readonly text: string,
    readonly reason?: string,
  ) {
    super(`${hex(code, 2)} : ${text}${reason ? ` (${reason})` : ''}`);
  }
}

/** Handles of a key the session made: the one the operation uses, and every handle to delete after. */
export interface MadeKey {
  readonly use: number;
  /** The public half of a pair (verify uses it). */
  readonly publicHandle?: number;
  readonly handles: readonly number[];
  readonly token: boolean;
}

/** One repetition of a work item; resolves with the handles of keys it made (key generation). */
export type Repetition = () => Promise<readonly number[]>;

export interface HsmSession {
  readonly hello: Hello;
  login(user: string, password: string): Promise<void>;
  makeKey(spec: KeySpec, token: boolean): Promise<MadeKey>;
  /** Prepares one thread's repetition of `work`, with the key it needs (made beforehand). */
  repetition(work: Work, key: MadeKey | undefined): Promise<Repetition>;
  deleteKey(handle: number): Promise<void>;
  close(): void;
}

/** Opens an application session of the daemon listening on `socketPath` (throws DaemonConnectionError). */
export async function openSession(socketPath: string, client = 'pkpspeed'): Promise<HsmSession> {
  const connection = await DaemonConnection.connect(socketPath);
  try {
    return new DaemonSession(connection, await connection.hello(client));
  } catch (e) {
    connection.close();
    throw e;
  }
}

/** The answer's result, or the HSM's refusal. */
function resultOf<R>(answer: { readonly outcomes: AnswerOf<DaemonOperation>['outcomes']; readonly result?: R }): R {
  const code = overallCode(answer.outcomes);
  if (code === 'SUCCESS' && answer.result !== undefined) return answer.result;
  const r = returnCodes[code === 'SUCCESS' ? 'INVALID_INPUT' : code];
  throw new HsmRefusal(r.code, r.text, reasonOf(answer.outcomes)?.text);
}

function succeeded(answer: { readonly outcomes: AnswerOf<DaemonOperation>['outcomes'] }): void {
  const code = overallCode(answer.outcomes);
  if (code !== 'SUCCESS') throw new HsmRefusal(returnCodes[code].code, returnCodes[code].text, reasonOf(answer.outcomes)?.text);
}

const LABEL = 'pkpspeed';

class DaemonSession implements HsmSession {
  constructor(
    private readonly connection: DaemonConnection,
    readonly hello: Hello,
  ) {}

  async login(user: string, password: string): Promise<void> {
    succeeded(await this.connection.execute(ops.login, { type: 'CU', name: user, password }));
  }

  async makeKey(spec: KeySpec, token: boolean): Promise<MadeKey> {
    const options = { label: LABEL, id: '', session: !token, extractable: true, wrapWithTrusted: false, sharedWith: [], mValue: 0 };
    const answer =
      spec.kind === 'secret'
        ? await this.connection.execute(ops.generateSymmetricKey, { keyType: spec.keyType, size: spec.bytes, options })
        : await this.connection.execute(ops.generateKeyPair, {
            request: spec.kind === 'rsa' ? { type: 'rsa', modulusBits: spec.modulusBits, publicExponent: 65537 } : { type: 'ec', curveId: spec.curveId },
            options,
          });
    const handles = resultOf(answer).handles;
    // A pair is public then private.
    const use = handles[handles.length - 1]!;
    return { use, handles, token, ...(handles.length === 2 ? { publicHandle: handles[0]! } : {}) };
  }

  async repetition(work: Work, key: MadeKey | undefined): Promise<Repetition> {
    const c = this.connection;
    const none: readonly number[] = [];
    const handle = (): number => {
      if (!key) throw new Error(`${work.kind} needs a key`);
      return key.use;
    };
    switch (work.kind) {
      case 'sign': {
        const input = { handle: handle(), mechanism: work.mechanism, message: randomBytes(work.messageBytes) };
        return async () => (resultOf(await c.execute(ops.signMessage, input)), none);
      }
      case 'verify': {
        const message = randomBytes(work.messageBytes);
        const { signature } = resultOf(await c.execute(ops.signMessage, { handle: handle(), mechanism: work.mechanism, message }));
        const input = { handle: key?.publicHandle ?? handle(), mechanism: work.mechanism, message, signature };
        return async () => (succeeded(await c.execute(ops.verifySignature, input)), none);
      }
      case 'encrypt': {
        const input = { handle: handle(), mechanism: work.mechanism, data: randomBytes(work.packetBytes) };
        return async () => (resultOf(await c.execute(ops.encryptData, input)), none);
      }
      case 'hmac': {
        const input = { handle: handle(), data: randomBytes(work.packetBytes) };
        return async () => (resultOf(await c.execute(ops.computeHmac, input)), none);
      }
      case 'random':
        return async () => (resultOf(await c.execute(ops.generateRandom, { length: work.bytes })), none);
      case 'generate':
        return async () => {
          const made = await this.makeKey(work.key, work.token);
          return made.token ? made.handles : none;
        };
    }
  }

  async deleteKey(handle: number): Promise<void> {
    succeeded(await this.connection.execute(ops.deleteKey, { handle }));
  }

  close(): void {
    this.connection.close();
  }
}
