// The sampled-stack side of the profile model, on hand-made profiles: trees, exports, the run
// summary and header, and the clamping of impossible numbers.
import assert from 'node:assert/strict';
import type { CallTreeNode, Profile, SampledStack } from '../../../../src/core/profile/model';
import { formatRunHeader, runSummaryJson } from '../../../../src/core/profile/runReport';
import { toSampledCollapsed, toSampledSpeedscope } from '../../../../src/core/profile/sampledExports';
import { readSampling } from '../../../../src/core/profile/sampledSummary';
import { AWAIT_ID, buildSampledTree, threadRootId, WAITING_ID } from '../../../../src/core/profile/sampledTree';
import { makeSane } from '../../../../src/core/profile/sanity';
import { buildFunctions, SummaryFormatError } from '../../../../src/core/profile/summary';
import { samplingEvery5ms, sampledStack, sampledThread, sampleFrames } from '../../../helpers/sampledProfile';

const LIB = '/usr/lib/python3.11';
const frames = sampleFrames(LIB, [
  { file: '/work/app/deploy.py', line: 1, name: '<module>' },
  { file: '/work/app/deploy.py', line: 10, name: 'main' },
  { file: '/work/app/deploy.py', line: 20, name: 'deploy_host' },
  { file: `${LIB}/threading.py`, line: 900, name: 'run' },
  { file: `${LIB}/subprocess.py`, line: 500, name: 'run' },
  { file: '/work/app/deploy.py', line: 30, name: 'fetch' },
  { file: `${LIB}/asyncio/tasks.py`, line: 600, name: 'sleep' },
]);
const F = { module: 0, main: 1, deploy: 2, threadRun: 3, subprocessRun: 4, fetch: 5, sleep: 6 };

function sampledProfile(): Profile {
  return {
    version: 1,
    functions: [],
    run: {
      script: '/work/app/deploy.py',
      profFile: null,
      args: [],
      cwd: '/work/app',
      interpreter: { path: 'python3', executable: '/usr/bin/python3', version: '3.11.7', implementation: 'CPython', libraryPaths: [LIB] },
      startTime: null,
      wallTime: 2,
      totalTime: 0,
      exitStatus: 'completed',
      exitCode: 0,
      profiler: 'cprofile+sampling',
    },
    threads: [
      sampledThread('MainThread', 1, { cpu: 0.4, wait: 1.6, wall: 2 }),
      sampledThread('worker;1', 2, { cpu: 0.3, wait: 0.5, wall: 0.8 }),
    ],
    sampling: samplingEvery5ms(
      frames,
      [
        sampledStack(0, 'working', 0.4, F.module, F.main),
        sampledStack(0, 'waiting', 1.6, F.module, F.main, F.subprocessRun),
        sampledStack(1, 'working', 0.3, F.threadRun, F.deploy),
        sampledStack(1, 'waiting', 0.5, F.threadRun, F.deploy),
      ],
      [
        { seconds: 0.6, frames: [F.fetch, F.sleep] },
        { seconds: 0.3, frames: [F.main] },
      ],
    ),
    process: { cpuTime: 0.7, samplerCpuTime: 0.01, children: { count: 3, cpuTime: 1.25 } },
  };
}

function child(node: CallTreeNode, id: string): CallTreeNode {
  const found = node.children.find((c) => c.functionId === id);
  assert.ok(found, `${node.functionId} has no child ${id}: ${node.children.map((c) => c.functionId).join(', ')}`);
  return found;
}

describe('sampled trees', () => {
  it('has one root per thread, with working and waiting time kept apart, and waiting leaves', () => {
    const profile = sampledProfile();
    const tree = buildSampledTree(profile, { minTime: 0 });
    assert.equal(tree.sampled, true);
    assert.equal(tree.apportionedCount, 0);
    assert.deepEqual(
      tree.root.children.map((c) => c.functionId),
      [threadRootId(0), threadRootId(1)],
    );
    assert.equal(tree.labels![threadRootId(1)], 'thread: worker;1');
    const main = child(child(tree.root.children[0]!, frames[F.module]!.id), frames[F.main]!.id);
    assert.equal(main.workTime, 0.4);
    assert.equal(main.waitTime, 1.6);
    assert.equal(main.totalTime, 2);
    const waiting = child(child(main, frames[F.subprocessRun]!.id), WAITING_ID);
    assert.equal(waiting.totalTime, 1.6);
    const deploy = child(child(tree.root.children[1]!, frames[F.threadRun]!.id), frames[F.deploy]!.id);
    assert.equal(deploy.workTime, 0.3);
    assert.equal(deploy.waitTime, 0.5);
    assert.equal(deploy.ownTime, 0.3, 'own time is the working part; the waiting part is its [waiting] child');
    assert.equal(tree.root.totalTime, 2.8);
  });

  it('merges threads, filters working or waiting, hides library frames and re-roots', () => {
    const profile = sampledProfile();
    const merged = buildSampledTree(profile, { mergeThreads: true, minTime: 0 });
    assert.deepEqual(merged.root.children.map((c) => c.functionId).sort(), [frames[F.module]!.id, frames[F.threadRun]!.id].sort());
    const working = buildSampledTree(profile, { mergeThreads: true, show: 'working', minTime: 0 });
    assert.ok(Math.abs(working.root.totalTime - 0.7) < 1e-12);
    assert.equal(working.root.waitTime, 0);
    const waiting = buildSampledTree(profile, { mergeThreads: true, show: 'waiting', minTime: 0 });
    assert.equal(waiting.root.totalTime, 2.1);
    const noLibrary = buildSampledTree(profile, { hideLibrary: true, minTime: 0 });
    const worker = noLibrary.root.children[1]!;
    assert.deepEqual(
      worker.children.map((c) => c.functionId),
      [frames[F.deploy]!.id],
    );
    const rooted = buildSampledTree(profile, { rootId: frames[F.deploy]!.id, minTime: 0 });
    assert.deepEqual(
      rooted.root.children.map((c) => c.functionId),
      [frames[F.deploy]!.id],
    );
    assert.equal(rooted.root.totalTime, 0.8);
  });

  it('draws where asyncio tasks awaited as its own tree', () => {
    const tree = buildSampledTree(sampledProfile(), { view: 'await', minTime: 0 });
    const fetch = child(tree.root, frames[F.fetch]!.id);
    assert.equal(child(child(fetch, frames[F.sleep]!.id), AWAIT_ID).totalTime, 0.6);
    assert.equal(child(tree.root, frames[F.main]!.id).totalTime, 0.3);
  });

  it('keeps at most maxNodes nodes, folding the rest into their parent', () => {
    const profile = sampledProfile();
    const many: SampledStack[] = [];
    for (let i = 0; i < 500; i += 1) {
      profile.sampling!.frames.push({ ...frames[F.deploy]!, line: 1000 + i, id: `/x.py:${1000 + i}(f)`, name: 'f' });
      many.push(sampledStack(0, 'working', 0.001, F.module, frames.length + i));
    }
    profile.sampling!.stacks = many;
    const tree = buildSampledTree(profile, { maxNodes: 100, minTime: 0 });
    assert.ok(tree.nodeCount <= 100);
    assert.equal(tree.truncated, true);
    assert.ok(Math.abs(tree.root.totalTime - 0.5) < 1e-9);
  });
});

describe('sampled exports', () => {
  it('writes collapsed stacks: thread first, frames root first with paths relative to the working directory, [waiting] last', () => {
    const text = toSampledCollapsed(sampledProfile());
    assert.equal(
      text,
      [
        'thread:MainThread;<module> (deploy.py:1);main (deploy.py:10) 400000',
        `thread:MainThread;<module> (deploy.py:1);main (deploy.py:10);run (${LIB}/subprocess.py:500);[waiting] 1600000`,
        `thread:worker:1;run (${LIB}/threading.py:900);deploy_host (deploy.py:20) 300000`,
        `thread:worker:1;run (${LIB}/threading.py:900);deploy_host (deploy.py:20);[waiting] 500000`,
        '',
      ].join('\n'),
    );
  });

  it('writes speedscope JSON with one sampled profile per thread, plus the await time', () => {
    const file = toSampledSpeedscope(sampledProfile());
    assert.deepEqual(
      file.profiles.map((p) => [p.name, p.type, p.unit, p.endValue]),
      [
        ['thread: MainThread', 'sampled', 'seconds', 2],
        ['thread: worker;1', 'sampled', 'seconds', 0.8],
        ['asyncio: where suspended tasks awaited (task-seconds)', 'sampled', 'seconds', 0.8999999999999999],
      ],
    );
    const waiting = file.shared.frames.findIndex((f) => f.name === WAITING_ID);
    assert.deepEqual(file.profiles[0]!.samples[1], [F.module, F.main, F.subprocessRun, waiting]);
    for (const profile of file.profiles) {
      assert.equal(profile.samples.length, profile.weights.length);
      for (const sample of profile.samples) for (const index of sample) assert.ok(index >= 0 && index < file.shared.frames.length);
    }
  });
});

describe('run summary and header', () => {
  it('gives the documented JSON fields', () => {
    const json = runSummaryJson(sampledProfile());
    assert.equal(json.wall_s, 2);
    assert.equal(json.cpu_s, 0.7);
    assert.equal(json.waiting_s, 1.6);
    assert.deepEqual(json.children, { count: 3, cpu_s: 1.25 });
    assert.equal(json.exit_code, 0);
    assert.deepEqual(json.threads[1], {
      name: 'worker;1',
      main: false,
      cpu_s: 0.3,
      wait_s: 0.5,
      wall_s: 0.8,
      profiled: true,
      sampled: true,
      exited: true,
    });
    assert.equal(json.interval_ms, 5);
  });

  it('prints wall, CPU, waiting, threads and children above the table', () => {
    const header = formatRunHeader(sampledProfile());
    assert.match(header, /Run: wall 2\.000 s, CPU 0\.700 s, main thread waiting 1\.600 s, 2 threads, 3 child processes \(1\.250 s CPU\)/);
    assert.match(header, /MainThread \(main\): exact calls, 0\.400 s CPU, 1\.600 s waiting/);
    assert.match(header, /worker;1: exact calls, 0\.300 s CPU, 0\.500 s waiting/);
  });
});

describe('impossible numbers', () => {
  it('are clamped and counted in a note', () => {
    const profile = sampledProfile();
    profile.functions = buildFunctions(
      [
        ['/a.py', 1, 'own_above_cumulative', 1, 1, 0.5, 0.2],
        ['/a.py', 2, 'above_wall', 2, 2, 0.1, 9],
        ['/a.py', 3, 'negative', 1, 1, -1, 0.3],
        ['/a.py', 4, 'fine', 1, 1, 0.1, 0.2],
        ['/a.py', 5, 'not_a_number', Number.NaN, 1, 0.1, 0.2],
      ],
      [],
      [],
    );
    makeSane(profile);
    const row = (name: string) => profile.functions.find((fn) => fn.name === name)!;
    assert.equal(row('own_above_cumulative').ownTime, 0.2);
    assert.equal(row('above_wall').cumulativeTime, 2);
    assert.equal(row('negative').ownTime, 0);
    assert.equal(row('not_a_number').primitiveCalls, 0);
    assert.deepEqual([row('fine').ownTime, row('fine').cumulativeTime], [0.1, 0.2]);
    assert.match(profile.notes!.at(-1)!, /^4 impossible numbers were clamped/);
    for (const fn of profile.functions) assert.ok(fn.ownTime <= fn.cumulativeTime && fn.cumulativeTime <= 2 && fn.ownTime >= 0);
  });

  it('rejects sampled stacks that point outside the frames or threads', () => {
    const raw = {
      interval: 0.005,
      mainTimer: 'itimer',
      threadCpu: true,
      frames: [['/a.py', 1, 'f']],
      stacks: [[0, 0, 0.1, 0]],
      awaits: [],
    };
    assert.equal(readSampling(raw, 1, []).stacks.length, 1);
    assert.throws(() => readSampling({ ...raw, stacks: [[0, 0, 0.1, 5]] }, 1, []), SummaryFormatError);
    assert.throws(() => readSampling({ ...raw, stacks: [[3, 0, 0.1, 0]] }, 1, []), SummaryFormatError);
    assert.throws(() => readSampling({ ...raw, stacks: [[0, 9, 0.1, 0]] }, 1, []), SummaryFormatError);
  });
});
