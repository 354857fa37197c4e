import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { wantsHeadStart } from '../../../src/cli/headStart';

describe('the worker started with the process (headStart.ts)', () => {
  let cwd: string;
  const twoCpus = (): number => 2;
  const oneCpu = (): number => 1;
  const wants = (args: string[], env: NodeJS.ProcessEnv = {}, cpus = twoCpus): boolean =>
    wantsHeadStart(['check', ...args], cwd, env, cpus);

  beforeEach(() => {
    cwd = mkdtempSync(join(tmpdir(), 'pyops-head-start-'));
    mkdirSync(join(cwd, 'big'));
    for (let i = 0; i < 40; i++) writeFileSync(join(cwd, 'big', `job_${i}.py`), 'pass\n');
    mkdirSync(join(cwd, 'small'));
    for (let i = 0; i < 5; i++) writeFileSync(join(cwd, 'small', `job_${i}.py`), 'pass\n');
  });
  afterEach(() => rmSync(cwd, { recursive: true, force: true }));

  it('is started for a check of a big folder, threads allowed and no result cache folder yet', () => {
    assert.equal(wants(['big']), true);
    assert.equal(wants(['--format', 'json', 'small', 'big']), true);
    assert.equal(wants(['--jobs', '3', 'big'], {}, oneCpu), true, '--jobs asks for threads whatever the CPUs');
    assert.equal(wants([], {}), false, 'the current folder, small here');
  });

  it('is not started for other commands, a small folder, files, stdin or one thread', () => {
    assert.equal(wantsHeadStart(['profile', 'big'], cwd, {}, twoCpus), false);
    assert.equal(wants(['small']), false);
    assert.equal(wants([join('big', 'job_1.py')]), false);
    assert.equal(wants(['-']), false);
    assert.equal(wants(['no-such-folder']), false);
    assert.equal(wants(['big'], {}, oneCpu), false);
    assert.equal(wants(['-j', '1', 'big']), false);
    assert.equal(wants(['--jobs=1', 'big']), false);
    assert.equal(wants(['--jobs', 'many', 'big']), false, 'a usage error, reported by the run');
  });

  it('is not started where the run will start no worker: --show-files, --watch, --stdin-filename, --help, a bad option', () => {
    for (const extra of [['--show-files'], ['--watch'], ['--stdin-filename', 'x.py'], ['--help'], ['--no-such-option']])
      assert.equal(wants([...extra, 'big']), false, extra.join(' '));
  });

  it('is not started when a result cache folder exists (a warm run answers from it), unless the cache is off', () => {
    mkdirSync(join(cwd, '.pyops_cache'));
    assert.equal(wants(['big']), false);
    assert.equal(wants(['--no-cache', 'big']), true);
    assert.equal(wants(['big'], { PYOPS_NO_CACHE: '1' }), true);
    assert.equal(wants(['--cache-dir', 'elsewhere', 'big']), true, 'another cache folder, not made yet');
    mkdirSync(join(cwd, 'elsewhere'));
    assert.equal(wants(['--cache-dir', 'elsewhere', 'big']), false);
    assert.equal(wants(['big'], { PYOPS_CACHE_DIR: 'elsewhere' }), false);
  });

  it('is not started for a long list of paths (files named one by one by a hook)', () => {
    const paths = Array.from({ length: 65 }, () => 'big');
    assert.equal(wants(paths), false);
    assert.equal(wants(paths.slice(0, 64)), true);
  });
});
