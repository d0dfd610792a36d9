// Matching a run of expected lines against what a program printed. First an exact match, where `...`
// absorbs any run of lines and captures bind in order; when there is none, an edit-distance alignment
// (`...` absorbing lines at no cost) decides which expected lines the actual ones replace, so the
// recording can be shown as a diff and rewritten by --update with its wildcards and captures kept
// wherever they still match.
import { ANY_LINES, hasTokens, matchLine, type Values } from './pattern.ts';

export type Expected =
  /** `...`: any run of lines. */
  | { readonly kind: 'any'; readonly source: string }
  /** A line pattern (wildcards, captures, secrets). */
  | { readonly kind: 'line'; readonly pattern: string; readonly source: string }
  /**
   * A line compared as it is: a prompt with what the replay typed after it. When the tool shows it
   * otherwise (another prompt), the recording's line becomes `otherwise`, which keeps the input as written.
   */
  | { readonly kind: 'literal'; readonly text: string; readonly source: string; readonly otherwise: string };

export function expectedLine(source: string): Expected {
  return source.trim() === ANY_LINES ? { kind: 'any', source } : { kind: 'line', pattern: source, source };
}

export interface MatchContext {
  readonly values: Values;
  /** An actual line as the recording would hold it (the home path as {{home}}, secrets as names). */
  readonly rewrite: (actual: string) => string;
}

/**
 * Returns the lines the recording should hold for this run of output: the expected lines where they
 * match (binding their captures), the actual lines where they do not.
 */
export function matchSegment(expected: readonly Expected[], actual: readonly string[], ctx: MatchContext): string[] {
  const bound = exactMatch(expected, actual, ctx.values);
  if (bound) {
    for (const [k, v] of bound) ctx.values.bindings.set(k, v);
    return expected.map((e) => e.source);
  }
  return alignedLines(expected, actual, ctx);
}

function lineMatch(e: Expected, actual: string, values: Values): Map<string, string> | undefined {
  if (e.kind === 'literal') return e.text.trimEnd() === actual.trimEnd() ? new Map() : undefined;
  if (e.kind === 'any') return undefined;
  return matchLine(e.pattern, actual, values);
}

/** Steps the exact match may take before it gives up (and the alignment shows the differences). */
const EXACT_BUDGET = 1_000_000;

/**
 * The exact match, as glob matching does it: each `...` first absorbs nothing; when a line fails, the
 * latest `...` takes one more line and matching resumes after it, with the captures bound since undone
 * (and when it has taken all, the `...` before it). Iterative, so a long listing cannot overflow the stack.
 */
function exactMatch(expected: readonly Expected[], actual: readonly string[], values: Values): Map<string, string> | undefined {
  let i = 0;
  let j = 0;
  let bound = new Map<string, string>();
  const stars: { i: number; j: number; bound: Map<string, string> }[] = [];
  const scope = (): Values => (bound.size === 0 ? values : { ...values, bindings: new Map([...values.bindings, ...bound]) });
  for (let steps = 0; steps < EXACT_BUDGET; steps++) {
    const e = expected[i];
    if (e?.kind === 'any') {
      stars.push({ i, j, bound });
      i++;
      continue;
    }
    if (!e && j === actual.length) return bound;
    const got = e && j < actual.length ? lineMatch(e, actual[j]!, scope()) : undefined;
    if (got) {
      if (got.size > 0) bound = new Map([...bound, ...got]);
      i++;
      j++;
      continue;
    }
    for (;;) {
      const star = stars[stars.length - 1];
      if (!star) return undefined;
      if (star.j < actual.length) {
        star.j++;
        i = star.i + 1;
        j = star.j;
        bound = star.bound;
        break;
      }
      stars.pop();
    }
  }
  return undefined;
}

/**
 * The edit-distance alignment. A line replaced costs what one missing does and less than one missing
 * plus one added, and ties go to replacing: a changed line keeps its place and its tokens (captures
 * that later steps use), rather than being dropped for a `...` to absorb its successor.
 */
const MISSING = 1;
const ADDED = 1;
const REPLACED = 1;

/** Beyond this many expected x actual lines the alignment's table would not fit: the actual lines stand. */
const ALIGN_LIMIT = 4_000_000;

function alignedLines(expected: readonly Expected[], actual: readonly string[], ctx: MatchContext): string[] {
  const n = expected.length;
  const m = actual.length;
  if (n * m > ALIGN_LIMIT) return actual.map(ctx.rewrite);
  const w = m + 1;
  // Loose matches: captures bound before this run count, new ones match any word.
  const loose: boolean[] = new Array(n * m);
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) loose[i * m + j] = lineMatch(expected[i]!, actual[j]!, ctx.values) !== undefined;
  const cost = new Uint32Array((n + 1) * w);
  for (let j = m - 1; j >= 0; j--) cost[n * w + j] = (m - j) * ADDED;
  for (let i = n - 1; i >= 0; i--) {
    const e = expected[i]!;
    cost[i * w + m] = cost[(i + 1) * w + m]! + (e.kind === 'any' ? 0 : MISSING);
    for (let j = m - 1; j >= 0; j--) {
      cost[i * w + j] =
        e.kind === 'any'
          ? Math.min(cost[(i + 1) * w + j]!, cost[i * w + j + 1]!)
          : Math.min((loose[i * m + j] ? 0 : REPLACED) + cost[(i + 1) * w + j + 1]!, MISSING + cost[(i + 1) * w + j]!, ADDED + cost[i * w + j + 1]!);
    }
  }
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    const here = cost[i * w + j]!;
    const e = expected[i];
    if (e?.kind === 'any') {
      if (j < m && here === cost[i * w + j + 1]) j++;
      else {
        out.push(e.source);
        i++;
      }
      continue;
    }
    if (e && j < m && here === (loose[i * m + j] ? 0 : REPLACED) + cost[(i + 1) * w + j + 1]!) {
      const strict = loose[i * m + j] ? lineMatch(e, actual[j]!, ctx.values) : undefined;
      if (strict) {
        for (const [k, v] of strict) ctx.values.bindings.set(k, v);
        out.push(e.source);
      } else out.push(retemplate(e, actual[j]!, ctx));
      i++;
      j++;
    } else if (e && here === MISSING + cost[(i + 1) * w + j]!) i++;
    else {
      out.push(ctx.rewrite(actual[j]!));
      j++;
    }
  }
  return out;
}

/**
 * The actual line that replaces an expected one, keeping the expected line's tokens where they still
 * match their words: `Key Handle: {{aes}}` stays so when only the text around the handle changed.
 */
function retemplate(e: Expected, actual: string, ctx: MatchContext): string {
  if (e.kind === 'literal') return e.otherwise;
  if (e.kind !== 'line' || !hasTokens(e.pattern)) return ctx.rewrite(actual);
  const want = e.pattern.trimEnd().split(/(\s+)/);
  const got = ctx.rewrite(actual).trimEnd().split(/(\s+)/);
  // Words only (odd indexes are the spaces between them); align the two lists by LCS.
  const a = want.filter((_, k) => k % 2 === 0);
  const b = got.filter((_, k) => k % 2 === 0);
  // A capture not bound yet would match any word: it keeps its place only where the word before it is
  // the same on both sides (`Key Handle: {{aes}}`), never by landing on an unrelated word.
  const same = (x: number, y: number): boolean => {
    const want = a[x]!;
    const word = b[y]!;
    if (want === word) return true;
    if (!hasTokens(want)) return false;
    const bound = matchLine(want, word, ctx.values);
    if (bound === undefined) return false;
    const fresh = [...bound.keys()].some((k) => !ctx.values.bindings.has(k));
    return !fresh || (x === 0 ? y === 0 : y > 0 && a[x - 1] === b[y - 1]);
  };
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let x = a.length - 1; x >= 0; x--) for (let y = b.length - 1; y >= 0; y--) lcs[x]![y] = same(x, y) ? 1 + lcs[x + 1]![y + 1]! : Math.max(lcs[x + 1]![y]!, lcs[x]![y + 1]!);
  const words = [...b];
  for (let x = 0, y = 0; x < a.length && y < b.length; ) {
    if (same(x, y)) {
      if (hasTokens(a[x]!)) {
        words[y] = a[x]!;
        for (const [k, v] of matchLine(a[x]!, b[y]!, ctx.values) ?? []) ctx.values.bindings.set(k, v);
      }
      x++;
      y++;
    } else if (lcs[x + 1]![y]! >= lcs[x]![y + 1]!) x++;
    else y++;
  }
  return got.map((part, k) => (k % 2 === 0 ? words[k / 2]! : part)).join('');
}
