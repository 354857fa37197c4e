// The worker-thread side of a parallel `pyops check`: its own analyzer, one batch of jobs at a
// time, answered with the files' outcomes. Fixes are written here, by the thread that owns the file.
import { parentPort } from 'node:worker_threads';
import type { BatchResult, CheckWorkerData, JobBatch, JobResult, PoolWorkerData } from './checkProtocol';
import { createJobChecker } from './jobChecker';

export async function serveCheckJobs(data: CheckWorkerData & Partial<PoolWorkerData>): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('serveCheckJobs() must run in a worker thread');
  const checker = await createJobChecker(data);
  const { progress, fix } = data;

  const send = (results: JobResult[]): void => {
    const message: BatchResult = { type: 'results', results, parserMemoryBytes: checker.parserMemoryBytes() };
    port.postMessage(message);
  };

  port.on('message', (batch: JobBatch) => {
    let results: JobResult[] = [];
    for (const job of batch.jobs) {
      if (progress) Atomics.store(progress, 0, job.index);
      const result = checker.check(job);
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
