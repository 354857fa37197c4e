// Entry point of dist/checkWorker.js: a `pyops check` worker thread (see checkPool.ts). A bundle of
// its own holds only the engine and the worker's side of the protocol, about 40% of dist/cli.js:
// each worker reads and compiles that much less before its first file.
import { workerData } from 'node:worker_threads';
import { isCheckWorkerBoot, isCheckWorkerData } from './checkProtocol';
import { serveAfterSetup, serveCheckJobs } from './checkWorker';

if (isCheckWorkerBoot(workerData) || isCheckWorkerData(workerData)) {
  // A start-up failure (the .wasm files missing...) ends the worker; the pool reports it per file.
  void (isCheckWorkerBoot(workerData) ? serveAfterSetup(workerData) : serveCheckJobs(workerData)).catch((error: unknown) => {
    throw error instanceof Error ? error : new Error(String(error));
  });
} else {
  throw new Error('dist/checkWorker.js runs as a pyops check worker thread only');
}
