// The profile panel as the user sees it in the real VS Code: what the filter leaves on screen,
// where the panel opens, and how it fits a narrow column. The DOM is read through the runner's
// workbench driver (test/integration/workbench.ts).

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { openFixture, pyopsExtension, waitFor } from './helpers';
import { PROFILE_VIEWER, workbenchDriver, type WorkbenchDriver } from './workbench';

const PANEL_VIEW_TYPE = 'pyops.profile';
const ROWS = '.vt-body .vt-row';

function profilePanelTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith(PANEL_VIEW_TYPE));
}

async function closePanels(): Promise<void> {
  const tabs = profilePanelTabs();
  if (tabs.length > 0) await vscode.window.tabGroups.close(tabs);
}

/** Profiles a fixture and waits until its panel shows rows. */
async function profileFixture(driver: WorkbenchDriver, relativePath: string): Promise<vscode.TextEditor> {
  const editor = await openFixture(relativePath);
  await vscode.commands.executeCommand('pyops.profileFile');
  const name = relativePath.split('/').pop()!;
  await waitFor('the profile panel', () => profilePanelTabs().find((t) => t.label === `Profile: ${name}`), { timeoutMs: 60_000 });
  await waitFor('rows in the profile panel', async () => ((await driver.count(ROWS, PROFILE_VIEWER).catch(() => 0)) > 0 ? true : undefined), { timeoutMs: 30_000 });
  return editor;
}

async function countLabel(driver: WorkbenchDriver): Promise<string> {
  return (await driver.texts('.toolbar .count', PROFILE_VIEWER))[0] ?? '';
}

describe('profile panel in the editor', function () {
  this.timeout(120_000);
  let driver: WorkbenchDriver;

  before(async function () {
    const found = workbenchDriver();
    // Only scripts/lib/integration.ts drives the page; the upstream runner has no driver.
    if (!found) this.skip();
    driver = found;
    await pyopsExtension().activate();
  });

  after(async () => {
    await vscode.commands.executeCommand('pyops.clearProfileHints');
    await closePanels();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('shows only the rows that match the filter, and only user code with "Hide library frames"', async () => {
    await closePanels();
    await profileFixture(driver, 'profiling/hot_loop.py');
    const before = await driver.count(ROWS, PROFILE_VIEWER);
    assert.ok(before > 3, `only ${before} rows before filtering`);

    await driver.click('input.filter', PROFILE_VIEWER);
    await driver.type('crunch');
    await waitFor('the count to say one function', async () => ((await countLabel(driver)).startsWith('1 of ') ? true : undefined), {
      describeLast: () => 'see the count label',
    });
    const shown = await driver.texts(ROWS, PROFILE_VIEWER);
    assert.equal(shown.length, 1, `rows on screen: ${JSON.stringify(shown)}`);
    assert.match(shown[0]!, /crunch/);

    // Clearing the filter brings every row back; hiding library frames leaves the script's own.
    await driver.press('Escape');
    await waitFor('every row back', async () => ((await driver.count(ROWS, PROFILE_VIEWER)) === before ? true : undefined));
    await driver.click('#hide-library', PROFILE_VIEWER);
    const label = await waitFor('the count after hiding library frames', async () => {
      const text = await countLabel(driver);
      return / of /.test(text) ? text : undefined;
    });
    const expected = Number(/^(\d+) of/.exec(label)![1]);
    const rows = await driver.texts(ROWS, PROFILE_VIEWER);
    assert.equal(rows.length, expected, `"${label}" but rows on screen: ${JSON.stringify(rows)}`);
    assert.ok(rows.every((row) => !row.includes('<built-in')), `a built-in is still shown: ${JSON.stringify(rows)}`);
    await driver.click('#hide-library', PROFILE_VIEWER);
  });
});
