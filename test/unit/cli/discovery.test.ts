// Which files `pyops check` takes from a folder, as ruff takes them: .gitignore and friends,
// default and configured excludes, force-exclude for explicit paths, shebang scripts, symlinks.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { runPyops } from './cliHarness';

const FINDING = 'import subprocess\nsubprocess.run(["ls"])\n';

/** Writes files (path -> content) under a fresh temporary folder. */
function tree(files: Record<string, string>): string {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'pyops-discovery-')));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

/** The files `pyops check --show-files` lists, relative to `root`, sorted. */
function shown(root: string, args: string[] = ['.']): string[] {
  const r = runPyops(['check', '--show-files', ...args], root);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout
    .split('\n')
    .filter(Boolean)
    .map((file) => relative(root, file))
    .sort();
}

describe('pyops check: which files a folder yields', function () {
  this.timeout(60_000);
  const roots: string[] = [];
  const make = (files: Record<string, string>): string => {
    const root = tree(files);
    roots.push(root);
    return root;
  };
  after(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

  it('skips what .gitignore, nested .gitignore, .ignore and .git/info/exclude ignore, re-includes negated patterns', () => {
    const root = make({
      '.git/info/exclude': 'local_*.py\n',
      '.gitignore': 'generated/\n*_old.py\n!keep_old.py\n',
      'app.py': FINDING,
      'app_old.py': FINDING,
      'keep_old.py': FINDING,
      'local_notes.py': FINDING,
      'generated/api.py': FINDING,
      'tools/.gitignore': 'scratch.py\n',
      'tools/scratch.py': FINDING,
      'tools/run.py': FINDING,
      'vendor/.ignore': '*\n',
      'vendor/lib.py': FINDING,
    });
    assert.deepEqual(shown(root), ['app.py', 'keep_old.py', 'tools/run.py']);
    assert.deepEqual(shown(root, ['--no-respect-gitignore', '.']), [
      'app.py',
      'app_old.py',
      'generated/api.py',
      'keep_old.py',
      'local_notes.py',
      'tools/run.py',
      'tools/scratch.py',
      'vendor/lib.py',
    ]);
    // The check itself reports only the files that are taken.
    const r = runPyops(['check', '--format', 'json', '.'], root);
    const files = new Set((JSON.parse(r.stdout) as { filename: string }[]).map((f) => relative(root, f.filename)));
    assert.deepEqual([...files].sort(), ['app.py', 'keep_old.py', 'tools/run.py']);
  });

  it('reads .gitignore above the folder it was given, and only inside a git repository', () => {
    const repo = make({ '.git/HEAD': '', '.gitignore': 'old/\n', 'src/old/a.py': FINDING, 'src/b.py': FINDING });
    assert.deepEqual(shown(join(repo, 'src')), ['b.py']);
    const plain = make({ '.gitignore': 'old/\n', '.ignore': 'skip.py\n', 'old/a.py': FINDING, 'skip.py': FINDING });
    assert.deepEqual(shown(plain), ['old/a.py'], '.gitignore outside a repository does not count, .ignore does');
  });

  it('skips the default excludes and virtualenvs; exclude replaces them, extend-exclude adds to them', () => {
    const files: Record<string, string> = {
      'main.py': FINDING,
      'custom-env/pyvenv.cfg': 'home = /usr/bin\n',
      'custom-env/lib/x.py': FINDING,
    };
    for (const dir of ['.venv', 'venv', 'build', 'dist', 'node_modules', '.tox', '__pycache__', '.mypy_cache', 'site-packages'])
      files[`${dir}/m.py`] = FINDING;
    files['scripts/legacy/old.py'] = FINDING;
    files['proto/api_pb2.py'] = FINDING;
    const root = make(files);
    assert.deepEqual(shown(root), ['main.py', 'proto/api_pb2.py', 'scripts/legacy/old.py']);
    assert.deepEqual(shown(root, ['--extend-exclude', '*_pb2.py,scripts/legacy/', '.']), ['main.py']);
    writeFileSync(join(root, '.pyops.yaml'), 'extend-exclude: ["*_pb2.py", "scripts/legacy"]\n');
    assert.deepEqual(shown(root), ['main.py']);
    writeFileSync(join(root, '.pyops.yaml'), 'exclude: [node_modules]\n');
    const replaced = shown(root);
    assert.ok(replaced.includes('build/m.py') && replaced.includes('.venv/m.py'), replaced.join(' '));
    assert.ok(!replaced.includes('node_modules/m.py'));
    assert.ok(!replaced.includes('custom-env/lib/x.py'), 'a virtualenv is never walked');
    assert.deepEqual(
      shown(root, ['--exclude', 'build,.venv,venv,dist,node_modules,.tox,__pycache__,.mypy_cache,site-packages,proto,scripts', '.']),
      ['main.py'],
    );
  });

  it('checks a file named explicitly even when excluded, unless force-exclude is on', () => {
    const root = make({ '.pyops.yaml': 'extend-exclude: [migrations]\n', 'migrations/0001.py': FINDING, 'app.py': FINDING });
    assert.deepEqual(shown(root), ['app.py']);
    assert.deepEqual(shown(root, ['migrations/0001.py', 'app.py']), ['app.py', 'migrations/0001.py']);
    assert.deepEqual(shown(root, ['--force-exclude', 'migrations/0001.py', 'app.py']), ['app.py']);
    writeFileSync(join(root, '.pyops.yaml'), 'extend-exclude: [migrations]\nforce-exclude: true\n');
    assert.deepEqual(shown(root, ['migrations/0001.py', 'app.py']), ['app.py']);
    assert.deepEqual(shown(root, ['--no-force-exclude', 'migrations/0001.py']), ['migrations/0001.py']);
    const none = runPyops(['check', 'migrations/0001.py'], root);
    assert.equal(none.status, 0);
    assert.match(none.stderr, /No Python files found/);
  });

  it('takes extensionless scripts with a Python shebang, unless include-shebang-scripts is false', () => {
    const root = make({
      'bin/backup': '#!/usr/bin/env python3\n' + FINDING,
      'bin/rotate': '#!/usr/bin/python3.11 -u\n' + FINDING,
      'bin/deploy': '#!/bin/bash\necho hi\n',
      'bin/notes.txt': '#!/usr/bin/env python3\n',
      'bin/setup.sh': '#!/usr/bin/env python3\n',
      Makefile: 'all:\n\ttrue\n',
    });
    assert.deepEqual(shown(root), ['bin/backup', 'bin/rotate']);
    const r = runPyops(['check', '.'], root);
    assert.match(r.stdout, /^bin\/backup:3:1: OPS101 /m);
    writeFileSync(join(root, '.pyops.yaml'), 'include-shebang-scripts: false\n');
    assert.deepEqual(shown(root), []);
  });

  it('does not follow a symlinked file out of the folder it walks, so --fix cannot write outside (issue 9)', () => {
    const outside = make({ 'secret.py': 'import logging\nlogging.info("x")\n' });
    const root = make({ 'app.py': FINDING, 'lib/real.py': FINDING });
    symlinkSync(join(outside, 'secret.py'), join(root, 'linked_out.py'));
    symlinkSync(join(root, 'lib', 'real.py'), join(root, 'linked_in.py'));
    symlinkSync(outside, join(root, 'linked_dir'));
    assert.deepEqual(shown(root), ['app.py', 'lib/real.py', 'linked_in.py']);
    const before = readFileSync(join(outside, 'secret.py'), 'utf8');
    runPyops(['check', '--fix', '.'], root);
    assert.equal(readFileSync(join(outside, 'secret.py'), 'utf8'), before, 'the file outside the tree is untouched');
  });
});
