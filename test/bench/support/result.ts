// What every bench module reports to scripts/bench.ts: one marked JSON line on stdout.
// Progress goes to stderr so the orchestrator can show it live.

/** scripts/bench.ts looks for this prefix followed by a BenchResult as JSON. */
export const RESULT_MARKER = 'PYOPS_BENCH_RESULT ';

export interface Figure {
  /** What was measured. */
  label: string;
  /** The value as printed, unit included ("312 ms", "1.42x"). */
  value: string;
  /** The same value as a number, for machines (in `unit`). */
  raw: number;
  unit: string;
  /** How it was obtained: repetitions, spread, the peer's own numbers. */
  detail?: string;
  /** The target as printed ("< 500 ms"); absent for figures reported for context only. */
  target?: string;
  pass?: boolean;
}

export interface BenchResult {
  /** 1-7, the item's number in docs/benchmarks.md. */
  number: number;
  /** Short stable id, also the doc section marker. */
  id: string;
  title: string;
  status: 'ok' | 'skipped' | 'failed';
  /** Why the item was skipped or failed. */
  reason?: string;
  figures: Figure[];
  notes: string[];
  /** Extra markdown for the doc (tables, samples). */
  markdown?: string;
  /** Extra text printed under the figures (e.g. the agreement table). */
  console?: string;
  /** Seconds the item took, measured by the module itself. */
  seconds?: number;
}

export interface BenchOptions {
  /** Fewer repetitions: a smoke run, not figures to publish. */
  quick: boolean;
}

export function benchOptions(argv: readonly string[] = process.argv.slice(2)): BenchOptions {
  return { quick: argv.includes('--quick') };
}

export function progress(message: string): void {
  process.stderr.write(`  ${message}\n`);
}

export type BenchBody = (options: BenchOptions) => Promise<Omit<BenchResult, 'number' | 'id' | 'title' | 'seconds'>>;

/**
 * Runs one bench item and prints its result line; an exception becomes a `failed` result with
 * the message, never a crash without a report.
 */
export async function runBench(number: number, id: string, title: string, body: BenchBody): Promise<void> {
  const started = Date.now();
  let result: BenchResult;
  try {
    const outcome = await body(benchOptions());
    result = { number, id, title, ...outcome, seconds: (Date.now() - started) / 1000 };
  } catch (error) {
    const reason = error instanceof Error ? (error.stack ?? error.message) : String(error);
    result = { number, id, title, status: 'failed', reason, figures: [], notes: [], seconds: (Date.now() - started) / 1000 };
  }
  process.stdout.write(RESULT_MARKER + JSON.stringify(result) + '\n');
}

/** A figure with a target "value must be below/above limit". */
export function targetFigure(
  figure: Omit<Figure, 'target' | 'pass'>,
  comparison: '<' | '<=' | '>=' | '>',
  limit: number,
  limitText: string,
): Figure {
  const value = figure.raw;
  const pass =
    comparison === '<' ? value < limit : comparison === '<=' ? value <= limit : comparison === '>=' ? value >= limit : value > limit;
  return { ...figure, target: `${comparison} ${limitText}`, pass };
}
