import assert from 'node:assert/strict';
import { compareProfiles } from '../../../../src/core/profile/compare';
import type { Profile } from '../../../../src/core/profile/model';
import { runProfile } from '../../../../src/core/profile/runProfile';
import { buildFunctions } from '../../../../src/core/profile/summary';
import { fixture, helperDir, makeTempRoot, python, removeDir } from './support';

function profileOf(rows: Array<[string, number, string, number, number, number, number]>): Profile {
  return {
    version: 1,
    functions: buildFunctions(rows, [], []),
    run: {
      script: null,
      profFile: null,
      args: [],
      cwd: null,
      interpreter: { path: 'python3', executable: 'python3', version: '3.11.0', implementation: 'CPython', libraryPaths: [] },
      startTime: null,
      wallTime: null,
      totalTime: rows.reduce((sum, row) => sum + row[5], 0),
      exitStatus: 'unknown',
      exitCode: null,
    },
  };
}

describe('compareProfiles', function () {
  this.timeout(60_000);

  it('gives per-function deltas between two real runs', async () => {
    const tempRoot = makeTempRoot();
    try {
      const run = (rounds: string) =>
        runProfile({ python, script: fixture('hot.py'), args: [rounds], helperDir, tempRoot, onStdout: () => {} });
      // 1 round against 10: a gap of about 9 hot loops, wider than a loaded machine's preemption
      // (cProfile times wall clock), so the later run is the slower one.
      const before = await run('1');
      const after = await run('10');
      const comparison = compareProfiles(before, after);
      const hot = comparison.functions.find((d) => d.name === 'hot_loop')!;
      assert.equal(hot.status, 'changed');
      assert.equal(hot.before!.totalCalls, 1);
      assert.equal(hot.after!.totalCalls, 10);
      assert.equal(hot.delta.totalCalls, 9);
      assert.ok(hot.delta.cumulativeTime > 0);
      assert.equal(hot.delta.ownTime, hot.after!.ownTime - hot.before!.ownTime);
      const helper = comparison.functions.find((d) => d.name === 'helper')!;
      assert.equal(helper.delta.totalCalls, 0);
      assert.equal(comparison.totalTimeDelta, after.run.totalTime - before.run.totalTime);
      const sizes = comparison.functions.map((d) => Math.abs(d.delta.cumulativeTime));
      assert.deepEqual(
        sizes,
        [...sizes].sort((a, b) => b - a),
      );
    } finally {
      removeDir(tempRoot);
    }
  });

  it('warns when the runs differ in memory tracing, arguments or interpreter, and not when they ran alike', async () => {
    const tempRoot = makeTempRoot();
    try {
      const run = (rounds: string, memory: boolean) =>
        runProfile({ python, script: fixture('hot.py'), args: [rounds], helperDir, tempRoot, memory, onStdout: () => {} });
      const plain = await run('2', false);
      const plainAgain = await run('2', false);
      const memory = await run('5', true);
      assert.deepEqual(compareProfiles(plain, plainAgain).differences, []);

      const differences = compareProfiles(plain, memory).differences;
      assert.equal(differences.length, 2, JSON.stringify(differences));
      assert.match(differences[0]!, /^This run traced memory and the previous one did not: .*overhead/);
      assert.match(differences[1]!, /arguments differ: 2 before, 5 now/);
      assert.match(compareProfiles(memory, plain).differences[0]!, /^The previous run traced memory and this one did not/);
    } finally {
      removeDir(tempRoot);
    }
    const older = profileOf([['/app/m.py', 1, 'f', 1, 1, 0.1, 0.1]]);
    const newer = profileOf([['/app/m.py', 1, 'f', 1, 1, 0.1, 0.1]]);
    newer.run.interpreter = { ...newer.run.interpreter, version: '3.12.1', executable: '/opt/py312/bin/python3' };
    assert.deepEqual(compareProfiles(older, newer).differences, [
      'The runs used different interpreters: CPython 3.11.0 (python3) before, CPython 3.12.1 (/opt/py312/bin/python3) now.',
    ]);
  });

  it('reports added, removed, unchanged, and follows a function that moved lines', () => {
    const before = profileOf([
      ['/app/m.py', 10, 'moved', 1, 1, 0.1, 0.2],
      ['/app/m.py', 20, 'gone', 2, 2, 0.3, 0.3],
      ['/app/m.py', 30, 'same', 4, 4, 0.5, 0.5],
    ]);
    const after = profileOf([
      ['/app/m.py', 12, 'moved', 3, 3, 0.2, 0.5],
      ['/app/m.py', 30, 'same', 4, 4, 0.5, 0.5],
      ['/app/m.py', 40, 'fresh', 1, 1, 0.05, 0.05],
    ]);
    const byName = new Map(compareProfiles(before, after).functions.map((d) => [d.name, d]));
    assert.equal(byName.size, 4);
    const moved = byName.get('moved')!;
    assert.equal(moved.status, 'changed');
    assert.equal(moved.line, 12);
    assert.equal(moved.delta.totalCalls, 2);
    assert.ok(Math.abs(moved.delta.cumulativeTime - 0.3) < 1e-12);
    assert.equal(byName.get('gone')!.status, 'removed');
    assert.equal(byName.get('gone')!.after, null);
    assert.equal(byName.get('gone')!.delta.totalCalls, -2);
    assert.equal(byName.get('fresh')!.status, 'added');
    assert.equal(byName.get('fresh')!.before, null);
    assert.equal(byName.get('same')!.status, 'unchanged');
  });
});
