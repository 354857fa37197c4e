// The Settings editor in the real VS Code: PyOps's settings are listed under the heading "PyOps"
// (the extension's name as it is spelled), each with a short category, not "Pyops ›".

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { waitFor } from './helpers';
import { beforeWithWorkbenchDriver, type WorkbenchDriver } from './workbench';

const TOC_ROW = '.settings-toc-container .monaco-list-row';

describe('settings editor', function () {
  this.timeout(60_000);
  let driver: WorkbenchDriver;

  beforeWithWorkbenchDriver((found) => (driver = found));

  after(async () => {
    await driver?.resize(1280, 720);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('lists the settings under "PyOps" with categories such as "Diagnostics"', async () => {
    // A tall window, so the table of contents shows every extension without scrolling.
    await driver.resize(1280, 3000);
    await vscode.commands.executeCommand('workbench.action.openSettings', '');
    await waitFor('the table of contents', async () =>
      (await driver.count(`${TOC_ROW}[aria-label^="Extensions"]`)) > 0 ? true : undefined,
    );
    await driver.click(`${TOC_ROW}[aria-label^="Extensions"]`);
    await waitFor('PyOps in the table of contents', async () =>
      (await driver.count(`${TOC_ROW}[aria-label^="PyOps"]`)) > 0 ? true : undefined,
    );
    await driver.click(`${TOC_ROW}[aria-label^="PyOps"]`);
    const headings = await waitFor('the PyOps heading', async () => {
      const found = await driver.texts('.settings-group-title-label');
      return found.includes('PyOps') ? found : undefined;
    });
    assert.ok(!headings.includes('Pyops'), JSON.stringify(headings));
    const categories = await driver.texts('.setting-item-category');
    assert.ok(
      categories.some((c) => c.startsWith('Diagnostics')),
      JSON.stringify(categories),
    );
    assert.ok(
      categories.every((c) => !/Pyops/.test(c)),
      JSON.stringify(categories),
    );
  });
});
