// The pre-commit hook, run as pre-commit runs it: its entry from .pre-commit-hooks.yaml with the
// hook's args and the staged files passed by name.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { repoRoot } from '../../helpers/repoRoot';
import { cliPath } from './cliHarness';

interface HookDefinition {
  id: string;
  entry: string;
  language: string;
  types_or?: string[];
}

describe('pre-commit hook', function () {
  this.timeout(60_000);
  const hooks = parse(readFileSync(join(repoRoot, '.pre-commit-hooks.yaml'), 'utf8')) as HookDefinition[];
  const hook = hooks.find((h) => h.id === 'pyops')!;
  let root: string;

  /** pre-commit runs `entry args... file...`; the entry's `pyops` is the package's bin, dist/cli.js. */
  function runHook(args: string[], files: string[]): { status: number | null; stdout: string } {
    const [bin, ...entryArgs] = hook.entry.split(/\s+/);
    assert.equal(bin, 'pyops');
    const r = spawnSync(process.execPath, [cliPath, ...entryArgs, ...args, ...files], { cwd: root, encoding: 'utf8' });
    return { status: r.status, stdout: r.stdout + r.stderr };
  }

  beforeEach(() => {
    root = realpathSync(mkdtempSync(join(tmpdir(), 'pyops-pre-commit-')));
    mkdirSync(join(root, 'migrations'));
    writeFileSync(join(root, '.pyops.yaml'), 'extend-exclude: [migrations]\n');
    writeFileSync(join(root, 'deploy.py'), 'import logging\nlogging.info("x %s" % 1)\n');
    writeFileSync(join(root, 'migrations', '0001.py'), 'import subprocess\nsubprocess.run(["ls"])\n');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('is a node hook for Python files (shebang scripts included)', () => {
    assert.equal(hook.language, 'node');
    assert.deepEqual(hook.types_or, ['python']);
    const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    assert.equal(manifest.bin.pyops, './dist/cli.js', 'pre-commit installs the package and runs its bin');
  });

  it('checks the files passed by name and keeps configured excludes in force for them', () => {
    const r = runHook([], ['deploy.py', 'migrations/0001.py']);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /^deploy\.py:2:1: OPS205 /m);
    assert.doesNotMatch(r.stdout, /migrations/);
    assert.equal(runHook([], ['migrations/0001.py']).status, 0, 'only excluded files: nothing to report');
  });

  it('applies the safe fixes with args: [--fix]', () => {
    const r = runHook(['--fix'], ['deploy.py']);
    assert.equal(r.status, 0, r.stdout);
    assert.match(readFileSync(join(root, 'deploy.py'), 'utf8'), /logger\.info\("x %s", 1\)/);
  });
});
