import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { pyopsExtension, waitFor } from './helpers';

function codeOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  return String(typeof code === 'object' ? code.value : code);
}

/** The quick fixes VS Code's light bulb offers for a finding. */
async function quickFixes(document: vscode.TextDocument, finding: vscode.Diagnostic): Promise<vscode.CodeAction[]> {
  return vscode.commands.executeCommand<vscode.CodeAction[]>(
    'vscode.executeCodeActionProvider',
    document.uri,
    finding.range,
    vscode.CodeActionKind.QuickFix.value,
  );
}

describe('diagnostics and quick fixes in the editor', () => {
  // Leave no modified untitled buffer behind for the suites that run after this one.
  afterEach(() => vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor'));

  it('shows a finding with its docs link, and the quick fix removes it', async () => {
    const document = await vscode.workspace.openTextDocument({
      language: 'python',
      content:
        'import logging\nimport shutil\n\nlogger = logging.getLogger(__name__)\n\ntry:\n    shutil.rmtree("/var/tmp/build")\nexcept OSError:\n    logger.error("cleanup failed")\n',
    });
    await vscode.window.showTextDocument(document);
    await pyopsExtension().activate();
    const finding = await waitFor('an OPS201 diagnostic', () =>
      vscode.languages.getDiagnostics(document.uri).find((d) => codeOf(d) === 'OPS201'),
    );
    assert.equal(finding.source, 'PyOps');
    const code = finding.code as { value: string; target: vscode.Uri };
    assert.match(code.target.toString(), /docs\/rules\/OPS201\.md$/);

    const actions = await quickFixes(document, finding);
    const fix = actions.find((a) => a.title.includes('(OPS201)'));
    assert.ok(fix?.edit, `a quick fix among: ${actions.map((a) => a.title).join(' | ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.match(document.getText(), /logger\.exception\("cleanup failed"\)/);
    await waitFor('OPS201 to clear', () =>
      vscode.languages.getDiagnostics(document.uri).some((d) => codeOf(d) === 'OPS201') ? undefined : true,
    );
  });

  it('selects the guessed timeout after the "Add timeout" fix, ready to be adjusted', async () => {
    const document = await vscode.workspace.openTextDocument({
      language: 'python',
      content: 'import subprocess\n\nsubprocess.run(["rsync", "-a", "src/", "dst/"], check=True)\n',
    });
    const editor = await vscode.window.showTextDocument(document);
    const finding = await waitFor('an OPS102 diagnostic', () =>
      vscode.languages.getDiagnostics(document.uri).find((d) => codeOf(d) === 'OPS102'),
    );
    const actions = await quickFixes(document, finding);
    const fix = actions.find((a) => a.title.includes('(OPS102)'));
    assert.ok(fix?.edit && fix.command, `a fix with a follow-up command among: ${actions.map((a) => a.title).join(' | ')}`);
    // What VS Code does when the user picks the action: apply the edit, then run its command.
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments ?? []));
    assert.equal(document.getText(editor.selection), '60');
  });

  it('"PyOps: Check Workspace" lists findings of files that are not open', async () => {
    const result = await vscode.commands.executeCommand<{ files: number; findings: number }>('pyops.checkWorkspace');
    assert.ok(result && result.files >= 2, `checked ${JSON.stringify(result)}`);
    const withFindings = await waitFor('workspace diagnostics for an unopened file', () => {
      const entries = vscode.languages
        .getDiagnostics()
        .filter(([uri, list]) => uri.path.endsWith('.py') && list.some((d) => d.source === 'PyOps'))
        .filter(([uri]) => !vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString()));
      return entries.length > 0 ? entries : undefined;
    });
    assert.ok(withFindings.length > 0);
  });
});
