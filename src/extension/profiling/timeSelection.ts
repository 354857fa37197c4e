// "PyOps: Time Selection": the selected statements under timeit (autorange, then 5 repeats),
// with the file's top-level imports as setup so the statements can use them.

import { dirname } from 'node:path';
import * as vscode from 'vscode';
import { isProfileError } from '../../core/profile/errors';
import { runTimeit } from '../../core/profile/runProfile';
import { formatCount, formatDuration } from '../../shared/format';
import { chooseInterpreter, isInterpreterError, reportInterpreterProblem } from './interpreter';
import { OutputStream, profileOutputChannel } from './output';
import { withInterpreterCandidates } from './runner';
import { resolveRunSettings } from './settings';
import { dedent, topLevelImports } from './selectionCode';
import { tracebackLinks } from './traceback';

export async function timeSelection(helperDir: () => string): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== 'python') {
    void vscode.window.showWarningMessage('Select Python statements in a Python editor to time them.');
    return;
  }
  const selection = editor.selection;
  // A selection starting after the indentation of its first line takes that indentation along,
  // so the lines keep their relative indentation when dedented.
  const prefix = editor.document.lineAt(selection.start.line).text.slice(0, selection.start.character);
  const range = prefix.trim() === '' ? new vscode.Range(selection.start.line, 0, selection.end.line, selection.end.character) : selection;
  const statements = dedent(editor.document.getText(range));
  if (selection.isEmpty || statements === '') {
    void vscode.window.showWarningMessage('Select the statements to time first (they run many times, so pick code without side effects).');
    return;
  }
  const document = editor.document;
  const resource = document.isUntitled ? undefined : document.uri;
  const setup = topLevelImports(document.getText(), selection.start.line, selection.end.line);
  const settings = await resolveRunSettings(resource, document.isUntitled ? 'untitled.py' : document.uri.fsPath);
  const directory = document.isUntitled ? settings.cwd : dirname(document.uri.fsPath);
  const choice = await chooseInterpreter(resource);
  const output = new OutputStream();
  const abort = new AbortController();

  const outcome = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Timing the selection', cancellable: true },
    async (_progress, token) => {
      const cancel = token.onCancellationRequested(() => abort.abort());
      try {
        return await withInterpreterCandidates(choice.candidates, (python) =>
          runTimeit({
            python,
            statements,
            ...(setup ? { setup } : {}),
            directory,
            env: { ...settings.env },
            helperDir: helperDir(),
            signal: abort.signal,
            onStdout: (text) => output.write(text),
            onStderr: (text) => output.write(text),
          }),
        );
      } finally {
        cancel.dispose();
      }
    },
  );

  if ('error' in outcome) {
    output.close();
    const error = outcome.error;
    if (isInterpreterError(error)) await reportInterpreterProblem(error, outcome.tried, choice.source, resource);
    else if (isProfileError(error) && error.kind === 'cancelled') void vscode.window.showInformationMessage('Timing cancelled.');
    else void vscode.window.showErrorMessage(`PyOps could not time the selection: ${isProfileError(error) ? error.describe() : String(error)}`);
    return;
  }
  const result = outcome.value;
  const channel = profileOutputChannel();
  output.note(`[PyOps] Time Selection (${document.isUntitled ? document.uri.toString() : document.uri.fsPath}:${selection.start.line + 1}-${selection.end.line + 1})`);
  if (setup) output.note(`[PyOps] Setup: the file's ${setup.split('\n').length} top-level import line(s).`);
  if (result.exception) {
    output.note(`[PyOps] The statements raised ${result.exception.type}: ${result.exception.message}`);
    for (const line of tracebackLinks(result.exception)) output.note(line);
    output.close();
    const show = 'Show Output';
    const choiceShown = await vscode.window.showErrorMessage(
      `The selected statements raised ${result.exception.type}: ${result.exception.message}. Names defined elsewhere in the file are not available: select their definitions too.`,
      show,
    );
    if (choiceShown === show) channel.show(true);
    return;
  }
  const repeats = result.perLoop.length;
  const summary = `best ${formatDuration(result.best)} per loop, mean ${formatDuration(result.mean)} (${repeats} repeats \u00d7 ${formatCount(result.loops)} loops, Python ${result.interpreter.version})`;
  output.note(`[PyOps] ${summary}`);
  output.note(`[PyOps] Per loop: ${result.perLoop.map((t) => formatDuration(t)).join(', ')}`);
  output.close();
  const show = 'Show Details';
  const picked = await vscode.window.showInformationMessage(`Time Selection: ${summary}.`, show);
  if (picked === show) channel.show(true);
}
