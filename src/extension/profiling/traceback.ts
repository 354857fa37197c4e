// A script that raised while being profiled: its traceback as a diagnostic on the raising line
// (with every frame as related information, so the Problems view links them all) and as
// clickable `file:line` lines in the output channel.

import * as vscode from 'vscode';
import type { ExceptionInfo, TracebackFrame } from '../../core/profile/model';
import { isOpenablePath, profileFileUri } from './paths';

function isFileFrame(frame: TracebackFrame): boolean {
  return isOpenablePath(frame.file) && frame.line > 0;
}

/** `  /path/to/file.py:12 in main` lines: VS Code turns `path:line` into links in output channels. */
export function tracebackLinks(exception: ExceptionInfo): string[] {
  return exception.frames.map((f) => `  ${f.file}:${f.line} in ${f.name}${f.text ? `: ${f.text}` : ''}`);
}

export class TracebackDiagnostics implements vscode.Disposable {
  private collection: vscode.DiagnosticCollection | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor() {
    this.disposables.push(
      vscode.workspace.onDidChangeTextDocument((event) => {
        // The line numbers are stale once the file is edited.
        if (event.contentChanges.length > 0 && this.collection?.has(event.document.uri)) this.collection.delete(event.document.uri);
      }),
    );
  }

  private diagnostics(): vscode.DiagnosticCollection {
    this.collection ??= vscode.languages.createDiagnosticCollection('pyops-profile');
    return this.collection;
  }

  clear(): void {
    this.collection?.clear();
  }

  show(exception: ExceptionInfo): void {
    const collection = this.diagnostics();
    collection.clear();
    const frames = exception.frames.filter(isFileFrame);
    const raising = frames[frames.length - 1];
    if (!raising) return;
    const location = (frame: TracebackFrame): vscode.Location =>
      new vscode.Location(profileFileUri(frame.file), new vscode.Position(frame.line - 1, 0));
    const diagnostic = new vscode.Diagnostic(
      new vscode.Range(raising.line - 1, 0, raising.line - 1, Number.MAX_SAFE_INTEGER),
      `${exception.type}${exception.message ? `: ${exception.message}` : ''} (raised while profiling)`,
      vscode.DiagnosticSeverity.Error,
    );
    diagnostic.source = 'PyOps profile';
    diagnostic.relatedInformation = frames
      .slice(0, -1)
      .reverse()
      .map(
        (frame) =>
          new vscode.DiagnosticRelatedInformation(location(frame), `called from ${frame.name}${frame.text ? `: ${frame.text}` : ''}`),
      );
    collection.set(profileFileUri(raising.file), [diagnostic]);
  }

  dispose(): void {
    this.collection?.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
