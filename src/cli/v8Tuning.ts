// V8 settings for `pyops check`, set before its worker threads start: V8's flags are per process,
// so every isolate created afterwards (each worker's) runs with them, and the optimizing compiler
// reads them as it compiles. Only `pyops check` sets them; the language server and the extension
// host keep V8's defaults.
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

/**
 * How much bytecode TurboFan inlines into one function at most (V8's default is 920), and no loop
 * peeling. Each thread compiles the engine's hot functions for itself, and that compilation was a
 * fifth of a standard-library run's CPU (`perf`: V8's compiler threads); smaller graphs compile for
 * less and, for this code, ran no slower. Both together, alternating runs on a quiet machine: the
 * standard library 3.57-3.66 s of CPU to 3.36-3.47 s (wall 1.86-1.93 s to 1.79-1.84 s), Debian's
 * ansible collections 6.86 s to 6.63 s (wall 3.60 s to 3.51 s), with the same output; each alone
 * saved about half of that (docs/benchmarks.md, item 1). Measured with V8 11 (Node 20): a later V8
 * tiers up otherwise (Maglev first, from V8 11.7), and an unknown flag would print an error, so
 * other versions keep V8's defaults.
 */
const MAX_INLINED_BYTECODE_CUMULATIVE = 460;
/** The V8 major version the compile-size settings were measured with. */
const COMPILE_SIZE_V8_MAJOR = 11;

/** Whether node was started with this flag or its `--no-` form (`node --interrupt-budget=N`, `_` for `-`): the user's setting wins. */
function givenByUser(flag: string, execArgv: readonly string[]): boolean {
  const negated = flag.replace(/^--/, '--no-');
  return execArgv.some((arg) => {
    const name = arg.split('=')[0].replace(/_/g, '-');
    return name === flag || name === negated;
  });
}

/** The V8 flags a `pyops check` run sets, less those the user gave node (see givenByUser). */
export function checkV8Flags(execArgv: readonly string[] = process.execArgv, v8Version: string = process.versions.v8): string[] {
  const flags: [name: string, setting: string][] = [['--interrupt-budget', `--interrupt-budget=${INTERRUPT_BUDGET}`]];
  if (Number(v8Version.split('.')[0]) === COMPILE_SIZE_V8_MAJOR) {
    flags.push(
      ['--max-inlined-bytecode-size-cumulative', `--max-inlined-bytecode-size-cumulative=${MAX_INLINED_BYTECODE_CUMULATIVE}`],
      ['--turbo-loop-peeling', '--no-turbo-loop-peeling'],
    );
  }
  return flags.filter(([name]) => !givenByUser(name, execArgv)).map(([, setting]) => setting);
}

/** Tunes V8 for a `pyops check` run: call before any worker thread is started. */
export function tuneV8ForCheck(execArgv: readonly string[] = process.execArgv): void {
  for (const flag of checkV8Flags(execArgv)) setFlagsFromString(flag);
}
