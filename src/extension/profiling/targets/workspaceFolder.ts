// Which workspace folder a command acts in, and the run-identity URIs of targets that are not a
// single file (runs of the same target are compared with each other and rerun together).

import * as vscode from 'vscode';
import { TargetError, type ScriptFile } from '../target';

/** The folder of `uri` (or the active editor's file), else the only folder, else the user's pick. */
export async function folderFor(uri: vscode.Uri | undefined, purpose: string): Promise<vscode.WorkspaceFolder | undefined> {
  const from = uri ?? vscode.window.activeTextEditor?.document.uri;
  const own = from ? vscode.workspace.getWorkspaceFolder(from) : undefined;
  if (own) return own;
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) throw new TargetError(`Open a folder to ${purpose}: the working directory is the workspace folder.`);
  if (folders.length === 1) return folders[0];
  return vscode.window.showWorkspaceFolderPick({ placeHolder: `Workspace folder to ${purpose} in (the working directory)` });
}

/** The folder stored with a run (its URI string), if it is still open. */
export function storedFolder(stored: string | null): vscode.WorkspaceFolder | undefined {
  if (stored === null) return undefined;
  return (vscode.workspace.workspaceFolders ?? []).find((folder) => folder.uri.toString() === stored);
}

/**
 * A ScriptFile standing for a target that is not one file: `identity` names the target (runs
 * with the same identity are compared), `path` is the file variables such as `${file}` mean.
 */
export function targetScript(
  kind: string,
  name: string,
  folder: vscode.WorkspaceFolder | undefined,
  title: string,
  path: string,
): ScriptFile {
  const source = vscode.Uri.from({ scheme: 'pyops-run', path: `/${kind}/${name}`, query: folder ? folder.uri.toString() : '' });
  return { source, title, path, temporary: false, cleanup: async () => undefined };
}
