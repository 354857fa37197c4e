import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { pyopsExtension, waitFor } from './helpers';

const SCRIPT = `#!/usr/bin/env python3
"""Nightly backup of the application database."""

import logging
import subprocess
import sys

logger = logging.getLogger(__name__)


def dump_database() -> None:
    subprocess.run(["pg_dump", "app"], check=True, timeout=600)


def main() -> int:
    logging.basicConfig(level=logging.INFO)
    dump_database()
    return 0


if __name__ == "__main__":
    sys.exit(main())
`;
const CURSOR_LINE = 13;

async function openScript(): Promise<vscode.TextEditor> {
  // A file of its own: an untitled buffer can come back as another test's still-open Untitled-N.
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pyops-snippets-')), 'backup.py');
  fs.writeFileSync(file, SCRIPT);
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  assert.equal(document.getText(), SCRIPT);
  const editor = await vscode.window.showTextDocument(document);
  await pyopsExtension().activate();
  editor.selection = new vscode.Selection(CURSOR_LINE, 0, CURSOR_LINE, 0);
  return editor;
}

function pyopsCodes(uri: vscode.Uri): string[] {
  return vscode.languages
    .getDiagnostics(uri)
    .filter((d) => d.source?.toLowerCase().includes('pyops') || /^OPS\d+$/.test(String(typeof d.code === 'object' ? d.code.value : d.code)))
    .map((d) => `${String(typeof d.code === 'object' ? d.code.value : d.code)}@${d.range.start.line + 1}`);
}

describe('snippets', () => {
  it('"PyOps: Insert DevOps Snippet…" puts the body at the cursor and joins its imports to the import block', async () => {
    const editor = await openScript();
    const inserted = await vscode.commands.executeCommand<string | undefined>('pyops.insertSnippet', 'ops-sub-run');
    assert.equal(inserted, 'ops-sub-run');
    const text = await waitFor('the snippet in the buffer', () =>
      editor.document.getText().includes('def run_command') ? editor.document.getText() : undefined,
    );
    const lines = text.split('\n');
    assert.deepEqual(
      lines.slice(3, 8),
      ['import logging', 'import subprocess', 'import sys', 'import shlex', 'from typing import Sequence, Union'],
      text,
    );
    assert.equal(lines.filter((line) => line === 'import subprocess').length, 1);
    assert.equal(lines.filter((line) => line.startsWith('logger = ')).length, 1);
    const body = lines.indexOf('def run_command(cmd: Sequence[str], timeout: float = 60) -> str:');
    assert.ok(body > lines.indexOf('def dump_database() -> None:') && body < lines.indexOf('def main() -> int:'), text);

    // No PyOps finding is left behind; a careless edit in the same buffer is still flagged.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.deepEqual(pyopsCodes(editor.document.uri), []);
    await editor.edit((b) => b.insert(new vscode.Position(editor.document.lineCount - 1, 0), 'subprocess.run(["true"])\n'));
    await waitFor('OPS101 on the careless line', () =>
      pyopsCodes(editor.document.uri).some((c) => c.startsWith('OPS101')) ? true : undefined,
    );
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('typing ops- lists the families first, then a family lists its snippets with their imports', async () => {
    const editor = await openScript();
    await editor.edit((b) => b.insert(new vscode.Position(CURSOR_LINE, 0), 'ops-'));
    const at = new vscode.Position(CURSOR_LINE, 4);
    const families = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      editor.document.uri,
      at,
      '-',
    );
    const labels = (items: vscode.CompletionItem[]): string[] =>
      items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label)).filter((l) => l.startsWith('ops-'));
    assert.deepEqual(labels(families.items).sort(), [
      'ops-cfg-',
      'ops-conc-',
      'ops-fs-',
      'ops-log-',
      'ops-net-',
      'ops-perf-',
      'ops-script-',
      'ops-sub-',
      'ops-sys-',
    ]);

    await editor.edit((b) => b.insert(at, 'sub-'));
    const inFamily = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      editor.document.uri,
      new vscode.Position(CURSOR_LINE, 8),
      '-',
    );
    const subs = labels(inFamily.items);
    assert.ok(subs.length >= 8 && subs.every((l) => l.startsWith('ops-sub-')), subs.join(', '));
    const run = inFamily.items.find((i) => (typeof i.label === 'string' ? i.label : i.label.label) === 'ops-sub-run');
    assert.ok(run?.insertText instanceof vscode.SnippetString);
    assert.doesNotMatch(run.insertText.value, /^import /m);
    assert.deepEqual(
      (run.additionalTextEdits ?? []).map((e) => [e.range.start.line, e.newText]),
      [[6, 'import shlex\nfrom typing import Sequence, Union\n']],
    );
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
