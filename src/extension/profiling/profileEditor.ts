// `.prof` / `.pstats` files open in the profile viewer: a read-only custom editor that loads
// the file through the core's loadProfile (pstats files are marshal data: Python reads them).
// The file is reloaded when it changes on disk.

import { basename, dirname } from 'node:path';
import * as vscode from 'vscode';
import { isProfileError } from '../../core/profile/errors';
import { loadProfile } from '../../core/profile/runProfile';
import { chooseInterpreter, describeSource, isInterpreterError, reportInterpreterProblem } from './interpreter';
import { withInterpreterCandidates } from './runner';
import { viewerHtml, viewerWebviewOptions } from './webviewContent';
import { ViewerHost } from './viewerHost';

export const PROFILE_EDITOR_VIEW_TYPE = 'pyops.profileViewer';

class ProfileDocument implements vscode.CustomDocument {
  constructor(readonly uri: vscode.Uri) {}
  dispose(): void {}
}

export class ProfileEditorProvider implements vscode.CustomReadonlyEditorProvider<ProfileDocument> {
  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly helperDir: () => string,
  ) {}

  openCustomDocument(uri: vscode.Uri): ProfileDocument {
    return new ProfileDocument(uri);
  }

  resolveCustomEditor(document: ProfileDocument, panel: vscode.WebviewPanel): void {
    panel.webview.options = viewerWebviewOptions(this.extensionUri);
    const host = new ViewerHost(panel.webview, () => panel.viewColumn, {
      action: (id) => void this.onAction(id, document, host),
    });
    panel.webview.html = viewerHtml(panel.webview, this.extensionUri, basename(document.uri.fsPath));
    const disposables: vscode.Disposable[] = [host];
    disposables.push(
      panel.onDidChangeViewState((event) => {
        if (!event.webviewPanel.visible) host.resetReady();
      }),
    );
    if (document.uri.scheme === 'file') {
      const watcher = vscode.workspace.createFileSystemWatcher(
        new vscode.RelativePattern(vscode.Uri.file(dirname(document.uri.fsPath)), basename(document.uri.fsPath)),
      );
      let reload: NodeJS.Timeout | undefined;
      // Writers often touch the file several times in a row: load once they are done.
      const schedule = (): void => {
        clearTimeout(reload);
        reload = setTimeout(() => void this.load(document, host), 300);
      };
      disposables.push(watcher, watcher.onDidChange(schedule), watcher.onDidCreate(schedule), { dispose: () => clearTimeout(reload) });
    }
    panel.onDidDispose(() => {
      for (const d of disposables) d.dispose();
    });
    void this.load(document, host);
  }

  private async onAction(id: string, document: ProfileDocument, host: ViewerHost): Promise<void> {
    switch (id) {
      case 'retry':
        await this.load(document, host);
        break;
      case 'trust':
        await vscode.commands.executeCommand('workbench.trust.manage');
        if (vscode.workspace.isTrusted) await this.load(document, host);
        break;
      case 'interpreter':
        await vscode.commands.executeCommand('workbench.action.openSettings', 'pyops.python.path');
        break;
    }
  }

  private async load(document: ProfileDocument, host: ViewerHost): Promise<void> {
    const name = basename(document.uri.fsPath);
    if (!vscode.workspace.isTrusted) {
      host.showStatus(`${name} is a profile file. Reading it runs Python, which PyOps does not do in Restricted Mode.`, 'info', {
        actions: [
          { id: 'trust', label: 'Manage Workspace Trust' },
          { id: 'retry', label: 'Try Again' },
        ],
      });
      return;
    }
    if (document.uri.scheme !== 'file') {
      host.showStatus(`${name} is not on the local disk (${document.uri.scheme}:); PyOps reads local profile files only.`, 'error');
      return;
    }
    host.showStatus(`Reading ${name}\u2026`, 'info');
    const choice = await chooseInterpreter(document.uri);
    const outcome = await withInterpreterCandidates(choice.candidates, (python) =>
      loadProfile(document.uri.fsPath, python, { helperDir: this.helperDir() }),
    );
    if ('value' in outcome) {
      const profile = outcome.value;
      host.showProfile({
        profile,
        title: name,
        baseDir: vscode.workspace.getWorkspaceFolder(document.uri)?.uri.fsPath ?? null,
        capabilities: { compare: false, rerun: false, saveProf: false },
      });
      return;
    }
    const error = outcome.error;
    const detail = isProfileError(error) ? error.fix : undefined;
    const message = isProfileError(error) ? error.message : error instanceof Error ? error.message : String(error);
    if (isInterpreterError(error)) {
      host.showStatus(
        `${name} could not be read: ${describeSource(choice.source)} (${outcome.tried.join(', ')}) is not usable. ${message}`,
        'error',
        {
          ...(detail ? { detail } : {}),
          actions: [
            { id: 'interpreter', label: 'Open Settings' },
            { id: 'retry', label: 'Try Again' },
          ],
        },
      );
      void reportInterpreterProblem(error, outcome.tried, choice.source, document.uri);
      return;
    }
    host.showStatus(`${name} could not be read. ${message}`, 'error', {
      ...(detail ? { detail } : {}),
      actions: [{ id: 'retry', label: 'Try Again' }],
    });
  }
}
