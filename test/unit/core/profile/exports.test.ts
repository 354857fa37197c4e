import assert from 'node:assert/strict';
import { buildCallTree } from '../../../../src/core/profile/callTree';
import { SPEEDSCOPE_SCHEMA, toCollapsedStacks, toSpeedscope } from '../../../../src/core/profile/exports';
import type { Profile } from '../../../../src/core/profile/model';
import { runProfile } from '../../../../src/core/profile/runProfile';
import { fixture, helperDir, makeTempRoot, python, removeDir } from './support';

describe('speedscope and collapsed-stack exports', function () {
  this.timeout(60_000);
  let profile: Profile;

  before(async () => {
    const tempRoot = makeTempRoot();
    try {
      profile = await runProfile({ python, script: fixture('shared.py'), helperDir, tempRoot, onStdout: () => {} });
    } finally {
      removeDir(tempRoot);
    }
  });

  it('writes a well-formed sampled speedscope file whose weights add up to the tree', () => {
    const tree = buildCallTree(profile, { minTime: 0 });
    const file = JSON.parse(JSON.stringify(toSpeedscope(profile, tree))) as ReturnType<typeof toSpeedscope>;
    assert.equal(file.$schema, SPEEDSCOPE_SCHEMA);
    assert.equal(file.profiles.length, 1);
    const sampled = file.profiles[0]!;
    assert.equal(sampled.type, 'sampled');
    assert.equal(sampled.unit, 'seconds');
    assert.equal(sampled.samples.length, sampled.weights.length);
    assert.ok(sampled.samples.length > 0);
    for (const stack of sampled.samples) {
      assert.ok(stack.length > 0);
      for (const index of stack) assert.ok(Number.isInteger(index) && index >= 0 && index < file.shared.frames.length);
    }
    assert.ok(sampled.weights.every((w) => w > 0));
    const total = sampled.weights.reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(total - tree.root.totalTime) <= tree.root.totalTime * 0.01, `${total} vs ${tree.root.totalTime}`);
    assert.equal(sampled.endValue, total);
    for (const frame of file.shared.frames) {
      assert.equal(typeof frame.name, 'string');
      if (frame.file !== undefined) assert.equal(typeof frame.line, 'number');
    }
    // Guessed frames are labelled as such; measured ones are not.
    assert.ok(file.shared.frames.some((f) => f.name === 'leaf [apportioned]'));
    assert.ok(file.shared.frames.some((f) => f.name === 'leaf'));
    // Every stack starts at the script's <module>.
    const first = new Set(sampled.samples.map((s) => file.shared.frames[s[0]!]!.name));
    assert.deepEqual([...first], ['<module>']);
  });

  it('writes collapsed stacks, one `a;b;c N` line per stack', () => {
    const tree = buildCallTree(profile, { minTime: 0 });
    const text = toCollapsedStacks(profile, tree);
    assert.ok(text.endsWith('\n'));
    const lines = text.trimEnd().split('\n');
    assert.ok(lines.length > 3);
    let sum = 0;
    for (const line of lines) {
      const match = /^(.+) (\d+)$/.exec(line);
      assert.ok(match, `bad line: ${line}`);
      const frames = match[1]!.split(';');
      assert.ok(frames.every((f) => f.length > 0));
      assert.match(frames[0]!, /^<module> \(.*shared\.py:1\)$/);
      sum += Number(match[2]);
    }
    const expected = tree.root.totalTime * 1e6;
    assert.ok(Math.abs(sum - expected) <= lines.length + expected * 0.01, `${sum} vs ${expected}`);
    assert.match(text, /;leaf \(.*shared\.py:4\) \[apportioned\] \d+\n/);
    // Under a single caller the frame is measured, so it carries no mark.
    assert.match(text, /only_child \([^)]*\);leaf \([^)]*shared\.py:4\)[; ]/);
    assert.doesNotMatch(toCollapsedStacks(profile, tree, { markApportioned: false }), /\[apportioned\]/);
  });
});
