// The worker-thread side of a parallel `pyops check`: its own analyzer, one job at a time, each
// answered with the file's outcome. Fixes are written here, by the thread that owns the file.
import { parentPort } from 'node:worker_threads';
import { applyFixes, createAnalyzer } from '../core/diagnostics/index';
import { parserMemoryBytes } from '../core/python/wasm';
import { FileChecker, internalFailure, type FailedFile } from './checkFiles';
import type { CheckJob, CheckWorkerData, JobResult } from './checkProtocol';
import { ResultCache } from './resultCache';

export async function serveCheckJobs(data: CheckWorkerData): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('serveCheckJobs() must run in a worker thread');
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
  port.on('message', (job: CheckJob) => {
    currentPath = job.path;
    ruleErrors = [];
    let result: JobResult;
    try {
      const outcome = checker.check(job.path, job.config, job.relativePath, job.fix);
      result = { type: 'result', index: job.index, outcome, ruleErrors, parserMemoryBytes: parserMemoryBytes() };
    } catch (error) {
      result = {
        type: 'result',
        index: job.index,
        outcome: { checked: null, failed: [internalFailure(job.path, error)], notes: [] },
        ruleErrors,
        parserMemoryBytes: parserMemoryBytes(),
      };
    }
    port.postMessage(result);
  });
}
