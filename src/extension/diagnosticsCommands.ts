import * as vscode from 'vscode';
import { CHECK_WORKSPACE_REQUEST, type CheckWorkspaceResult } from '../core/lspProtocol';
import type { Range } from '../core/text';
import type { LanguageServerController } from './languageClient';

/** "PyOps: Check Workspace": every Python file, results in the Problems panel. */
export async function checkWorkspace(server: LanguageServerController): Promise<CheckWorkspaceResult | undefined> {
  if (!vscode.workspace.workspaceFolders?.length) {
    void vscode.window.showInformationMessage('PyOps: open a folder to check a workspace.');
    return undefined;
  }
  if (server.state() !== 'running') await server.start();
  const client = server.runningClient();
  if (!client) {
    void vscode.window.showErrorMessage('PyOps: the language server is not running.', 'Show Logs').then((choice) => {
      if (choice) void vscode.commands.executeCommand('pyops.showLogs');
    });
    return undefined;
  }
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'PyOps: checking the workspace…', cancellable: true },
    (_progress, token) => client.sendRequest<CheckWorkspaceResult>(CHECK_WORKSPACE_REQUEST, {}, token),
  );
  const skipped = result.skipped > 0 ? ` (${result.skipped} unreadable or too large, skipped)` : '';
  const message = `PyOps checked ${result.files} Python file${result.files === 1 ? '' : 's'}: ${result.findings} finding${result.findings === 1 ? '' : 's'}${skipped}.`;
  void vscode.window.showInformationMessage(message, ...(result.findings > 0 ? ['Open Problems'] : [])).then((choice) => {
    if (choice) void vscode.commands.executeCommand('workbench.actions.view.problems');
  });
  return result;
}

/** Opens a rule's page (shipped in docs/rules/) in the Markdown preview. */
export async function showRuleDocumentation(context: vscode.ExtensionContext, code: unknown): Promise<void> {
  const picked =
    typeof code === 'string'
      ? code
      : await vscode.window.showInputBox({ title: 'PyOps rule code', placeHolder: 'OPS101', validateInput: (v) => (/^OPS\d{3}$/i.test(v.trim()) ? undefined : 'A rule code such as OPS101') });
  if (!picked) return;
  const uri = vscode.Uri.joinPath(context.extensionUri, 'docs', 'rules', `${picked.trim().toUpperCase()}.md`);
  try {
    await vscode.workspace.fs.stat(uri);
  } catch {
    void vscode.window.showWarningMessage(`PyOps has no rule ${picked}.`);
    return;
  }
  await vscode.commands.executeCommand('markdown.showPreview', uri);
}

/** Selects `range` in the editor showing `uri` (after a quick fix that inserted a value to adjust). */
export function selectRange(uri: unknown, range: unknown): void {
  if (typeof uri !== 'string' || !isRange(range)) return;
  const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri);
  if (!editor) return;
  const selection = new vscode.Selection(range.start.line, range.start.character, range.end.line, range.end.character);
  editor.selection = selection;
  editor.revealRange(selection);
}

function isRange(value: unknown): value is Range {
  const r = value as Range | undefined;
  return typeof r?.start?.line === 'number' && typeof r.start.character === 'number' && typeof r.end?.line === 'number' && typeof r.end.character === 'number';
}
