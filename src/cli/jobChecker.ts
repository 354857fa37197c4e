// Checks the jobs of a parallel `pyops check` in the thread that runs it: a worker thread, or the
// main thread, which checks files too rather than wait for the workers (see checkPool.ts).
import { applyFixes, createAnalyzer, type Analyzer } from '../core/diagnostics/index';
import { parserMemoryBytes } from '../core/python/wasm';
import { FileChecker, internalFailure, type FailedFile } from './checkFiles';
import type { CheckJob, CheckWorkerData, JobResult } from './checkProtocol';
import { ResultCache } from './resultCache';
import { warmUp } from './warmUp';

export interface JobChecker {
  /** Checks one file; an engine error becomes the file's failure, never an exception. */
  check(job: CheckJob): JobResult;
  /** Bytes of parser memory this thread holds (it never shrinks). */
  parserMemoryBytes(): number;
}

/** The rule errors of the file being checked: the analyzer reports them through its onError. */
export class RuleErrorLog {
  path = '';
  errors: FailedFile[] = [];

  /** Starts a file: its errors go to a fresh list. */
  start(path: string): FailedFile[] {
    this.path = path;
    return (this.errors = []);
  }

  readonly add = (error: unknown, context: string): void => {
    const detail = error instanceof Error ? error.message : String(error);
    this.errors.push({ path: this.path, reason: `internal error in ${context} (other rules still ran): ${detail}` });
  };
}

/** A thread's analyzer and the log of its rule errors. */
export interface CheckEngine {
  analyzer: Analyzer;
  log: RuleErrorLog;
}

/** Loads the analyzer (tree-sitter and the grammar): the part of a checker that needs no configuration. */
export async function loadCheckEngine(wasmDir: string): Promise<CheckEngine> {
  const log = new RuleErrorLog();
  const analyzer = await createAnalyzer({ wasmDir, onError: log.add });
  warmUp(analyzer);
  // Errors of the warm-up's texts (a rule's bug) are no file's.
  log.start('');
  return { analyzer, log };
}

/** A checker for jobs that name their configuration by position in `data.configs`. */
export async function createJobChecker(data: CheckWorkerData): Promise<JobChecker> {
  return jobCheckerFor(await loadCheckEngine(data.wasmDir), data);
}

/** A checker on a loaded engine, for jobs that name their configuration by position in `data.configs`. */
export function jobCheckerFor(engine: CheckEngine, data: CheckWorkerData): JobChecker {
  const cache = data.cache && new ResultCache(data.cache);
  const { analyzer, log } = engine;
  const checker = new FileChecker({ analyzer, applyFixes, ruleErrorCount: () => log.errors.length }, cache);
  return {
    check(job: CheckJob): JobResult {
      const ruleErrors = log.start(job.path);
      try {
        const outcome = checker.check(job.path, data.configs[job.config], job.relativePath, data.fix);
        return { index: job.index, outcome, ruleErrors };
      } catch (error) {
        return { index: job.index, outcome: { checked: null, failed: [internalFailure(job.path, error)], notes: [] }, ruleErrors };
      }
    },
    parserMemoryBytes,
  };
}
