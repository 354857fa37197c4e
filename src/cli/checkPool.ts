// Runs check jobs on a pool of worker threads. Each worker takes the next job as it answers one,
// so a few large files do not leave the other workers idle. Outcomes come back indexed by job, so
// the caller reports them in the same order as a serial run.
//
// Memory: the pool's workers run with V8 heap limits, and a worker whose parser memory (which
// grows to fit the largest tree it parsed and never shrinks) passed a threshold is replaced once
// it has answered its files. A worker that dies (uncaught error, process.exit, out of memory)
// hands back the files it held; the one it died on is checked again, alone, on a fresh worker
// without heap limits, and fails with the reason only if that worker dies too. If workers keep
// dying before checking anything, the remaining files fail with the reason. Either way the run ends.
import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { FailedFile, FileOutcome } from './checkFiles';
import type { CheckJob, JobResult } from './checkProtocol';

export interface PoolOptions {
  /** The script each worker runs (dist/cli.js re-runs itself as a worker). */
  script: string;
  workerData: unknown;
  size: number;
  /** Heap limits of the pool's workers; a file that runs one out of memory is checked again without them. */
  resourceLimits?: ResourceLimits;
  /** A worker whose parser memory grew past this many bytes is replaced once it has answered its files. */
  recycleAboveBytes?: number;
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

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Whether `message` answers the job at `index`. */
function answers(message: JobResult, index: number | undefined): boolean {
  return message?.type === 'result' && message.index === index;
}

class CheckPool {
  private readonly outcomes: (FileOutcome | undefined)[];
  private readonly ruleErrors: FailedFile[][];
  private readonly size: number;
  private next = 0;
  private done = 0;
  /** Pool workers running (the one checking a file again is not counted). */
  private alive = 0;
  /** Workers in a row that died (or could not start) without answering a job, and why the last one did. */
  private deadOnArrival = 0;
  private lastDeath = '';
  /** Jobs given back by a worker that died holding them beyond the one it died on. */
  private readonly requeued: number[] = [];
  /** Jobs a worker died on, to be checked again one at a time on a worker without heap limits. */
  private readonly retries: number[] = [];
  private retrying = false;

  constructor(
    private readonly jobs: readonly CheckJob[],
    private readonly options: PoolOptions,
    private readonly resolve: (result: PoolResult) => void,
  ) {
    this.outcomes = new Array<FileOutcome | undefined>(jobs.length);
    this.ruleErrors = jobs.map(() => []);
    this.size = Math.max(1, Math.min(options.size, jobs.length));
  }

  run(): void {
    if (this.jobs.length === 0) this.resolve({ outcomes: [], ruleErrors: this.ruleErrors });
    else this.replenish();
  }

  private finish(index: number, outcome: FileOutcome): void {
    if (this.outcomes[index] !== undefined) return;
    this.outcomes[index] = outcome;
    this.done++;
    if (this.done === this.jobs.length) this.resolve({ outcomes: this.outcomes as FileOutcome[], ruleErrors: this.ruleErrors });
  }

  private record(message: JobResult): void {
    this.ruleErrors[message.index] = message.ruleErrors;
    this.finish(message.index, message.outcome);
  }

  private takeJob(): number | undefined {
    if (this.requeued.length > 0) return this.requeued.shift();
    return this.next < this.jobs.length ? this.next++ : undefined;
  }

  private hasWork(): boolean {
    return this.requeued.length > 0 || this.next < this.jobs.length;
  }

  /** Fails every job no worker will take. */
  private failRemaining(why: string): void {
    for (let index = this.takeJob(); index !== undefined; index = this.takeJob())
      this.finish(index, failure(this.jobs[index], `no worker could check this file: ${why}`));
  }

  /** Starts pool workers up to the pool's size while there is work, unless workers keep dying on arrival. */
  private replenish(): void {
    if (!this.hasWork()) return;
    if (this.deadOnArrival < MAX_DEAD_ON_ARRIVAL) {
      while (this.alive < this.size && this.hasWork()) if (!this.startWorker()) return;
    } else if (this.alive === 0) this.failRemaining(this.lastDeath);
  }

  /** A worker thread, or why none could be started. */
  private launch(resourceLimits: ResourceLimits | undefined): Worker | string {
    try {
      return new Worker(this.options.script, { workerData: this.options.workerData, resourceLimits });
    } catch (error) {
      return messageOf(error);
    }
  }

  /** Calls `onEnd` once, when the worker exits, with why (its uncaught error, else its exit code). */
  private onEnd(worker: Worker, onEnd: (why: string) => void): void {
    // 'error' can overtake answers the worker sent before it died; 'exit' comes after they are
    // delivered, so the file in flight is known for sure only then.
    let crash: string | undefined;
    worker.on('error', (error: Error) => {
      crash ??= error.message;
      void worker.terminate();
    });
    worker.on('exit', (code) => onEnd(crash ?? `exit code ${code}`));
  }

  /** A pool worker: takes jobs until there are none left or its parser memory grew too large. */
  private startWorker(): boolean {
    const worker = this.launch(this.options.resourceLimits);
    if (typeof worker === 'string') {
      // Counted as a worker that died on arrival, holding no job; the others (if any) carry on.
      this.deadOnArrival++;
      this.lastDeath = worker;
      if (this.alive === 0) this.replenish();
      return false;
    }
    this.alive++;
    const inFlight: number[] = [];
    let answered = 0;
    let ended = false;
    let retiring = false;
    const stop = (): void => {
      ended = true;
      this.alive--;
      void worker.terminate();
    };
    const feed = (): void => {
      while (!retiring && inFlight.length <= AHEAD) {
        const index = this.takeJob();
        if (index === undefined) break;
        inFlight.push(index);
        worker.postMessage(this.jobs[index]);
      }
      if (inFlight.length > 0) return;
      stop();
      // A fresh worker takes over from one whose parser memory grew too large.
      if (retiring) this.replenish();
    };
    const end = (why: string): void => {
      if (ended) return;
      stop();
      // A worker checks its jobs in order: the first one in flight is the file it died on.
      const [culprit, ...rest] = inFlight;
      inFlight.length = 0;
      this.requeued.unshift(...rest);
      if (culprit !== undefined) this.retry(culprit);
      if (answered === 0 && culprit !== undefined) {
        this.deadOnArrival++;
        this.lastDeath = why;
      }
      this.replenish();
    };
    worker.on('message', (message: JobResult) => {
      if (ended) return;
      if (!answers(message, inFlight[0])) {
        end(`unexpected message from the worker: ${JSON.stringify(message).slice(0, 200)}`);
        return;
      }
      inFlight.shift();
      answered++;
      this.deadOnArrival = 0;
      this.record(message);
      if (message.parserMemoryBytes > (this.options.recycleAboveBytes ?? Infinity)) retiring = true;
      feed();
    });
    this.onEnd(worker, end);
    feed();
    return true;
  }

  /** Checks a file a worker died on again, on a worker of its own without heap limits. */
  private retry(index: number): void {
    this.retries.push(index);
    this.startRetry();
  }

  private startRetry(): void {
    if (this.retrying) return;
    const index = this.retries.shift();
    if (index === undefined) return;
    this.retrying = true;
    const next = (): void => {
      this.retrying = false;
      this.startRetry();
    };
    const worker = this.launch(undefined);
    if (typeof worker === 'string') {
      this.finish(index, failure(this.jobs[index], `no worker could check this file: ${worker}`));
      next();
      return;
    }
    let answered = false;
    let unexpected: string | undefined;
    worker.on('message', (message: JobResult) => {
      if (answered || unexpected !== undefined) return;
      if (answers(message, index)) {
        answered = true;
        this.record(message);
      } else unexpected = `unexpected message from the worker: ${JSON.stringify(message).slice(0, 200)}`;
      void worker.terminate();
    });
    this.onEnd(worker, (why) => {
      if (!answered) {
        const reason = `the worker checking this file stopped: ${unexpected ?? why} (also when checked again on a fresh worker)`;
        this.finish(index, failure(this.jobs[index], reason));
      }
      next();
    });
    worker.postMessage(this.jobs[index]);
  }
}

export function runCheckPool(jobs: readonly CheckJob[], options: PoolOptions): Promise<PoolResult> {
  return new Promise((resolve) => new CheckPool(jobs, options, resolve).run());
}
