// One webview panel per profile run, titled with the script's name.

import * as vscode from 'vscode';
import { viewerHtml, viewerWebviewOptions } from './webviewContent';
import { ViewerHost, type ViewerContent, type ViewerHostHandlers } from './viewerHost';

export const PROFILE_PANEL_VIEW_TYPE = 'pyops.profile';

export class ProfilePanel implements vscode.Disposable {
  private static readonly open = new Set<ProfilePanel>();

  readonly host: ViewerHost;
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;

  static all(): readonly ProfilePanel[] {
    return [...ProfilePanel.open];
  }

  /** The most recently opened panel showing the run `runId`, if any. */
  static forRun(runId: string): ProfilePanel | undefined {
    return [...ProfilePanel.open].reverse().find((p) => p.runId === runId);
  }

  static create(
    extensionUri: vscode.Uri,
    content: ViewerContent,
    runId: string | undefined,
    handlers: ViewerHostHandlers,
    column: vscode.ViewColumn = vscode.ViewColumn.Beside,
  ): ProfilePanel {
    const panel = vscode.window.createWebviewPanel(
      PROFILE_PANEL_VIEW_TYPE,
      `Profile: ${content.title}`,
      // The editor keeps focus: its new CodeLens hints render at once (an unfocused editor only
      // draws them when it is next focused), and the user can keep typing.
      { viewColumn: column, preserveFocus: true },
      { ...viewerWebviewOptions(extensionUri), retainContextWhenHidden: false },
    );
    panel.iconPath = {
      light: vscode.Uri.joinPath(extensionUri, 'media', 'flame-light.svg'),
      dark: vscode.Uri.joinPath(extensionUri, 'media', 'flame-dark.svg'),
    };
    const instance = new ProfilePanel(panel, extensionUri, runId, handlers);
    instance.host.showProfile(content);
    return instance;
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    readonly runId: string | undefined,
    handlers: ViewerHostHandlers,
  ) {
    this.host = new ViewerHost(panel.webview, () => panel.viewColumn, handlers);
    panel.webview.html = viewerHtml(panel.webview, extensionUri, panel.title);
    ProfilePanel.open.add(this);
    this.disposables.push(
      this.host,
      panel.onDidDispose(() => this.dispose()),
      panel.onDidChangeViewState((event) => {
        // Without retainContextWhenHidden the webview is rebuilt when shown again; its script
        // sends `ready` and gets the profile once more (its own state comes from setState).
        if (!event.webviewPanel.visible) this.host.resetReady();
      }),
    );
  }

  reveal(functionId?: string): void {
    this.panel.reveal(undefined, true);
    if (functionId) this.host.reveal(functionId);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    ProfilePanel.open.delete(this);
    for (const d of this.disposables) d.dispose();
    this.panel.dispose();
  }

  static disposeAll(): void {
    for (const panel of ProfilePanel.all()) panel.dispose();
  }
}
