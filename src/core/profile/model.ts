// The profile model shared by the profiling core, the CLI and the profile webview.
// Pure data (JSON-serialisable, no classes, no Maps) so it can be posted to a webview as is.
//
// Units: every time is in SECONDS (floating point), as in pstats. Every count is a plain number.
// Stability: fields are only ever added; a breaking change bumps PROFILE_MODEL_VERSION.

/** Bumped on any incompatible change to the shapes below. */
export const PROFILE_MODEL_VERSION = 1;

/**
 * Identifies a function across the whole profile: `file:line(name)` built from the pstats key
 * (`~:0(<built-in method builtins.exec>)` for built-ins). Stable between runs of unchanged code.
 * Display text in the pstats style is `formatFunctionLabel()` in table.ts.
 */
export type FunctionId = string;

/** The four numbers pstats keeps for a function or for one caller->callee edge. */
export interface CallStats {
  /** Calls that were not recursive (pstats "primitive calls", the `pcalls` column). */
  primitiveCalls: number;
  /** All calls, recursive ones included (the `ncalls` column). */
  totalCalls: number;
  /** Time spent in the function's own code, callees excluded (`tottime`). */
  ownTime: number;
  /** Time from entry to exit, callees included; recursive re-entries are not counted twice (`cumtime`). */
  cumulativeTime: number;
}

/**
 * One caller->callee edge seen from one end. The numbers are the CALLEE's numbers restricted to the
 * calls made by that caller (exactly what pstats stores per caller), so the same edge carries the
 * same numbers in the caller's `callees` list and in the callee's `callers` list.
 */
export interface CallEdge extends CallStats {
  /** The function at the other end: the caller in `callers`, the callee in `callees`. */
  id: FunctionId;
}

export interface FunctionStats extends CallStats {
  id: FunctionId;
  /** Function name as pstats records it, e.g. `main`, `<module>`, `<built-in method time.sleep>`. */
  name: string;
  /** Absolute path of the source file, or `~` for built-in (C) functions. */
  file: string;
  /** 1-based line of the `def` (0 for built-ins). */
  line: number;
  /** True for C functions (pstats file `~`): there is no source to open. */
  builtin: boolean;
  /**
   * True for built-ins and for files inside the interpreter's standard library or a site-packages
   * folder (see RunInfo.interpreter.libraryPaths, `<frozen ...>` modules too); drives the
   * "hide library frames" toggle.
   */
  library: boolean;
  /** Edges into this function, sorted by cumulativeTime, highest first. */
  callers: CallEdge[];
  /** Edges out of this function, sorted by cumulativeTime, highest first. */
  callees: CallEdge[];
  /**
   * This function's numbers per thread (indexes into Profile.threads), when more than one thread
   * has numbers; the function's own numbers above are their sum.
   */
  byThread?: ThreadCallStats[];
}

/** One thread's part of a function's numbers. */
export interface ThreadCallStats extends CallStats {
  /** Index into Profile.threads. */
  thread: number;
}

/** One frame of a Python traceback, outermost first (as `traceback.extract_tb` orders them). */
export interface TracebackFrame {
  file: string;
  /** 1-based line number. */
  line: number;
  /** Function name (`<module>` for top-level code). */
  name: string;
  /** The source line, stripped, when Python could read it. */
  text?: string;
}

/** What the script raised, when it ended with an uncaught exception. */
export interface ExceptionInfo {
  /** Qualified type name, e.g. `FileNotFoundError` or `mypkg.errors.DeployFailed`. */
  type: string;
  message: string;
  /** Frames of the script only (the helper's and runpy's own frames are removed). */
  frames: TracebackFrame[];
  /** The whole traceback as Python formats it (chained exceptions included). */
  formatted: string;
}

/**
 * How the run ended.
 * - `completed`: the script returned normally (exit code 0).
 * - `exited`: the script called `sys.exit(n)` / raised SystemExit; `exitCode` holds n (may be 0).
 * - `raised`: an uncaught exception; `exception` is set; exit code 1 like plain Python.
 * - `cancelled`: stopped by the user (SIGINT, or SIGTERM when the script swallowed the SIGINT);
 *   the profile holds what ran until then. (A script that had to be SIGKILLed leaves no profile:
 *   runProfile then fails with ProfileError kind `killed`.)
 * - `unknown`: the profile was loaded from a `.prof` file written elsewhere.
 */
export type ExitStatus = 'completed' | 'exited' | 'raised' | 'cancelled' | 'unknown';

export interface InterpreterInfo {
  /** The interpreter as it was asked for (setting value or PATH name). */
  path: string;
  /** `sys.executable` as the interpreter reports it. */
  executable: string;
  /** e.g. `3.11.7`. */
  version: string;
  /** e.g. `CPython`. */
  implementation: string;
  /** stdlib and site-packages folders of this interpreter (absolute, normalised). */
  libraryPaths: string[];
}

export interface RunInfo {
  /**
   * Absolute path of the profiled script; for a module (`python -m`), the file it ran (a package's
   * `__main__.py`), or the module name when that file could not be found. Null for a loaded `.prof` file.
   */
  script: string | null;
  /** The module of a `python -m` run (`pyops profile -m`, launch configurations with "module"). */
  module?: string;
  /** The `.prof` file this profile was read from or written to, if kept. */
  profFile: string | null;
  /** Arguments after the script (`sys.argv[1:]`). */
  args: string[];
  /** Working directory of the run; null for a loaded `.prof` file. */
  cwd: string | null;
  interpreter: InterpreterInfo;
  /** ISO 8601 start time, or null when unknown (loaded file). */
  startTime: string | null;
  /** Wall-clock time of the script run, seconds; null when unknown. */
  wallTime: number | null;
  /** Sum of own time over all functions (pstats `total_tt`): the profiled time. */
  totalTime: number;
  exitStatus: ExitStatus;
  /**
   * Process-style exit code: 0, n from sys.exit(n) (0-255), 1 after an exception, 130 after a
   * SIGINT cancel (143 after SIGTERM); null if unknown.
   */
  exitCode: number | null;
  /** Set when exitStatus is `raised`. */
  exception?: ExceptionInfo;
  /**
   * What measured the run: `cprofile` (a loaded `.prof`, or runs before sampling), `cprofile+sampling`
   * (the default: exact counts and true stacks) or `sampling` (sampling only, no call counts).
   */
  profiler?: ProfilerMode;
  /**
   * Where the functions' times come from: `cprofile` (exact; per thread where the interpreter
   * allows it) or `samples` (estimated from the sampled stacks, because cProfile was off or its
   * numbers were unsound: Python 3.12+ with several threads). Absent means `cprofile`.
   */
  timing?: TimingSource;
  /** False when calls were not counted (sampling only, or unsound): call columns show no number. */
  callCounts?: boolean;
}

export type ProfilerMode = 'cprofile' | 'cprofile+sampling' | 'sampling';
export type TimingSource = 'cprofile' | 'samples';

/** A thread the run saw. Times are seconds; null where the platform cannot tell. */
export interface ThreadInfo {
  name: string;
  /** `threading.get_ident()`. */
  ident: number | null;
  /** The OS thread id (`threading.get_native_id()`), when known. */
  nativeId: number | null;
  main: boolean;
  /** CPU time of the thread while it was seen (its own CPU clock). */
  cpuTime: number | null;
  /** Time it was seen alive but off the CPU: sleep, locks, I/O, child processes, or the OS running others. */
  waitTime: number | null;
  /** How long it was seen alive. */
  wallTime: number | null;
  /** cProfile counted its calls: its numbers in the table are exact. */
  profiled: boolean;
  /** Its stacks were sampled: it has a root in the flame graph. */
  sampled: boolean;
  /** It ended before the script did. */
  exited: boolean;
}

/** `working`: on CPU; `waiting`: off CPU; `unsplit`: elapsed time the platform could not split. */
export type SampleState = 'working' | 'waiting' | 'unsplit';

export interface SampleFrame {
  id: FunctionId;
  name: string;
  file: string;
  /** First line of the function. */
  line: number;
  /** Standard library or site-packages code (see FunctionStats.library). */
  library: boolean;
}

/** One distinct sampled stack of one thread and how much time it stood for. */
export interface SampledStack {
  /** Index into Profile.threads. */
  thread: number;
  state: SampleState;
  seconds: number;
  /** Indexes into SamplingInfo.frames, outermost call first. */
  frames: number[];
}

/** Where suspended asyncio tasks waited: the await chain from the task's coroutine down. */
export interface AwaitStack {
  /** Task-seconds (tasks wait concurrently, so the total can exceed the wall time). */
  seconds: number;
  /** Indexes into SamplingInfo.frames, the task's own coroutine first. */
  frames: number[];
}

export interface SamplingInfo {
  /** Sampling interval, seconds. */
  interval: number;
  /** `itimer`: the main thread was sampled by a CPU-time timer where it ran; `thread`: from a thread. */
  mainTimer: 'itimer' | 'thread';
  /** Threads' CPU clocks were readable (working/waiting split for every thread). */
  threadCpu: boolean;
  frames: SampleFrame[];
  stacks: SampledStack[];
  awaits: AwaitStack[];
}

/** Process-wide figures from the OS. */
export interface ProcessInfo {
  /** CPU time of the whole process (all threads), the sampler's own excluded. */
  cpuTime: number;
  /** CPU time the sampler itself used. */
  samplerCpuTime: number;
  children: {
    /** Processes the script started (subprocess, os.system, fork, multiprocessing with fork). */
    count: number;
    /** CPU time of child processes that ended and were waited for. */
    cpuTime: number;
  };
}

/** An allocation site from tracemalloc (grouped by file and line). */
export interface AllocationSite {
  file: string;
  line: number;
  /** Bytes allocated from this line and alive at that moment (the end, or the look near the peak). */
  sizeBytes: number;
  /** Number of live blocks from this line at that moment. */
  count: number;
}

/** Present only when the run used tracemalloc ("Profile with Memory"). */
export interface MemoryStats {
  /** Peak traced memory during the run (at least currentBytes and peakSitesBytes). */
  peakBytes: number;
  /** Traced memory still allocated at the end: the total of the snapshot topSites come from. */
  currentBytes: number;
  /** Largest allocation sites still alive at the end, biggest first (at most 50). */
  topSites: AllocationSite[];
  /**
   * Largest allocation sites at the look nearest the peak, biggest first (at most 50): what made
   * the peak. Absent from older helpers and loaded files.
   */
  peakSites?: AllocationSite[];
  /**
   * Traced memory at that look: the total of the very snapshot peakSites come from, so at least
   * the sum of its sites, and at most peakBytes (snapshots are rationed, see the helper).
   */
  peakSitesBytes?: number;
}

export interface Profile {
  version: typeof PROFILE_MODEL_VERSION;
  run: RunInfo;
  /** Every function pstats recorded, sorted by cumulativeTime, highest first. */
  functions: FunctionStats[];
  memory?: MemoryStats;
  /** Threads the run saw, the main thread first (runs with sampling). */
  threads?: ThreadInfo[];
  /** True stacks of every thread (runs with sampling). */
  sampling?: SamplingInfo;
  process?: ProcessInfo;
  /** What this profile cannot show, one sentence each (shown in the header). */
  notes?: string[];
}

// ---------------------------------------------------------------------------------------------
// Call tree (flame graph / icicle).
//
// pstats keeps caller->callee totals, not stacks, so a tree is built from edges:
// - a node whose parent stands for ALL of the parent function's calls takes the edge's numbers
//   as they are: `exact: true`, and its numbers equal that CallEdge's numbers;
// - below a node that stands for only part of its function (the function has other callers),
//   the split among callers is unknown: each child edge is scaled by the parent's share of its
//   function's cumulative time (by call count when that time is 0) and marked `exact: false`.
//   Everything under an apportioned node is apportioned too.
// Recursion (a function already on the path) is not expanded again; its time is already inside
// the ancestor's cumulative time.

export interface CallTreeNode {
  /** Unique within one tree (depth-first order; the root is 0). */
  nodeId: number;
  /**
   * Sampled trees only: the time of this path that was on CPU and off CPU (totalTime is their
   * sum, `unsplit` time included).
   */
  workTime?: number;
  waitTime?: number;
  /** The function this frame stands for; the synthetic root uses `<root>`. */
  functionId: FunctionId;
  /** True when the numbers are measured for this path; false when apportioned (a guess). */
  exact: boolean;
  /** Calls along this path (totalCalls of the edge, scaled when apportioned). */
  calls: number;
  /** Cumulative time along this path: the frame's width. */
  totalTime: number;
  /** Own time along this path (the edge's ownTime, scaled when apportioned). */
  ownTime: number;
  /** totalTime minus the children's totalTime (never negative): the frame's uncovered part. */
  selfTime: number;
  children: CallTreeNode[];
  /**
   * Why children are missing although the function has callees:
   * `recursion` (callee already on the path), `depth` (maxDepth reached),
   * `size` (maxNodes reached), `small` (callees below minTime, see `elidedTime`),
   * `callers` (the function has several callers: pstats cannot tell which of its callees' time
   * belongs to this path, so it is not split; re-root at the function to see its callees).
   */
  cut?: Array<'recursion' | 'depth' | 'size' | 'small' | 'callers'>;
  /** Total time of callees left out because they were below minTime. */
  elidedTime?: number;
}

export interface CallTree {
  /** Synthetic root (`functionId: '<root>'`, exact) whose children are the start functions (see CallTreeOptions.rootId). */
  root: CallTreeNode;
  /** Number of nodes including the root. */
  nodeCount: number;
  /** True when maxNodes or maxDepth stopped the expansion somewhere. */
  truncated: boolean;
  /** Nodes with exact=false (the view can say "n frames are apportioned"). */
  apportionedCount: number;
  /** Built from sampled stacks (true paths, times from samples, no call counts). */
  sampled?: boolean;
  /** Labels of frames that are not functions: thread roots, `[waiting]`, `[await]`. */
  labels?: Record<FunctionId, string>;
}

export interface CallTreeOptions {
  /** Deepest level expanded (root = 0). Default 128. */
  maxDepth?: number;
  /** Stop adding nodes beyond this many. Default 50,000. */
  maxNodes?: number;
  /** Children whose totalTime is below this (seconds) are left out. Default 0.0001 x root time. */
  minTime?: number;
  /**
   * Start from this function (re-rooting); its node gets the function's totals and is exact.
   * Default: the profiled script's `<module>` when the profile comes from a run (the helper
   * already drops its own runpy frames, so `<module>` is the natural root); for a loaded file,
   * the functions nobody called (e.g. `exec` for `python -m cProfile` output).
   */
  rootId?: FunctionId;
  /** Start from the functions nobody called even for a run. Default false. */
  includeLauncherFrames?: boolean;
  /** Leave out library functions (see FunctionStats.library), hoisting their non-library callees. */
  hideLibrary?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Comparison of two runs ("Compare with Previous Run").

export type DeltaStatus = 'added' | 'removed' | 'changed' | 'unchanged';

export interface FunctionDelta {
  /** The id in the newer run (in the older run for `removed`). */
  id: FunctionId;
  name: string;
  file: string;
  line: number;
  /** Numbers in the older run; null when the function is new. */
  before: CallStats | null;
  /** Numbers in the newer run; null when the function disappeared. */
  after: CallStats | null;
  /** after - before (missing side counts as zeros). */
  delta: CallStats;
  status: DeltaStatus;
}

export interface ProfileComparison {
  before: RunInfo;
  after: RunInfo;
  /** after.totalTime - before.totalTime. */
  totalTimeDelta: number;
  /** Sorted by |delta.cumulativeTime|, largest first. */
  functions: FunctionDelta[];
  /**
   * Why the two runs' times may not be comparable, one sentence each (memory tracing on one side
   * only, other arguments, another interpreter); empty when they ran alike.
   */
  differences: string[];
}

// ---------------------------------------------------------------------------------------------
// "Time Selection" (timeit).

export interface TimeitResult {
  /** Loops per repeat chosen by `Timer.autorange` (at least 0.2 s per repeat). */
  loops: number;
  /** One entry per repeat: seconds PER LOOP. */
  perLoop: number[];
  /** min(perLoop): the number timeit reports. */
  best: number;
  mean: number;
  /** Set when the statements raised; the timings are then empty. */
  exception?: ExceptionInfo;
  interpreter: InterpreterInfo;
}
