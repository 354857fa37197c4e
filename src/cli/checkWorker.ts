// The worker-thread side of a parallel `pyops check`: its own analyzer, one batch of jobs at a
// time, answered with the files' outcomes. Fixes are written here, by the thread that owns the file.
import { parentPort } from 'node:worker_threads';
import { applyFixes, createAnalyzer } from '../core/diagnostics/index';
import { parserMemoryBytes } from '../core/python/wasm';
import { FileChecker, internalFailure, type FailedFile } from './checkFiles';
import type { BatchResult, CheckJob, CheckWorkerData, JobBatch, JobResult, PoolWorkerData } from './checkProtocol';
import { ResultCache } from './resultCache';

export async function serveCheckJobs(data: CheckWorkerData & Partial<PoolWorkerData>): Promise<void> {
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
  const { progress, fix } = data;

  const check = (job: CheckJob): JobResult => {
    currentPath = job.path;
    ruleErrors = [];
    try {
      const outcome = checker.check(job.path, data.configs[job.config], job.relativePath, fix);
      return { index: job.index, outcome, ruleErrors };
    } catch (error) {
      return { index: job.index, outcome: { checked: null, failed: [internalFailure(job.path, error)], notes: [] }, ruleErrors };
    }
  };
  const send = (results: JobResult[]): void => {
    const message: BatchResult = { type: 'results', results, parserMemoryBytes: parserMemoryBytes() };
    port.postMessage(message);
  };

  port.on('message', (batch: JobBatch) => {
    let results: JobResult[] = [];
    for (const job of batch.jobs) {
      if (progress) Atomics.store(progress, 0, job.index);
      const result = check(job);
      results.push(result);
      // Written fixes are reported at once: were this worker to die later in the batch, the
      // file would be checked again, already fixed, and its fixes not counted.
      if (fix.apply === 'write' && (result.outcome.checked?.fixed ?? 0) > 0) {
        send(results);
        results = [];
      }
    }
    if (progress) Atomics.store(progress, 0, -1);
    if (results.length > 0) send(results);
  });
}
