// Polling for something to happen (a finding published, an extension active): the one helper
// every test layer uses, so none sleeps a fixed time.

export interface WaitOptions {
  /** Give up after this long; default 20 s. */
  timeoutMs?: number;
  /** Between probes; default 50 ms. */
  intervalMs?: number;
  /** Describes the last state seen, for the timeout message. */
  describeLast?: () => string;
}

/**
 * Polls `probe` until it returns a value other than undefined, and returns that value; fails at
 * the deadline naming `what` (and the last state seen, with `describeLast`).
 */
export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, options: WaitOptions = {}): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) {
      const last = options.describeLast ? ` (last seen: ${options.describeLast()})` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last}`);
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 50));
  }
}
