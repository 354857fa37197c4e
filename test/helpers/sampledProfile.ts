// Pieces of hand-made sampled profiles, shared by the tests of the model (test/unit/core/profile)
// and of the panel (test/unit/webview): frames as the helper reports them, and threads.
import type { AwaitStack, SampledStack, SampleFrame, SamplingInfo, ThreadInfo } from '../../src/core/profile/model';

/** Frames with their pstats-style ids, library frames being those under `libraryDir`. */
export function sampleFrames(libraryDir: string, specs: ReadonlyArray<{ file: string; line: number; name: string }>): SampleFrame[] {
  return specs.map((frame) => ({ ...frame, id: `${frame.file}:${frame.line}(${frame.name})`, library: frame.file.startsWith(libraryDir) }));
}

/**
 * A thread the sampler saw: thread 1 is the main thread (alive at the end), the others ended;
 * native ids are 10 + ident; profiled and sampled unless `seen` says otherwise.
 */
export function sampledThread(
  name: string,
  ident: number,
  times: { cpu: number | null; wait: number | null; wall: number | null },
  seen: { profiled: boolean; sampled: boolean } = { profiled: true, sampled: true },
): ThreadInfo {
  const main = ident === 1;
  return {
    name,
    ident,
    nativeId: 10 + ident,
    main,
    cpuTime: times.cpu,
    waitTime: times.wait,
    wallTime: times.wall,
    ...seen,
    exited: !main,
  };
}

/** A sampled stack of `thread`: frame indexes, root first. */
export function sampledStack(thread: number, state: SampledStack['state'], seconds: number, ...frames: number[]): SampledStack {
  return { thread, state, seconds, frames };
}

/** What the helper reports of a run sampled every 5 ms, the main thread by its CPU-time timer. */
export function samplingEvery5ms(frames: SampleFrame[], stacks: SampledStack[], awaits: AwaitStack[]): SamplingInfo {
  return { interval: 0.005, mainTimer: 'itimer', threadCpu: true, frames, stacks, awaits };
}
