// What the panel shows for a run with sampled stacks: the flame graph's tree and frames (thread
// roots, waiting apart from working, await time), the header's run facts and thread list, and the
// table's call columns when calls were not counted. Hand-made profiles, checked without a DOM.
import assert from 'node:assert/strict';
import type { CallTreeNode, FunctionStats, Profile } from '../../../src/core/profile/model';
import { AWAIT_ID, threadRootId, WAITING_ID } from '../../../src/core/profile/sampledTree';
import { functionColumns } from '../../../src/webview/columns';
import { describeSampledFrame, flameTree, flameTreeSummary, FrameCatalog, hasAwaits, hasSamples } from '../../../src/webview/flameSource';
import { measurementFact, runFacts, threadRows } from '../../../src/webview/runSummary';
import { samplingEvery5ms, sampledStack, sampledThread, sampleFrames } from '../../helpers/sampledProfile';
import { buildProfile } from './profileBuilder';

const LIB = '/usr/lib/python3.12';
const frameSpecs = [
  { file: '/work/deploy.py', line: 1, name: '<module>' },
  { file: '/work/deploy.py', line: 10, name: 'main' },
  { file: '/work/deploy.py', line: 20, name: 'deploy_host' },
  { file: `${LIB}/threading.py`, line: 990, name: 'run' },
  { file: `${LIB}/concurrent/futures/thread.py`, line: 50, name: 'worker' },
  { file: '/work/deploy.py', line: 30, name: 'fetch' },
];
const frames = sampleFrames(LIB, frameSpecs);
const [MODULE, MAIN, DEPLOY, RUN, WORKER, FETCH] = [0, 1, 2, 3, 4, 5];

function threadedRun(overrides: Partial<Profile['run']> = {}): Profile {
  const base = buildProfile(
    [
      { name: 'main', file: '/work/deploy.py', line: 10, calls: 1, own: 0.01, cumulative: 1.5 },
      { name: 'deploy_host', file: '/work/deploy.py', line: 20, calls: 8, own: 0.3, cumulative: 1.4 },
    ],
    [{ caller: 'main', callee: 'deploy_host', calls: 8, own: 0.3, cumulative: 1.4 }],
    1.5,
  );
  return {
    ...base,
    run: { ...base.run, wallTime: 1.6, profiler: 'cprofile+sampling', ...overrides },
    threads: [
      sampledThread('MainThread', 1, { cpu: 0.05, wait: 1.55, wall: 1.6 }),
      sampledThread('ThreadPoolExecutor-0_0', 2, { cpu: 0.3, wait: 0.9, wall: 1.2 }),
      sampledThread('ThreadPoolExecutor-0_1', 3, { cpu: null, wait: null, wall: 0.001 }, { profiled: false, sampled: false }),
    ],
    sampling: samplingEvery5ms(
      frames,
      [
        sampledStack(0, 'working', 0.05, MODULE, MAIN),
        sampledStack(0, 'waiting', 1.55, MODULE, MAIN),
        sampledStack(1, 'working', 0.3, RUN, WORKER, DEPLOY),
        sampledStack(1, 'waiting', 0.9, RUN, WORKER, DEPLOY),
      ],
      [{ seconds: 0.4, frames: [FETCH] }],
    ),
    process: { cpuTime: 0.36, samplerCpuTime: 0.02, children: { count: 2, cpuTime: 0.5 } },
    notes: ['Thread ThreadPoolExecutor-0_1 ended before it could be sampled.'],
  };
}

function child(node: CallTreeNode, id: string): CallTreeNode {
  const found = node.children.find((c) => c.functionId === id);
  assert.ok(found, `${node.functionId} has no child ${id}: ${node.children.map((c) => c.functionId).join(', ')}`);
  return found;
}

function catalogOf(profile: Profile): FrameCatalog {
  return new FrameCatalog(profile, new Map<string, FunctionStats>(profile.functions.map((fn) => [fn.id, fn])));
}

const choice = { rootId: null, hideLibrary: false, mergeThreads: false, time: 'all' as const, stacks: 'threads' as const };

describe('the panel of a run with sampled stacks', () => {
  it('draws the flame graph from the samples: a root per thread, the worker function under its thread, waiting apart', () => {
    const profile = threadedRun();
    assert.equal(hasSamples(profile), true);
    const tree = flameTree(profile, choice);
    assert.equal(tree.sampled, true);
    assert.equal(tree.apportionedCount, 0);
    const catalog = catalogOf(profile);
    assert.deepEqual(
      tree.root.children.map((node) => catalog.info(node.functionId).name),
      ['thread MainThread', 'thread ThreadPoolExecutor-0_0'],
    );
    assert.equal(catalog.info(threadRootId(1)).kind, 'thread');
    const deploy = child(child(child(tree.root.children[1]!, frames[RUN]!.id), frames[WORKER]!.id), frames[DEPLOY]!.id);
    const waiting = child(deploy, WAITING_ID);
    assert.equal(catalog.info(WAITING_ID).kind, 'waiting');
    assert.equal(waiting.totalTime, 0.9);
    const info = catalog.info(deploy.functionId);
    assert.equal(info.kind, 'user');
    assert.equal(info.fn?.name, 'deploy_host', 'the frame is linked to its table row');
    assert.equal(catalog.info(frames[WORKER]!.id).kind, 'library');
    const tip = describeSampledFrame(deploy, info, tree.root.totalTime, '/work');
    assert.deepEqual(tip.slice(0, 4), [
      'deploy_host',
      'deploy.py:20',
      '1.20 s on this path (42.9 % of the graph)',
      'working (on CPU) 300 ms \u00b7 waiting (off CPU) 900 ms',
    ]);
    assert.match(flameTreeSummary(profile, tree), /true stacks sampled every 5 ms/);
  });

  it('merges the threads, shows only working or only waiting time, and the asyncio await view', () => {
    const profile = threadedRun();
    const merged = flameTree(profile, { ...choice, mergeThreads: true });
    assert.deepEqual(merged.root.children.map((node) => node.functionId).sort(), [frames[MODULE]!.id, frames[RUN]!.id].sort());
    const working = flameTree(profile, { ...choice, time: 'working' });
    assert.ok(Math.abs(working.root.totalTime - 0.35) < 1e-9);
    assert.equal(JSON.stringify(working.root).includes(WAITING_ID), false, 'a waiting frame in the working view');
    const waiting = flameTree(profile, { ...choice, time: 'waiting' });
    assert.ok(Math.abs(waiting.root.totalTime - 2.45) < 1e-9);
    assert.equal(hasAwaits(profile), true);
    const awaits = flameTree(profile, { ...choice, stacks: 'await' });
    assert.equal(child(child(awaits.root, frames[FETCH]!.id), AWAIT_ID).totalTime, 0.4);
    assert.equal(catalogOf(profile).info(AWAIT_ID).name, 'awaiting');
  });

  it('keeps the estimated tree for a .prof without samples', () => {
    const profile = threadedRun();
    delete profile.sampling;
    assert.equal(hasSamples(profile), false);
    const tree = flameTree(profile, choice);
    assert.notEqual(tree.sampled, true);
    assert.equal(flameTreeSummary(profile, tree), ' \u00b7 every frame is exact');
  });

  it('puts CPU time, waiting, threads and child processes in the header, with each thread in a list', () => {
    const profile = threadedRun();
    const facts = new Map(runFacts(profile).map(([term, value]) => [term, value]));
    assert.equal(facts.get('CPU time'), '360 ms');
    assert.equal(facts.get('Waiting'), '1.55 s');
    assert.equal(facts.get('Threads'), '3 (2 with exact calls)');
    assert.equal(facts.get('Child processes'), '2 (500 ms CPU)');
    assert.deepEqual(measurementFact(profile)?.slice(0, 2), ['Measured by', 'cProfile (exact calls) + stack sampling every 5 ms']);
    const rows = threadRows(profile);
    assert.deepEqual(
      rows.map((row) => [row.name, row.cpu, row.waiting, row.how, row.exited]),
      [
        ['MainThread (main)', '50.0 ms', '1.55 s', 'exact calls', false],
        ['ThreadPoolExecutor-0_0', '300 ms', '900 ms', 'exact calls', true],
        ['ThreadPoolExecutor-0_1', 'unknown', 'unknown', 'not sampled', true],
      ],
    );
  });

  it('says when the times come from samples, and shows no call count it does not have', () => {
    const profile = threadedRun({ timing: 'samples', callCounts: false });
    assert.match(measurementFact(profile)![1], /cProfile unsound here/);
    const columns = functionColumns({ totalTime: 1.5, baseDir: '/work', callCounts: false, sampledTiming: true });
    const deploy = profile.functions.find((fn) => fn.name === 'deploy_host')!;
    const text = (key: string): string => columns.find((column) => column.key === key)!.text(deploy);
    assert.equal(text('calls'), '\u2014');
    assert.equal(text('perCall'), '\u2014');
    assert.equal(text('cumulativeTime'), '1.40 s');
    assert.match(columns.find((column) => column.key === 'ownTime')!.tooltip, /sampled stacks/);
    const sampling = threadedRun({ profiler: 'sampling', timing: 'samples', callCounts: false });
    assert.deepEqual(measurementFact(sampling)?.[1], 'stack sampling every 5 ms (no call counts)');
    const counted = functionColumns({ totalTime: 1.5, baseDir: '/work' });
    assert.equal(counted.find((column) => column.key === 'calls')!.text(deploy), '8');
  });

  it('has no run facts for a .prof loaded from disk', () => {
    const profile = buildProfile([{ name: 'main', calls: 1, own: 0.1, cumulative: 0.1 }], [], 0.1);
    assert.deepEqual(runFacts(profile), []);
    assert.equal(measurementFact(profile), null);
    assert.deepEqual(threadRows(profile), []);
  });
});
