// The azcloudhsm_client socket protocol, used by azcloudhsm_util (and pkpspeed, and anything else that
// wants the HSM through the daemon).
//
// Transport: a UNIX stream socket, the path in azcloudhsm_client.cfg ("client"."daemon_socket",
// default <home>/run/azcloudhsm_client.sock). Messages are JSON objects, one per line (UTF-8, "\n").
// The client sends requests with an increasing numeric `id`; the daemon answers each with exactly one
// response carrying the same `id`, in order. Binary values travel as base64 strings.
//
// One connection is one application session: its login and its session keys (-sess) live as long as the
// connection (or until logoutHSM). While one application is logged in, another may log in only as the
// same user (the real daemon shares one login among the applications of a host).
//
// Requests:
//   {"id":1,"op":"hello","client":"azcloudhsm_util","pid":1234}
//       -> result {"daemon":"azcloudhsm_client","version":"2.0.1.0","appId":16777216,"sessionHandle":16777216,"fipsState":0}
//   {"id":2,"op":"execute","command":{"name":"genSymKey","args":{"t":31,"s":32,"l":"aes256"},"files":{}}}
//       -> result: the decision {"outcomes":[{"server":0,"code":"SUCCESS"},...],"data":{...}}
//          (argument names are the azcloudhsm_util flags without the dash; `files` holds the contents
//          of input files, base64, keyed by flag; codes are the names in grammar/tables.ts returnCodes)
//   {"id":3,"op":"loginStatus"}   -> result {"login":{"name":"cu1","type":"CU"}} or {}
//   {"id":4,"op":"live"}          -> result {"users":[...],"keys":[{"handle":262150,"label":"aes256","keyType":"AES","keyClass":"secret"}],
//                                    "nodes":[{"server":0,"state":"connected"},...],"login":{...}} (for completion and status lines)
// Errors: {"id":n,"ok":false,"error":"<one line>"}; success: {"id":n,"ok":true,"result":...}.
import type { ArgValue } from '../../grammar/spec.ts';
import type { NodeOutcome } from '../../emulator/decide/common.ts';
import type { LiveValues } from '../../grammar/complete.ts';
import type { NodeStatus } from '../shell.ts';

export const DAEMON_VERSION = '2.0.1.0';

export interface WireCommand {
  readonly name: string;
  readonly args: Readonly<Record<string, ArgValue>>;
  /** Input files by flag name, base64. */
  readonly files?: Readonly<Record<string, string>>;
}

export type Request =
  | { readonly id: number; readonly op: 'hello'; readonly client: string; readonly pid: number }
  | { readonly id: number; readonly op: 'execute'; readonly command: WireCommand }
  | { readonly id: number; readonly op: 'loginStatus' }
  | { readonly id: number; readonly op: 'live' };

export interface Hello {
  readonly daemon: string;
  readonly version: string;
  readonly appId: number;
  readonly sessionHandle: number;
  readonly fipsState: number;
}

/** The part of a decision a client sees: outcomes per server and the command's data. */
export interface WireDecision {
  readonly outcomes: readonly NodeOutcome[];
  readonly data?: unknown;
  readonly login?: { readonly name: string; readonly type: string } | null;
}

export type Response = { readonly id: number; readonly ok: true; readonly result: unknown } | { readonly id: number; readonly ok: false; readonly error: string };

export interface Live extends LiveValues {
  readonly nodes: readonly NodeStatus[];
  readonly login?: { readonly name: string; readonly type: string };
}
