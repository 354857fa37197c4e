import assert from 'node:assert/strict';
import { buildCallTree, ROOT_ID } from '../../../../src/core/profile/callTree';
import type { CallTreeNode, FunctionStats, Profile } from '../../../../src/core/profile/model';
import { runProfile } from '../../../../src/core/profile/runProfile';
import { buildFunctions } from '../../../../src/core/profile/summary';
import { fixture, helperDir, leftovers, makeTempRoot, python, removeDir } from './support';

/** Every node with its parent, depth-first. */
function walk(root: CallTreeNode): Array<{ node: CallTreeNode; parent: CallTreeNode | undefined }> {
  const out: Array<{ node: CallTreeNode; parent: CallTreeNode | undefined }> = [];
  const stack: Array<{ node: CallTreeNode; parent: CallTreeNode | undefined }> = [{ node: root, parent: undefined }];
  while (stack.length > 0) {
    const item = stack.pop()!;
    out.push(item);
    for (const child of item.node.children) stack.push({ node: child, parent: item.node });
  }
  return out;
}

const LIB = '/usr/lib/python3.11';

/** A Profile from rows: [file, line, name, pcalls, ncalls, tottime, cumtime] and edges by index. */
function syntheticProfile(
  functions: Array<[string, number, string, number, number, number, number]>,
  edges: Array<[number, number, number, number, number, number]>,
  script: string | null = null,
): Profile {
  return {
    version: 1,
    functions: buildFunctions(functions, edges, [LIB]),
    run: {
      script,
      profFile: null,
      args: [],
      cwd: null,
      interpreter: { path: 'python3', executable: '/usr/bin/python3', version: '3.11.0', implementation: 'CPython', libraryPaths: [LIB] },
      startTime: null,
      wallTime: null,
      totalTime: functions.reduce((sum, row) => sum + row[5], 0),
      exitStatus: 'unknown',
      exitCode: null,
    },
  };
}

describe('buildCallTree on a real profile', function () {
  this.timeout(60_000);
  let profile: Profile;
  let byId: Map<string, FunctionStats>;

  before(async () => {
    const tempRoot = makeTempRoot();
    try {
      profile = await runProfile({ python, script: fixture('shared.py'), helperDir, tempRoot, onStdout: () => {} });
      assert.deepEqual(leftovers(tempRoot), []);
    } finally {
      removeDir(tempRoot);
    }
    byId = new Map(profile.functions.map((fn) => [fn.id, fn]));
  });

  function name(node: CallTreeNode): string {
    return byId.get(node.functionId)?.name ?? node.functionId;
  }

  it("starts at the script's <module> with its measured totals", () => {
    const tree = buildCallTree(profile);
    assert.equal(tree.root.functionId, ROOT_ID);
    assert.equal(tree.root.children.length, 1);
    const top = tree.root.children[0]!;
    const fn = byId.get(top.functionId)!;
    assert.equal(fn.name, '<module>');
    assert.equal(fn.file, fixture('shared.py'));
    assert.equal(top.exact, true);
    assert.equal(top.totalTime, fn.cumulativeTime);
    assert.equal(top.calls, fn.totalCalls);
  });

  it("gives exact nodes exactly their edge's numbers", () => {
    const tree = buildCallTree(profile);
    let checked = 0;
    for (const { node, parent } of walk(tree.root)) {
      if (!parent || parent.functionId === ROOT_ID || !node.exact) continue;
      const edge = byId.get(parent.functionId)!.callees.find((e) => e.id === node.functionId)!;
      assert.ok(edge, `no edge ${parent.functionId} -> ${node.functionId}`);
      assert.equal(node.calls, edge.totalCalls);
      assert.equal(node.totalTime, edge.cumulativeTime);
      assert.equal(node.ownTime, edge.ownTime);
      checked += 1;
    }
    assert.ok(checked >= 5, `only ${checked} exact nodes checked`);
  });

  it('marks the callees of a function with two callers as apportioned, splitting by time', () => {
    const tree = buildCallTree(profile, { minTime: 0 });
    const nodes = walk(tree.root);
    const sharedNodes = nodes.filter(({ node }) => name(node) === 'shared');
    assert.deepEqual(
      sharedNodes.map(({ node, parent }) => [name(parent!), node.calls, node.exact]).sort(),
      [
        ['from_a', 30, true],
        ['from_b', 10, true],
      ],
    );
    const leafUnderShared = nodes.filter(({ node, parent }) => name(node) === 'leaf' && name(parent!) === 'shared');
    assert.equal(leafUnderShared.length, 2);
    assert.ok(leafUnderShared.every(({ node }) => !node.exact));
    // Apportioning conserves the edge's totals across the places it was spread over.
    const sharedFn = profile.functions.find((fn) => fn.name === 'shared')!;
    const edge = sharedFn.callees.find((e) => byId.get(e.id)!.name === 'leaf')!;
    const calls = leafUnderShared.reduce((sum, { node }) => sum + node.calls, 0);
    const time = leafUnderShared.reduce((sum, { node }) => sum + node.totalTime, 0);
    assert.ok(Math.abs(calls - edge.totalCalls) < 1e-6, `${calls} vs ${edge.totalCalls}`);
    assert.ok(Math.abs(time - edge.cumulativeTime) < 1e-9);
    // A callee reached through one chain of single callers stays exact.
    const leafUnderOnlyChild = nodes.find(({ node, parent }) => name(node) === 'leaf' && name(parent!) === 'only_child')!;
    assert.equal(leafUnderOnlyChild.node.exact, true);
    assert.equal(leafUnderOnlyChild.node.calls, 1);
    assert.equal(tree.apportionedCount, nodes.filter(({ node }) => !node.exact).length);
    assert.ok(tree.apportionedCount >= 2);
  });

  it('does not expand recursion again', () => {
    const tree = buildCallTree(profile);
    const fibNodes = walk(tree.root).filter(({ node }) => name(node) === 'fib');
    assert.equal(fibNodes.length, 1);
    assert.ok(fibNodes[0]!.node.cut?.includes('recursion'));
  });

  it('re-roots at any function with its measured totals', () => {
    const fromA = profile.functions.find((fn) => fn.name === 'from_a')!;
    const rerooted = buildCallTree(profile, { rootId: fromA.id });
    assert.equal(rerooted.root.children.length, 1);
    assert.equal(rerooted.root.children[0]!.totalTime, fromA.cumulativeTime);
  });

  it('hides library frames by hoisting their callees', () => {
    const tree = buildCallTree(profile, { hideLibrary: true, minTime: 0 });
    const nodes = walk(tree.root).filter(({ node }) => node.functionId !== ROOT_ID);
    assert.ok(nodes.length > 0);
    assert.ok(nodes.every(({ node }) => !byId.get(node.functionId)!.library));
    assert.equal(name(tree.root.children[0]!), '<module>');
  });
});

describe('buildCallTree on a script that calls exec itself', function () {
  this.timeout(60_000);

  it("still starts at the script's <module> and shows exec's own work under it", async () => {
    const tempRoot = makeTempRoot();
    let profile: Profile;
    try {
      profile = await runProfile({ python, script: fixture('uses_exec.py'), helperDir, tempRoot, onStdout: () => {} });
    } finally {
      removeDir(tempRoot);
    }
    const module = profile.functions.find((fn) => fn.name === '<module>' && fn.file === fixture('uses_exec.py'))!;
    assert.deepEqual(module.callers, []);
    const tree = buildCallTree(profile, { minTime: 0 });
    assert.deepEqual(
      tree.root.children.map((node) => node.functionId),
      [module.id],
    );
    const names = new Set(walk(tree.root).map(({ node }) => profile.functions.find((fn) => fn.id === node.functionId)?.name));
    assert.ok(names.has('generated'));
    assert.ok(names.has('main'));
  });
});

describe('buildCallTree on synthetic profiles', () => {
  it('stops at cycles between functions', () => {
    // main -> a -> b -> a (mutual recursion)
    const profile = syntheticProfile(
      [
        ['/app/m.py', 1, 'main', 1, 1, 0.1, 1.0],
        ['/app/m.py', 5, 'a', 1, 3, 0.3, 0.9],
        ['/app/m.py', 9, 'b', 2, 2, 0.6, 0.6],
      ],
      [
        [0, 1, 1, 1, 0.1, 0.9],
        [1, 2, 2, 2, 0.6, 0.6],
        [2, 1, 0, 2, 0.2, 0.3],
      ],
    );
    const tree = buildCallTree(profile);
    const ids = walk(tree.root).map(({ node }) => node.functionId.replace(/.*\(/, '').replace(')', ''));
    assert.deepEqual(ids.slice(1), ['main', 'a', 'b']);
    const b = tree.root.children[0]!.children[0]!.children[0]!;
    assert.ok(b.cut?.includes('recursion'));
  });

  it('stays bounded with 10,000 functions and many paths', () => {
    const count = 10_000;
    const functions: Array<[string, number, string, number, number, number, number]> = [];
    const edges: Array<[number, number, number, number, number, number]> = [];
    for (let i = 0; i < count; i += 1) {
      functions.push([`/app/mod${i % 50}.py`, i + 1, `f${i}`, 3, 3, 0.001, (count - i) * 0.001]);
      // Each function calls the next three: exponentially many paths.
      for (let k = 1; k <= 3 && i + k < count; k += 1) edges.push([i, i + k, 1, 1, 0.0003, (count - i - k) * 0.0003]);
    }
    const profile = syntheticProfile(functions, edges);
    const tree = buildCallTree(profile, { maxNodes: 20_000, maxDepth: 200, minTime: 0 });
    assert.ok(tree.nodeCount <= 20_000, `nodeCount ${tree.nodeCount}`);
    assert.equal(tree.truncated, true);
    assert.equal(walk(tree.root).length, tree.nodeCount);
    const shallow = buildCallTree(profile, { maxDepth: 3, minTime: 0 });
    const depths = new Map<CallTreeNode, number>([[shallow.root, 0]]);
    for (const { node, parent } of walk(shallow.root)) if (parent) depths.set(node, depths.get(parent)! + 1);
    assert.equal(Math.max(...depths.values()), 3);
    assert.ok(walk(shallow.root).some(({ node }) => node.cut?.includes('depth')));
  });

  it('leaves out callees below minTime and says how much', () => {
    const profile = syntheticProfile(
      [
        ['/app/m.py', 1, 'main', 1, 1, 0.5, 1.0],
        ['/app/m.py', 5, 'big', 1, 1, 0.49, 0.49],
        ['/app/m.py', 9, 'tiny', 1, 1, 0.01, 0.01],
      ],
      [
        [0, 1, 1, 1, 0.49, 0.49],
        [0, 2, 1, 1, 0.01, 0.01],
      ],
    );
    const tree = buildCallTree(profile, { minTime: 0.05 });
    const main = tree.root.children[0]!;
    assert.equal(main.children.length, 1);
    assert.equal(main.elidedTime, 0.01);
    assert.ok(main.cut?.includes('small'));
    assert.ok(Math.abs(main.selfTime - 0.51) < 1e-12);
  });

  it('hoists callbacks through hidden library frames with the right share', () => {
    // main -> sorted (library, also called by other) -> key (user)
    const profile = syntheticProfile(
      [
        ['/app/m.py', 1, 'main', 1, 1, 0.1, 1.0],
        [`${LIB}/functools.py`, 10, 'reduce', 2, 2, 0.2, 0.8],
        ['/app/m.py', 20, 'other', 1, 1, 0.0, 0.2],
        ['/app/m.py', 30, 'key', 4, 4, 0.4, 0.4],
      ],
      [
        [0, 1, 1, 1, 0.15, 0.6],
        [0, 2, 1, 1, 0.0, 0.2],
        [2, 1, 1, 1, 0.05, 0.2],
        [1, 3, 4, 4, 0.4, 0.4],
      ],
    );
    const tree = buildCallTree(profile, { hideLibrary: true, minTime: 0 });
    const main = tree.root.children[0]!;
    const names = (node: CallTreeNode): string[] => node.children.map((c) => c.functionId.replace(/.*\(/, '').replace(')', ''));
    assert.deepEqual(names(main), ['key', 'other']);
    const key = main.children[0]!;
    assert.equal(key.exact, false); // reduce had two callers: its split is a guess
    assert.ok(Math.abs(key.totalTime - 0.4 * (0.6 / 0.8)) < 1e-12);
  });
});
