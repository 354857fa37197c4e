// The sampling sections of the helper's summary (threads, sampled stacks, process figures),
// checked and turned into the model's shapes. Bad rows are a SummaryFormatError, never a crash.
import { isLibraryFunction } from './library';
import type { AwaitStack, ProcessInfo, SampledStack, SampleFrame, SampleState, SamplingInfo, ThreadInfo } from './model';
import { functionId, SummaryFormatError } from './summaryFormat';

export interface RawThread {
  name: string;
  ident: number | null;
  nativeId: number | null;
  main: boolean;
  cpu: number | null;
  wait: number | null;
  wall: number | null;
  profiled: boolean;
  sampled: boolean;
  exited: boolean;
}

export interface RawSampling {
  interval: number;
  mainTimer: 'itimer' | 'thread';
  threadCpu: boolean;
  ticks?: number;
  /** [file, line, name] */
  frames: Array<[string, number, string]>;
  /** [threadIndex, state (0 working, 1 waiting, 2 unsplit), seconds, ...frame indexes root first] */
  stacks: number[][];
  /** [seconds, ...frame indexes, the task's coroutine first] */
  awaits: number[][];
}

export interface RawProcess {
  cpu: number;
  samplerCpu: number;
  children: { count: number; cpu: number };
}

const STATES: readonly SampleState[] = ['working', 'waiting', 'unsplit'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A finite, non-negative number, or null. */
function seconds(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? Math.max(0, value) : null;
}

export function readThreads(raw: unknown): ThreadInfo[] {
  if (!Array.isArray(raw)) throw new SummaryFormatError('bad threads');
  return raw.map((entry: unknown, index): ThreadInfo => {
    if (!isRecord(entry)) throw new SummaryFormatError('bad thread');
    return {
      name: typeof entry.name === 'string' && entry.name !== '' ? entry.name : `thread ${index}`,
      ident: typeof entry.ident === 'number' ? entry.ident : null,
      nativeId: typeof entry.nativeId === 'number' ? entry.nativeId : null,
      main: entry.main === true,
      cpuTime: seconds(entry.cpu),
      waitTime: seconds(entry.wait),
      wallTime: seconds(entry.wall),
      profiled: entry.profiled === true,
      sampled: entry.sampled === true,
      exited: entry.exited === true,
    };
  });
}

function frameIndexes(row: readonly unknown[], from: number, frameCount: number): number[] {
  const indexes = row.slice(from);
  for (const index of indexes) {
    if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= frameCount) {
      throw new SummaryFormatError('sampled stack points outside the frames');
    }
  }
  return indexes as number[];
}

export function readSampling(raw: RawSampling | unknown, threadCount: number, libraryPaths: readonly string[]): SamplingInfo {
  if (!isRecord(raw) || !Array.isArray(raw.frames) || !Array.isArray(raw.stacks)) throw new SummaryFormatError('bad sampling section');
  const frames: SampleFrame[] = raw.frames.map((row: unknown) => {
    if (!Array.isArray(row) || row.length < 3 || typeof row[0] !== 'string' || typeof row[1] !== 'number' || typeof row[2] !== 'string') {
      throw new SummaryFormatError('bad sampled frame');
    }
    const [file, line, name] = row as [string, number, string];
    return { id: functionId(file, line, name), file, line, name, library: isLibraryFunction(file, libraryPaths) };
  });
  const stacks: SampledStack[] = [];
  for (const row of raw.stacks as unknown[]) {
    if (!Array.isArray(row) || row.length < 3) throw new SummaryFormatError('bad sampled stack');
    const [thread, state, time] = row as unknown[];
    if (typeof thread !== 'number' || !Number.isInteger(thread) || thread < 0 || thread >= threadCount) {
      throw new SummaryFormatError('sampled stack of an unknown thread');
    }
    const stateName = typeof state === 'number' ? STATES[state] : undefined;
    const weight = seconds(time);
    if (stateName === undefined || weight === null) throw new SummaryFormatError('bad sampled stack');
    stacks.push({ thread, state: stateName, seconds: weight, frames: frameIndexes(row, 3, frames.length) });
  }
  const awaits: AwaitStack[] = [];
  for (const row of Array.isArray(raw.awaits) ? (raw.awaits as unknown[]) : []) {
    if (!Array.isArray(row) || row.length < 2) throw new SummaryFormatError('bad await stack');
    const weight = seconds(row[0]);
    if (weight === null) throw new SummaryFormatError('bad await stack');
    awaits.push({ seconds: weight, frames: frameIndexes(row, 1, frames.length) });
  }
  return {
    interval: seconds(raw.interval) ?? 0,
    mainTimer: raw.mainTimer === 'thread' ? 'thread' : 'itimer',
    threadCpu: raw.threadCpu === true,
    frames,
    stacks,
    awaits,
  };
}

export function readProcess(raw: RawProcess | unknown): ProcessInfo {
  if (!isRecord(raw)) throw new SummaryFormatError('bad process section');
  const children: Record<string, unknown> = isRecord(raw.children) ? raw.children : {};
  return {
    cpuTime: seconds(raw.cpu) ?? 0,
    samplerCpuTime: seconds(raw.samplerCpu) ?? 0,
    children: {
      count: typeof children.count === 'number' && Number.isInteger(children.count) && children.count >= 0 ? children.count : 0,
      cpuTime: seconds(children.cpu) ?? 0,
    },
  };
}
