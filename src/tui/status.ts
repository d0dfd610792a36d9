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

/** How many words the line spends: the whole form when the screen has room, else shorter ones, never cut before the end. */
export type Form = 'whole' | 'short' | 'shortest';
const FORMS: readonly Form[] = ['whole', 'short', 'shortest'];

export function nodeSegment(n: NodeStatus, form: Form = 'whole'): Segment {
  const name = form === 'shortest' ? `s${n.server}` : `server${n.server}`;
  const whole = form === 'whole';
  switch (n.state) {
    case 'connected':
      return { text: `${name} ${whole ? 'connected' : 'ok'}`, kind: 'success' };
    case 'lagging':
      return { text: whole ? `${name} lagging ${n.lag} event${n.lag === 1 ? '' : 's'}` : `${name} lag ${n.lag}`, kind: 'warning' };
    case 'restoring':
      return { text: whole ? `${name} restoring ${progressBar(n.done, n.total, 10)}` : `${name} restoring ${Math.floor((100 * n.done) / Math.max(1, n.total))}%`, kind: 'warning' };
    case 'down':
      return { text: `${name} down`, kind: 'failure' };
    case 'not connected':
      return { text: `${name} ${whole ? 'not connected' : 'offline'}`, kind: 'failure' };
    case 'not activated':
      return { text: `${name} ${whole ? 'not activated' : 'inactive'}`, kind: 'failure' };
  }
}

/**
 * The status line, as segments separated by `│`: scope, login, nodes, E2E, then the badges (dry run, a
 * lesson's step). A status without servers (the tutor's shell prompt) shows its scope and badges only.
 */
export function statusSegments(status: StatusView, progress: ReadonlyMap<number, ReplayProgress>, form: Form = 'whole'): Segment[][] {
  const scope: Segment = { text: status.scope, kind: 'data' };
  const badges = (status.badges ?? []).map((text): Segment => ({ text, kind: 'note' }));
  if (status.nodes.length === 0 && status.daemon !== 'lost') return [[scope], badges];
  const login: Segment = { text: status.login ? `${status.login.name} (${status.login.type})` : 'not logged in', kind: 'data' };
  const whole = form === 'whole';
  const nodes: Segment[] =
    status.daemon === 'lost'
      ? [{ text: whole ? 'azcloudhsm_client not reachable' : 'no daemon', kind: 'failure' }]
      : withProgress(status.nodes, progress).map((n) => nodeSegment(n, form));
  const e2e: Segment = status.e2e ? { text: form === 'shortest' ? 'E2E' : 'E2E on', kind: 'success' } : { text: form === 'shortest' ? 'no E2E' : 'E2E off', kind: 'failure' };
  return [[scope], [login], nodes, [e2e], ...(badges.length > 0 ? [badges] : [])];
}

const plainText = (groups: readonly Segment[][]): string => groups.map((g) => g.map((s) => s.text).join(' · ')).join(' │ ');

/** The coloured status line in the longest form that fits the screen's width; the shortest is cut with `…`. */
export function statusLineText(status: StatusView, progress: ReadonlyMap<number, ReplayProgress>, paint: Paint, columns: number): string {
  const fitting = FORMS.map((form) => statusSegments(status, progress, form).filter((g) => g.length > 0));
  const groups = fitting.find((g) => plainText(g).length <= columns) ?? fitting[fitting.length - 1]!;
  const pieces = groups.flatMap((group, gi) => group.map((segment, si) => ({ separator: si > 0 ? ' · ' : gi > 0 ? ' │ ' : '', segment })));
  const cut = plainText(groups).length > columns;
  // Cut: room for the text and the `…` after it.
  let room = cut ? columns - 1 : columns;
  let out = '';
  for (const { separator, segment } of pieces) {
    const separatorShown = separator.slice(0, room);
    const text = segment.text.slice(0, Math.max(0, room - separator.length));
    out += paint.hint(separatorShown) + (text ? paintLine(paint, { ...segment, text }) : '');
    room -= separatorShown.length + text.length;
    if (room <= 0) break;
  }
  return cut ? out + '…' : out;
}
