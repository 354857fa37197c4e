// Checks the jobs of a parallel `pyops check` in the thread that runs it: a worker thread, or the
// main thread, which checks files too rather than wait for the workers (see checkPool.ts).
import { applyFixes, createAnalyzer } from '../core/diagnostics/index';
import { parserMemoryBytes } from '../core/python/wasm';
import { FileChecker, internalFailure, type FailedFile } from './checkFiles';
import type { CheckJob, CheckWorkerData, JobResult } from './checkProtocol';
import { ResultCache } from './resultCache';

export interface JobChecker {
  /** Checks one file; an engine error becomes the file's failure, never an exception. */
  check(job: CheckJob): JobResult;
  /** Bytes of parser memory this thread holds (it never shrinks). */
  parserMemoryBytes(): number;
}

/** A checker for jobs that name their configuration by position in `data.configs`. */
export async function createJobChecker(data: CheckWorkerData): Promise<JobChecker> {
  let ruleErrors: FailedFile[] = [];
  let currentPath = '';
  const analyzer = await createAnalyzer({
    wasmDir: data.wasmDir,
    onError: (error, context) => {
      const detail = error instanceof Error ? error.message : String(error);
      ruleErrors.push({ path: currentPath, reason: `internal error in ${context} (other rules still ran): ${detail}` });
    },
  });
  const cache = data.cache && new ResultCache(data.cache);
  const checker = new FileChecker({ analyzer, applyFixes, ruleErrorCount: () => ruleErrors.length }, cache);
  return {
    check(job: CheckJob): JobResult {
      currentPath = job.path;
      ruleErrors = [];
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
