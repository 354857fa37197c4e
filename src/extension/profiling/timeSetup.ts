// The setup of "Time Selection", editable per source file: a Python file of its own in PyOps's
// storage ("PyOps: Edit Time Selection Setup…"). Without one, or with nothing but comments in it,
// the setup is derived from the source: its imports and the definitions the selection uses.

import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { hasCode, selectionSetup, type SelectionSetup } from './selectionCode';

export interface ChosenSetup {
  code: string;
  /** How the output channel names it. */
  description: string;
  /** The user's own setup file, when that is what runs. */
  file?: vscode.Uri;
}

export class TimeSetupStore {
  constructor(private readonly storage: vscode.Uri) {}

  /** Where the setup of `source` lives (one file per source, named after it). */
  uriFor(source: vscode.Uri): vscode.Uri {
    const digest = createHash('sha256').update(source.toString()).digest('hex').slice(0, 12);
    const name =
      basename(source.path)
        .replace(/\.py$/, '')
        .replace(/[^\w.-]/g, '_') || 'untitled';
    return vscode.Uri.joinPath(this.storage, 'time-selection', `${name}-${digest}.setup.py`);
  }

  /** The user's setup for `source` (unsaved edits included), or undefined when it has no code. */
  async own(source: vscode.Uri): Promise<{ code: string; file: vscode.Uri } | undefined> {
    const file = this.uriFor(source);
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === file.toString());
    let text: string;
    if (open) text = open.getText();
    else {
      try {
        text = new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
      } catch {
        return undefined;
      }
    }
    return hasCode(text) ? { code: text, file } : undefined;
  }

  /** The setup a run uses: the user's own, else the one derived from the source. */
  async choose(document: vscode.TextDocument, statements: string, selection: vscode.Range): Promise<ChosenSetup> {
    const own = await this.own(document.uri);
    if (own) return { code: own.code, description: `your setup (${own.file.fsPath})`, file: own.file };
    const derived = selectionSetup(document.getText(), statements, selection.start.line, selection.end.line);
    return { code: derived.code, description: describeDerived(derived) };
  }

  /**
   * Opens the setup of `document` beside it, creating it from the imports and the definitions
   * `statements` use when there is none yet.
   */
  async edit(document: vscode.TextDocument, statements: string, selection: vscode.Range | undefined): Promise<vscode.TextEditor> {
    const file = this.uriFor(document.uri);
    let exists = true;
    try {
      await vscode.workspace.fs.stat(file);
    } catch {
      exists = false;
    }
    if (!exists) {
      const derived = selectionSetup(document.getText(), statements, selection?.start.line ?? -1, selection?.end.line ?? -1);
      const where = document.isUntitled ? document.uri.toString() : vscode.workspace.asRelativePath(document.uri);
      const text = [
        `# Setup for PyOps: Time Selection in ${where}.`,
        '# It runs once before the timed statements, which can use what it imports and defines.',
        '# Edit it (the changes apply at once, saved or not). With no code left here, Time Selection',
        "# takes the file's imports and the definitions the selection uses again.",
        '',
        derived.code,
        '',
      ].join('\n');
      await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(file, '..'));
      await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(text));
    }
    const setupDocument = await vscode.workspace.openTextDocument(file);
    return vscode.window.showTextDocument(setupDocument, { viewColumn: vscode.ViewColumn.Beside, preview: false });
  }
}

function describeDerived(setup: SelectionSetup): string {
  const parts: string[] = [];
  if (setup.importLines > 0) parts.push(`the file's ${setup.importLines} top-level import line(s)`);
  if (setup.definitions.length > 0) parts.push(`the definitions of ${setup.definitions.join(', ')}`);
  return parts.length > 0 ? parts.join(' and ') : 'none (the file has no imports the selection could need)';
}
