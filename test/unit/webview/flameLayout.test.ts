import assert from 'node:assert/strict';
import { buildCallTree } from '../../../src/core/profile/callTree';
import type { CallTreeNode } from '../../../src/core/profile/model';
import {
  contrastingText,
  fitLabel,
  frameAt,
  layoutFlame,
  neighbourFrame,
  nodesOfFunction,
  pathToNode,
  searchTree,
  shadeColor,
  type FlameFrame,
  type FlameLayout,
} from '../../../src/webview/flameLayout';
import { buildProfile, idOf, largeProfile } from './profileBuilder';

// main calls a() and b(); both call util(), which calls leaf(). util has two callers, so how
// leaf's time splits between the a->util and b->util paths is unknown: util is not split.
const profile = buildProfile(
  [
    { name: 'main', line: 1, calls: 1, own: 0.1, cumulative: 1.0 },
    { name: 'a', line: 10, calls: 1, own: 0.1, cumulative: 0.6 },
    { name: 'b', line: 20, calls: 1, own: 0.1, cumulative: 0.3 },
    { name: 'util', line: 30, calls: 4, own: 0.2, cumulative: 0.7 },
    { name: 'leaf', line: 40, calls: 4, own: 0.5, cumulative: 0.5 },
  ],
  [
    { caller: 'main', callee: 'a', calls: 1, own: 0.1, cumulative: 0.6 },
    { caller: 'main', callee: 'b', calls: 1, own: 0.1, cumulative: 0.3 },
    { caller: 'a', callee: 'util', calls: 3, own: 0.1, cumulative: 0.5 },
    { caller: 'b', callee: 'util', calls: 1, own: 0.1, cumulative: 0.2 },
    { caller: 'util', callee: 'leaf', calls: 4, own: 0.5, cumulative: 0.5 },
  ],
  1.0,
);
const tree = buildCallTree(profile, { minTime: 0 });
const id = (name: string): string => idOf({ name, line: profile.functions.find((f) => f.name === name)!.line });
const framesOf = (layout: FlameLayout, name: string): FlameFrame[] => layout.rows.flat().filter((f) => f.node.functionId === id(name));
const close = (actual: number, expected: number): void => assert.ok(Math.abs(actual - expected) < 1e-9, `${actual} != ${expected}`);

describe('flame graph layout', () => {
  it('places the root full width on top and children side by side, sized by time', () => {
    const layout = layoutFlame(tree.root);
    assert.equal(layout.rows[0]!.length, 1);
    assert.equal(layout.rows[0]![0]!.width, 1);
    const [main] = framesOf(layout, 'main');
    assert.equal(main!.depth, 1);
    close(main!.width, 1.0);
    const [a] = framesOf(layout, 'a');
    const [b] = framesOf(layout, 'b');
    close(a!.x, 0);
    close(a!.width, 0.6);
    close(b!.x, 0.6);
    close(b!.width, 0.3);
    assert.equal(a!.depth, 2);
  });

  it('draws no guessed frame: a function with several callers is drawn per caller, and not split below', () => {
    const layout = layoutFlame(tree.root);
    for (const frame of layout.rows.flat()) assert.equal(frame.apportioned, false, `${frame.node.functionId} should be exact`);
    const utils = framesOf(layout, 'util');
    assert.equal(utils.length, 2);
    // Each util frame has its caller's measured width: 0.5 s under a, 0.2 s under b.
    const widths = utils.map((f) => f.width).sort((x, y) => y - x);
    close(widths[0]!, 0.5);
    close(widths[1]!, 0.2);
    assert.deepEqual(framesOf(layout, 'leaf'), []);
    assert.equal(tree.apportionedCount, 0);
  });

  it('never lets children overflow their parent', () => {
    const layout = layoutFlame(buildCallTree(largeProfile(2000)).root);
    for (let depth = 1; depth < layout.rows.length; depth++) {
      for (const frame of layout.rows[depth]!) {
        const parent = frameAt(layout, frame.x + frame.width / 2, depth - 1)!;
        assert.ok(parent, `frame at depth ${depth} has no parent above it`);
        assert.ok(frame.x >= parent.x - 1e-9 && frame.x + frame.width <= parent.x + parent.width + 1e-9);
      }
    }
  });

  it('zooms into a frame: it fills the width and its ancestors stay above, full width', () => {
    const util = nodesOfFunction(tree.root, id('util'))[0]!;
    const layout = layoutFlame(tree.root, { focusId: util.nodeId });
    assert.equal(layout.focus, util);
    const ancestors = layout.rows.flat().filter((f) => f.ancestor);
    assert.deepEqual(
      ancestors.map((f) => f.depth),
      [0, 1, 2],
    );
    for (const frame of ancestors) assert.equal(frame.width, 1);
    const [focused] = framesOf(layout, 'util').filter((f) => !f.ancestor);
    // Widths are now relative to this util frame (0.5 s): it fills the width.
    close(focused!.width, 1);
    assert.equal(focused!.depth, 3);
    // Frames outside the zoomed subtree are not laid out.
    assert.equal(framesOf(layout, 'b').length, 0);
  });

  it('falls back to the whole tree when the zoom target no longer exists', () => {
    const layout = layoutFlame(tree.root, { focusId: 9999 });
    assert.equal(layout.focus, tree.root);
  });

  it('skips frames narrower than the minimum width, with their subtrees, and counts them', () => {
    const layout = layoutFlame(tree.root, { minWidth: 0.25 });
    assert.equal(framesOf(layout, 'b').length, 1);
    // b->util (0.2 s) is too narrow; a->util (0.5 s) is not.
    assert.equal(framesOf(layout, 'util').length, 1);
    assert.equal(layout.hiddenCount, 1);
  });

  it('finds the frame under a point, and nothing in a gap', () => {
    const layout = layoutFlame(tree.root);
    assert.equal(frameAt(layout, 0.1, 2)!.node.functionId, id('a'));
    assert.equal(frameAt(layout, 0.7, 2)!.node.functionId, id('b'));
    // main's own time (0.1 s) leaves the right tenth of row 2 empty.
    assert.equal(frameAt(layout, 0.95, 2), null);
    assert.equal(frameAt(layout, 0.5, 40), null);
  });

  it('moves between frames with the arrow keys', () => {
    const layout = layoutFlame(tree.root);
    const [a] = framesOf(layout, 'a');
    assert.equal(neighbourFrame(layout, a!, 'right')!.node.functionId, id('b'));
    assert.equal(neighbourFrame(layout, a!, 'left'), null);
    assert.equal(neighbourFrame(layout, a!, 'up')!.node.functionId, id('main'));
    assert.equal(neighbourFrame(layout, a!, 'down')!.node.functionId, id('util'));
  });

  it('finds the path to a node by id', () => {
    const util = nodesOfFunction(tree.root, id('util'))[0]!;
    const path = pathToNode(tree.root, util.nodeId)!;
    assert.deepEqual(
      path.map((n: CallTreeNode) => n.functionId),
      ['<root>', id('main'), id('a'), id('util')],
    );
    assert.equal(pathToNode(tree.root, 12345), null);
  });

  it('highlights search matches and counts nested matches once in the matched time', () => {
    const result = searchTree(tree.root, (node) => node.functionId === id('a') || node.functionId === id('util'));
    assert.equal(result.matches.size, 3);
    // a (0.6) and b's util (0.2); the util inside a is not added again.
    close(result.matchedTime, 0.8);
  });

  it('lays out a 10,000-function profile with every frame inside the graph', () => {
    const large = largeProfile(10_000);
    // minTime 0: every path is expanded, so the tree is as big as this profile can make it.
    const bigTree = buildCallTree(large, { minTime: 0 });
    assert.ok(bigTree.nodeCount > 5000, `only ${bigTree.nodeCount} nodes`);
    assert.equal(bigTree.apportionedCount, 0);
    const layout = layoutFlame(bigTree.root, { minWidth: 0.5 / 1200 });
    assert.ok(layout.frameCount + layout.hiddenCount === bigTree.nodeCount);
    for (const frame of layout.rows.flat()) {
      assert.ok(frame.x >= 0 && frame.x + frame.width <= 1 + 1e-9);
    }
    // Without a minimum width every node is a frame.
    const everything = layoutFlame(bigTree.root);
    assert.equal(everything.frameCount, bigTree.nodeCount);
  });
});

describe('flame graph labels and colours', () => {
  it('shortens labels to the frame width with an ellipsis, or drops them', () => {
    assert.equal(fitLabel('copy_tree', 100, 7), 'copy_tree');
    assert.equal(fitLabel('copy_tree', 42, 7), 'copy_\u2026');
    assert.equal(fitLabel('copy_tree', 14, 7), '');
  });

  it('picks readable text over light and dark frames', () => {
    assert.equal(contrastingText('#ffd000'), '#000000');
    assert.equal(contrastingText('#1e1e1e'), '#ffffff');
    assert.equal(contrastingText('rgb(240, 240, 240)'), '#000000');
    assert.equal(contrastingText('not a colour'), '#000000');
  });

  it('shades colours toward white or black', () => {
    assert.equal(shadeColor('#808080', 1), '#ffffff');
    assert.equal(shadeColor('#808080', -1), '#000000');
    assert.equal(shadeColor('#808080', 0), '#808080');
    assert.equal(shadeColor('#fff', -0.5), '#808080');
  });
});
