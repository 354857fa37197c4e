// No impossible number reaches the user: negative or missing times, own time above cumulative
// time, a cumulative time above what the run's wall time allows. cProfile writes such numbers when
// its stacks mix (Python 3.12+ with several threads); a .prof from elsewhere can hold them too.
// They are clamped to the nearest possible value and counted in a note.
import type { CallStats, Profile } from './model';

/** Differences below this are timer noise, clamped without being reported. */
const NOISE_SECONDS = 1e-6;
const NOISE_SHARE = 0.001;

class Clamper {
  count = 0;

  /** `slack`: excess clamped without being reported (timer noise, the edges of a sample). */
  constructor(private readonly slack: number) {}

  time(value: number, limit = Number.POSITIVE_INFINITY): number {
    if (!Number.isFinite(value) || value < 0) {
      this.count += 1;
      return 0;
    }
    if (value <= limit) return value;
    if (value - limit > Math.max(NOISE_SECONDS, this.slack) && value - limit > limit * NOISE_SHARE) this.count += 1;
    return limit;
  }

  calls(value: number): number {
    if (Number.isInteger(value) && value >= 0) return value;
    this.count += 1;
    return Number.isFinite(value) && value > 0 ? Math.round(value) : 0;
  }

  stats(numbers: CallStats, cumulativeLimit: number): void {
    numbers.totalCalls = this.calls(numbers.totalCalls);
    numbers.primitiveCalls = Math.min(this.calls(numbers.primitiveCalls), numbers.totalCalls);
    numbers.cumulativeTime = this.time(numbers.cumulativeTime, cumulativeLimit);
    numbers.ownTime = this.time(numbers.ownTime, numbers.cumulativeTime);
  }
}

/**
 * Clamps every impossible number of `profile` in place and returns it; a note says how many were
 * found. With a known wall time, a thread's cumulative time is at most the wall time and a
 * function's (summed over threads) at most the wall time times the threads that have numbers.
 */
export function makeSane(profile: Profile): Profile {
  // Sampled times are whole intervals: at the start and end of a thread they can overshoot by one.
  const sampledSlack = profile.run.timing === 'samples' ? 2 * (profile.sampling?.interval ?? 0) : 0;
  const clamp = new Clamper(sampledSlack);
  const wall =
    profile.run.wallTime !== null && Number.isFinite(profile.run.wallTime) && profile.run.wallTime > 0 ? profile.run.wallTime : null;
  const threadsWithNumbers = new Set<number>();
  for (const fn of profile.functions) for (const row of fn.byThread ?? []) threadsWithNumbers.add(row.thread);
  const functionLimit = wall === null ? Number.POSITIVE_INFINITY : wall * Math.max(1, threadsWithNumbers.size);
  for (const fn of profile.functions) clamp.stats(fn, functionLimit);
  for (const fn of profile.functions) {
    // An edge's cumulative time may exceed its callee's for a recursive call (pstats counts it per
    // edge), so edges are only held to their own consistency and to the run's wall time.
    for (const edge of fn.callers) clamp.stats(edge, functionLimit);
    for (const edge of fn.callees) clamp.stats(edge, functionLimit);
    for (const row of fn.byThread ?? []) clamp.stats(row, Math.min(wall ?? Number.POSITIVE_INFINITY, fn.cumulativeTime));
  }
  const total = profile.functions.reduce((sum, fn) => sum + fn.ownTime, 0);
  if (
    !Number.isFinite(profile.run.totalTime) ||
    profile.run.totalTime < 0 ||
    Math.abs(profile.run.totalTime - total) > Math.max(NOISE_SECONDS, total * NOISE_SHARE)
  ) {
    profile.run.totalTime = total;
  }
  if (clamp.count > 0) {
    const note =
      `${clamp.count} impossible number${clamp.count === 1 ? ' was' : 's were'} clamped (negative or missing times, own time above ` +
      'cumulative time, or cumulative time above the wall time). cProfile writes such numbers when several threads mix ' +
      'into its one call stack (Python 3.12 and later).';
    profile.notes = [...(profile.notes ?? []), note];
  }
  return profile;
}
