import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configForFile, type CheckOptions } from '../../../src/cli/checkFiles';
import { ConfigLocator } from '../../../src/cli/configLocator';
import { RULES } from '../../../src/core/diagnostics';

describe('pyops check: the configuration of each file', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pyops-config-'));
    mkdirSync(join(dir, 'deploy', 'hosts'), { recursive: true });
    mkdirSync(join(dir, 'tests'));
    writeFileSync(join(dir, '.pyops.yaml'), 'ignore: [OPS102]\nper-path-ignores:\n  "tests/**": [OPS101]\n');
    writeFileSync(join(dir, 'deploy', 'hosts', '.pyops.yaml'), 'select: [OPS1]\n');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const options = (extra: Partial<CheckOptions> = {}): CheckOptions => ({
    cwd: dir,
    fix: { apply: 'none', unsafe: false },
    configs: new ConfigLocator(RULES, () => undefined),
    ...extra,
  });

  it('is one object for the files of one config file, with each file its own path for per-path ignores', () => {
    const run = options({ ignore: ['OPS205'] });
    const a = configForFile(join(dir, 'deploy', 'a.py'), run);
    const b = configForFile(join(dir, 'tests', 'test_b.py'), run);
    const c = configForFile(join(dir, 'deploy', 'hosts', 'c.py'), run);
    assert.equal(a.config, b.config, 'same config file, same object');
    assert.notEqual(c.config, a.config, 'a nearer config file, another');
    assert.deepEqual([a.relativePath, b.relativePath], ['deploy/a.py', 'tests/test_b.py']);
    assert.deepEqual(a.config.ignore, ['OPS102', 'OPS205'], "--ignore added once to the config file's list");
    assert.ok(c.config.select.includes('OPS101') && !c.config.select.includes('OPS201'), c.config.select.join(' '));
    // Another run (other command-line options) gets configurations of its own.
    const other = configForFile(join(dir, 'deploy', 'a.py'), options());
    assert.notEqual(other.config, a.config);
    assert.deepEqual(other.config.ignore, ['OPS102']);
  });
});
