// Builds Profile objects for viewer tests: functions with their own numbers and caller->callee
// edges with theirs, wired into callers/callees lists as the core would.

import { PROFILE_MODEL_VERSION, type CallStats, type FunctionStats, type Profile } from '../../../src/core/profile/model';

export interface FunctionSpec {
  name: string;
  file?: string;
  line?: number;
  calls: number;
  primitiveCalls?: number;
  own: number;
  cumulative: number;
  library?: boolean;
  builtin?: boolean;
}

export interface EdgeSpec {
  caller: string;
  callee: string;
  calls: number;
  own: number;
  cumulative: number;
}

export function idOf(spec: Pick<FunctionSpec, 'name' | 'file' | 'line' | 'builtin'>): string {
  if (spec.builtin) return `~:0(${spec.name})`;
  return `${spec.file ?? '/work/app.py'}:${spec.line ?? 1}(${spec.name})`;
}

export function buildProfile(functions: FunctionSpec[], edges: EdgeSpec[], totalTime?: number): Profile {
  const byName = new Map<string, FunctionStats>();
  for (const spec of functions) {
    const builtin = spec.builtin === true;
    byName.set(spec.name, {
      id: idOf(spec),
      name: spec.name,
      file: builtin ? '~' : (spec.file ?? '/work/app.py'),
      line: builtin ? 0 : (spec.line ?? 1),
      builtin,
      library: spec.library === true || builtin,
      primitiveCalls: spec.primitiveCalls ?? spec.calls,
      totalCalls: spec.calls,
      ownTime: spec.own,
      cumulativeTime: spec.cumulative,
      callers: [],
      callees: [],
    });
  }
  for (const edge of edges) {
    const caller = byName.get(edge.caller);
    const callee = byName.get(edge.callee);
    if (!caller || !callee) throw new Error(`edge ${edge.caller} -> ${edge.callee} names an unknown function`);
    const numbers: CallStats = { primitiveCalls: edge.calls, totalCalls: edge.calls, ownTime: edge.own, cumulativeTime: edge.cumulative };
    caller.callees.push({ id: callee.id, ...numbers });
    callee.callers.push({ id: caller.id, ...numbers });
  }
  const list = [...byName.values()];
  for (const fn of list) {
    fn.callers.sort((a, b) => b.cumulativeTime - a.cumulativeTime);
    fn.callees.sort((a, b) => b.cumulativeTime - a.cumulativeTime);
  }
  list.sort((a, b) => b.cumulativeTime - a.cumulativeTime);
  return {
    version: PROFILE_MODEL_VERSION,
    run: {
      script: '/work/app.py',
      profFile: null,
      args: [],
      cwd: '/work',
      interpreter: {
        path: 'python3',
        executable: '/usr/bin/python3',
        version: '3.11.2',
        implementation: 'CPython',
        libraryPaths: ['/usr/lib/python3.11'],
      },
      startTime: '2026-11-23T10:00:00.000Z',
      wallTime: null,
      totalTime: totalTime ?? list.reduce((sum, fn) => sum + fn.ownTime, 0),
      exitStatus: 'completed',
      exitCode: 0,
    },
    functions: list,
  };
}

/**
 * A profile of `count` functions shaped like a real program: a tree (each function called by
 * one parent, three children each) whose leaves all call one shared helper, which calls one more
 * function: that last function's frames are apportioned (its caller has many callers).
 * Deterministic.
 */
export function largeProfile(count: number): Profile {
  const functions: FunctionSpec[] = [];
  const edges: EdgeSpec[] = [];
  const own = (i: number): number => 0.0001 * (1 + ((i * 7919) % 13));
  const children = (i: number): number[] => [3 * i + 1, 3 * i + 2, 3 * i + 3].filter((c) => c < count - 2);
  const cumulative = new Array<number>(count).fill(0);
  const shared = count - 2;
  const inner = count - 1;
  const sharedPerCall = 0.00005;
  const innerPerCall = 0.00003;
  let sharedCalls = 0;
  // Children have higher indexes than parents: fill cumulative times from the bottom up.
  for (let i = count - 3; i >= 0; i--) {
    const kids = children(i);
    cumulative[i] = own(i) + kids.reduce((sum, c) => sum + cumulative[c]!, 0);
    if (kids.length === 0) {
      cumulative[i]! += sharedPerCall;
      sharedCalls++;
    }
  }
  for (let i = 0; i < count - 2; i++) {
    functions.push({
      name: `f${i}`,
      file: `/work/pkg/mod${i % 50}.py`,
      line: 1 + (i % 400),
      calls: 1,
      own: own(i),
      cumulative: cumulative[i]!,
    });
    for (const c of children(i)) edges.push({ caller: `f${i}`, callee: `f${c}`, calls: 1, own: own(c), cumulative: cumulative[c]! });
    if (children(i).length === 0) {
      edges.push({ caller: `f${i}`, callee: `f${shared}`, calls: 1, own: sharedPerCall - innerPerCall, cumulative: sharedPerCall });
    }
  }
  functions.push({
    name: `f${shared}`,
    file: '/work/pkg/shared.py',
    line: 10,
    calls: sharedCalls,
    own: sharedCalls * (sharedPerCall - innerPerCall),
    cumulative: sharedCalls * sharedPerCall,
  });
  functions.push({
    name: `f${inner}`,
    file: '/work/pkg/shared.py',
    line: 30,
    calls: sharedCalls,
    own: sharedCalls * innerPerCall,
    cumulative: sharedCalls * innerPerCall,
  });
  edges.push({
    caller: `f${shared}`,
    callee: `f${inner}`,
    calls: sharedCalls,
    own: sharedCalls * innerPerCall,
    cumulative: sharedCalls * innerPerCall,
  });
  return buildProfile(functions, edges);
}
