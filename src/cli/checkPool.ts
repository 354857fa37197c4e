// Runs check jobs on a pool of worker threads. Each worker takes the next job as it answers one,
// so a few large files do not leave the other workers idle. Outcomes come back indexed by job, so
// the caller reports them in the same order as a serial run. A worker that dies (uncaught error,
// process.exit, out of memory) fails only the file it was checking, and a replacement takes over
// the rest; if workers keep dying before checking anything, the remaining files fail with the
// reason. Either way the run ends.
import { Worker } from 'node:worker_threads';
import type { FailedFile, FileOutcome } from './checkFiles';
import type { CheckJob, JobResult } from './checkProtocol';

export interface PoolOptions {
  /** The script each worker runs (dist/cli.js re-runs itself as a worker). */
  script: string;
  workerData: unknown;
  size: number;
}

export interface PoolResult {
  /** Outcome of each job, by its position in `jobs`. */
  outcomes: FileOutcome[];
  /** Rule errors of each job, by its position in `jobs`. */
  ruleErrors: FailedFile[][];
}

/** Jobs handed to a worker beyond the one it is on, so it does not wait for the next message. */
const AHEAD = 1;
/** After this many workers in a row died without answering a job, stop starting new ones. */
const MAX_DEAD_ON_ARRIVAL = 3;

function failure(job: CheckJob, reason: string): FileOutcome {
  return { checked: null, failed: [{ path: job.path, reason: `internal error: ${reason}` }], notes: [] };
}

export function runCheckPool(jobs: readonly CheckJob[], options: PoolOptions): Promise<PoolResult> {
  return new Promise((resolve) => {
    const outcomes: (FileOutcome | undefined)[] = new Array<FileOutcome | undefined>(jobs.length);
    const ruleErrors: FailedFile[][] = jobs.map(() => []);
    const size = Math.max(1, Math.min(options.size, jobs.length));
    let next = 0;
    let done = 0;
    let alive = 0;
    let deadOnArrival = 0;
    /** Jobs given back by a worker that died holding them beyond the one it died on. */
    const requeued: number[] = [];

    const finish = (index: number, outcome: FileOutcome): void => {
      if (outcomes[index] !== undefined) return;
      outcomes[index] = outcome;
      done++;
      if (done === jobs.length) resolve({ outcomes: outcomes as FileOutcome[], ruleErrors });
    };
    const takeJob = (): number | undefined => (requeued.length > 0 ? requeued.shift() : next < jobs.length ? next++ : undefined);

    const start = (): void => {
      alive++;
      const inFlight: number[] = [];
      let answered = 0;
      let ended = false;
      let worker: Worker;
      const end = (why: string): void => {
        if (ended) return;
        ended = true;
        alive--;
        void worker?.terminate();
        // A worker checks its jobs in order: the first one in flight is the file it died on.
        const [culprit, ...rest] = inFlight;
        inFlight.length = 0;
        requeued.unshift(...rest);
        if (culprit !== undefined) finish(culprit, failure(jobs[culprit], `the worker checking this file stopped: ${why}`));
        if (answered > 0) deadOnArrival = 0;
        else if (culprit !== undefined) deadOnArrival++;
        if (requeued.length === 0 && next >= jobs.length) return;
        if (deadOnArrival < MAX_DEAD_ON_ARRIVAL) {
          if (alive < size) start();
        } else if (alive === 0) {
          for (let index = takeJob(); index !== undefined; index = takeJob())
            finish(index, failure(jobs[index], `no worker could check this file: ${why}`));
        }
      };
      const feed = (): void => {
        while (inFlight.length <= AHEAD) {
          const index = takeJob();
          if (index === undefined) break;
          inFlight.push(index);
          worker.postMessage(jobs[index]);
        }
        if (inFlight.length === 0) {
          ended = true;
          alive--;
          void worker.terminate();
        }
      };
      try {
        worker = new Worker(options.script, { workerData: options.workerData });
      } catch (error) {
        // Counted as a worker that died on arrival, holding no job.
        deadOnArrival++;
        ended = true;
        alive--;
        const why = error instanceof Error ? error.message : String(error);
        if (deadOnArrival >= MAX_DEAD_ON_ARRIVAL || alive === 0) {
          for (let index = takeJob(); index !== undefined; index = takeJob())
            finish(index, failure(jobs[index], `no worker could check this file: ${why}`));
        } else start();
        return;
      }
      worker.on('message', (message: JobResult) => {
        if (ended) return;
        const index = inFlight[0];
        if (message?.type !== 'result' || message.index !== index) {
          end(`unexpected message from the worker: ${JSON.stringify(message).slice(0, 200)}`);
          return;
        }
        inFlight.shift();
        answered++;
        ruleErrors[index] = message.ruleErrors;
        finish(index, message.outcome);
        feed();
      });
      // 'error' can overtake answers the worker sent before it died; 'exit' comes after they are
      // delivered, so the file in flight is known for sure only then.
      let crash: string | undefined;
      worker.on('error', (error: Error) => {
        crash ??= error.message;
        void worker.terminate();
      });
      worker.on('exit', (code) => end(crash ?? `exit code ${code}`));
      feed();
    };

    if (jobs.length === 0) resolve({ outcomes: [], ruleErrors });
    else for (let i = 0; i < size; i++) start();
  });
}
