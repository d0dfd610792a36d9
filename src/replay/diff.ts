// A unified diff between a recording and the recording as this run would have written it, naming the
// file and the line of the first difference; each hunk is headed by the step (`$ ...`) it is in.

type Op = { readonly kind: ' ' | '-' | '+'; readonly text: string; readonly oldLine: number; readonly newLine: number };

const same = (a: string, b: string): boolean => a.trimEnd() === b.trimEnd();

const TABLE_LIMIT = 16_000_000;

function editScript(a: readonly string[], b: readonly string[]): Op[] {
  let start = 0;
  while (start < a.length && start < b.length && same(a[start]!, b[start]!)) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && same(a[endA - 1]!, b[endB - 1]!)) {
    endA--;
    endB--;
  }
  const n = endA - start;
  const m = endB - start;
  const w = m + 1;
  // Too large a middle for the table: it is shown as all removed, then all added.
  const tabled = n * m <= TABLE_LIMIT;
  const lcs = new Uint32Array(tabled ? (n + 1) * w : 1);
  for (let i = tabled ? n - 1 : -1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * w + j] = same(a[start + i]!, b[start + j]!) ? 1 + lcs[(i + 1) * w + j + 1]! : Math.max(lcs[(i + 1) * w + j]!, lcs[i * w + j + 1]!);
    }
  }
  const ops: Op[] = [];
  for (let k = 0; k < start; k++) ops.push({ kind: ' ', text: a[k]!, oldLine: k, newLine: k });
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (tabled && i < n && j < m && same(a[start + i]!, b[start + j]!)) {
      ops.push({ kind: ' ', text: a[start + i]!, oldLine: start + i, newLine: start + j });
      i++;
      j++;
    } else if (i < n && (j === m || !tabled || lcs[(i + 1) * w + j]! >= lcs[i * w + j + 1]!)) {
      ops.push({ kind: '-', text: a[start + i]!, oldLine: start + i, newLine: start + j });
      i++;
    } else {
      ops.push({ kind: '+', text: b[start + j]!, oldLine: start + i, newLine: start + j });
      j++;
    }
  }
  for (let k = 0; k < a.length - endA; k++) ops.push({ kind: ' ', text: a[endA + k]!, oldLine: endA + k, newLine: endB + k });
  return ops;
}

/** The first line (1-based, in the expected file) where the two differ, or undefined when they agree. */
export function firstDifference(expected: readonly string[], actual: readonly string[]): number | undefined {
  const op = editScript(expected, actual).find((o) => o.kind !== ' ');
  return op ? op.oldLine + 1 : undefined;
}

export function unifiedDiff(expected: readonly string[], actual: readonly string[], file: string, context = 3): string {
  const ops = editScript(expected, actual);
  const changed = ops.flatMap((o, k) => (o.kind === ' ' ? [] : [k]));
  if (changed.length === 0) return '';
  const first = ops[changed[0]!]!.oldLine + 1;
  const out = [`--- ${file}:${first} (expected)`, `+++ ${file}:${first} (actual)`];
  let k = 0;
  while (k < changed.length) {
    const from = Math.max(0, changed[k]! - context);
    let to = changed[k]! + context;
    while (k + 1 < changed.length && changed[k + 1]! - context <= to + 1) to = changed[++k]! + context;
    k++;
    const hunk = ops.slice(from, Math.min(ops.length, to + 1));
    const oldCount = hunk.filter((o) => o.kind !== '+').length;
    const newCount = hunk.filter((o) => o.kind !== '-').length;
    const oldStart = hunk[0]!.oldLine + (oldCount > 0 ? 1 : 0);
    const newStart = hunk[0]!.newLine + (newCount > 0 ? 1 : 0);
    const firstChange = hunk.find((o) => o.kind !== ' ')!;
    const step = expected.slice(0, firstChange.oldLine + (firstChange.kind === '-' ? 1 : 0)).reverse().find((l) => l.startsWith('$ '));
    out.push(`@@ -${oldStart},${oldCount} +${newStart},${newCount} @@${step ? ' ' + step : ''}`);
    for (const o of hunk) out.push(o.kind + o.text);
  }
  return out.join('\n');
}
