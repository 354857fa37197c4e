// Where a `pyops check` worker's code is and the heap it gets (a module of its own: the head start
// in headStart.ts reads these before the rest of the CLI is loaded).
import { join } from 'node:path';

/** The bundle a check worker runs (built beside dist/cli.js from checkWorkerMain.ts). */
export const CHECK_WORKER_SCRIPT = join(__dirname, 'checkWorker.js');
/**
 * Heap limits of each check worker. A worker's heap holds one file's work at a time (about 30 MB
 * live on Debian's ansible collections), but V8 lets its old generation grow to several times that
 * between collections; two workers doing so were most of the peak memory of a big run. A file that
 * needs more runs its worker out of memory and is checked again on a worker without these limits.
 * The young generation is where a file's short-lived objects die: at 16 MB the worker collected it
 * every 7 MB allocated and moved each file's live work to the old generation (81 MB promoted on
 * ansible); at 64 MB it collects every 18 MB, by then most of that work is garbage (57 MB promoted).
 */
export const WORKER_HEAP_LIMITS = { maxYoungGenerationSizeMb: 64, maxOldGenerationSizeMb: 128 };
