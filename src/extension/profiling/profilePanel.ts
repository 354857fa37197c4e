// The profile panel: one per window, beside the source, like the Markdown preview. Each new run
// (and each stored run a CodeLens asks for) replaces what it shows; it is revealed without taking
// the focus from the editor, and never over the source it belongs to.

import * as vscode from 'vscode';
import { viewerHtml, viewerWebviewOptions } from './webviewContent';
import { ViewerHost, type ViewerContent, type ViewerHostHandlers } from './viewerHost';

export const PROFILE_PANEL_VIEW_TYPE = 'pyops.profile';

export class ProfilePanel implements vscode.Disposable {
  private static current: ProfilePanel | undefined;

  readonly host: ViewerHost;
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;
  private shownRunId: string | undefined;

  /** The panel, if open. */
  static get(): ProfilePanel | undefined {
    return ProfilePanel.current;
  }

  /** The panel, if it shows the run `runId`. */
  static forRun(runId: string): ProfilePanel | undefined {
    return ProfilePanel.current?.runId === runId ? ProfilePanel.current : undefined;
  }

  /**
   * Shows `content` in the panel (opened beside the active editor the first time) and reveals it
   * in a column other than the active editor's, keeping the focus where it is.
   */
  static show(extensionUri: vscode.Uri, content: ViewerContent, runId: string | undefined, handlers: ViewerHostHandlers): ProfilePanel {
    const existing = ProfilePanel.current;
    if (existing) {
      existing.update(content, runId, handlers);
      existing.revealBesideEditor();
      return existing;
    }
    const hasEditor = vscode.window.activeTextEditor !== undefined;
    const panel = vscode.window.createWebviewPanel(
      PROFILE_PANEL_VIEW_TYPE,
      `Profile: ${content.title}`,
      // The editor keeps focus: its new CodeLens hints render at once (an unfocused editor only
      // draws them when it is next focused), and the user can keep typing.
      { viewColumn: hasEditor ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active, preserveFocus: true },
      { ...viewerWebviewOptions(extensionUri), retainContextWhenHidden: false },
    );
    panel.iconPath = {
      light: vscode.Uri.joinPath(extensionUri, 'media', 'flame-light.svg'),
      dark: vscode.Uri.joinPath(extensionUri, 'media', 'flame-dark.svg'),
    };
    const instance = new ProfilePanel(panel, extensionUri, handlers);
    instance.update(content, runId, handlers);
    return instance;
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    handlers: ViewerHostHandlers,
  ) {
    this.host = new ViewerHost(panel.webview, () => panel.viewColumn, handlers);
    panel.webview.html = viewerHtml(panel.webview, extensionUri, panel.title);
    ProfilePanel.current = this;
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

  get runId(): string | undefined {
    return this.shownRunId;
  }

  private update(content: ViewerContent, runId: string | undefined, handlers: ViewerHostHandlers): void {
    this.shownRunId = runId;
    this.panel.title = `Profile: ${content.title}`;
    this.host.setHandlers(handlers);
    this.host.showProfile(content);
  }

  /** Brings the panel into view beside the active editor, never over it, keeping the focus there. */
  revealBesideEditor(): void {
    const editorColumn = vscode.window.activeTextEditor?.viewColumn;
    const column = this.panel.viewColumn;
    if (editorColumn !== undefined && (column === undefined || column === editorColumn)) this.panel.reveal(vscode.ViewColumn.Beside, true);
    else this.panel.reveal(column, true);
  }

  reveal(functionId?: string): void {
    this.revealBesideEditor();
    if (functionId) this.host.reveal(functionId);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (ProfilePanel.current === this) ProfilePanel.current = undefined;
    for (const d of this.disposables) d.dispose();
    this.panel.dispose();
  }

  static disposeAll(): void {
    ProfilePanel.current?.dispose();
  }
}
