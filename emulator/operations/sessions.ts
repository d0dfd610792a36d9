// Logins as journaled leases (ClusterState.sessions): opened and changed by loginHSM, closed by logout,
// by the HSM ending the session (the POAC claims the partition), or by the client daemon when an
// application goes away. A lease whose process is gone is void: it blocks nobody, and the next login
// sweeps it out of the state.
import type { Event } from '../events.ts';
import type { ClusterState, OpenSession } from '../model.ts';
import type { DecideContext, Login } from './operation.ts';

/** The lease a login writes: who holds it (this process) and which user it is on each server. */
export function sessionOpened(ctx: DecideContext, login: Login): Event {
  const session: OpenSession = { holder: ctx.env.processes.self, name: login.name, type: login.type, userIdOn: login.userIdOn };
  return { type: 'SessionOpened', lease: login.lease, session };
}

/** The session's login ends: its lease is closed. */
export function sessionEnded(ctx: DecideContext): Event[] {
  const lease = ctx.session.login?.lease;
  return lease ? [{ type: 'SessionsClosed', leases: [lease] }] : [];
}

/** A new lease id (random, drawn through the Env like every draw of decide). */
export function newLease(ctx: DecideContext): string {
  return ctx.env.randomBytes(12).toString('hex');
}

/** Leases whose process is gone: void, closed by the next login. */
export function voidLeases(state: ClusterState, ctx: DecideContext): Event[] {
  const leases = Object.entries(state.sessions)
    .filter(([, s]) => !ctx.env.processes.alive(s.holder))
    .map(([lease]) => lease);
  return leases.length > 0 ? [{ type: 'SessionsClosed', leases }] : [];
}

/**
 * Whether the user of this id on this server is logged in by a live session anywhere in the cluster
 * (any process); `exceptOwn` leaves out the asking session's own lease.
 */
export function loggedInAnywhere(state: ClusterState, ctx: DecideContext, server: number, userId: number, exceptOwn = false): boolean {
  const own = ctx.session.login?.lease;
  return Object.entries(state.sessions).some(
    ([lease, s]) => s.userIdOn[server] === userId && !(exceptOwn && lease === own) && ctx.env.processes.alive(s.holder),
  );
}
