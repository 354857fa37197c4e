// "PyOps: Time Selection" in the real VS Code: the selection runs after a setup made of the file's
// imports and the definitions it uses; "Edit Time Selection Setup…" opens that setup beside the
// file, and what the user writes there is what the next run uses. Real Python.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { openFixture, pyopsExtension, waitFor } from './helpers';

interface Outcome {
  setup: string;
  setupFile?: string;
  result: { best: number; loops: number; exception?: { type: string; message: string } };
}

function lineOf(document: vscode.TextDocument, text: string): number {
  for (let i = 0; i < document.lineCount; i++) if (document.lineAt(i).text.trim() === text) return i;
  throw new Error(`"${text}" not found in ${document.uri.fsPath}`);
}

describe('Time Selection', function () {
  this.timeout(120_000);
  let setupFile: vscode.Uri | undefined;

  before(async () => {
    await pyopsExtension().activate();
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    if (setupFile) await vscode.workspace.fs.delete(setupFile).then(undefined, () => undefined);
  });

  it('sets up the imports and definitions the selection uses, and runs the setup the user edits', async () => {
    const editor = await openFixture('profiling/encode_rows.py');
    const line = lineOf(editor.document, 'payload = encode(rows)');
    editor.selection = new vscode.Selection(line, 0, line, editor.document.lineAt(line).text.length);

    // `rows` is made under `if __name__ == "__main__":`, which a setup never runs.
    const first = await vscode.commands.executeCommand<Outcome>('pyops.timeSelection');
    assert.ok(first, 'the command returns what it ran');
    assert.equal(first.setupFile, undefined);
    assert.match(first.setup, /^import json\n\n?def encode\(rows\):\n {4}return json\.dumps\(rows, sort_keys=True\)$/);
    assert.equal(first.result.exception?.type, 'NameError', JSON.stringify(first.result));
    assert.match(first.result.exception!.message, /'rows'/);

    await vscode.commands.executeCommand('pyops.editTimeSelectionSetup');
    const setupEditor = await waitFor('the setup beside the file', () => {
      const shown = vscode.window.activeTextEditor;
      return shown && shown.document.uri.path.endsWith('.setup.py') ? shown : undefined;
    });
    setupFile = setupEditor.document.uri;
    assert.notEqual(setupEditor.viewColumn, editor.viewColumn, 'the setup opens beside the source');
    const text = setupEditor.document.getText();
    assert.match(text, /^# Setup for PyOps: Time Selection in profiling\/encode_rows\.py\./);
    assert.ok(text.includes(first.setup), text);

    // The user adds the data the statements need; unsaved edits count.
    const added = await setupEditor.edit((edit) =>
      edit.insert(new vscode.Position(setupEditor.document.lineCount, 0), 'rows = [{"id": i} for i in range(50)]\n'),
    );
    assert.ok(added);
    await vscode.window.showTextDocument(editor.document, { viewColumn: editor.viewColumn });
    const second = await vscode.commands.executeCommand<Outcome>('pyops.timeSelection');
    assert.equal(second?.result.exception, undefined, JSON.stringify(second?.result.exception));
    assert.equal(second.setupFile, setupFile.fsPath);
    assert.ok(second.setup.includes('rows = [{"id": i} for i in range(50)]'));
    assert.ok(second.result.best > 0 && second.result.loops >= 1, JSON.stringify(second.result));
    await setupEditor.document.save();
  });
});
