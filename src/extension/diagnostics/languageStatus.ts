import { basename, dirname } from 'node:path';
import * as vscode from 'vscode';
import { DOCUMENT_STATUS_REQUEST, type DocumentStatus, type DocumentStatusParams } from '../../core/lspProtocol';
import type { LanguageServerState } from '../api';
import type { LanguageServerController } from './languageClient';
import { describeDocumentStatus } from './languageStatusText';
import { PYTHON_DOCUMENTS } from '../pythonDocuments';

/** Re-asking the server is cheap, but not on every diagnostics event of a burst. */
const REFRESH_DELAY_MS = 150;

/** What the item says for the server's state and, when it runs, the active document's status. */
function statusText(
  state: LanguageServerState,
  status: DocumentStatus | undefined,
  configLabel: (path: string) => string,
): { text: string; detail: string | undefined; severity: vscode.LanguageStatusSeverity; busy: boolean; command: vscode.Command } {
  const info = vscode.LanguageStatusSeverity.Information;
  const logs: vscode.Command = { title: 'Show Logs', command: 'pyops.showLogs' };
  if (state === 'starting') return { text: 'PyOps: starting…', detail: undefined, severity: info, busy: true, command: logs };
  if (state === 'stopped') {
    return {
      text: 'PyOps: stopped',
      detail: 'the language server is not running',
      severity: vscode.LanguageStatusSeverity.Warning,
      busy: false,
      command: { title: 'Restart', command: 'pyops.restartServer' },
    };
  }
  if (!status) return { text: 'PyOps', detail: undefined, severity: info, busy: false, command: logs };
  const settings: vscode.Command = { title: 'Open Settings', command: 'workbench.action.openSettings', arguments: ['@ext:pyops.pyops'] };
  const command: vscode.Command =
    status.configFile && status.diagnosticsEnabled
      ? { title: `Open ${basename(status.configFile)}`, command: 'vscode.open', arguments: [vscode.Uri.file(status.configFile)] }
      : settings;
  return { ...describeDocumentStatus(status, configLabel), severity: info, busy: false, command };
}

/**
 * The "{}" item next to Python in the status bar: the server's state and, for the active Python
 * file, how many rules run and which configuration says so (a .pyops.yaml, or the settings).
 */
export class LanguageStatus implements vscode.Disposable {
  private readonly item = vscode.languages.createLanguageStatusItem('pyops.server', PYTHON_DOCUMENTS);
  private readonly disposables: vscode.Disposable[] = [];
  private timer: NodeJS.Timeout | undefined;
  private status: DocumentStatus | undefined;
  private request = 0;

  constructor(private readonly server: LanguageServerController) {
    this.item.name = 'PyOps';
    this.disposables.push(
      this.item,
      server.onDidChangeState(() => this.schedule()),
      vscode.window.onDidChangeActiveTextEditor(() => this.schedule()),
      // Config edits re-check open files: their new diagnostics are the cue to ask again.
      vscode.languages.onDidChangeDiagnostics((event) => {
        const active = vscode.window.activeTextEditor?.document.uri.toString();
        if (active && event.uris.some((uri) => uri.toString() === active)) this.schedule();
      }),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('pyops.diagnostics')) this.schedule();
      }),
    );
    this.render();
    this.schedule();
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), REFRESH_DELAY_MS);
  }

  private async refresh(): Promise<void> {
    const request = ++this.request;
    const document = vscode.window.activeTextEditor?.document;
    const client = this.server.runningClient();
    let status: DocumentStatus | undefined;
    if (client && document?.languageId === 'python') {
      const params: DocumentStatusParams = { uri: document.uri.toString() };
      status = await client.sendRequest<DocumentStatus>(DOCUMENT_STATUS_REQUEST, params).then(
        (value) => value,
        () => undefined,
      );
    }
    if (request !== this.request) return; // a newer refresh is under way
    this.status = status;
    this.render();
  }

  private render(): void {
    const shown = statusText(this.server.state(), this.status, (path) =>
      vscode.workspace.getWorkspaceFolder(vscode.Uri.file(path))
        ? vscode.workspace.asRelativePath(path)
        : `${basename(dirname(path))}/${basename(path)}`,
    );
    this.item.text = shown.text;
    this.item.detail = shown.detail;
    this.item.severity = shown.severity;
    this.item.busy = shown.busy;
    this.item.command = shown.command;
  }
}
