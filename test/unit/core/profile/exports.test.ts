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
    // A .prof has no stacks, but nothing in the tree is guessed: no frame is marked.
    assert.ok(file.shared.frames.every((f) => !f.name.endsWith('[apportioned]')));
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
    assert.doesNotMatch(text, /\[apportioned\]/);
    // shared has two callers: it ends each caller's stack with that caller's measured time.
    assert.match(text, /;from_a \([^)]*\);shared \([^)]*shared\.py:8\) \d+\n/);
    assert.match(text, /;from_b \([^)]*\);shared \([^)]*shared\.py:8\) \d+\n/);
    assert.match(text, /only_child \([^)]*\);leaf \([^)]*shared\.py:4\)[; ]/);
  });
});
