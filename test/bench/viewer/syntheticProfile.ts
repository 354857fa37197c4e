// A synthetic, internally consistent Profile of any size for the viewer benchmark: a call graph
// shaped like a real program's (deep chains, wide fan-out, functions shared by several callers,
// library and built-in leaves), with pstats-style numbers that add up: an edge carries the
// callee's numbers restricted to that caller, and a function's cumulative time is its own time
// plus its callees' edges.
import { PROFILE_MODEL_VERSION, type CallEdge, type FunctionStats, type Profile } from '../../../src/core/profile/model';

/** Small deterministic PRNG (mulberry32): the same size always gives the same profile. */
function randomSource(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Node {
  name: string;
  file: string;
  line: number;
  builtin: boolean;
  library: boolean;
  own: number;
  cumulative: number;
  /** Callers as [caller index, calls]; every caller has a lower index than its callee. */
  callers: Array<[number, number]>;
  callees: number[];
}

const SCRIPT = '/srv/jobs/nightly_sync.py';
const STDLIB = '/usr/lib/python3.11';
const SITE = '/usr/lib/python3/dist-packages';
const STDLIB_MODULES = [
  'json/decoder',
  'json/encoder',
  're/_parser',
  'subprocess',
  'shutil',
  'pathlib',
  'logging/__init__',
  'socket',
  'ssl',
  'http/client',
  'email/parser',
  'tempfile',
  'os',
  'posixpath',
  'hashlib',
  'tarfile',
  'zipfile',
  'csv',
  'datetime',
  'threading',
];
const SITE_PACKAGES = [
  'requests/sessions',
  'requests/adapters',
  'urllib3/connectionpool',
  'urllib3/response',
  'yaml/loader',
  'yaml/scanner',
  'jinja2/environment',
  'boto3/session',
  'botocore/client',
  'paramiko/transport',
];
const BUILTINS = [
  '<built-in method builtins.len>',
  '<built-in method posix.stat>',
  "<method 'read' of '_io.BufferedReader' objects>",
  '<built-in method _hashlib.openssl_sha256>',
  "<method 'join' of 'str' objects>",
  '<built-in method time.sleep>',
  "<method 'recv_into' of '_socket.socket' objects>",
  '<built-in method builtins.isinstance>',
];

export function syntheticProfile(functionCount: number, seed = 20261123): Profile {
  const random = randomSource(seed);
  const nodes: Node[] = [
    { name: '<module>', file: SCRIPT, line: 1, builtin: false, library: false, own: 0.002, cumulative: 0, callers: [], callees: [] },
  ];
  const pickCaller = (below: number): number => {
    // Half the time a recent function (deep call chains), else any earlier one (wide fan-out).
    let index = random() < 0.5 ? Math.max(0, below - 1 - Math.floor(random() * 6)) : Math.floor(random() * below);
    while (nodes[index]!.builtin) index = nodes[index]!.callers[0]![0];
    return index;
  };
  const callCount = (): number => Math.max(1, Math.round(Math.exp(random() * 6)));

  for (let i = 1; i < functionCount; i++) {
    const kind = random();
    let node: Node;
    if (kind < 0.06) {
      const name = `${BUILTINS[i % BUILTINS.length]!.slice(0, -1)}_${i}>`;
      node = { name, file: '~', line: 0, builtin: true, library: true, own: 0, cumulative: 0, callers: [], callees: [] };
    } else if (kind < 0.4) {
      const site = random() < 0.4;
      const module = site ? SITE_PACKAGES[i % SITE_PACKAGES.length]! : STDLIB_MODULES[i % STDLIB_MODULES.length]!;
      const file = `${site ? SITE : STDLIB}/${module}.py`;
      node = {
        name: `${module.split('/').pop()}_helper_${i}`,
        file,
        line: 10 + (i % 2000),
        builtin: false,
        library: true,
        own: 0,
        cumulative: 0,
        callers: [],
        callees: [],
      };
    } else {
      const file = `/srv/jobs/ops/${['deploy', 'inventory', 'backup', 'notify', 'storage', 'cloud'][i % 6]}/module_${i % 300}.py`;
      node = {
        name: `task_${i}`,
        file,
        line: 5 + (i % 900),
        builtin: false,
        library: false,
        own: 0,
        cumulative: 0,
        callers: [],
        callees: [],
      };
    }
    // Own time: mostly tiny, a heavy tail of hot functions.
    node.own = 1e-6 * Math.exp(random() * 12);
    nodes.push(node);
    const callers = new Set<number>([pickCaller(i)]);
    if (random() < 0.25) {
      const extra = 1 + Math.floor(random() * 3);
      for (let k = 0; k < extra; k++) callers.add(pickCaller(i));
    }
    for (const caller of callers) {
      node.callers.push([caller, callCount()]);
      nodes[caller]!.callees.push(i);
    }
  }

  // Callees have higher indexes than their callers: fill cumulative times from the leaves up.
  const edgeShare = (callee: Node, calls: number): number => calls / callee.callers.reduce((sum, [, c]) => sum + c, 0);
  for (let i = nodes.length - 1; i >= 0; i--) {
    const node = nodes[i]!;
    let cumulative = node.own;
    for (const calleeIndex of node.callees) {
      const callee = nodes[calleeIndex]!;
      const calls = callee.callers.find(([caller]) => caller === i)![1];
      cumulative += callee.cumulative * edgeShare(callee, calls);
    }
    node.cumulative = cumulative;
  }

  const idOf = (node: Node): string => `${node.file === '~' ? '~:0' : `${node.file}:${node.line}`}(${node.name})`;
  const functions: FunctionStats[] = nodes.map((node) => {
    const totalCalls = node.callers.reduce((sum, [, calls]) => sum + calls, 0) || 1;
    return {
      id: idOf(node),
      name: node.name,
      file: node.file,
      line: node.line,
      builtin: node.builtin,
      library: node.library,
      primitiveCalls: totalCalls,
      totalCalls,
      ownTime: node.own,
      cumulativeTime: node.cumulative,
      callers: [],
      callees: [],
    };
  });
  nodes.forEach((node, calleeIndex) => {
    for (const [callerIndex, calls] of node.callers) {
      const share = edgeShare(node, calls);
      const numbers = { primitiveCalls: calls, totalCalls: calls, ownTime: node.own * share, cumulativeTime: node.cumulative * share };
      const callerEdge: CallEdge = { id: functions[callerIndex]!.id, ...numbers };
      const calleeEdge: CallEdge = { id: functions[calleeIndex]!.id, ...numbers };
      functions[calleeIndex]!.callers.push(callerEdge);
      functions[callerIndex]!.callees.push(calleeEdge);
    }
  });
  for (const fn of functions) {
    fn.callers.sort((a, b) => b.cumulativeTime - a.cumulativeTime);
    fn.callees.sort((a, b) => b.cumulativeTime - a.cumulativeTime);
  }
  const totalTime = functions.reduce((sum, fn) => sum + fn.ownTime, 0);
  functions.sort((a, b) => b.cumulativeTime - a.cumulativeTime);
  return {
    version: PROFILE_MODEL_VERSION,
    run: {
      script: SCRIPT,
      profFile: null,
      args: ['--env', 'production'],
      cwd: '/srv/jobs',
      interpreter: {
        path: 'python3',
        executable: '/usr/bin/python3',
        version: '3.11.7',
        implementation: 'CPython',
        libraryPaths: [STDLIB, SITE],
      },
      startTime: '2026-11-23T10:00:00.000Z',
      wallTime: totalTime * 1.05,
      totalTime,
      exitStatus: 'completed',
      exitCode: 0,
    },
    functions,
  };
}
