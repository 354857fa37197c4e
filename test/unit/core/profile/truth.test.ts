// Profiles of scripts whose truth is known, on every Python 3.8+ the machine has (pyenv, or
// PYOPS_TEST_PYTHONS): true stacks of every thread, working vs waiting, await time, child
// processes, and never an impossible number.
import assert from 'node:assert/strict';
import type { CallTree, CallTreeNode, Profile } from '../../../../src/core/profile/model';
import { runProfile } from '../../../../src/core/profile/runProfile';
import { buildSampledTree, threadOfRoot, WAITING_ID, AWAIT_ID } from '../../../../src/core/profile/sampledTree';
import { findPythons } from '../../../helpers/pythons';
import { fixture, threadPoolScript, helperDir, leftovers, makeTempRoot, python as defaultPython, removeDir } from './support';

function pythonsUnderTest(): Array<{ path: string; label: string; minor: number }> {
  const found = findPythons()
    .filter((p) => p.version[0] === 3 && p.version[1] >= 8)
    .map((p) => ({ path: p.path, label: p.label, minor: p.version[1] }));
  return found.length > 0 ? found : [{ path: defaultPython, label: defaultPython, minor: 0 }];
}

function nameOf(profile: Profile, id: string): string {
  return profile.sampling?.frames.find((frame) => frame.id === id)?.name ?? id;
}

/** Every root-to-node path of the tree as function names (synthetic frames by their id). */
function paths(profile: Profile, tree: CallTree): Array<{ names: string[]; node: CallTreeNode }> {
  const out: Array<{ names: string[]; node: CallTreeNode }> = [];
  const stack: Array<{ names: string[]; node: CallTreeNode }> = tree.root.children.map((node) => ({
    names: [nameOf(profile, node.functionId)],
    node,
  }));
  while (stack.length > 0) {
    const item = stack.pop()!;
    out.push(item);
    for (const child of item.node.children) stack.push({ names: [...item.names, nameOf(profile, child.functionId)], node: child });
  }
  return out;
}

function endsWith(names: readonly string[], tail: readonly string[]): boolean {
  return tail.every((name, i) => names[names.length - tail.length + i] === name);
}

/** No impossible number: non-negative, own <= cumulative, cumulative within the run's wall time. */
function assertPossible(profile: Profile): void {
  const wall = profile.run.wallTime!;
  const threads = Math.max(1, new Set(profile.functions.flatMap((fn) => (fn.byThread ?? []).map((row) => row.thread))).size);
  for (const fn of profile.functions) {
    const where = `${fn.name} (${fn.file}:${fn.line})`;
    for (const value of [fn.ownTime, fn.cumulativeTime, fn.totalCalls, fn.primitiveCalls])
      assert.ok(Number.isFinite(value) && value >= 0, where);
    assert.ok(fn.ownTime <= fn.cumulativeTime, `${where}: own ${fn.ownTime} > cumulative ${fn.cumulativeTime}`);
    assert.ok(fn.cumulativeTime <= wall * threads, `${where}: cumulative ${fn.cumulativeTime} > wall ${wall} x ${threads} threads`);
    assert.ok(fn.primitiveCalls <= fn.totalCalls, where);
    for (const row of fn.byThread ?? []) {
      assert.ok(row.ownTime <= row.cumulativeTime && row.cumulativeTime <= wall, `${where} in thread ${row.thread}`);
    }
  }
}

async function profileOf(script: string, python: string): Promise<{ profile: Profile; stdout: string }> {
  const tempRoot = makeTempRoot();
  let stdout = '';
  try {
    const profile = await runProfile({ python, script, helperDir, tempRoot, onStdout: (text) => (stdout += text), onStderr: () => {} });
    assert.deepEqual(leftovers(tempRoot), []);
    return { profile, stdout };
  } finally {
    removeDir(tempRoot);
  }
}

for (const interpreter of pythonsUnderTest()) {
  describe(`profiles with a known truth on ${interpreter.label}`, function () {
    this.timeout(60_000);
    const python = interpreter.path;

    it('a helper reached from two callers of unequal cost shows only the paths that ran, with the measured shares', async () => {
      const { profile, stdout } = await profileOf(fixture('truth', 'two_callers.py'), python);
      assertPossible(profile);
      const truth = JSON.parse(
        stdout
          .split('\n')
          .find((line) => line.startsWith('TRUTH '))!
          .slice(6),
      ) as Record<string, number>;
      const tree = buildSampledTree(profile, { mergeThreads: true, minTime: 0 });
      const all = paths(profile, tree);
      const ran = (tail: string[]): CallTreeNode | undefined => all.find((p) => endsWith(p.names, tail))?.node;
      assert.ok(ran(['cheap_caller', 'helper', 'light', 'burn']), 'cheap_caller -> helper -> light is missing');
      assert.ok(ran(['costly_caller', 'helper', 'heavy', 'burn']), 'costly_caller -> helper -> heavy is missing');
      assert.equal(ran(['cheap_caller', 'helper', 'heavy']), undefined, 'a path that never ran is drawn');
      assert.equal(ran(['costly_caller', 'helper', 'light']), undefined, 'a path that never ran is drawn');
      const cheap = ran(['main', 'cheap_caller'])!;
      const costly = ran(['main', 'costly_caller'])!;
      const measured = cheap.workTime! / (cheap.workTime! + costly.workTime!);
      const expected = truth.cheap_caller! / (truth.cheap_caller! + truth.costly_caller!);
      assert.ok(Math.abs(measured - expected) < 0.05, `cheap_caller's share: sampled ${measured.toFixed(3)}, timed ${expected.toFixed(3)}`);
      if (profile.run.callCounts !== false) {
        assert.equal(profile.functions.find((fn) => fn.name === 'helper')!.totalCalls, 16);
      }
    });

    it('a thread pool shows its worker function with its CPU and waiting time, in every thread', async () => {
      const { profile } = await profileOf(threadPoolScript, python);
      assertPossible(profile);
      const threads = profile.threads!;
      const workers = threads.filter((thread) => thread.name.startsWith('ThreadPoolExecutor'));
      assert.equal(workers.length, 4, threads.map((t) => t.name).join(', '));
      assert.ok(workers.every((thread) => thread.sampled && thread.cpuTime !== null && thread.waitTime !== null));
      const tree = buildSampledTree(profile, { minTime: 0 });
      const underWorkers = paths(profile, tree).filter((p) => {
        const thread = threadOfRoot(tree.root.children.find((root) => nameOf(profile, root.functionId) === p.names[0])?.functionId ?? '');
        return thread !== undefined && workers.includes(threads[thread]!) && p.names[p.names.length - 1] === 'deploy_host';
      });
      assert.ok(underWorkers.length >= 2, 'deploy_host is missing under the worker threads');
      const work = underWorkers.reduce((sum, p) => sum + p.node.workTime!, 0);
      const wait = underWorkers.reduce((sum, p) => sum + p.node.waitTime!, 0);
      // 8 tasks of 15 ms CPU (thread CPU clocks: load on the machine does not change it) and 60 ms
      // of sleep; waiting also holds the wait for the GIL and for a CPU, so only its floor is known.
      assert.ok(work > 0.06 && work < 0.3, `deploy_host working ${work.toFixed(3)} s, expected about 0.12 s`);
      const workerWall = workers.reduce((sum, thread) => sum + thread.wallTime!, 0);
      assert.ok(wait > 0.4 && wait <= workerWall, `deploy_host waiting ${wait.toFixed(3)} s, expected at least 0.48 s`);
      const row = profile.functions.find((fn) => fn.name === 'deploy_host');
      assert.ok(row, 'deploy_host is not in the table');
      if (interpreter.minor > 0 && interpreter.minor < 12) {
        assert.equal(profile.run.timing ?? 'cprofile', 'cprofile');
        assert.equal(row.totalCalls, 8);
        assert.ok(
          workers.every((thread) => thread.profiled),
          'a worker thread was not profiled by cProfile',
        );
        assert.ok((row.byThread ?? []).length >= 2, 'no per-thread breakdown');
      } else if (interpreter.minor >= 12) {
        assert.equal(profile.run.timing, 'samples');
        assert.equal(profile.run.callCounts, false);
        assert.ok(profile.notes?.some((note) => /mixes the calls of all threads/.test(note)));
      }
    });

    it('a thread seen before threading registers it is one thread, under its own name', async () => {
      const { profile } = await profileOf(fixture('truth', 'late_registered_thread.py'), python);
      assertPossible(profile);
      const threads = profile.threads!;
      const names = threads.map((t) => t.name).join(', ');
      const late = threads.filter((thread) => thread.name === 'late-worker');
      assert.equal(late.length, 1, names);
      assert.equal(threads.length, 2, names);
      assert.ok(late[0].sampled && late[0].cpuTime !== null, names);
      if (interpreter.minor > 0 && interpreter.minor < 12) assert.ok(late[0].profiled, 'the thread was not matched with its cProfile');
    });

    it('a multiprocessing.Pool script reports its child processes and their CPU time', async () => {
      const { profile } = await profileOf(fixture('truth', 'process_pool.py'), python);
      assertPossible(profile);
      const children = profile.process!.children;
      assert.ok(children.count >= 2, `${children.count} child processes`);
      assert.ok(children.cpuTime >= 0.8 * 4 * 0.08, `children CPU ${children.cpuTime.toFixed(3)} s, expected at least 0.32 s`);
      assert.ok(profile.process!.cpuTime < children.cpuTime, 'the children\u2019s CPU was counted as this process\u2019s');
    });

    it('an asyncio gather shows where the tasks awaited', async () => {
      const { profile } = await profileOf(fixture('truth', 'asyncio_gather.py'), python);
      assertPossible(profile);
      const tree = buildSampledTree(profile, { view: 'await', minTime: 0 });
      const all = paths(profile, tree);
      const inSleep = all.filter((p) => endsWith(p.names, ['fetch', 'sleep', AWAIT_ID]));
      const seconds = inSleep.reduce((sum, p) => sum + p.node.totalTime, 0);
      // Await time is wall time: a loaded machine can only add to it.
      assert.ok(seconds > 0.45 && seconds < 1.5, `fetch awaited sleep for ${seconds.toFixed(3)} task-seconds, expected about 0.6`);
      const main = all.find((p) => p.names.length === 1 && p.names[0] === 'main');
      assert.ok(main && main.node.totalTime > 0.2 && main.node.totalTime < 1.0, 'main awaited the gather for about 0.3 s');
    });

    it('a script waiting on subprocess.run shows that time as waiting', async () => {
      const { profile } = await profileOf(fixture('truth', 'waits_on_child.py'), python);
      assertPossible(profile);
      const tree = buildSampledTree(profile, { mergeThreads: true, minTime: 0 });
      const migration = paths(profile, tree).find((p) => p.names[p.names.length - 1] === 'run_migration')!.node;
      assert.ok(migration.waitTime! > 0.25, `waiting ${migration.waitTime!.toFixed(3)} s, expected at least 0.25 s`);
      assert.ok(migration.workTime! < 0.15, `working ${migration.workTime!.toFixed(3)} s while waiting on a child`);
      assert.ok(paths(profile, tree).some((p) => p.names.includes('run_migration') && p.names[p.names.length - 1] === WAITING_ID));
      assert.equal(profile.process!.children.count, 1);
      const main = profile.threads!.find((thread) => thread.main)!;
      assert.ok(main.waitTime! > 0.25);
    });
  });
}
