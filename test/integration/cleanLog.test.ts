// What PyOps leaves in the workbench's log (the extension host's warnings and errors included)
// while a user checks the workspace, profiles a script and closes every editor: nothing of its own.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { join } from 'node:path';
import { fixtureWorkspace, openFixture, waitFor } from './helpers';
import { beforeWithWorkbenchDriver, type WorkbenchDriver } from './workbench';

/** Messages VS Code logs when an extension misuses its API (some do not name the extension). */
const API_MISUSE = [
  /DiagnosticCollection with name '[^']*' does already exist/,
  /Illegal argument/,
  /TextEditor is closed\/disposed/,
  /'pyops\.pyops' uses a document selector without scheme/,
];

function isPyOpsProblem(line: string): boolean {
  return API_MISUSE.some((pattern) => pattern.test(line)) || (/\[(warning|error)\]/.test(line) && /pyops/i.test(line));
}

describe('the workbench log', function () {
  this.timeout(120_000);
  let driver: WorkbenchDriver;

  beforeWithWorkbenchDriver((found) => (driver = found));

  it('stays clean through Check Workspace, a profile run and closing every editor', async () => {
    await openFixture('jobs/backup.py');
    await vscode.commands.executeCommand('pyops.checkWorkspace');
    // A folder with its own .pyops.yaml: problems in it are reported on the file.
    await openFixture('configured/.pyops.yaml');
    await openFixture('configured/deploy_hook.py');
    await openFixture('profiling/hot_loop.py');
    await vscode.commands.executeCommand('pyops.profileFile');
    await waitFor(
      'hints after the run',
      async () => {
        const lenses =
          (await vscode.commands.executeCommand<vscode.CodeLens[]>(
            'vscode.executeCodeLensProvider',
            vscode.window.activeTextEditor!.document.uri,
          )) ?? [];
        return lenses.length > 0 ? true : undefined;
      },
      { timeoutMs: 60_000 },
    );
    // The hinted file in two columns, and another beside: closing every editor at once.
    const hinted = vscode.window.activeTextEditor!.document;
    await vscode.window.showTextDocument(hinted, vscode.ViewColumn.Two);
    await vscode.window.showTextDocument(
      await vscode.workspace.openTextDocument(join(fixtureWorkspace, 'jobs', 'rotate_logs.py')),
      vscode.ViewColumn.Three,
    );
    await vscode.window.showTextDocument(hinted, vscode.ViewColumn.Three);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('pyops.clearProfileHints');
    // The extension host reports a rejected API call about a second after it happened.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    // From the start of the session: activation's own warnings count too.
    const misuse = (await driver.hostLog()).filter(isPyOpsProblem);
    assert.deepEqual(misuse, []);
  });
});
