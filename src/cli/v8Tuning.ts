// V8 settings for `pyops check`, set before its worker threads start: V8's flags are per process,
// so every isolate created afterwards (each worker's) runs with them. Only `pyops check` sets them;
// the language server and the extension host keep V8's defaults.
import { setFlagsFromString } from 'node:v8';

/**
 * How much bytecode a function runs before V8 optimizes it with TurboFan (V8's default is 67,584).
 * Each thread of `pyops check` is a fresh isolate that sees most kinds of statement for the first
 * time during its first hundreds of files: optimized that early, the engine's functions were
 * compiled with partial type feedback, deoptimized at the first shape they had not seen
 * ("Insufficient type feedback", "wrong map") and compiled again, some up to 9 times per thread,
 * on V8's background threads, which share the machine's CPUs with the workers. Waiting longer
 * cuts the compiles (728 -> 399, deoptimizations 180 -> 87, on the standard library with two
 * workers, `node --trace-opt --trace-deopt`) and the CPU of that run by 10-14%; on Debian's
 * ansible collections (long runs, where warm-up is a small share) it is neither better nor worse.
 * 150,000 and 1,000,000 did worse, 600,000 no better (docs/benchmarks.md, item 1).
 */
const INTERRUPT_BUDGET = 300_000;

/** Whether node was started with this flag (`node --interrupt-budget=N`, or `_` for `-`): the user's setting wins. */
function givenByUser(flag: string, execArgv: readonly string[]): boolean {
  return execArgv.some((arg) => {
    const name = arg.split('=')[0].replace(/_/g, '-');
    return name === flag;
  });
}

/** Tunes V8 for a `pyops check` run: call before any worker thread is started. */
export function tuneV8ForCheck(execArgv: readonly string[] = process.execArgv): void {
  if (!givenByUser('--interrupt-budget', execArgv)) setFlagsFromString(`--interrupt-budget=${INTERRUPT_BUDGET}`);
}
