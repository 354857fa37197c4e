// Connects one viewer webview (a run's panel or a .prof custom editor) to its profile: answers
// the viewer's messages (open source, export, compare, rerun) and re-sends the profile whenever
// the webview is recreated after being hidden.

import * as vscode from 'vscode';
import type { Profile, ProfileComparison } from '../../core/profile/model';
import {
  parseViewerMessage,
  type ExportFormat,
  type RenderedView,
  type ToViewerMessage,
  type ViewerAction,
  type ViewerCapabilities,
} from '../../shared/viewerProtocol';
import { exportProfile } from './exporter';
import { profileLog } from './output';
import { profileFileUri } from './paths';

export interface ViewerContent {
  profile: Profile;
  title: string;
  baseDir: string | null;
  capabilities: ViewerCapabilities;
}

export interface ViewerHostHandlers {
  /** Comparison with the previous run, or a sentence saying why there is none. */
  compare?(): Promise<{ comparison: ProfileComparison | null; message?: string }>;
  rerun?(): void;
  /** A status message button. */
  action?(id: string): void;
}

/** One viewer's report that it rendered a profile (read by tests and the benchmark through a command). */
export interface RenderReport {
  title: string;
  view: RenderedView;
  functionCount: number;
  /** From the profile message's arrival in the webview to the first painted frame. */
  milliseconds: number;
}

const renderReports: RenderReport[] = [];

/** Every render reported since activation, oldest first (at most the last 100). */
export function viewerRenderReports(): RenderReport[] {
  return renderReports.slice();
}

export class ViewerHost implements vscode.Disposable {
  private content: ViewerContent | undefined;
  private status: Extract<ToViewerMessage, { type: 'status' }> | undefined;
  private pendingReveal: string | undefined;
  private pendingComparison: (() => Thenable<boolean>) | undefined;
  private ready = false;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly webview: vscode.Webview,
    private readonly column: () => vscode.ViewColumn | undefined,
    private handlers: ViewerHostHandlers,
  ) {
    this.disposables.push(webview.onDidReceiveMessage((raw) => void this.onMessage(raw)));
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }

  /** The panel now shows another run: its compare and rerun act on that run. */
  setHandlers(handlers: ViewerHostHandlers): void {
    this.handlers = handlers;
  }

  /** The webview was (re)created: it will send `ready` once its script runs. */
  resetReady(): void {
    this.ready = false;
  }

  showProfile(content: ViewerContent): void {
    this.content = content;
    this.status = undefined;
    if (this.ready) void this.post(this.profileMessage(content));
  }

  showStatus(text: string, tone: 'info' | 'error', options: { detail?: string; actions?: ViewerAction[] } = {}): void {
    this.content = undefined;
    this.status = { type: 'status', text, tone, ...options };
    if (this.ready) void this.post(this.status);
  }

  showComparison(comparison: ProfileComparison | null, message?: string): void {
    const post = (): Thenable<boolean> => this.post({ type: 'comparison', comparison, ...(message ? { message } : {}) });
    if (this.ready) void post();
    else this.pendingComparison = post;
  }

  reveal(functionId: string): void {
    if (this.ready && this.content) void this.post({ type: 'reveal', functionId });
    else this.pendingReveal = functionId;
  }

  get profile(): Profile | undefined {
    return this.content?.profile;
  }

  private profileMessage(content: ViewerContent): ToViewerMessage {
    return { type: 'profile', ...content };
  }

  private post(message: ToViewerMessage): Thenable<boolean> {
    return this.webview.postMessage(message).then(undefined, () => false);
  }

  private async onMessage(raw: unknown): Promise<void> {
    const message = parseViewerMessage(raw);
    if (!message) return;
    switch (message.type) {
      case 'ready':
        this.ready = true;
        if (this.content) {
          await this.post(this.profileMessage(this.content));
          if (this.pendingReveal) {
            await this.post({ type: 'reveal', functionId: this.pendingReveal });
            this.pendingReveal = undefined;
          }
          if (this.pendingComparison) {
            await this.pendingComparison();
            this.pendingComparison = undefined;
          }
        } else if (this.status) {
          await this.post(this.status);
        }
        break;
      case 'openSource':
        await this.openSource(message.file, message.line, message.preserveFocus === true);
        break;
      case 'export':
        if (this.content) await this.export(message.format);
        break;
      case 'compare':
        await this.compare();
        break;
      case 'rerun':
        this.handlers.rerun?.();
        break;
      case 'action':
        this.handlers.action?.(message.id);
        break;
      case 'rendered':
        profileLog(`Viewer rendered the ${message.view} of ${message.functionCount} functions in ${Math.round(message.milliseconds)} ms.`);
        renderReports.push({
          title: this.content?.title ?? '',
          view: message.view,
          functionCount: message.functionCount,
          milliseconds: message.milliseconds,
        });
        if (renderReports.length > 100) renderReports.shift();
        break;
    }
  }

  private async export(format: ExportFormat): Promise<void> {
    try {
      await exportProfile(this.content!.profile, format);
    } catch (error) {
      void vscode.window.showErrorMessage(`PyOps could not export the profile: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private async compare(): Promise<void> {
    if (!this.handlers.compare) {
      await this.post({ type: 'comparison', comparison: null, message: 'Only runs made from this workspace can be compared.' });
      return;
    }
    try {
      const result = await this.handlers.compare();
      await this.post({ type: 'comparison', comparison: result.comparison, ...(result.message ? { message: result.message } : {}) });
    } catch (error) {
      await this.post({
        type: 'comparison',
        comparison: null,
        message: `Could not compare: ${error instanceof Error ? error.message : String(error)}`,
      });
    }
  }

  private async openSource(file: string, line: number, preserveFocus: boolean): Promise<void> {
    const uri = profileFileUri(file);
    const position = new vscode.Position(Math.max(0, line - 1), 0);
    const panelColumn = this.column();
    // Open beside the viewer: in a column that already shows a text editor, else a new one.
    const editorColumn = vscode.window.visibleTextEditors.map((e) => e.viewColumn).find((c) => c !== undefined && c !== panelColumn);
    try {
      await vscode.window.showTextDocument(uri, {
        selection: new vscode.Range(position, position),
        preserveFocus,
        preview: preserveFocus,
        viewColumn: editorColumn ?? vscode.ViewColumn.Beside,
      });
    } catch (error) {
      void vscode.window.showWarningMessage(
        `PyOps could not open ${file}:${line} (${error instanceof Error ? error.message : String(error)}). The file may have moved since the profile was taken.`,
      );
    }
  }
}
