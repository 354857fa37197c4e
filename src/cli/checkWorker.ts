// The worker-thread side of a parallel `pyops check`: its own analyzer, one batch of jobs at a
// time, answered with the files' outcomes. Fixes are written here, by the thread that owns the file.
import { parentPort } from 'node:worker_threads';
import type {
  BatchResult,
  CheckWorkerBoot,
  CheckWorkerData,
  ConfigAdded,
  JobBatch,
  JobResult,
  PoolWorkerData,
  WorkerSetup,
} from './checkProtocol';
import { jobCheckerFor, loadCheckEngine, type CheckEngine, type JobChecker } from './jobChecker';

type ServedData = CheckWorkerData & Partial<PoolWorkerData>;

/** Serves the pool's batches with a worker started with all its data. */
export function serveCheckJobs(data: ServedData): Promise<void> {
  return serve(loadCheckEngine(data.wasmDir), data);
}

/** Serves the pool's batches with a worker started early (see CheckWorkerBoot): its engine loads while it waits for its setup. */
export function serveAfterSetup(boot: CheckWorkerBoot): Promise<void> {
  return serve(loadCheckEngine(boot.wasmDir), undefined);
}

/**
 * Answers each batch once the engine has loaded and the worker knows its data (`data`, else its
 * first message). One listener, attached at once: batches that arrive while the engine loads wait
 * in order. The promise rejects (ending the worker, which the pool reports) if the engine cannot load.
 */
function serve(loading: Promise<CheckEngine>, data: ServedData | undefined): Promise<void> {
  const port = parentPort;
  if (!port) return Promise.reject(new Error('serveCheckJobs() must run in a worker thread'));
  return new Promise((_, reject) => {
    const given = data;
    let ready: Promise<JobChecker> | undefined = given && loading.then((engine) => jobCheckerFor(engine, given));
    const answer = (checker: JobChecker, batch: JobBatch, progress: Int32Array | undefined, fix: CheckWorkerData['fix']): void => {
      const send = (results: JobResult[]): void => {
        const message: BatchResult = { type: 'results', results, parserMemoryBytes: checker.parserMemoryBytes() };
        port.postMessage(message);
      };
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
    };
    port.on('message', (message: JobBatch | WorkerSetup | ConfigAdded) => {
      if (message.type === 'setup') {
        data = message.workerData as ServedData;
        const setUp = data;
        ready = loading.then((engine) => jobCheckerFor(engine, setUp));
        return;
      }
      const served = data;
      if (!ready || !served) {
        reject(new Error('a check worker was sent a message before its setup'));
        return;
      }
      // Taken at once: the jobs that name it come after it, and may be answered before this batch is.
      if (message.type === 'config') {
        served.configs[message.id] = message.config;
        return;
      }
      ready.then((checker) => answer(checker, message, served.progress, served.fix)).catch(reject);
    });
    loading.catch(reject);
  });
}
