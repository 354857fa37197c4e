// Summary statistics for repeated timings. Percentiles use the nearest-rank method, so with few
// samples p95 is simply the slowest run: the report prints n next to every figure.

export interface Summary {
  n: number;
  median: number;
  p95: number;
  min: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentile of `values` (0 < p <= 100). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function summarize(values: readonly number[]): Summary {
  return {
    n: values.length,
    median: median(values),
    p95: percentile(values, 95),
    min: values.length ? Math.min(...values) : Number.NaN,
    max: values.length ? Math.max(...values) : Number.NaN,
    mean: values.length ? values.reduce((a, b) => a + b, 0) / values.length : Number.NaN,
  };
}

/** "1234.5" -> "1,235"; small numbers keep the given number of decimals. */
export function formatNumber(value: number, decimals = 0): string {
  if (!Number.isFinite(value)) return String(value);
  return value.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/** Milliseconds with a precision that suits the size. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  if (ms >= 100) return `${formatNumber(ms)} ms`;
  if (ms >= 10) return `${formatNumber(ms, 1)} ms`;
  return `${formatNumber(ms, 2)} ms`;
}

/** "median 12.3 ms, p95 15.0 ms (n=20, min 11.9 ms)". */
export function describeMs(summary: Summary): string {
  return `median ${formatMs(summary.median)}, p95 ${formatMs(summary.p95)}, min ${formatMs(summary.min)}, max ${formatMs(summary.max)} (n=${summary.n})`;
}
