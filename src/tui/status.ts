// The status line: scope, who is logged in, each node, E2E. Pure text, so the Ink component and the
// prompt drawn before Ink has loaded (instant-prompt.ts) show the very same line.
import type { Line } from '../output.ts';
import { progressBar } from '../progress.ts';
import type { NodeStatus, StatusView } from '../shell.ts';
import { type Paint, paintLine } from './paint.ts';

export interface ReplayProgress {
  readonly server: number;
  readonly done: number;
  readonly total: number;
}

/** Nodes with replay progress folded in: a node still replaying shows as restoring. */
export function withProgress(nodes: readonly NodeStatus[], progress: ReadonlyMap<number, ReplayProgress>): NodeStatus[] {
  return nodes.map((n) => {
    const p = progress.get(n.server);
    return p && p.done < p.total ? { server: n.server, state: 'restoring', done: p.done, total: p.total } : n;
  });
}

/** A part of the status line: its text, and its kind for the colour (connected is a success, down a failure...). */
export type Segment = Line;

export function nodeSegment(n: NodeStatus): Segment {
  const name = `server${n.server}`;
  switch (n.state) {
    case 'connected':
      return { text: `${name} connected`, kind: 'success' };
    case 'lagging':
      return { text: `${name} lagging ${n.lag} event${n.lag === 1 ? '' : 's'}`, kind: 'warning' };
    case 'restoring':
      return { text: `${name} restoring ${progressBar(n.done, n.total, 10)}`, kind: 'warning' };
    case 'down':
    case 'not connected':
    case 'not activated':
      return { text: `${name} ${n.state}`, kind: 'failure' };
  }
}

/**
 * The status line, as segments separated by `│`: scope, login, nodes, E2E, then the badges (dry run, a
 * lesson's step). A status without servers (the tutor's shell prompt) shows its scope and badges only.
 */
export function statusSegments(status: StatusView, progress: ReadonlyMap<number, ReplayProgress>): Segment[][] {
  const scope: Segment = { text: status.scope, kind: 'data' };
  const badges = (status.badges ?? []).map((text): Segment => ({ text, kind: 'note' }));
  if (status.nodes.length === 0) return [[scope], badges];
  const login: Segment = { text: status.login ? `${status.login.name} (${status.login.type})` : 'not logged in', kind: 'data' };
  return [
    [scope],
    [login],
    withProgress(status.nodes, progress).map(nodeSegment),
    [status.e2e ? { text: 'E2E on', kind: 'success' } : { text: 'E2E off', kind: 'failure' }],
    ...(badges.length > 0 ? [badges] : []),
  ];
}

/** The coloured status line, cut with `…` to the screen's width. */
export function statusLineText(status: StatusView, progress: ReadonlyMap<number, ReplayProgress>, paint: Paint, columns: number): string {
  const groups = statusSegments(status, progress).filter((g) => g.length > 0);
  let room = columns;
  let out = '';
  for (const [gi, group] of groups.entries()) {
    for (const [si, segment] of group.entries()) {
      const separator = si > 0 ? ' · ' : gi > 0 ? ' │ ' : '';
      const plain = separator + segment.text;
      if (plain.length > room) {
        const cut = plain.slice(0, Math.max(0, room - 1));
        const kept = cut.slice(separator.length);
        return out + paint.hint(cut.slice(0, separator.length)) + (kept ? paintLine(paint, { ...segment, text: kept }) : '') + '…';
      }
      out += paint.hint(separator) + paintLine(paint, segment);
      room -= plain.length;
    }
  }
  return out;
}
