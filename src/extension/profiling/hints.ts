// Profile hints in the editor: a CodeLens over each profiled function (cumulative time, share,
// calls) and a heat mark in the gutter and overview ruler for the functions whose own code took
// the most time. Hints belong to one run; editing a file clears its hints (the lines moved).

import * as vscode from 'vscode';
import type { FunctionStats, Profile } from '../../core/profile/model';
import { formatCalls, formatDuration, formatShare } from '../../shared/format';
import { isOpenablePath, profileFileUri } from './paths';

/** Own-time share from which a function's `def` line gets the hot / warm heat mark. */
export const HOT_SHARE = 0.1;
export const WARM_SHARE = 0.02;

export interface Hint {
  line: number;
  functionId: string;
  name: string;
  cumulativeTime: number;
  ownTime: number;
  share: number;
  ownShare: number;
  primitiveCalls: number;
  totalCalls: number;
  /** From a memory run: tracemalloc slowed the script down, so the times are inflated. */
  memoryRun: boolean;
}

interface FileHints {
  runId: string;
  hints: Hint[];
}

export const REVEAL_COMMAND = 'pyops.revealInProfile';

function hintsByFile(profile: Profile): Map<string, Hint[]> {
  const total = profile.run.totalTime;
  const byFile = new Map<string, Hint[]>();
  for (const fn of profile.functions) {
    if (!isHintable(fn)) continue;
    const key = profileFileUri(fn.file).toString();
    let list = byFile.get(key);
    if (!list) byFile.set(key, (list = []));
    list.push({
      line: fn.line,
      functionId: fn.id,
      name: fn.name,
      cumulativeTime: fn.cumulativeTime,
      ownTime: fn.ownTime,
      share: total > 0 ? fn.cumulativeTime / total : 0,
      ownShare: total > 0 ? fn.ownTime / total : 0,
      primitiveCalls: fn.primitiveCalls,
      totalCalls: fn.totalCalls,
      memoryRun: profile.memory !== undefined,
    });
  }
  return byFile;
}

function isHintable(fn: FunctionStats): boolean {
  return !fn.builtin && !fn.library && fn.line > 0 && isOpenablePath(fn.file);
}

export function hintTitle(hint: Hint): string {
  const where = hint.name === '<module>' ? 'module' : hint.name;
  const title = `$(flame) ${where}: ${formatDuration(hint.cumulativeTime)} cumulative \u00b7 ${formatShare(hint.share)} \u00b7 ${formatCalls(hint.primitiveCalls, hint.totalCalls)} call${hint.totalCalls === 1 ? '' : 's'}`;
  return hint.memoryRun ? `${title} \u00b7 memory run` : title;
}

/** The hover of a hint: own time, what a click does, and why a memory run's times are high. */
export function hintTooltip(hint: Hint): string {
  const tooltip = `Own time ${formatDuration(hint.ownTime)} (${formatShare(hint.ownShare)}). Click to show ${hint.name} in the profile.`;
  return hint.memoryRun
    ? `${tooltip} From a memory run: tracemalloc slowed the script down, so these times are inflated. Profile without memory for timings.`
    : tooltip;
}

export class ProfileHints implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly files = new Map<string, FileHints>();
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changeEmitter.event;
  private hot: vscode.TextEditorDecorationType | undefined;
  private warm: vscode.TextEditorDecorationType | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  /**
   * Visible editors showing heat marks. Only these are ever cleared, and an editor is decorated
   * once when it appears: an editor that is being closed (VS Code closes editors one by one, and
   * the extension host hears of it late) is never touched, which VS Code would log as an error.
   */
  private readonly decorated = new Set<vscode.TextEditor>();

  constructor(private readonly extensionUri: vscode.Uri) {
    this.disposables.push(
      this.changeEmitter,
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length > 0) this.clearFile(event.document.uri);
      }),
      vscode.window.onDidChangeVisibleTextEditors((editors) => {
        for (const editor of this.decorated) if (!editors.includes(editor)) this.decorated.delete(editor);
        this.decorate(editors.filter((editor) => !this.decorated.has(editor)));
      }),
    );
  }

  dispose(): void {
    this.hot?.dispose();
    this.warm?.dispose();
    for (const d of this.disposables) d.dispose();
  }

  /** Shows the hints of a new run (replacing older hints in the files it covers). */
  show(profile: Profile, runId: string, skip: (uri: vscode.Uri) => boolean = () => false): void {
    for (const [key, hints] of hintsByFile(profile)) {
      if (skip(vscode.Uri.parse(key))) continue;
      this.files.set(key, { runId, hints });
    }
    this.changeEmitter.fire();
    this.decorate(vscode.window.visibleTextEditors);
  }

  clearAll(): void {
    if (this.files.size === 0) return;
    this.files.clear();
    this.changeEmitter.fire();
    this.decorate([...this.decorated]);
  }

  clearFile(uri: vscode.Uri): void {
    if (!this.files.delete(uri.toString())) return;
    this.changeEmitter.fire();
    this.decorate([...this.decorated].filter((e) => e.document.uri.toString() === uri.toString()));
  }

  hasHints(uri: vscode.Uri): boolean {
    return this.files.has(uri.toString());
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const entry = this.files.get(document.uri.toString());
    if (!entry) return [];
    const lenses: vscode.CodeLens[] = [];
    for (const hint of entry.hints) {
      if (hint.line - 1 >= document.lineCount) continue;
      const range = document.lineAt(hint.line - 1).range;
      lenses.push(
        new vscode.CodeLens(range, {
          title: hintTitle(hint),
          tooltip: hintTooltip(hint),
          command: REVEAL_COMMAND,
          arguments: [entry.runId, hint.functionId],
        }),
      );
    }
    return lenses;
  }

  private decorationTypes(): [vscode.TextEditorDecorationType, vscode.TextEditorDecorationType] {
    this.hot ??= vscode.window.createTextEditorDecorationType({
      gutterIconPath: vscode.Uri.joinPath(this.extensionUri, 'media', 'heat-hot.svg'),
      gutterIconSize: '70%',
      overviewRulerColor: new vscode.ThemeColor('charts.red'),
      overviewRulerLane: vscode.OverviewRulerLane.Right,
    });
    this.warm ??= vscode.window.createTextEditorDecorationType({
      gutterIconPath: vscode.Uri.joinPath(this.extensionUri, 'media', 'heat-warm.svg'),
      gutterIconSize: '60%',
      overviewRulerColor: new vscode.ThemeColor('charts.orange'),
      overviewRulerLane: vscode.OverviewRulerLane.Right,
    });
    return [this.hot, this.warm];
  }

  /** Sets the heat marks of `editors`, skipping those that have none and never had any. */
  private decorate(editors: readonly vscode.TextEditor[]): void {
    if (this.files.size === 0 && this.decorated.size === 0) return;
    const [hot, warm] = this.decorationTypes();
    for (const editor of editors) {
      const entry = this.files.get(editor.document.uri.toString());
      const hotRanges: vscode.DecorationOptions[] = [];
      const warmRanges: vscode.DecorationOptions[] = [];
      for (const hint of entry?.hints ?? []) {
        if (hint.name === '<module>' || hint.line - 1 >= editor.document.lineCount) continue;
        const target = hint.ownShare >= HOT_SHARE ? hotRanges : hint.ownShare >= WARM_SHARE ? warmRanges : undefined;
        if (!target) continue;
        const hover = new vscode.MarkdownString(
          `**${hint.name}**: own time ${formatDuration(hint.ownTime)} (${formatShare(hint.ownShare)} of the profiled time), cumulative ${formatDuration(hint.cumulativeTime)}.` +
            (hint.memoryRun ? ' From a memory run: the times are inflated by tracemalloc.' : ''),
        );
        target.push({ range: editor.document.lineAt(hint.line - 1).range, hoverMessage: hover });
      }
      const marked = hotRanges.length + warmRanges.length > 0;
      if (!marked && !this.decorated.has(editor)) continue;
      editor.setDecorations(hot, hotRanges);
      editor.setDecorations(warm, warmRanges);
      if (marked) this.decorated.add(editor);
      else this.decorated.delete(editor);
    }
  }
}
