// Turns the helper's compact JSON summary (pyops_profile.py) into the Profile model.
import { isLibraryFunction } from './library';
import {
  PROFILE_MODEL_VERSION,
  type CallEdge,
  type ExceptionInfo,
  type ExitStatus,
  type FunctionStats,
  type InterpreterInfo,
  type MemoryStats,
  type Profile,
  type ProfilerMode,
  type RunInfo,
  type TimingSource,
} from './model';
import { readProcess, readSampling, readThreads, type RawProcess, type RawSampling, type RawThread } from './sampledSummary';
import { makeSane } from './sanity';
import { functionId, SummaryFormatError } from './summaryFormat';

export const SUMMARY_FORMAT = 'pyops-profile-summary';

/** [file, line, name, primitiveCalls, totalCalls, ownTime, cumulativeTime] */
type RawFunction = [string, number, string, number, number, number, number];
/** [callerIndex, calleeIndex, primitiveCalls, totalCalls, ownTime, cumulativeTime] */
type RawEdge = [number, number, number, number, number, number];
/** [functionIndex, threadIndex, primitiveCalls, totalCalls, ownTime, cumulativeTime] */
type RawThreadRow = [number, number, number, number, number, number];

export interface RawLaunchError {
  kind: string;
  message: string;
}

export interface RawRun {
  script: string;
  /** Set for a `python -m` run (absent from older helpers). */
  module?: string | null;
  args: string[];
  cwd: string;
  startTime: string;
  wallTime: number;
  exitStatus: ExitStatus;
  exitCode: number;
  exception: ExceptionInfo | null;
}

export interface RawTimeit {
  loops: number;
  perLoop: number[];
  exception: ExceptionInfo | null;
}

/** The file the helper writes; see pyops_profile.py. */
export interface RawSummary {
  format: typeof SUMMARY_FORMAT;
  version: number;
  mode: 'run' | 'convert' | 'timeit';
  interpreter: Omit<InterpreterInfo, 'path'>;
  launchError: RawLaunchError | null;
  functions?: RawFunction[];
  edges?: RawEdge[];
  totalTime?: number;
  run?: RawRun | null;
  memory?: MemoryStats | null;
  timeit?: RawTimeit;
  profiler?: ProfilerMode;
  timing?: TimingSource;
  callCounts?: boolean;
  threadBreakdown?: RawThreadRow[];
  threads?: RawThread[];
  sampling?: RawSampling;
  process?: RawProcess;
  notes?: string[];
}

export { SummaryFormatError, functionId };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks the envelope only; rows are checked while converting (one pass over 10,000+ rows). */
export function parseSummary(text: string): RawSummary {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new SummaryFormatError(`summary is not JSON: ${(error as Error).message}`);
  }
  if (!isRecord(data) || data.format !== SUMMARY_FORMAT) {
    throw new SummaryFormatError('summary is not a pyops profile summary');
  }
  if (!isRecord(data.interpreter)) throw new SummaryFormatError('summary has no interpreter facts');
  if (data.functions !== undefined && !Array.isArray(data.functions)) throw new SummaryFormatError('bad functions');
  if (data.edges !== undefined && !Array.isArray(data.edges)) throw new SummaryFormatError('bad edges');
  return data as unknown as RawSummary;
}

function byCumulativeDesc(a: { cumulativeTime: number }, b: { cumulativeTime: number }): number {
  return b.cumulativeTime - a.cumulativeTime;
}

function checkRow(row: unknown, width: number, what: string): void {
  if (!Array.isArray(row) || row.length < width) throw new SummaryFormatError(`bad ${what} row`);
}

/** Functions with callers/callees wired from the edge rows, sorted by cumulative time. */
export function buildFunctions(
  rawFunctions: readonly RawFunction[],
  rawEdges: readonly RawEdge[],
  libraryPaths: readonly string[],
): FunctionStats[] {
  return buildFunctionsUnsorted(rawFunctions, rawEdges, libraryPaths).sort(byCumulativeDesc);
}

/** The same, in the helper's row order (thread breakdown rows refer to it). */
function buildFunctionsUnsorted(
  rawFunctions: readonly RawFunction[],
  rawEdges: readonly RawEdge[],
  libraryPaths: readonly string[],
): FunctionStats[] {
  const functions: FunctionStats[] = rawFunctions.map((row) => {
    checkRow(row, 7, 'function');
    const [file, line, name, primitiveCalls, totalCalls, ownTime, cumulativeTime] = row;
    return {
      id: functionId(file, line, name),
      name,
      file,
      line,
      builtin: file === '~',
      library: isLibraryFunction(file, libraryPaths),
      primitiveCalls,
      totalCalls,
      ownTime,
      cumulativeTime,
      callers: [],
      callees: [],
    };
  });
  for (const row of rawEdges) {
    checkRow(row, 6, 'edge');
    const [callerIndex, calleeIndex, primitiveCalls, totalCalls, ownTime, cumulativeTime] = row;
    const caller = functions[callerIndex];
    const callee = functions[calleeIndex];
    if (caller === undefined || callee === undefined) throw new SummaryFormatError('edge points outside the functions');
    const numbers = { primitiveCalls, totalCalls, ownTime, cumulativeTime };
    const intoCallee: CallEdge = { id: caller.id, ...numbers };
    const outOfCaller: CallEdge = { id: callee.id, ...numbers };
    callee.callers.push(intoCallee);
    caller.callees.push(outOfCaller);
  }
  for (const fn of functions) {
    fn.callers.sort(byCumulativeDesc);
    fn.callees.sort(byCumulativeDesc);
  }
  return functions;
}

export interface SummaryContext {
  /** The interpreter as the caller named it. */
  interpreterPath: string;
  /** The .prof file kept for this profile, if any. */
  profFile: string | null;
}

function attachThreadRows(functions: FunctionStats[], rows: readonly RawThreadRow[], threadCount: number): void {
  for (const row of rows) {
    checkRow(row, 6, 'thread breakdown');
    const [functionIndex, thread, primitiveCalls, totalCalls, ownTime, cumulativeTime] = row;
    const fn = functions[functionIndex];
    if (fn === undefined || !Number.isInteger(thread) || thread < 0 || thread >= threadCount) {
      throw new SummaryFormatError('thread breakdown points outside the functions or threads');
    }
    (fn.byThread ??= []).push({ thread, primitiveCalls, totalCalls, ownTime, cumulativeTime });
  }
}

/** Profile from a `run` or `convert` summary. */
export function profileFromSummary(summary: RawSummary, context: SummaryContext): Profile {
  const interpreter: InterpreterInfo = { path: context.interpreterPath, ...summary.interpreter };
  const unsorted = buildFunctionsUnsorted(summary.functions ?? [], summary.edges ?? [], interpreter.libraryPaths);
  const threads = summary.threads ? readThreads(summary.threads) : undefined;
  if (summary.threadBreakdown && threads) attachThreadRows(unsorted, summary.threadBreakdown, threads.length);
  const functions = unsorted.sort(byCumulativeDesc);
  const raw = summary.run ?? null;
  const run: RunInfo = {
    script: raw?.script ?? null,
    profFile: context.profFile,
    args: raw?.args ?? [],
    cwd: raw?.cwd ?? null,
    interpreter,
    startTime: raw?.startTime ?? null,
    wallTime: raw?.wallTime ?? null,
    totalTime: summary.totalTime ?? functions.reduce((sum, fn) => sum + fn.ownTime, 0),
    exitStatus: raw?.exitStatus ?? 'unknown',
    exitCode: raw?.exitCode ?? null,
  };
  if (raw?.exception) run.exception = raw.exception;
  if (raw?.module) run.module = raw.module;
  if (summary.profiler) run.profiler = summary.profiler;
  if (summary.timing) run.timing = summary.timing;
  if (summary.callCounts === false) run.callCounts = false;
  const profile: Profile = { version: PROFILE_MODEL_VERSION, run, functions };
  if (summary.memory) profile.memory = summary.memory;
  if (threads) profile.threads = threads;
  if (summary.sampling && threads) profile.sampling = readSampling(summary.sampling, threads.length, interpreter.libraryPaths);
  if (summary.process) profile.process = readProcess(summary.process);
  if (Array.isArray(summary.notes)) profile.notes = summary.notes.filter((note): note is string => typeof note === 'string');
  return makeSane(profile);
}
