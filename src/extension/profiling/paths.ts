// Profiles name files by path; a profiled untitled buffer is named by its `untitled:` URI
// instead (its temporary copy is gone once the run ends).

import * as vscode from 'vscode';

export function profileFileUri(file: string): vscode.Uri {
  return file.startsWith('untitled:') ? vscode.Uri.parse(file) : vscode.Uri.file(file);
}

/** True for a path PyOps can open: absolute (POSIX, Windows drive or UNC) or an untitled buffer. */
export function isOpenablePath(file: string): boolean {
  return file.startsWith('/') || /^[A-Za-z]:[\\/]/.test(file) || file.startsWith('\\\\') || file.startsWith('untitled:');
}
