// Entry point of dist/cli.js (`pyops`). The same file runs as a `pyops check` worker thread when
// started with check-worker data (see checkPool.ts), so the bundle needs no second entry.
import { isMainThread, workerData } from 'node:worker_threads';
import { runCli } from './cli';
import { isCheckWorkerBoot, isCheckWorkerData } from './checkProtocol';
import { serveAfterSetup, serveCheckJobs } from './checkWorker';
import { processIo } from './io';

if (!isMainThread && (isCheckWorkerData(workerData) || isCheckWorkerBoot(workerData))) {
  // A start-up failure (the .wasm files missing...) ends the worker; the pool reports it per file.
  void (isCheckWorkerBoot(workerData) ? serveAfterSetup(workerData) : serveCheckJobs(workerData)).catch((error: unknown) => {
    throw error instanceof Error ? error : new Error(String(error));
  });
} else {
  void runCli(process.argv.slice(2), processIo()).then((code) => {
    // exitCode rather than exit(): let buffered output reach a pipe before the process ends.
    process.exitCode = code;
  });
}
