// Messages between `pyops check` and its worker threads (plain data: they are structured-cloned).
import type { EngineConfig } from '../core/diagnostics/types';
import type { FailedFile, FileOutcome, FixMode } from './checkFiles';
import type { CacheLocation } from './resultCache';

/** Marks the workerData of a check worker, so dist/cli.js knows to serve jobs instead of running the CLI. */
export const CHECK_WORKER_MARK = 'pyops-check-worker';

export interface CheckWorkerData {
  kind: typeof CHECK_WORKER_MARK;
  /** Folder holding tree-sitter.wasm and tree-sitter-python.wasm. */
  wasmDir: string;
  /** Where results are stored for the next run; none with --no-cache. */
  cache?: CacheLocation;
}

/** One file to check, its configuration already resolved by the main thread. */
export interface CheckJob {
  index: number;
  path: string;
  config: EngineConfig;
  relativePath: string;
  fix: FixMode;
}

export interface JobResult {
  type: 'result';
  index: number;
  outcome: FileOutcome;
  /** Rules that threw while checking this file (the other rules still ran). */
  ruleErrors: FailedFile[];
  /** The worker's parser memory after this file: it never shrinks, so the pool replaces a worker holding too much. */
  parserMemoryBytes: number;
}

export function isCheckWorkerData(data: unknown): data is CheckWorkerData {
  return typeof data === 'object' && data !== null && (data as { kind?: unknown }).kind === CHECK_WORKER_MARK;
}
