import type * as vscode from 'vscode';

/**
 * Python files on disk and unsaved Python buffers: what PyOps's providers register for. A selector
 * without a scheme would also match other schemes (git diffs, Live Share), and VS Code warns of it.
 */
export const PYTHON_DOCUMENTS: vscode.DocumentFilter[] = [
  { scheme: 'file', language: 'python' },
  { scheme: 'untitled', language: 'python' },
];
