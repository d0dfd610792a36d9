// The text azcloudhsm_mgmt_util prints for each server's outcome, as the references show it: what the
// commands' renderers (commands/*.ts) share.
import { returnCodes } from '../../emulator/domain/return-codes.ts';
import type { ServerAddress } from '../../emulator/model.ts';
import type { Decision, NodeOutcome, Refused, ScopeRef } from '../../emulator/operations/operation.ts';
import { mgmtUsage } from '../../grammar/help.ts';
import type { CommandSpec } from '../../grammar/spec.ts';
import { explanation, failure, type Line, success, usage } from '../output.ts';

/** Where a command ran, for its lines. */
export interface Place {
  readonly scope: ScopeRef;
  readonly addresses: readonly ServerAddress[];
}

export function where(place: Place, server: number): string {
  return `server ${server}(${place.addresses[server]?.ip ?? '?'})`;
}

export const isGlobal = (place: Place): boolean => place.scope.kind === 'global';

/** The HSM's words for a refusal (the line scripts match on ends there). */
export function errorText(o: Refused): string {
  return returnCodes[o.code].text;
}

/** What more there is to say about a refusal: a line the tool prints, or the emulator's note. */
export function reasonLines(o: Refused): Line[] {
  if (!o.reason) return [];
  return o.reason.kind === 'printed' ? failure(o.reason.text) : explanation(o.reason.text);
}

/** `<cmd> success on server N(ip)` at cloudmgmt>, `<cmd> success` at serverN>. */
export function successLine(name: string, place: Place, server: number): Line[] {
  return success(isGlobal(place) ? `${name} success on ${where(place, server)}` : `${name} success`);
}

export function failureLines(name: string, o: Refused, place: Place): Line[] {
  const lines = [...failure(`${name} failed: ${errorText(o)}`), ...reasonLines(o)];
  if (isGlobal(place)) lines.push(...failure(name === 'createUser' ? `creating user on ${where(place, o.server)} failed` : `${name} failed on ${where(place, o.server)}`));
  return lines;
}

/** Each server's success or failure line(s). */
export function resultLines<N>(name: string, outcomes: readonly NodeOutcome<N>[], place: Place): Line[] {
  return outcomes.flatMap((o) => (o.code === 'SUCCESS' ? successLine(name, place, o.server) : failureLines(name, o, place)));
}

/** The renderer of a command that prints only each server's success or failure. */
export function serverResults<N, R>(d: Decision<N, R>, ctx: Place & { readonly name: string }): Line[] {
  return resultLines(ctx.name, d.outcomes, ctx);
}

/** Lines for each server's outcome: `shown` renders a success with its data, failures get the usual lines. */
export function perServer<N, R>(name: string, d: Decision<N, R>, place: Place, shown: (data: N, server: number) => Line[]): Line[] {
  return d.outcomes.flatMap((o) => (o.code === 'SUCCESS' ? shown(o.data, o.server) : failureLines(name, o, place)));
}

/** Wrong arguments: what was wrong, then the usage line. */
export function usageLines(spec: CommandSpec, message?: string): Line[] {
  return [...(message ? failure(message) : []), ...usage(mgmtUsage(spec))];
}
