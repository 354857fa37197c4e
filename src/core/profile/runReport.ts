// What a run's header says, as text for `pyops profile` and as the `--json` run summary
// (documented in docs/profiling.md): wall time, CPU time, waiting, threads, child processes.
import type { Profile, ThreadInfo } from './model';

export const RUN_SUMMARY_FORMAT = 'pyops-run-summary';
export const RUN_SUMMARY_VERSION = 1;

export interface ThreadSummaryJson {
  name: string;
  main: boolean;
  cpu_s: number | null;
  wait_s: number | null;
  wall_s: number | null;
  /** cProfile counted its calls (exact numbers). */
  profiled: boolean;
  /** Its stacks were sampled. */
  sampled: boolean;
  exited: boolean;
}

export interface FunctionSummaryJson {
  function: string;
  file: string;
  line: number;
  /** null when calls were not counted. */
  calls: number | null;
  own_s: number;
  cumulative_s: number;
}

export interface RunSummaryJson {
  format: typeof RUN_SUMMARY_FORMAT;
  version: typeof RUN_SUMMARY_VERSION;
  script: string | null;
  args: string[];
  cwd: string | null;
  python: string;
  mode: string;
  /** Where the functions' times come from: `cprofile` (exact) or `samples`. */
  timing: string;
  exit_status: string;
  exit_code: number | null;
  wall_s: number | null;
  /** CPU time of the whole process, all threads (the sampler's own excluded). */
  cpu_s: number | null;
  /** Time the main thread spent off CPU. */
  waiting_s: number | null;
  sampler_cpu_s: number | null;
  interval_ms: number | null;
  threads: ThreadSummaryJson[];
  children: { count: number; cpu_s: number } | null;
  notes: string[];
  /** The 20 functions with the most cumulative time. */
  top_functions: FunctionSummaryJson[];
}

function mainThread(profile: Profile): ThreadInfo | undefined {
  return profile.threads?.find((thread) => thread.main);
}

export function runSummaryJson(profile: Profile): RunSummaryJson {
  const run = profile.run;
  const counted = run.callCounts !== false;
  return {
    format: RUN_SUMMARY_FORMAT,
    version: RUN_SUMMARY_VERSION,
    script: run.script,
    args: run.args,
    cwd: run.cwd,
    python: `${run.interpreter.implementation} ${run.interpreter.version} (${run.interpreter.executable || run.interpreter.path})`,
    mode: run.profiler ?? 'cprofile',
    timing: run.timing ?? 'cprofile',
    exit_status: run.exitStatus,
    exit_code: run.exitCode,
    wall_s: run.wallTime,
    cpu_s: profile.process?.cpuTime ?? null,
    waiting_s: mainThread(profile)?.waitTime ?? null,
    sampler_cpu_s: profile.process?.samplerCpuTime ?? null,
    interval_ms: profile.sampling ? profile.sampling.interval * 1000 : null,
    threads: (profile.threads ?? []).map((thread) => ({
      name: thread.name,
      main: thread.main,
      cpu_s: thread.cpuTime,
      wait_s: thread.waitTime,
      wall_s: thread.wallTime,
      profiled: thread.profiled,
      sampled: thread.sampled,
      exited: thread.exited,
    })),
    children: profile.process ? { count: profile.process.children.count, cpu_s: profile.process.children.cpuTime } : null,
    notes: profile.notes ?? [],
    top_functions: profile.functions.slice(0, 20).map((fn) => ({
      function: fn.name,
      file: fn.file,
      line: fn.line,
      calls: counted ? fn.totalCalls : null,
      own_s: fn.ownTime,
      cumulative_s: fn.cumulativeTime,
    })),
  };
}

/** Seconds with 3 decimals below 100 s, as pstats prints them. */
function secondsText(value: number): string {
  return value < 100 ? `${value.toFixed(3)} s` : `${value.toFixed(1)} s`;
}

function threadLine(thread: ThreadInfo): string {
  const how = thread.profiled ? 'exact calls' : thread.sampled ? 'sampled' : 'not profiled';
  const times: string[] = [];
  if (thread.cpuTime !== null) times.push(`${secondsText(thread.cpuTime)} CPU`);
  if (thread.waitTime !== null) times.push(`${secondsText(thread.waitTime)} waiting`);
  return `     ${thread.name}${thread.main ? ' (main)' : ''}: ${how}${times.length ? `, ${times.join(', ')}` : ''}`;
}

/**
 * The run header printed above the table: one line of totals, one line per thread (at most
 * `maxThreads`, the rest counted), then what the profile cannot show. Empty for a loaded file.
 */
export function formatRunHeader(profile: Profile, maxThreads = 12): string {
  const run = profile.run;
  if (run.wallTime === null) return '';
  const facts = [`wall ${secondsText(run.wallTime)}`];
  if (profile.process) facts.push(`CPU ${secondsText(profile.process.cpuTime)}`);
  const main = mainThread(profile);
  if (main?.waitTime !== null && main?.waitTime !== undefined) facts.push(`main thread waiting ${secondsText(main.waitTime)}`);
  const threads = profile.threads ?? [];
  if (threads.length > 0) facts.push(`${threads.length} thread${threads.length === 1 ? '' : 's'}`);
  if (profile.process) {
    const children = profile.process.children;
    facts.push(
      children.count === 0 && children.cpuTime === 0
        ? 'no child processes'
        : `${children.count} child process${children.count === 1 ? '' : 'es'} (${secondsText(children.cpuTime)} CPU)`,
    );
  }
  const lines = [`   Run: ${facts.join(', ')}`];
  if (run.profiler === 'sampling')
    lines.push(
      '   Sampling only: times from samples every ' + `${((profile.sampling?.interval ?? 0) * 1000).toFixed(1)} ms, calls not counted`,
    );
  else if (run.timing === 'samples') lines.push('   Times from samples (cProfile was unsound here, see below); calls not counted');
  if (threads.length > 1 || (threads.length === 1 && !threads[0]!.main)) {
    lines.push('   Threads:');
    for (const thread of threads.slice(0, maxThreads)) lines.push(threadLine(thread));
    if (threads.length > maxThreads) lines.push(`     \u2026 and ${threads.length - maxThreads} more`);
  }
  for (const note of profile.notes ?? []) lines.push(`   Note: ${note}`);
  return lines.join('\n') + '\n';
}
