import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { pyopsExtension, waitFor } from './helpers';

describe('snippets', () => {
  it('"PyOps: Insert DevOps Snippet…" inserts a checked, timed-out subprocess call into the buffer', async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'python', content: '' });
    await vscode.window.showTextDocument(document);
    await pyopsExtension().activate();
    const inserted = await vscode.commands.executeCommand<string | undefined>('pyops.insertSnippet', 'ops-sub-run');
    assert.equal(inserted, 'ops-sub-run');
    const text = await waitFor('the snippet in the buffer', () => (document.getText().length > 0 ? document.getText() : undefined));
    assert.match(text, /subprocess\.run\(/);
    assert.match(text, /check=True/);
    assert.match(text, /timeout=/);
    assert.match(text, /except subprocess\.CalledProcessError/);
  });

  it('contributes the compiled snippet file for Python', () => {
    const manifest = pyopsExtension().packageJSON as { contributes: { snippets: { language: string; path: string }[] } };
    assert.deepEqual(manifest.contributes.snippets.map((s) => s.language), ['python']);
  });
});
