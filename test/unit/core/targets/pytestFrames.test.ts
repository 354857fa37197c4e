// A test run profiled with real pytest (every interpreter here that has it), with pytest's frames
// folded into <pytest>: the test and its fixture at the top, numbers still adding up.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { buildCallTree } from '../../../../src/core/profile/callTree';
import type { FunctionStats, Profile } from '../../../../src/core/profile/model';
import { runProfile } from '../../../../src/core/profile/runProfile';
import { collapsePytestFrames, hasPytestFrames, isPytestFile, PYTEST_GROUP_ID } from '../../../../src/core/targets/pytestFrames';
import { pythonsWithPytest, type PythonInterpreter } from '../../../helpers/pythons';
import { fixture, helperDir, leftovers, makeTempRoot, removeDir } from '../profile/support';

const project = fixture('pytest_project');

function named(profile: Profile, name: string): FunctionStats {
  const found = profile.functions.find((fn) => fn.name === name && !fn.builtin);
  assert.ok(found, `no function ${name}`);
  return found;
}

describe('pytest frames folded into <pytest> (real pytest)', function () {
  this.timeout(180_000);
  let pythons: PythonInterpreter[] = [];
  let tempRoot: string;

  before(() => {
    pythons = pythonsWithPytest();
  });
  beforeEach(() => {
    tempRoot = makeTempRoot();
  });
  afterEach(() => {
    assert.deepEqual(leftovers(tempRoot), []);
    removeDir(tempRoot);
  });

  async function profileTest(python: string, nodeId: string): Promise<Profile> {
    return runProfile({
      python,
      module: 'pytest',
      args: ['-p', 'no:cacheprovider', '--rootdir', project, join(project, nodeId)],
      cwd: project,
      helperDir,
      tempRoot,
      onStdout: () => {},
      onStderr: () => {},
    });
  }

  it('runs one test under the profiler and keeps it, its fixture and its code, with pytest in one frame', async () => {
    for (const python of pythons) {
      const profile = await profileTest(python.path, 'test_hosts.py::test_counts_every_host');
      assert.equal(profile.run.exitCode, 0, `${python.label}: pytest failed`);
      assert.equal(profile.run.module, 'pytest');
      assert.ok(hasPytestFrames(profile), python.label);

      const collapsed = collapsePytestFrames(profile)!;
      assert.ok(collapsed, python.label);
      assert.ok(!collapsed.functions.some((fn) => isPytestFile(fn.file)), `${python.label}: a pytest frame is left`);
      const group = collapsed.functions.find((fn) => fn.id === PYTEST_GROUP_ID)!;
      const pytestCount = profile.functions.filter((fn) => isPytestFile(fn.file)).length;
      const hidden = Number(/^<pytest: (\d+) functions/.exec(group.name)?.[1]);
      assert.ok(hidden >= pytestCount, `${python.label}: ${group.name}, ${pytestCount} in pytest's files`);
      assert.equal(collapsed.functions.length, profile.functions.length - hidden + 1, python.label);
      // <pytest> is where the run starts: the whole run, counted once.
      assert.ok(
        group.cumulativeTime <= profile.run.totalTime * 1.05 && group.cumulativeTime >= profile.run.totalTime * 0.5,
        `${python.label}: ${group.cumulativeTime} of ${profile.run.totalTime}`,
      );

      // The test and its fixture are called by <pytest> only, with their exact numbers.
      for (const name of ['test_counts_every_host', 'line_count']) {
        const fn = named(collapsed, name);
        assert.deepEqual(
          fn.callers.map((edge) => edge.id),
          [PYTEST_GROUP_ID],
          `${python.label}: ${name}`,
        );
        assert.equal(fn.callers[0]!.totalCalls, fn.totalCalls, `${python.label}: ${name}`);
        assert.ok(
          group.callees.some((edge) => edge.id === fn.id),
          `${python.label}: <pytest> calls ${name}`,
        );
        assert.deepEqual(named(profile, name).cumulativeTime, fn.cumulativeTime, `${python.label}: ${name} keeps its numbers`);
      }
      // The code under test keeps its numbers too, and all own time is still accounted for.
      assert.equal(named(collapsed, 'parse_line').totalCalls, 40_000, python.label);
      const own = (p: Profile): number => p.functions.reduce((sum, fn) => sum + fn.ownTime, 0);
      assert.ok(Math.abs(own(collapsed) - own(profile)) < 1e-9, python.label);

      // Rooted at <pytest> (as the viewer roots it), the test is an exact frame right below it.
      const tree = buildCallTree(collapsed, { rootId: PYTEST_GROUP_ID });
      assert.deepEqual(
        tree.root.children.map((node) => node.functionId),
        [PYTEST_GROUP_ID],
        python.label,
      );
      const testNode = tree.root.children[0]!.children.find((node) => node.functionId === named(collapsed, 'test_counts_every_host').id);
      assert.ok(testNode?.exact, `${python.label}: the test frame is exact`);

      // The sampled stacks (true paths) are folded alike: no pytest frame left, no time lost, and
      // the test sits right below <pytest>.
      const sampling = collapsed.sampling;
      assert.ok(sampling && profile.sampling, `${python.label}: the run was sampled`);
      const frameOf = (index: number) => sampling.frames[index]!;
      assert.ok(!sampling.stacks.some((stack) => stack.frames.some((index) => isPytestFile(frameOf(index).file))), python.label);
      const seconds = (stacks: ReadonlyArray<{ seconds: number }>): number => stacks.reduce((sum, stack) => sum + stack.seconds, 0);
      assert.ok(Math.abs(seconds(sampling.stacks) - seconds(profile.sampling.stacks)) < 1e-9, python.label);
      const testId = named(collapsed, 'test_counts_every_host').id;
      const withTest = sampling.stacks.filter((stack) => stack.frames.some((index) => frameOf(index).id === testId));
      assert.ok(withTest.length > 0, `${python.label}: the test was sampled`);
      for (const stack of withTest) {
        const at = stack.frames.findIndex((index) => frameOf(index).id === testId);
        assert.equal(frameOf(stack.frames[at - 1]!).id, PYTEST_GROUP_ID, python.label);
      }
    }
  });

  it('keeps a library function the test calls, and takes a class test with its parameters', async () => {
    const python = pythons[0]!;
    const profile = await profileTest(python.path, 'test_hosts.py::TestGroups');
    assert.equal(profile.run.exitCode, 0);
    const collapsed = collapsePytestFrames(profile)!;
    // str.partition is called by the code under test only: it stays visible.
    assert.ok(
      collapsed.functions.some((fn) => fn.name.includes("'partition' of 'str'")),
      python.label,
    );
    assert.equal(named(collapsed, 'test_parametrized').totalCalls, 2);
    assert.equal(named(collapsed, 'test_small_inventory').totalCalls, 1);
    assert.equal(
      collapsePytestFrames({ ...profile, functions: profile.functions.filter((fn) => !isPytestFile(fn.file)) }),
      undefined,
      'nothing to fold without pytest frames',
    );
  });
});
