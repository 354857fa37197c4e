// Gives memory back once the server goes idle after a burst of work. V8 keeps a burst's garbage
// (old-space pages, a young generation grown to 32 MB) until a later allocation needs the room or
// its memory reducer runs, 20 s or more after the burst: an editor restoring 200 tabs left the
// server at 235 MB where 137 MB is live. Collecting when the event loop has been quiet for a few
// seconds costs a pause of tens of milliseconds that nobody waits for; while the user types, the
// loop is not quiet, and after a pause that follows little work, there is nothing to collect.
import { performance } from 'node:perf_hooks';
import { getHeapSpaceStatistics, getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** How often the event loop's load is sampled. */
const POLL_MS = 1000;
/**
 * Collect after this long quiet. From about 5 s of low allocation, V8 also shrinks the young
 * generation when it collects (it reads its allocation rate over the last 5 s).
 */
export const IDLE_COLLECT_AFTER_MS = 5000;
/**
 * A sampling period is quiet when the event loop was busy less than this share of it: one
 * re-check after a keystroke (several milliseconds on a large file) is not quiet, a hover is.
 */
const QUIET_LOAD = 0.01;
/** ...and worth a collection only when the V8 heap has grown this much since the last one. */
const MIN_GROWTH_BYTES = 16 * 1024 * 1024;
/**
 * A young generation larger than this after a collection was not shrunk (V8 shrinks it only when
 * it reads a low allocation rate over the last 5 s, which a burst that just ended can spoil):
 * collected once more after another quiet period, when the rate it reads is that of the quiet.
 */
const SMALL_YOUNG_GENERATION = 4 * 1024 * 1024;

export interface Collection {
  /** V8's heap (committed bytes) before and after. */
  heapBefore: number;
  heapAfter: number;
  /** How long the collection took (ms). */
  durationMs: number;
}

/**
 * The process's garbage collector: `gc` where Node.js was started with --expose-gc (see
 * SERVER_NODE_FLAGS), else the one V8 gives a new context once the flag is set at run time (the
 * server inside `pyops server`); undefined where neither works, and the server then leaves
 * collection to V8.
 */
export function garbageCollector(): (() => void) | undefined {
  const exposed = globalThis.gc;
  if (typeof exposed === 'function') return () => void exposed();
  try {
    setFlagsFromString('--expose-gc');
    const gc: unknown = runInNewContext('gc');
    return typeof gc === 'function' ? () => void (gc as () => void)() : undefined;
  } catch {
    return undefined;
  }
}

const heapSize = (): number => getHeapStatistics().total_heap_size;
const youngGenerationSize = (): number => getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_size ?? 0;

export class IdleCollector {
  private readonly timer: NodeJS.Timeout;
  private lastSample = performance.eventLoopUtilization();
  private quietMs = 0;
  /** The heap's size after the last collection (or the smallest since). */
  private baseline = heapSize();
  /** The last collection left the young generation large: try once more. */
  private youngLeftLarge = false;

  constructor(
    private readonly collect: () => void,
    private readonly collected: (collection: Collection) => void,
  ) {
    this.timer = setInterval(() => this.poll(), POLL_MS);
    // Never what keeps the process alive.
    this.timer.unref();
  }

  private poll(): void {
    const sample = performance.eventLoopUtilization();
    const load = performance.eventLoopUtilization(sample, this.lastSample).utilization;
    this.lastSample = sample;
    this.quietMs = load < QUIET_LOAD ? this.quietMs + POLL_MS : 0;
    const heapBefore = heapSize();
    this.baseline = Math.min(this.baseline, heapBefore);
    if (this.quietMs < IDLE_COLLECT_AFTER_MS) return;
    const started = performance.now();
    if (heapBefore - this.baseline >= MIN_GROWTH_BYTES) {
      // Twice: the first finishes any marking under way, which keeps alive what was allocated
      // meanwhile; the second collects that too.
      this.collect();
      this.collect();
    } else if (this.youngLeftLarge) {
      this.collect();
    } else {
      return;
    }
    this.baseline = heapSize();
    this.youngLeftLarge = !this.youngLeftLarge && youngGenerationSize() > SMALL_YOUNG_GENERATION;
    this.quietMs = 0;
    this.collected({ heapBefore, heapAfter: this.baseline, durationMs: performance.now() - started });
  }

  dispose(): void {
    clearInterval(this.timer);
  }
}
