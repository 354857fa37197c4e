// Messages between `pyops check` and its worker threads (plain data: they are structured-cloned).
// Files go out in batches and come back in batches: one message per file woke the main thread
// and cost the workers CPU for each of the tens of thousands of files of a big tree.
import type { EngineConfig } from '../core/diagnostics/types';
import type { FailedFile, FileOutcome, FixMode } from './checkFiles';
import type { CacheLocation } from './resultCache';

/** Marks the workerData of a check worker, so dist/checkWorker.js knows what to serve. */
export const CHECK_WORKER_MARK = 'pyops-check-worker';

export interface CheckWorkerData {
  kind: typeof CHECK_WORKER_MARK;
  /** Folder holding tree-sitter.wasm and tree-sitter-python.wasm. */
  wasmDir: string;
  /** Where results are stored for the next run; none with --no-cache. */
  cache?: CacheLocation;
  /** The configurations jobs name by position: a tree's files share a few, so each is sent once. */
  configs: EngineConfig[];
  fix: FixMode;
}

/** Marks the workerData of a check worker started before its run's files were known (see CheckWorkerBoot). */
export const CHECK_WORKER_BOOT_MARK = 'pyops-check-worker-boot';

/**
 * The workerData of a worker started early, while the main thread still walks the folders: it
 * loads its engine at once, and learns the rest of its CheckWorkerData (and PoolWorkerData) from
 * its first message, a WorkerSetup, before any JobBatch.
 */
export interface CheckWorkerBoot {
  kind: typeof CHECK_WORKER_BOOT_MARK;
  wasmDir: string;
}

/** The first message to a worker started with a CheckWorkerBoot: the data a pool worker is started with. */
export interface WorkerSetup {
  type: 'setup';
  workerData: object & PoolWorkerData;
}

/** What the pool adds to each worker's data. */
export interface PoolWorkerData {
  /**
   * One slot, shared with the pool: the index of the job the worker is checking, -1 between
   * batches. A worker that dies answered none of its batch; this names the file it died on.
   */
  progress: Int32Array;
}

/** One file to check, its configuration already resolved by the main thread. */
export interface CheckJob {
  index: number;
  path: string;
  /** Position of the file's configuration in CheckWorkerData.configs. */
  config: number;
  relativePath: string;
}

/**
 * A configuration found after the worker started (a parallel run checks files while the walk still
 * finds them): jobs sent after it may name it by its position in CheckWorkerData.configs.
 */
export interface ConfigAdded {
  type: 'config';
  id: number;
  config: EngineConfig;
}

/** Files for a worker to check, in order. */
export interface JobBatch {
  type: 'jobs';
  jobs: CheckJob[];
}

export interface JobResult {
  index: number;
  outcome: FileOutcome;
  /** Rules that threw while checking this file (the other rules still ran). */
  ruleErrors: FailedFile[];
}

/** A worker's answers to the next files it was given, in the order it was given them. */
export interface BatchResult {
  type: 'results';
  results: JobResult[];
  /** The worker's parser memory after these files: it never shrinks, so the pool replaces a worker holding too much. */
  parserMemoryBytes: number;
}

export function isCheckWorkerData(data: unknown): data is CheckWorkerData {
  return typeof data === 'object' && data !== null && (data as { kind?: unknown }).kind === CHECK_WORKER_MARK;
}

export function isCheckWorkerBoot(data: unknown): data is CheckWorkerBoot {
  return typeof data === 'object' && data !== null && (data as { kind?: unknown }).kind === CHECK_WORKER_BOOT_MARK;
}
