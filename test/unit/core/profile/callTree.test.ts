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

  it('stops below a function with two callers instead of guessing how its callees split', () => {
    const tree = buildCallTree(profile, { minTime: 0 });
    const nodes = walk(tree.root);
    const sharedNodes = nodes.filter(({ node }) => name(node) === 'shared');
    // Each caller's node carries that caller's measured edge.
    assert.deepEqual(
      sharedNodes.map(({ node, parent }) => [name(parent!), node.calls, node.exact, node.children.length, node.cut]).sort(),
      [
        ['from_a', 30, true, 0, ['callers']],
        ['from_b', 10, true, 0, ['callers']],
      ],
    );
    // Nothing is estimated: no path that may never have run is drawn.
    assert.equal(tree.apportionedCount, 0);
    assert.ok(nodes.every(({ node }) => node.exact));
    // A callee reached through one chain of single callers is still drawn, exactly.
    const leafUnderOnlyChild = nodes.find(({ node, parent }) => name(node) === 'leaf' && name(parent!) === 'only_child')!;
    assert.equal(leafUnderOnlyChild.node.exact, true);
    assert.equal(leafUnderOnlyChild.node.calls, 1);
    // Re-rooted at the shared function, its callees are exact again.
    const sharedId = profile.functions.find((fn) => fn.name === 'shared')!.id;
    const rooted = buildCallTree(profile, { rootId: sharedId, minTime: 0 });
    const leaf = rooted.root.children[0]!.children.find((child) => name(child) === 'leaf')!;
    const edge = byId.get(sharedId)!.callees.find((e) => byId.get(e.id)!.name === 'leaf')!;
    assert.equal(leaf.calls, edge.totalCalls);
    assert.equal(leaf.exact, true);
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
    // a has two callers (main and b): it is not split, so the cycle is not entered either.
    assert.deepEqual(ids.slice(1), ['main', 'a']);
    assert.ok(tree.root.children[0]!.children[0]!.cut?.includes('callers'));
    // Rooted at a, a -> b -> a stops where a is already on the path.
    const rooted = buildCallTree(profile, { rootId: profile.functions.find((fn) => fn.name === 'a')!.id });
    const b = rooted.root.children[0]!.children[0]!;
    assert.ok(b.cut?.includes('recursion'));
  });

  it('stays bounded with 10,000 functions and many paths', () => {
    const count = 10_000;
    const functions: Array<[string, number, string, number, number, number, number]> = [];
    const edges: Array<[number, number, number, number, number, number]> = [];
    for (let i = 0; i < count; i += 1) {
      functions.push([`/app/mod${i % 50}.py`, i + 1, `f${i}`, 1, 1, 0.001, (count - i) * 0.001]);
      // Each function calls three of its own (one caller each): a wide and deep tree.
      for (let k = 3 * i + 1; k <= 3 * i + 3 && k < count; k += 1) edges.push([i, k, 1, 1, 0.001, (count - k) * 0.001]);
    }
    const profile = syntheticProfile(functions, edges);
    const tree = buildCallTree(profile, { maxNodes: 2_000, maxDepth: 200, minTime: 0 });
    assert.ok(tree.nodeCount <= 2_000, `nodeCount ${tree.nodeCount}`);
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

  it("keeps a hidden library frame with several callers, cut, rather than guessing its callbacks' share", () => {
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
    assert.deepEqual(names(main), ['reduce', 'other']);
    const reduce = main.children[0]!;
    assert.equal(reduce.exact, true);
    assert.equal(reduce.totalTime, 0.6);
    assert.deepEqual(reduce.cut, ['callers']);
    assert.equal(tree.apportionedCount, 0);
  });

  it('hoists callbacks through a hidden library frame with one caller', () => {
    const profile = syntheticProfile(
      [
        ['/app/m.py', 1, 'main', 1, 1, 0.1, 1.0],
        [`${LIB}/functools.py`, 10, 'reduce', 1, 1, 0.2, 0.6],
        ['/app/m.py', 30, 'key', 4, 4, 0.4, 0.4],
      ],
      [
        [0, 1, 1, 1, 0.2, 0.6],
        [1, 2, 4, 4, 0.4, 0.4],
      ],
    );
    const tree = buildCallTree(profile, { hideLibrary: true, minTime: 0 });
    const key = tree.root.children[0]!.children[0]!;
    assert.match(key.functionId, /\(key\)$/);
    assert.equal(key.exact, true);
    assert.equal(key.totalTime, 0.4);
    assert.equal(key.calls, 4);
  });
});
