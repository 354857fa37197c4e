// A profiled script that reads input(), in the real VS Code: with the default output channel it
// gets end-of-file, and PyOps offers the terminal; there the terminal has the keyboard, so what
// the user types is the script's answer, not an edit of the source.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { openFixture, waitFor } from './helpers';
import { closeProfilePanels } from './profileRuns';
import { beforeWithWorkbenchDriver, PROFILE_VIEWER, type WorkbenchDriver } from './workbench';

async function badge(driver: WorkbenchDriver): Promise<string> {
  return ((await driver.texts('.run-header .badge', PROFILE_VIEWER).catch(() => [] as string[]))[0] ?? '').trim();
}

describe('profiling a script that reads input', function () {
  this.timeout(120_000);
  let driver: WorkbenchDriver;

  beforeWithWorkbenchDriver((found) => (driver = found));

  after(async () => {
    for (const terminal of vscode.window.terminals) terminal.dispose();
    await closeProfilePanels();
    await vscode.commands.executeCommand('pyops.clearProfileHints');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('offers "Run in Terminal" after EOFError, and the terminal takes the keyboard for the answer', async () => {
    const editor = await openFixture('profiling/asks_name.py');
    const source = editor.document.getText();
    await vscode.commands.executeCommand('pyops.profileFile');
    await waitFor('the EOFError run in the panel', async () => ((await badge(driver)) === 'Raised EOFError' ? true : undefined), {
      timeoutMs: 60_000,
    });

    const offer = '.notifications-toasts .notification-toast:has-text("asked for input")';
    await waitFor('the offer to run in a terminal', async () => ((await driver.count(offer)) > 0 ? true : undefined));
    await driver.click(`${offer} .monaco-button:has-text("Run in Terminal")`);

    // The terminal opens with the focus: typing goes to the script.
    await waitFor('the focused terminal', async () => ((await driver.count('.terminal-wrapper .xterm.focus')) > 0 ? true : undefined), {
      timeoutMs: 30_000,
    });
    await new Promise((resolve) => setTimeout(resolve, 500)); // the script reaches input()
    await driver.type('Ada');
    await driver.press('Enter');
    await waitFor('the answered run in the panel', async () => ((await badge(driver)) === 'Exited (0)' ? true : undefined), {
      timeoutMs: 60_000,
      describeLast: () => 'the badge never said Exited (0)',
    });
    assert.equal(editor.document.getText(), source, 'nothing was typed into the source');
    assert.equal(editor.document.isDirty, false);
  });
});
