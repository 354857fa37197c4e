// The walk lists folders through node's thread pool for the editor and synchronously for `pyops
// check` (WalkOptions.listSynchronously): both must yield the same files, in the same order.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { resolveFileSelection } from '../../../../src/core/files/fileSelection';
import { walkPythonFiles } from '../../../../src/core/files/walk';

async function walked(root: string, listSynchronously: boolean, unreadable: string[] = []): Promise<string[]> {
  const selection = resolveFileSelection([], root);
  const out: string[] = [];
  const onUnreadable = (dir: string): void => void unreadable.push(relative(root, dir));
  for await (const file of walkPythonFiles(root, { selectionFor: () => selection, onUnreadable, listSynchronously }))
    out.push(relative(root, file));
  return out;
}

describe('files: the walk of a folder, its folders listed through the thread pool or synchronously', () => {
  let root: string;
  before(() => {
    root = realpathSync(mkdtempSync(join(tmpdir(), 'pyops-walk-')));
    const files: Record<string, string> = {
      'deploy.py': 'print(1)\n',
      'bin/rotate-logs': '#!/usr/bin/env python3\nprint(1)\n',
      'bin/notes': 'not a script\n',
      'pkg/__init__.py': '',
      'pkg/sub/tasks.py': 'x = 1\n',
      'pkg/sub/deeper/more.py': 'x = 2\n',
      'pkg/README.md': '# readme\n',
      'venv/pyvenv.cfg': 'home = /usr\n',
      'venv/lib/site.py': 'x = 3\n',
      '.git/hooks/pre.py': 'x = 4\n',
      'node_modules/m/x.py': 'x = 5\n',
    };
    for (let i = 0; i < 30; i++) files[`many/f${i}/m${i}.py`] = `x = ${i}\n`;
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), content);
    }
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('yields the same files in the same order either way, and skips virtualenvs, VCS folders and default excludes', async () => {
    const pooled = await walked(root, false);
    const listedNow = await walked(root, true);
    assert.deepEqual(listedNow, pooled);
    assert.deepEqual(
      pooled.slice().sort(),
      [
        'bin/rotate-logs',
        'deploy.py',
        ...Array.from({ length: 30 }, (_, i) => `many/f${i}/m${i}.py`).sort(),
        'pkg/__init__.py',
        'pkg/sub/deeper/more.py',
        'pkg/sub/tasks.py',
      ].sort(),
    );
  });

  it('throws for a root it cannot list, either way', async () => {
    for (const sync of [false, true]) await assert.rejects(walked(join(root, 'deploy.py'), sync), /ENOTDIR/);
    for (const sync of [false, true]) await assert.rejects(walked(join(root, 'missing'), sync), /ENOENT/);
  });
});
