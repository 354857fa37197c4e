// The words of the viewer's header: how a run ended, which interpreter ran it, what the run did
// beyond the table (CPU, waiting, threads, child processes). Pure.

import type { Profile, RunInfo } from '../core/profile/model';
import { formatCount, formatDuration } from '../shared/format';

export type Tone = 'ok' | 'warning' | 'error' | 'neutral';

export interface StatusText {
  label: string;
  /** One sentence for the tooltip / screen readers. */
  detail: string;
  tone: Tone;
}

export function exitStatusText(run: RunInfo): StatusText {
  switch (run.exitStatus) {
    case 'completed':
      return { label: 'Completed', detail: 'The script finished normally (exit code 0).', tone: 'ok' };
    case 'exited': {
      const code = run.exitCode ?? 0;
      return code === 0
        ? { label: 'Exited (0)', detail: 'The script called sys.exit(0).', tone: 'ok' }
        : { label: `Exited (${code})`, detail: `The script called sys.exit(${code}).`, tone: 'warning' };
    }
    case 'raised': {
      const type = run.exception?.type ?? 'an exception';
      return {
        label: `Raised ${type}`,
        detail: `The script ended with an uncaught ${type} (exit code ${run.exitCode ?? 1}); the profile covers everything up to it.`,
        tone: 'error',
      };
    }
    case 'cancelled':
      return {
        label: 'Cancelled',
        detail: 'You stopped the run; the profile holds what ran until then (partial).',
        tone: 'warning',
      };
    case 'unknown':
    default:
      return {
        label: 'Loaded from file',
        detail: 'This profile was read from a .prof file; how that run ended is unknown.',
        tone: 'neutral',
      };
  }
}

export function interpreterText(run: RunInfo): string {
  const i = run.interpreter;
  const version = [i.implementation, i.version].filter((s) => s && s !== 'unknown').join(' ');
  const where = i.executable || i.path;
  return version ? `${version} (${where})` : where;
}

/** Arguments as a shell would need them, quoted only where needed (for display). */
export function argsText(args: readonly string[]): string {
  if (args.length === 0) return '(none)';
  return args.map((a) => (a === '' ? "''" : /[\s'"\\$`]/.test(a) ? `'${a.replace(/'/g, `'\\''`)}'` : a)).join(' ');
}

/** A header fact: term, value, and what it means (the tooltip). */
export type Fact = [term: string, value: string, tip?: string];

function seconds(value: number | null | undefined): string {
  return value === null || value === undefined ? 'unknown' : formatDuration(value);
}

/** How the run was measured, in words: cProfile and samples, samples only, or a file's cProfile. */
export function measurementFact(profile: Profile): Fact | null {
  const run = profile.run;
  if (!profile.sampling) return null;
  const interval = profile.sampling.interval * 1000;
  const every = `every ${interval >= 1 ? interval.toFixed(0) : interval.toFixed(1)} ms`;
  if (run.profiler === 'sampling') {
    return [
      'Measured by',
      `stack sampling ${every} (no call counts)`,
      'Sampling only: the lowest overhead and the truest timing; times come from samples and calls are not counted.',
    ];
  }
  if (run.timing === 'samples') {
    return [
      'Measured by',
      `stack sampling ${every}; cProfile unsound here`,
      'cProfile on Python 3.12+ mixes the calls of all threads into one stack, so its numbers would be impossible: the table\u2019s times come from the samples and calls are not counted.',
    ];
  }
  return [
    'Measured by',
    `cProfile (exact calls) + stack sampling ${every}`,
    'The table and callers/callees are cProfile\u2019s exact numbers; the flame graph and the threads\u2019 working/waiting times come from the samples.',
  ];
}

/** Wall, CPU and waiting time, threads and child processes: what the run did beyond the table. */
export function runFacts(profile: Profile): Fact[] {
  const facts: Fact[] = [];
  const process = profile.process;
  if (process) {
    facts.push([
      'CPU time',
      formatDuration(process.cpuTime),
      `CPU time of the whole process, every thread, from the OS; the sampler\u2019s own ${formatDuration(process.samplerCpuTime)} left out.`,
    ]);
  }
  const main = profile.threads?.find((thread) => thread.main);
  if (main && main.waitTime !== null) {
    facts.push([
      'Waiting',
      formatDuration(main.waitTime),
      'The main thread\u2019s time off the CPU: sleep, locks, I/O, child processes, the GIL, or the OS running others.',
    ]);
  }
  const threads = profile.threads ?? [];
  if (threads.length > 0) {
    const exact = threads.filter((thread) => thread.profiled).length;
    facts.push([
      'Threads',
      threads.length === 1 ? '1' : `${threads.length} (${exact === threads.length ? 'all' : exact} with exact calls)`,
      'Threads the sampler saw; see the thread list below for each one\u2019s CPU and waiting time.',
    ]);
  }
  if (process) {
    const children = process.children;
    facts.push([
      'Child processes',
      children.count === 0 && children.cpuTime === 0 ? 'none' : `${formatCount(children.count)} (${formatDuration(children.cpuTime)} CPU)`,
      'Processes the script started, and the CPU time of those that ended and were waited for (from the OS). Their functions are not profiled.',
    ]);
  }
  return facts;
}

export interface ThreadRow {
  name: string;
  cpu: string;
  waiting: string;
  /** Wall time seen alive. */
  alive: string;
  /** `exact calls`, `sampled` or `not sampled`. */
  how: string;
  howTip: string;
  exited: boolean;
}

export function threadRows(profile: Profile): ThreadRow[] {
  return (profile.threads ?? []).map((thread) => ({
    name: thread.main ? `${thread.name} (main)` : thread.name,
    cpu: seconds(thread.cpuTime),
    waiting: seconds(thread.waitTime),
    alive: seconds(thread.wallTime),
    how: thread.profiled ? 'exact calls' : thread.sampled ? 'sampled' : 'not sampled',
    howTip: thread.profiled
      ? 'cProfile counted this thread\u2019s calls: its numbers in the table are exact.'
      : thread.sampled
        ? 'Only its stacks were sampled: its numbers in the table come from the samples.'
        : 'Seen too briefly to sample (it started and ended between two samples).',
    exited: thread.exited,
  }));
}
