// Runs against the extension as installed from the packaged VSIX (not the repository), so it
// proves the VSIX holds everything needed to activate, start the server and diagnose.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { openFixture, pyopsExtension, waitFor } from '../integration/helpers';
import { repoRoot } from '../integration/paths';

describe('the installed VSIX', () => {
  it('is loaded from the installed copy, not the repository', () => {
    const extension = pyopsExtension();
    assert.ok(!extension.extensionPath.startsWith(repoRoot + '/'), `loaded from ${extension.extensionPath}`);
  });

  it('activates on a Python file, starts its server and reports a finding', async () => {
    const editor = await openFixture('jobs/backup.py');
    const api = await waitFor('the extension to activate', () => (pyopsExtension().isActive ? pyopsExtension().exports : undefined));
    await waitFor('the language server to run', () => (api.languageServerState() === 'running' ? true : undefined), { timeoutMs: 30_000 });
    const diagnostics = await waitFor('diagnostics on backup.py', () => {
      const list = vscode.languages.getDiagnostics(editor.document.uri).filter((d) => d.source === 'PyOps');
      return list.length > 0 ? list : undefined;
    });
    assert.ok(diagnostics.length > 0);
  });
});
