// Hiding pytest's own frames in the profile of a test run: pytest, pluggy and their helpers become
// one function, `<pytest>`, so the test, its fixtures and what they call stand out at the top of
// the flame graph and the table.
//
// Hidden: every function of pytest's packages, and every library function (standard library,
// site-packages, built-ins, code generated at run time) that only hidden functions call: the
// parsing, file walking and the like that pytest does for itself, and the launcher's remains
// (library functions nobody calls). A library function your code calls too stays, with all its
// numbers (the import machinery, typically: pytest's imports and yours share it). `<pytest>` is
// the root of the run; its calls from visible code (pytest.raises...) stay in the callers lists.
// Each number of `<pytest>` is a sum of exact pstats numbers: its own time is the hidden
// functions' own time; an edge from it to a visible function is the sum of the hidden callers'
// edges to that function, so callers/callees stay exact. The sampled stacks (true paths) are
// folded alike: each run of hidden frames in a stack becomes one `<pytest>` frame. Pure.

import type {
  AwaitStack,
  CallEdge,
  CallStats,
  FunctionId,
  FunctionStats,
  Profile,
  SampledStack,
  SampleFrame,
  SamplingInfo,
} from '../profile/model';

export const PYTEST_GROUP_ID: FunctionId = '~:0(<pytest>)';

/** Files of pytest and the packages it always loads (pluggy, iniconfig, the py shim). */
const PYTEST_FILE = /[\\/](?:site|dist)-packages[\\/](?:(?:_pytest|pytest|pluggy|iniconfig|py)[\\/]|py\.py$)/;

export function isPytestFile(file: string): boolean {
  return PYTEST_FILE.test(file);
}

/** True when the profile holds pytest's frames (a test run). */
export function hasPytestFrames(profile: Profile): boolean {
  return profile.functions.some((fn) => isPytestFile(fn.file));
}

function zero(): CallStats {
  return { primitiveCalls: 0, totalCalls: 0, ownTime: 0, cumulativeTime: 0 };
}

function addTo(sum: CallStats, numbers: CallStats): void {
  sum.primitiveCalls += numbers.primitiveCalls;
  sum.totalCalls += numbers.totalCalls;
  sum.ownTime += numbers.ownTime;
  sum.cumulativeTime += numbers.cumulativeTime;
}

function byCumulativeDesc(a: { cumulativeTime: number }, b: { cumulativeTime: number }): number {
  return b.cumulativeTime - a.cumulativeTime;
}

/** Library code, or code made at run time (`<string>`: dataclasses, attrs): hidden when only hidden code calls it. */
function isHelperCode(fn: FunctionStats): boolean {
  return fn.library || (fn.file.startsWith('<') && !fn.builtin);
}

/** The functions folded into the group: the seeds, and helper code only the group calls. */
function hiddenRegion(functions: readonly FunctionStats[], isSeed: (fn: FunctionStats) => boolean): Set<FunctionId> {
  const byId = new Map(functions.map((fn) => [fn.id, fn] as const));
  const region = new Set<FunctionId>();
  for (const fn of functions) if (isSeed(fn) || isHelperCode(fn)) region.add(fn.id);
  const seeds = new Set(functions.filter(isSeed).map((fn) => fn.id));
  // A helper leaves as soon as something outside calls it; its callees are then checked again.
  const queue = functions.filter((fn) => region.has(fn.id) && !seeds.has(fn.id));
  while (queue.length > 0) {
    const fn = queue.pop()!;
    if (!region.has(fn.id)) continue;
    if (fn.callers.every((edge) => edge.id === fn.id || region.has(edge.id))) continue;
    region.delete(fn.id);
    for (const edge of fn.callees) {
      const callee = byId.get(edge.id);
      if (callee && region.has(callee.id) && !seeds.has(callee.id)) queue.push(callee);
    }
  }
  return region;
}

/**
 * `profile` with the functions `isSeed` picks (and the library code only they call) folded into
 * one function named `label`; undefined when no function is a seed.
 */
export function collapseFrames(
  profile: Profile,
  isSeed: (fn: Pick<FunctionStats, 'file'>) => boolean,
  group: { id: FunctionId; label: (hidden: number) => string },
): Profile | undefined {
  if (!profile.functions.some(isSeed)) return undefined;
  const region = hiddenRegion(profile.functions, isSeed);
  const intoGroup = new Map<FunctionId, CallStats>(); // visible caller -> group
  const outOfGroup = new Map<FunctionId, CallStats>(); // group -> visible callee
  const roots = zero(); // the hidden functions nobody calls: the run starts there
  const entries = zero(); // calls into the group from visible code
  let ownTime = 0;
  let hiddenCount = 0;
  for (const fn of profile.functions) {
    if (!region.has(fn.id)) continue;
    hiddenCount += 1;
    ownTime += fn.ownTime;
    if (fn.callers.every((edge) => edge.id === fn.id)) addTo(roots, { ...fn, ownTime: 0 });
    for (const edge of fn.callers) {
      if (region.has(edge.id)) continue;
      const sum = intoGroup.get(edge.id) ?? zero();
      addTo(sum, edge);
      intoGroup.set(edge.id, sum);
      addTo(entries, { ...edge, ownTime: 0 });
    }
    for (const edge of fn.callees) {
      if (region.has(edge.id)) continue;
      const sum = outOfGroup.get(edge.id) ?? zero();
      addTo(sum, edge);
      outOfGroup.set(edge.id, sum);
    }
  }

  const groupNumbers = roots.totalCalls > 0 ? roots : entries;
  const groupEdge = (numbers: CallStats): CallEdge => ({ id: group.id, ...numbers });
  const functions: FunctionStats[] = [];
  for (const fn of profile.functions) {
    if (region.has(fn.id)) continue;
    const callers = fn.callers.filter((edge) => !region.has(edge.id));
    const fromGroup = outOfGroup.get(fn.id);
    if (fromGroup) callers.push(groupEdge(fromGroup));
    const callees = fn.callees.filter((edge) => !region.has(edge.id));
    const toGroup = intoGroup.get(fn.id);
    if (toGroup) callees.push(groupEdge(toGroup));
    functions.push({ ...fn, callers: callers.sort(byCumulativeDesc), callees: callees.sort(byCumulativeDesc) });
  }
  functions.push({
    id: group.id,
    name: group.label(hiddenCount),
    file: '~',
    line: 0,
    builtin: true,
    library: true,
    // Calls from visible code happen inside the run the roots stand for: not counted again.
    ...groupNumbers,
    // Roots can overlap (a module imported while runpy looked up pytest's __main__ has no caller
    // in pstats): never more than the whole profile.
    cumulativeTime: Math.min(
      groupNumbers.cumulativeTime,
      profile.functions.reduce((sum, fn) => sum + fn.ownTime, 0),
    ),
    ownTime,
    callers: [...intoGroup].map(([id, numbers]) => ({ id, ...numbers })).sort(byCumulativeDesc),
    callees: [...outOfGroup].map(([id, numbers]) => ({ id, ...numbers })).sort(byCumulativeDesc),
  });
  const folded: Profile = { ...profile, functions: functions.sort(byCumulativeDesc) };
  if (profile.sampling) {
    const known = new Set(profile.functions.map((fn) => fn.id));
    // A sampled frame cProfile did not see (sampling only) is hidden when it is a seed itself.
    const isHidden = (frame: SampleFrame): boolean => region.has(frame.id) || (!known.has(frame.id) && isSeed(frame));
    folded.sampling = collapseSampling(profile.sampling, isHidden, {
      id: group.id,
      name: group.label(hiddenCount),
      file: '~',
      line: 0,
      library: true,
    });
  }
  return folded;
}

/** The sampled stacks with each run of hidden frames replaced by the group's one frame (same stacks merged). */
function collapseSampling(sampling: SamplingInfo, isHidden: (frame: SampleFrame) => boolean, groupFrame: SampleFrame): SamplingInfo {
  const frames = [...sampling.frames, groupFrame];
  const groupIndex = sampling.frames.length;
  const hidden = sampling.frames.map(isHidden);
  const fold = (stack: readonly number[]): number[] => {
    const folded: number[] = [];
    for (const index of stack) {
      if (!hidden[index]) folded.push(index);
      else if (folded[folded.length - 1] !== groupIndex) folded.push(groupIndex);
    }
    return folded;
  };
  const stacks = new Map<string, SampledStack>();
  for (const stack of sampling.stacks) {
    const folded = fold(stack.frames);
    const key = `${stack.thread}\u0000${stack.state}\u0000${folded.join(',')}`;
    const same = stacks.get(key);
    if (same) same.seconds += stack.seconds;
    else stacks.set(key, { ...stack, frames: folded });
  }
  const awaits = new Map<string, AwaitStack>();
  for (const chain of sampling.awaits) {
    const folded = fold(chain.frames);
    const key = folded.join(',');
    const same = awaits.get(key);
    if (same) same.seconds += chain.seconds;
    else awaits.set(key, { ...chain, frames: folded });
  }
  return { ...sampling, frames, stacks: [...stacks.values()], awaits: [...awaits.values()] };
}

/** The profile of a test run with pytest's frames folded into `<pytest>`; undefined for other runs. */
export function collapsePytestFrames(profile: Profile): Profile | undefined {
  return collapseFrames(profile, (fn) => isPytestFile(fn.file), {
    id: PYTEST_GROUP_ID,
    label: (hidden) => `<pytest: ${hidden} functions of pytest and its helpers>`,
  });
}
