// Small statistics the benchmarks share.
export const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export function percentile(xs: readonly number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export const ms = (x: number): string => `${x.toFixed(x < 10 ? 2 : 0)} ms`;

/** Calls `op` as often as it can for `seconds`: operations per second. */
export function loopRate(seconds: number, op: () => void): number {
  const end = performance.now() + seconds * 1000;
  let n = 0;
  const start = performance.now();
  while (performance.now() < end) {
    op();
    n++;
  }
  return n / ((performance.now() - start) / 1000);
}
