// A check worker started first thing, before the rest of the CLI loads. Loading dist/cli.js keeps
// one core busy for about 40 ms while the other idles; a worker started before it loads beside it
// and is ready that much sooner (on this 2-core machine about 25 ms less wall time on the standard
// library; within the noise on Debian's ansible collections). It is started only for a run that
// will likely want one: `pyops check` of a big folder, threads allowed, no result cache to answer
// from. The run takes it as its early worker (EarlyStart in checkCommand.ts) or, if it wants none,
// ends it; a worker ended while it still loads holds the process's exit back by about 20 ms, which
// a small project's check would pay for nothing.
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CACHE_DIR_ENV, CHECK_OPTIONS, DEFAULT_CACHE_DIR, isTrue, NO_CACHE_ENV } from './checkOptions';
import { EarlyWorker } from './earlyWorker';
import { usableCpus } from './usableCpus';
import { tuneV8ForCheck } from './v8Tuning';
import { CHECK_WORKER_SCRIPT, WORKER_HEAP_LIMITS } from './workerLimits';

/** More paths than this are files named one by one (a pre-commit hook): the run starts a worker once it sees enough. */
const PATHS_LOOKED_AT = 64;
/**
 * A folder whose top level lists at least this many entries is taken for a big tree (the standard
 * library lists 206, Debian's ansible collections 50; a project's root seldom 20).
 */
const BIG_FOLDER_ENTRIES = 32;

let started: EarlyWorker | undefined;

/** Whether `pyops <argv>` is a check that will likely start a worker (see above); never throws. */
export function wantsHeadStart(argv: readonly string[], cwd: string, env: NodeJS.ProcessEnv, cpus: () => number = usableCpus): boolean {
  if (argv[0] !== 'check') return false;
  let parsed;
  try {
    parsed = parseArgs({ args: argv.slice(1), options: CHECK_OPTIONS, allowPositionals: true, strict: true });
  } catch {
    return false; // the run reports the usage error
  }
  const { values, positionals } = parsed;
  if (values['show-files'] || values.help || values.watch || values['stdin-filename'] !== undefined) return false;
  const jobs = values.jobs === undefined ? cpus() : Number(values.jobs.trim());
  if (!(jobs >= 2)) return false;
  if (!values['no-cache'] && !isTrue(env[NO_CACHE_ENV])) {
    // A cache folder named in a configuration file is not known yet: the run decides for that one.
    const cacheDir = values['cache-dir'] ?? (env[CACHE_DIR_ENV]?.trim() || undefined);
    if (existsSync(cacheDir !== undefined ? resolve(cwd, cacheDir) : join(cwd, DEFAULT_CACHE_DIR))) return false;
  }
  const paths = positionals.length > 0 ? positionals : ['.'];
  return paths.length <= PATHS_LOOKED_AT && paths.some((path) => path !== '-' && isBigFolder(resolve(cwd, path)));
}

function isBigFolder(path: string): boolean {
  try {
    return readdirSync(path).length >= BIG_FOLDER_ENTRIES;
  } catch {
    return false; // not a folder, or one that cannot be listed: the run says so
  }
}

/** Starts the worker if `pyops <argv>` wants one (see wantsHeadStart). */
export function startHeadStart(argv: readonly string[]): void {
  if (!wantsHeadStart(argv, process.cwd(), process.env)) return;
  // The check's V8 settings before the worker's isolate compiles anything (the run sets them again: no change).
  tuneV8ForCheck();
  started = EarlyWorker.start(CHECK_WORKER_SCRIPT, __dirname, WORKER_HEAP_LIMITS);
}

/** The worker started at the head start, once (the first run of a process takes it), or undefined. */
export function takeHeadStart(): EarlyWorker | undefined {
  const worker = started;
  started = undefined;
  return worker;
}
