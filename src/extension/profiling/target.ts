// What to profile: the document a command was invoked on, saved first; untitled buffers go
// through a temporary file that is always removed.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';

export interface ScriptFile {
  /** The document the user sees (a file or an untitled buffer). */
  source: vscode.Uri;
  /** Display name (file name, or "Untitled-1"). */
  title: string;
  /** The file Python runs. */
  path: string;
  /** Removes the temporary copy of an untitled buffer (no-op for files). */
  cleanup(): Promise<void>;
  /** An untitled buffer run from a temporary copy (the profile is renamed to the buffer's URI). */
  temporary: boolean;
}

export class TargetError extends Error {}

function isPython(document: vscode.TextDocument): boolean {
  return document.languageId === 'python' || /\.pyw?$/i.test(document.uri.path);
}

function baseName(uri: vscode.Uri): string {
  const parts = uri.path.split('/');
  return parts[parts.length - 1] || uri.path;
}

/** The URI a command should act on: its argument (explorer, editor title) or the active editor. */
export function commandTarget(argument: unknown): vscode.Uri | undefined {
  if (argument instanceof vscode.Uri) return argument;
  return vscode.window.activeTextEditor?.document.uri;
}

/**
 * Makes `uri` ready to run: an open dirty document is saved, an untitled one written to a
 * temporary file. Throws TargetError with a user-facing message.
 */
export async function prepareScript(uri: vscode.Uri | undefined): Promise<ScriptFile> {
  if (!uri) throw new TargetError('Open a Python file to profile (or right-click one in the Explorer).');
  const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (document && !isPython(document)) {
    throw new TargetError(`${baseName(uri)} is not a Python file (language: ${document.languageId}). PyOps profiles Python scripts.`);
  }
  if (!document && !/\.pyw?$/i.test(uri.path)) {
    throw new TargetError(`${baseName(uri)} is not a Python file. PyOps profiles Python scripts.`);
  }
  if (document?.isUntitled) {
    const dir = await mkdtemp(join(tmpdir(), 'pyops-untitled-'));
    const name = /\.pyw?$/i.test(baseName(uri)) ? baseName(uri) : `${baseName(uri).replace(/[^\w.-]/g, '_') || 'untitled'}.py`;
    const path = join(dir, name);
    try {
      await writeFile(path, document.getText(), 'utf8');
    } catch (error) {
      await rm(dir, { recursive: true, force: true });
      throw new TargetError(`PyOps could not write a temporary copy of ${baseName(uri)} (${(error as Error).message}).`);
    }
    return {
      source: uri,
      title: baseName(uri),
      path,
      temporary: true,
      cleanup: () => rm(dir, { recursive: true, force: true, maxRetries: 3 }),
    };
  }
  if (uri.scheme !== 'file') {
    throw new TargetError(
      `${baseName(uri)} is not on the local disk (${uri.scheme}:). PyOps can profile local files and untitled buffers.`,
    );
  }
  if (document?.isDirty) {
    const saved = await document.save();
    if (!saved) throw new TargetError(`${baseName(uri)} could not be saved, so it was not profiled. Save it and try again.`);
  }
  return { source: uri, title: baseName(uri), path: uri.fsPath, temporary: false, cleanup: async () => undefined };
}
