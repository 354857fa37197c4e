// Runs check jobs on a pool of worker threads. Each worker gets files in batches, the next batch
// before it has finished the current one, and answers a batch in one message: a message per file
// woke the main thread for every file, which cost more CPU than the workers' idle time saved.
// Batches shrink as the work runs out, so a few large files at the end do not leave the other
// workers idle. Outcomes come back indexed by job, so the caller reports them in the same order as
// a serial run.
//
// Memory: the pool's workers run with V8 heap limits, and a worker whose parser memory (which
// grows to fit the largest tree it parsed and never shrinks) passed a threshold is replaced once
// it has answered its files. A worker that dies (uncaught error, process.exit, out of memory)
// hands back the files it held; the one it died on (its progress slot says which) is checked
// again, alone, on a fresh worker without heap limits, and fails with the reason only if that
// worker dies too. If workers keep dying before checking anything, the remaining files fail with
// the reason. Either way the run ends.
//
// A pool may be opened before its files are all known (openCheckPool): jobs are added as the walk
// finds them, threads that run out wait for more, and the pool ends once it is closed and every job
// is answered. The workers then learn configurations found after they started from broadcasts.
//
// The main thread can check files too (`local`), taking one of the pool's threads, rather than
// wait: one worker fewer to start (its bundle and tree-sitter loaded), and the main thread's
// outcomes are not copied between threads (about 5% less CPU on the standard library). It checks
// small batches between the workers' messages, so that they are fed on time; a file that makes it
// throw fails alone, like one that kills a worker. It stops once its parser memory passed the
// threshold at which a worker would be replaced (that memory never shrinks), and a worker takes
// its place.
import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { FailedFile, FileOutcome } from './checkFiles';
import type { BatchResult, CheckJob, JobBatch, JobResult, PoolWorkerData, WorkerSetup } from './checkProtocol';

/** What the main thread checks files with when it takes part (see createJobChecker). */
export interface LocalChecker {
  check(job: CheckJob): JobResult;
  /** Bytes of parser memory the main thread holds. */
  parserMemoryBytes(): number;
}

export interface PoolOptions {
  /** The script each worker runs (dist/checkWorker.js). */
  script: string;
  /** Given to each worker, with its PoolWorkerData added. */
  workerData: object;
  size: number;
  /** Heap limits of the pool's workers; a file that runs one out of memory is checked again without them. */
  resourceLimits?: ResourceLimits;
  /** A worker whose parser memory grew past this many bytes is replaced once it has answered its files. */
  recycleAboveBytes?: number;
  /** Makes the main thread's checker: the main thread is then one of the `size` threads, and `size - 1` are workers. */
  local?: () => Promise<LocalChecker>;
  /**
   * A worker started ahead of the pool (running `script`, with the pool's heap limits), taken as
   * the first pool worker if it is still running: it is sent its workerData as a WorkerSetup
   * message instead of being started with it.
   */
  prestarted?: () => Worker | undefined;
}

/** A pool opened before its jobs are known (see openCheckPool). */
export interface OpenCheckPool {
  /** Adds a job; its index must be the number of jobs added before it. */
  add(job: CheckJob): void;
  /** Sends a message to every running worker, ahead of the jobs added after it (a configuration they will name). */
  broadcast(message: object): void;
  /** No more jobs: the result settles once all are answered. */
  close(): void;
  readonly result: Promise<PoolResult>;
}

export interface PoolResult {
  /** Outcome of each job, by its position in `jobs`. */
  outcomes: FileOutcome[];
  /** Rule errors of each job, by its position in `jobs`. */
  ruleErrors: FailedFile[][];
}

/** Batches handed to a worker beyond the one it is on, so it does not wait for the next message. */
const AHEAD = 1;
/** Most files in a batch: about 30 ms of work for files of a typical size. */
const MAX_BATCH = 32;
/** Most files the main thread checks before it looks at the workers' messages again. */
const MAX_LOCAL_BATCH = 8;
/** A batch is at most this fraction of the files left per worker, so the work ends evenly. */
const BATCHES_LEFT_PER_WORKER = 8;
/** After this many workers in a row died without answering a job, stop starting new ones. */
const MAX_DEAD_ON_ARRIVAL = 3;

function failure(job: CheckJob, reason: string): FileOutcome {
  return { checked: null, failed: [{ path: job.path, reason: `internal error: ${reason}` }], notes: [] };
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Whether `message` answers the jobs in flight, in order (the first ones, or all of them). */
function answers(message: BatchResult, inFlight: readonly number[]): boolean {
  if (message?.type !== 'results' || !Array.isArray(message.results)) return false;
  const { results } = message;
  return results.length > 0 && results.length <= inFlight.length && results.every((result, i) => result?.index === inFlight[i]);
}

const unexpected = (message: unknown): string => `unexpected message from the worker: ${JSON.stringify(message).slice(0, 200)}`;

class CheckPool {
  private readonly outcomes: (FileOutcome | undefined)[] = [];
  private readonly ruleErrors: FailedFile[][] = [];
  private readonly size: number;
  /** Jobs may still be added (see openCheckPool). */
  private open: boolean;
  /** Threads out of jobs while the pool is open: each resumes when jobs are added or the pool closes. */
  private readonly waiting: (() => void)[] = [];
  /** Running workers, pool and retry ones: broadcasts reach them all. */
  private readonly running = new Set<Worker>();
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
  /** Worker threads to keep running: the pool's size, less the main thread while it checks files. */
  private workerSlots: number;
  /** The main thread is checking files, or loading its checker to do so. */
  private localActive = false;

  constructor(
    private readonly jobs: CheckJob[],
    private readonly options: PoolOptions,
    private readonly resolve: (result: PoolResult) => void,
    open: boolean,
  ) {
    this.open = open;
    for (const job of jobs) this.ruleErrors[job.index] = [];
    // An open pool cannot tell how many files it will get: it has all its threads ready.
    this.size = Math.max(1, open ? options.size : Math.min(options.size, jobs.length));
    this.workerSlots = options.local ? this.size - 1 : this.size;
  }

  run(): void {
    if (this.jobs.length === 0 && !this.open) {
      this.resolve({ outcomes: [], ruleErrors: this.ruleErrors });
      return;
    }
    if (this.options.local) this.startLocal(this.options.local);
    this.replenish();
  }

  add(job: CheckJob): void {
    if (!this.open || job.index !== this.jobs.length) throw new Error('a job added out of order, or to a closed pool');
    this.jobs.push(job);
    this.ruleErrors[job.index] = [];
    this.resume();
  }

  broadcast(message: object): void {
    for (const worker of this.running) worker.postMessage(message);
  }

  close(): void {
    if (!this.open) return;
    this.open = false;
    if (this.done === this.jobs.length) this.resolve({ outcomes: this.outcomes as FileOutcome[], ruleErrors: this.ruleErrors });
    // Threads still waiting for jobs end.
    this.resume();
  }

  /** Lets the threads waiting for jobs take them (or end, once the pool is closed), and starts workers for them. */
  private resume(): void {
    for (const waiting of this.waiting.splice(0)) waiting();
    this.replenish();
  }

  /** The main thread checks files once its checker is ready; if it cannot make one, a worker takes its place. */
  private startLocal(make: () => Promise<LocalChecker>): void {
    this.localActive = true;
    make().then(
      (checker) => this.checkLocally(checker),
      // Workers load the same engine: if they cannot either, they say why, file by file.
      () => this.retireLocal(),
    );
  }

  private retireLocal(): void {
    this.localActive = false;
    this.workerSlots++;
    this.replenish();
  }

  /** Checks a small batch on the main thread, then lets the workers' messages in before the next one. */
  private checkLocally(checker: LocalChecker): void {
    const batch = this.takeBatch(MAX_LOCAL_BATCH);
    if (batch.length === 0) {
      if (this.open) this.waiting.push(() => setImmediate(() => this.checkLocally(checker)));
      else this.localActive = false;
      return;
    }
    for (const index of batch) {
      const job = this.jobs[index];
      let result: JobResult;
      try {
        result = checker.check(job);
      } catch (error) {
        result = { index, outcome: failure(job, messageOf(error)), ruleErrors: [] };
      }
      this.ruleErrors[index] = result.ruleErrors;
      this.finish(index, result.outcome);
    }
    if (checker.parserMemoryBytes() > (this.options.recycleAboveBytes ?? Infinity)) this.retireLocal();
    else setImmediate(() => this.checkLocally(checker));
  }

  private finish(index: number, outcome: FileOutcome): void {
    if (this.outcomes[index] !== undefined) return;
    this.outcomes[index] = outcome;
    this.done++;
    if (this.done === this.jobs.length && !this.open)
      this.resolve({ outcomes: this.outcomes as FileOutcome[], ruleErrors: this.ruleErrors });
  }

  private record(message: BatchResult): void {
    for (const { index, outcome, ruleErrors } of message.results) {
      this.ruleErrors[index] = ruleErrors;
      this.finish(index, outcome);
    }
  }

  private takeJob(): number | undefined {
    if (this.requeued.length > 0) return this.requeued.shift();
    return this.next < this.jobs.length ? this.next++ : undefined;
  }

  /**
   * The next jobs for a worker: fewer as the files left get fewer, so that workers finish together.
   * While the pool is open, the files found so far are shared out as they come.
   */
  private takeBatch(most = MAX_BATCH): number[] {
    const left = this.requeued.length + this.jobs.length - this.next;
    const share = this.open ? Math.ceil(left / this.size) : Math.floor(left / (this.size * BATCHES_LEFT_PER_WORKER));
    const size = Math.max(1, Math.min(most, share));
    const batch: number[] = [];
    for (let index = this.takeJob(); index !== undefined; index = batch.length < size ? this.takeJob() : undefined) batch.push(index);
    return batch;
  }

  private send(worker: Worker, indices: readonly number[]): void {
    const message: JobBatch = { type: 'jobs', jobs: indices.map((index) => this.jobs[index]) };
    worker.postMessage(message);
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
      while (this.alive < this.workerSlots && this.hasWork()) if (!this.startWorker()) return;
    } else if (this.alive === 0 && !this.localActive) this.failRemaining(this.lastDeath);
  }

  /**
   * A worker thread and its progress slot, or why none could be started. A pool worker (`pooled`)
   * is the prestarted one while it is there to take.
   */
  private launch(resourceLimits: ResourceLimits | undefined, pooled: boolean): { worker: Worker; progress: Int32Array } | string {
    const progress = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT)).fill(-1);
    const slot: PoolWorkerData = { progress };
    const early = pooled ? this.options.prestarted?.() : undefined;
    if (early) {
      const setup: WorkerSetup = { type: 'setup', workerData: { ...this.options.workerData, ...slot } };
      early.postMessage(setup);
      this.running.add(early);
      return { worker: early, progress };
    }
    try {
      const worker = new Worker(this.options.script, { workerData: { ...this.options.workerData, ...slot }, resourceLimits });
      this.running.add(worker);
      return { worker, progress };
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
    worker.on('exit', (code) => {
      this.running.delete(worker);
      onEnd(crash ?? `exit code ${code}`);
    });
  }

  /** A pool worker: takes batches of jobs until there are none left or its parser memory grew too large. */
  private startWorker(): boolean {
    const launched = this.launch(this.options.resourceLimits, true);
    if (typeof launched === 'string') {
      // Counted as a worker that died on arrival, holding no job; the others (if any) carry on.
      this.deadOnArrival++;
      this.lastDeath = launched;
      if (this.alive === 0) this.replenish();
      return false;
    }
    const { worker, progress } = launched;
    this.alive++;
    /** Jobs sent and not answered, in the order the worker checks them. */
    const inFlight: number[] = [];
    /** How many of those were sent in each batch. */
    const batches: number[] = [];
    let answered = 0;
    let ended = false;
    let retiring = false;
    const stop = (): void => {
      ended = true;
      this.alive--;
      this.running.delete(worker);
      void worker.terminate();
    };
    const feed = (): void => {
      if (ended) return;
      while (!retiring && batches.length <= AHEAD) {
        const batch = this.takeBatch();
        if (batch.length === 0) break;
        inFlight.push(...batch);
        batches.push(batch.length);
        this.send(worker, batch);
      }
      if (inFlight.length > 0) return;
      if (this.open && !retiring) {
        this.waiting.push(feed);
        return;
      }
      stop();
      // A fresh worker takes over from one whose parser memory grew too large.
      if (retiring) this.replenish();
    };
    const end = (why: string): void => {
      if (ended) return;
      stop();
      // The file it was on, else (its slot not kept) the first one it had not answered.
      const at = Math.max(0, inFlight.indexOf(Atomics.load(progress, 0)));
      const [culprit] = inFlight.splice(at, 1);
      this.requeued.unshift(...inFlight);
      inFlight.length = 0;
      if (culprit !== undefined) this.retry(culprit);
      if (answered === 0 && culprit !== undefined) {
        this.deadOnArrival++;
        this.lastDeath = why;
      }
      this.replenish();
    };
    worker.on('message', (message: BatchResult) => {
      if (ended) return;
      if (!answers(message, inFlight)) {
        end(unexpected(message));
        return;
      }
      let count = message.results.length;
      inFlight.splice(0, count);
      while (count > 0) {
        const taken = Math.min(count, batches[0]);
        count -= taken;
        if ((batches[0] -= taken) === 0) batches.shift();
      }
      answered += message.results.length;
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
    const launched = this.launch(undefined, false);
    if (typeof launched === 'string') {
      this.finish(index, failure(this.jobs[index], `no worker could check this file: ${launched}`));
      next();
      return;
    }
    const { worker } = launched;
    let answered = false;
    let wrong: string | undefined;
    worker.on('message', (message: BatchResult) => {
      if (answered || wrong !== undefined) return;
      if (answers(message, [index])) {
        answered = true;
        this.record(message);
      } else wrong = unexpected(message);
      void worker.terminate();
    });
    this.onEnd(worker, (why) => {
      if (!answered) {
        const reason = `the worker checking this file stopped: ${wrong ?? why} (also when checked again on a fresh worker)`;
        this.finish(index, failure(this.jobs[index], reason));
      }
      next();
    });
    this.send(worker, [index]);
  }
}

export function runCheckPool(jobs: readonly CheckJob[], options: PoolOptions): Promise<PoolResult> {
  return new Promise((resolve) => new CheckPool([...jobs], options, resolve, false).run());
}

/**
 * A pool that starts before its jobs are known: jobs are added as they are found (their indices
 * 0, 1, 2...), and the result settles once the pool is closed and they are all answered.
 */
export function openCheckPool(options: PoolOptions): OpenCheckPool {
  let pool: CheckPool | undefined;
  const result = new Promise<PoolResult>((resolve) => (pool = new CheckPool([], options, resolve, true)));
  const opened = pool!;
  opened.run();
  return {
    add: (job) => opened.add(job),
    broadcast: (message) => opened.broadcast(message),
    close: () => opened.close(),
    result,
  };
}
