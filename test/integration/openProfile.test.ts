// "PyOps: Open Profile…" in the real VS Code: its file dialog lists profile files and folders,
// not the scripts next to them.

import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { waitFor } from './helpers';
import { beforeWithWorkbenchDriver, type WorkbenchDriver } from './workbench';

const ROW_LABELS = '.quick-input-list .monaco-list-row .label-name';

describe('open profile dialog', function () {
  this.timeout(60_000);
  let driver: WorkbenchDriver;
  let folder: string;

  beforeWithWorkbenchDriver((found) => (driver = found));
  before(async () => {
    folder = mkdtempSync(join(tmpdir(), 'pyops-open-'));
    for (const name of ['deploy.py', 'deploy.prof', 'nightly.pstats', 'notes.txt']) writeFileSync(join(folder, name), '');
  });

  after(() => {
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('offers profile files only', async () => {
    const done = vscode.commands.executeCommand('pyops.openProfile');
    await waitFor('the file dialog', async () => ((await driver.count('.quick-input-widget input.input')) > 0 ? true : undefined));
    // The dialog's input holds a path: replace it with the folder's. On a loaded machine the dialog
    // can still be filling in its own starting path while we type, so the path is typed again
    // until the listing shows the folder.
    const typeFolder = async (): Promise<void> => {
      await driver.click('.quick-input-widget input.input');
      await driver.press('Control+A');
      await driver.type(`${folder}/`);
    };
    await typeFolder();
    let last: string[] = [];
    let polls = 0;
    const labels = await waitFor(
      'the folder listing',
      async () => {
        last = await driver.texts(ROW_LABELS);
        if (last.some((label) => label.includes('deploy.prof'))) return last;
        polls += 1;
        if (polls % 20 === 0) await typeFolder();
        return undefined;
      },
      { timeoutMs: 40_000, describeLast: () => JSON.stringify(last) },
    );
    await driver.press('Escape');
    await done;
    assert.ok(
      labels.some((l) => l.includes('nightly.pstats')),
      JSON.stringify(labels),
    );
    assert.ok(!labels.some((l) => l.includes('deploy.py') || l.includes('notes.txt')), JSON.stringify(labels));
  });
});
