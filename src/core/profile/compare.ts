// Per-function deltas between two profiles ("Compare with Previous Run").
import type { CallStats, DeltaStatus, FunctionDelta, FunctionStats, InterpreterInfo, Profile, ProfileComparison } from './model';

const ZERO: CallStats = { primitiveCalls: 0, totalCalls: 0, ownTime: 0, cumulativeTime: 0 };

function numbers(fn: FunctionStats): CallStats {
  return {
    primitiveCalls: fn.primitiveCalls,
    totalCalls: fn.totalCalls,
    ownTime: fn.ownTime,
    cumulativeTime: fn.cumulativeTime,
  };
}

function subtract(after: CallStats, before: CallStats): CallStats {
  return {
    primitiveCalls: after.primitiveCalls - before.primitiveCalls,
    totalCalls: after.totalCalls - before.totalCalls,
    ownTime: after.ownTime - before.ownTime,
    cumulativeTime: after.cumulativeTime - before.cumulativeTime,
  };
}

function fileAndName(fn: FunctionStats): string {
  return `${fn.file}\u0000${fn.name}`;
}

/** Functions whose file+name is unique in the list, by that key (to follow functions that moved lines). */
function uniqueByFileAndName(functions: readonly FunctionStats[]): Map<string, FunctionStats> {
  const seen = new Map<string, FunctionStats | null>();
  for (const fn of functions) {
    const key = fileAndName(fn);
    seen.set(key, seen.has(key) ? null : fn);
  }
  const unique = new Map<string, FunctionStats>();
  for (const [key, fn] of seen) if (fn) unique.set(key, fn);
  return unique;
}

export interface CompareOptions {
  /**
   * Times whose difference is below this (seconds) and with equal call counts count as
   * `unchanged` (timer noise). Default 0.
   */
  timeTolerance?: number;
}

/**
 * Matches functions by id (`file:line(name)`); functions left unmatched are then matched by file
 * and name when that pair is unique in both runs (the function moved because lines were edited
 * above it). Sorted by the size of the cumulative-time change, largest first.
 */
export function compareProfiles(before: Profile, after: Profile, options: CompareOptions = {}): ProfileComparison {
  const tolerance = options.timeTolerance ?? 0;
  const beforeById = new Map(before.functions.map((fn) => [fn.id, fn] as const));
  const matched = new Set<FunctionStats>();
  const pairs: Array<[FunctionStats | undefined, FunctionStats | undefined]> = [];
  const unmatchedAfter: FunctionStats[] = [];

  for (const fn of after.functions) {
    const old = beforeById.get(fn.id);
    if (old) {
      matched.add(old);
      pairs.push([old, fn]);
    } else {
      unmatchedAfter.push(fn);
    }
  }
  const unmatchedBefore = before.functions.filter((fn) => !matched.has(fn));
  const beforeByName = uniqueByFileAndName(unmatchedBefore);
  const afterByName = uniqueByFileAndName(unmatchedAfter);
  for (const fn of unmatchedAfter) {
    const key = fileAndName(fn);
    const old = afterByName.get(key) === fn ? beforeByName.get(key) : undefined;
    if (old) {
      matched.add(old);
      pairs.push([old, fn]);
    } else {
      pairs.push([undefined, fn]);
    }
  }
  for (const fn of unmatchedBefore) if (!matched.has(fn)) pairs.push([fn, undefined]);

  const functions: FunctionDelta[] = pairs.map(([old, now]) => {
    const shown = (now ?? old)!;
    const beforeNumbers = old ? numbers(old) : null;
    const afterNumbers = now ? numbers(now) : null;
    const delta = subtract(afterNumbers ?? ZERO, beforeNumbers ?? ZERO);
    let status: DeltaStatus;
    if (!old) status = 'added';
    else if (!now) status = 'removed';
    else if (
      delta.totalCalls === 0 &&
      delta.primitiveCalls === 0 &&
      Math.abs(delta.ownTime) <= tolerance &&
      Math.abs(delta.cumulativeTime) <= tolerance
    ) {
      status = 'unchanged';
    } else status = 'changed';
    return {
      id: shown.id,
      name: shown.name,
      file: shown.file,
      line: shown.line,
      before: beforeNumbers,
      after: afterNumbers,
      delta,
      status,
    };
  });
  functions.sort((a, b) => Math.abs(b.delta.cumulativeTime) - Math.abs(a.delta.cumulativeTime));
  return {
    before: before.run,
    after: after.run,
    totalTimeDelta: after.run.totalTime - before.run.totalTime,
    functions,
    differences: runDifferences(before, after),
  };
}

function argsText(args: readonly string[]): string {
  if (args.length === 0) return '(none)';
  return args.map((a) => (a === '' || /[\s'"\\]/.test(a) ? JSON.stringify(a) : a)).join(' ');
}

function interpreterText(i: InterpreterInfo): string {
  const name = [i.implementation, i.version].filter((s) => s && s !== 'unknown').join(' ');
  const where = i.executable || i.path;
  return name ? `${name} (${where})` : where;
}

/**
 * What makes two runs' times hard to compare, one sentence each: a memory run against a plain one
 * (tracemalloc's overhead would read as a slowdown), other arguments, another interpreter.
 */
export function runDifferences(before: Profile, after: Profile): string[] {
  const differences: string[] = [];
  const memoryBefore = before.memory !== undefined;
  const memoryAfter = after.memory !== undefined;
  if (memoryBefore !== memoryAfter) {
    differences.push(
      memoryAfter
        ? 'This run traced memory and the previous one did not: tracemalloc slows a script down, so the time changes mostly show its overhead, not your code.'
        : 'The previous run traced memory and this one did not: tracemalloc slowed that run down, so the time changes mostly show its overhead, not your code.',
    );
  }
  if (before.run.script !== null && after.run.script !== null && argsText(before.run.args) !== argsText(after.run.args)) {
    differences.push(
      `The arguments differ: ${argsText(before.run.args)} before, ${argsText(after.run.args)} now, so the script may have done different work.`,
    );
  }
  const interpreterBefore = interpreterText(before.run.interpreter);
  const interpreterAfter = interpreterText(after.run.interpreter);
  if (interpreterBefore !== interpreterAfter) {
    differences.push(`The runs used different interpreters: ${interpreterBefore} before, ${interpreterAfter} now.`);
  }
  return differences;
}
