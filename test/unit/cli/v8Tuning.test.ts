import assert from 'node:assert/strict';
import { checkV8Flags } from '../../../src/cli/v8Tuning';

describe('cli: V8 settings of pyops check', () => {
  const node20 = '11.3.244.8-node.38';

  it('waits longer before optimizing, and compiles smaller graphs on the V8 it was measured with', () => {
    assert.deepEqual(checkV8Flags([], node20), [
      '--interrupt-budget=300000',
      '--max-inlined-bytecode-size-cumulative=460',
      '--no-turbo-loop-peeling',
    ]);
  });

  it("leaves V8's compile defaults to another V8, whose tiers differ and may not know the flags", () => {
    assert.deepEqual(checkV8Flags([], '12.4.254.21-node.33'), ['--interrupt-budget=300000']);
    assert.deepEqual(checkV8Flags([], '13.6.233.10-node.24'), ['--interrupt-budget=300000']);
  });

  it('keeps each setting the user gave node, in either spelling or its --no- form', () => {
    assert.deepEqual(checkV8Flags(['--interrupt_budget=1000'], node20), [
      '--max-inlined-bytecode-size-cumulative=460',
      '--no-turbo-loop-peeling',
    ]);
    assert.deepEqual(checkV8Flags(['--turbo-loop-peeling'], node20), [
      '--interrupt-budget=300000',
      '--max-inlined-bytecode-size-cumulative=460',
    ]);
    assert.deepEqual(checkV8Flags(['--no-turbo-loop-peeling', '--max-inlined-bytecode-size-cumulative=920'], node20), [
      '--interrupt-budget=300000',
    ]);
    assert.deepEqual(checkV8Flags(['--stack-size=2000'], node20).length, 3);
  });
});
