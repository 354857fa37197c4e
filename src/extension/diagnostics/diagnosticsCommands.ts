import * as vscode from 'vscode';
import { CHECK_WORKSPACE_REQUEST, RULE_CATALOG_REQUEST, type CheckWorkspaceResult, type RuleCatalogEntry } from '../../core/lspProtocol';
import type { Range } from '../../core/text';
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
  server.noteWorkspaceChecked();
  const skipped = result.skipped > 0 ? ` (${result.skipped} unreadable or too large, skipped)` : '';
  const message = `PyOps checked ${result.files} Python file${result.files === 1 ? '' : 's'}: ${result.findings} finding${result.findings === 1 ? '' : 's'}${skipped}.`;
  void vscode.window.showInformationMessage(message, ...(result.findings > 0 ? ['Open Problems'] : [])).then((choice) => {
    if (choice) void vscode.commands.executeCommand('workbench.actions.view.problems');
  });
  return result;
}

interface RulePick extends vscode.QuickPickItem {
  code: string;
}

/** The rule catalog from the language server, or the codes and names of the shipped rule pages. */
async function ruleCatalog(context: vscode.ExtensionContext, server: LanguageServerController): Promise<RuleCatalogEntry[]> {
  const client = server.runningClient();
  if (client) {
    const rules = await client.sendRequest<RuleCatalogEntry[]>(RULE_CATALOG_REQUEST).then(
      (value) => value,
      () => undefined,
    );
    if (rules?.length) return rules;
  }
  const docs = vscode.Uri.joinPath(context.extensionUri, 'docs', 'rules');
  const entries: RuleCatalogEntry[] = [];
  for (const [name] of await vscode.workspace.fs.readDirectory(docs).then(undefined, () => [] as [string, vscode.FileType][])) {
    const match = /^(OPS\d{3})\.md$/.exec(name);
    if (!match) continue;
    const title = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(docs, name))).split('\n', 1)[0] ?? '';
    entries.push({ code: match[1]!, name: /^# OPS\d{3}: (\S+)/.exec(title)?.[1] ?? '', summary: '', defaultSeverity: '' });
  }
  return entries.sort((a, b) => a.code.localeCompare(b.code));
}

/** Codes of the PyOps findings on the active editor's cursor line, to offer first. */
function codesAtCursor(): string[] {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return [];
  const line = editor.selection.active.line;
  const codes = vscode.languages
    .getDiagnostics(editor.document.uri)
    .filter((d) => d.source === 'PyOps' && d.range.start.line <= line && d.range.end.line >= line)
    .map((d) => String(typeof d.code === 'object' ? d.code.value : d.code));
  return [...new Set(codes)];
}

/** "PyOps: Show Rule Documentation…": a rule's page (shipped in docs/rules/) in the Markdown preview. */
export async function showRuleDocumentation(
  context: vscode.ExtensionContext,
  server: LanguageServerController,
  code: unknown,
): Promise<void> {
  let picked = typeof code === 'string' ? code.trim().toUpperCase() : undefined;
  if (picked === undefined) {
    const rules = await ruleCatalog(context, server);
    const here = codesAtCursor();
    const item = (rule: RuleCatalogEntry): RulePick => ({
      code: rule.code,
      label: rule.code,
      description: [rule.name, rule.defaultSeverity].filter(Boolean).join(' \u00b7 '),
      ...(rule.summary ? { detail: rule.summary } : {}),
    });
    const atCursor = rules.filter((r) => here.includes(r.code));
    const items: Array<RulePick | vscode.QuickPickItem> = atCursor.length
      ? [
          { label: 'At the cursor', kind: vscode.QuickPickItemKind.Separator },
          ...atCursor.map(item),
          { label: 'All rules', kind: vscode.QuickPickItemKind.Separator },
          ...rules.filter((r) => !here.includes(r.code)).map(item),
        ]
      : rules.map(item);
    const choice = await vscode.window.showQuickPick(items, {
      title: 'PyOps rule documentation',
      placeHolder: 'Type a code, a name or words from the summary',
      matchOnDescription: true,
      matchOnDetail: true,
    });
    picked = choice && 'code' in choice ? choice.code : undefined;
  }
  if (!picked) return;
  const uri = vscode.Uri.joinPath(context.extensionUri, 'docs', 'rules', `${picked}.md`);
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
  return (
    typeof r?.start?.line === 'number' &&
    typeof r.start.character === 'number' &&
    typeof r.end?.line === 'number' &&
    typeof r.end.character === 'number'
  );
}
