// A check worker started before a run knows its files: loading the bundle and tree-sitter in a
// fresh thread takes a few hundred milliseconds, which then overlap the main thread's walk of the
// folders instead of following it. The pool takes it as its first worker and sends it its setup
// (see CheckWorkerBoot); a run that ends up needing no worker ends it.
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { CHECK_WORKER_BOOT_MARK, type CheckWorkerBoot } from './checkProtocol';

export class EarlyWorker {
  private ended = false;
  private taken = false;

  private constructor(private readonly worker: Worker) {
    // Until the pool takes it, it must not keep alive a run that ends without it.
    worker.unref();
    // Listened to from the start: an 'error' nobody listens to would end the whole process.
    worker.on('error', () => (this.ended = true));
    worker.on('exit', () => (this.ended = true));
  }

  /** Starts a worker running `script` (dist/checkWorker.js) with these heap limits, or none if a thread cannot be started. */
  static start(script: string, wasmDir: string, resourceLimits: ResourceLimits): EarlyWorker | undefined {
    const boot: CheckWorkerBoot = { kind: CHECK_WORKER_BOOT_MARK, wasmDir };
    try {
      return new EarlyWorker(new Worker(script, { workerData: boot, resourceLimits }));
    } catch {
      return undefined;
    }
  }

  /** The worker, for the pool to set up and run; undefined once taken, or if it already ended. */
  take(): Worker | undefined {
    if (this.taken || this.ended) return undefined;
    this.taken = true;
    this.worker.ref();
    return this.worker;
  }

  /** Ends the worker unless the pool took it. */
  dispose(): void {
    if (!this.taken) void this.worker.terminate();
  }
}
