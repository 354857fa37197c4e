// A parallel `pyops check`: the main thread and worker threads check the run's files (see
// checkPool.ts). Files can be added while the walk still finds them: a big tree's first files are
// checked while the main thread lists its other folders, instead of after the whole walk, when
// the early worker would have been waiting for files that long.
import type { EngineConfig } from '../core/diagnostics/types';
import { addOutcome, configForFile, internalFailure, type CheckOptions, type CheckRun, type FailedFile } from './checkFiles';
import { openCheckPool, type OpenCheckPool } from './checkPool';
import { CHECK_WORKER_MARK, type CheckWorkerData, type ConfigAdded } from './checkProtocol';
import type { EarlyWorker } from './earlyWorker';
import { createJobChecker } from './jobChecker';
import type { CacheLocation } from './resultCache';
import { CHECK_WORKER_SCRIPT, WORKER_HEAP_LIMITS } from './workerLimits';

/** Tree-sitter's memory starts at 32 MB and only grows: a worker past this (after a very large file) is replaced. */
const RECYCLE_PARSER_MEMORY_ABOVE = 128 * 1024 * 1024;

/** Checks files on `threads` threads as they are added; `finish` reports them in the order a serial run would. */
export class ParallelCheck {
  private readonly pool: OpenCheckPool;
  private readonly configs: EngineConfig[] = [];
  private readonly configIds = new Map<string, number>();
  private readonly idOf = new Map<EngineConfig, number>();
  /** Each added file's job, or why its configuration could not be resolved. */
  private readonly jobOf = new Map<string, number | FailedFile>();
  private jobs = 0;

  constructor(
    private readonly options: CheckOptions,
    threads: number,
    cache: CacheLocation | undefined,
    early: EarlyWorker | undefined,
  ) {
    // Workers started later get every configuration known by then; running ones hear of new ones (see add).
    const data: CheckWorkerData = { kind: CHECK_WORKER_MARK, wasmDir: __dirname, cache, configs: this.configs, fix: options.fix };
    this.pool = openCheckPool({
      script: CHECK_WORKER_SCRIPT,
      workerData: data,
      size: threads,
      resourceLimits: WORKER_HEAP_LIMITS,
      recycleAboveBytes: RECYCLE_PARSER_MEMORY_ABOVE,
      // The main thread checks files too: one worker fewer to start, fewer outcomes copied between threads.
      local: () => createJobChecker(data),
      prestarted: () => early?.take(),
    });
  }

  /**
   * Adds a file (once). Its configuration is resolved here, so each config file is loaded (and its
   * problems shown) once, and each distinct configuration is sent to each worker once.
   */
  add(path: string): void {
    if (this.jobOf.has(path)) return;
    try {
      const { config, relativePath } = configForFile(path, this.options);
      const id = this.configId(config);
      const index = this.jobs++;
      this.jobOf.set(path, index);
      this.pool.add({ index, path, config: id, relativePath });
    } catch (error) {
      this.jobOf.set(path, internalFailure(path, error));
    }
  }

  /** The configuration's position in the workers' list, added (and told to running workers) when new. */
  private configId(config: EngineConfig): number {
    // Files of one config file share its object; distinct objects may still be the same configuration.
    let id = this.idOf.get(config);
    if (id !== undefined) return id;
    const key = JSON.stringify(config);
    id = this.configIds.get(key);
    if (id === undefined) {
      this.configIds.set(key, (id = this.configs.push(config) - 1));
      const added: ConfigAdded = { type: 'config', id, config };
      this.pool.broadcast(added);
    }
    this.idOf.set(config, id);
    return id;
  }

  /** No more files: threads waiting for more end once they have answered theirs. */
  close(): void {
    this.pool.close();
  }

  /** Waits for every file added and reports them in the order of `files` (all of them added), as a serial run of `files` would. */
  async finish(files: readonly string[]): Promise<CheckRun> {
    this.pool.close();
    const pool = await this.pool.result;
    const run: CheckRun = { checked: [], failed: [], notes: [] };
    const ruleErrors: FailedFile[] = [];
    for (const path of files) {
      const job = this.jobOf.get(path);
      if (job === undefined) throw new Error(`not checked: ${path}`);
      if (typeof job !== 'number') {
        run.failed.push(job);
        continue;
      }
      addOutcome(run, pool.outcomes[job]);
      ruleErrors.push(...pool.ruleErrors[job]);
    }
    run.failed.push(...ruleErrors);
    return run;
  }
}
