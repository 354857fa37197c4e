// "PyOps: Time Selection": the selected statements under timeit (autorange, then 5 repeats),
// after a setup that gives them what they use: the file's imports and the definitions the
// selection needs, or the setup the user wrote ("PyOps: Edit Time Selection Setup…").

import { dirname } from 'node:path';
import * as vscode from 'vscode';
import { isProfileError } from '../../core/profile/errors';
import type { TimeitResult } from '../../core/profile/model';
import { runTimeit } from '../../core/profile/runProfile';
import { formatCount, formatDuration } from '../../shared/format';
import { chooseInterpreter, isInterpreterError, reportInterpreterProblem } from './interpreter';
import { OutputStream, profileOutputChannel } from './output';
import { withInterpreterCandidates } from './runner';
import { resolveRunSettings } from './settings';
import { dedent } from './selectionCode';
import type { TimeSetupStore } from './timeSetup';
import { tracebackLinks } from './traceback';

/** What the command returns (for keybindings' callers and tests): the setup it ran and the timing. */
export interface TimeSelectionOutcome {
  setup: string;
  /** Set when the user's own setup file ran. */
  setupFile?: string;
  result: TimeitResult;
}

/** The selected statements of the active Python editor, dedented; undefined (with a message) when there are none. */
function selectedStatements(editor: vscode.TextEditor | undefined): { statements: string; range: vscode.Range } | undefined {
  if (!editor || editor.document.languageId !== 'python') {
    void vscode.window.showWarningMessage('Select Python statements in a Python editor to time them.');
    return undefined;
  }
  const selection = editor.selection;
  // A selection starting after the indentation of its first line takes that indentation along,
  // so the lines keep their relative indentation when dedented.
  const prefix = editor.document.lineAt(selection.start.line).text.slice(0, selection.start.character);
  const range = prefix.trim() === '' ? new vscode.Range(selection.start.line, 0, selection.end.line, selection.end.character) : selection;
  const statements = dedent(editor.document.getText(range));
  if (selection.isEmpty || statements === '') {
    void vscode.window.showWarningMessage('Select the statements to time first (they run many times, so pick code without side effects).');
    return undefined;
  }
  return { statements, range };
}

/** "PyOps: Edit Time Selection Setup…": the active file's setup, beside it. */
export async function editTimeSelectionSetup(setups: TimeSetupStore, source?: vscode.Uri): Promise<void> {
  const editor = source
    ? vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === source.toString())
    : vscode.window.activeTextEditor;
  const document = editor?.document ?? (source ? await vscode.workspace.openTextDocument(source) : undefined);
  if (!document || document.languageId !== 'python') {
    void vscode.window.showWarningMessage('Open the Python file whose statements you time, then edit its setup.');
    return;
  }
  const selection = editor && !editor.selection.isEmpty ? editor.selection : undefined;
  await setups.edit(document, selection ? dedent(document.getText(selection)) : '', selection);
}

export async function timeSelection(helperDir: () => string, setups: TimeSetupStore): Promise<TimeSelectionOutcome | undefined> {
  const editor = vscode.window.activeTextEditor;
  const selected = selectedStatements(editor);
  if (!editor || !selected) return undefined;
  const { statements } = selected;
  const selection = editor.selection;
  const document = editor.document;
  const resource = document.isUntitled ? undefined : document.uri;
  const chosen = await setups.choose(document, statements, selection);
  const setup = chosen.code;
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
    else
      void vscode.window.showErrorMessage(
        `PyOps could not time the selection: ${isProfileError(error) ? error.describe() : String(error)}`,
      );
    return undefined;
  }
  const result = outcome.value;
  const channel = profileOutputChannel();
  output.note(
    `[PyOps] Time Selection (${document.isUntitled ? document.uri.toString() : document.uri.fsPath}:${selection.start.line + 1}-${selection.end.line + 1})`,
  );
  output.note(`[PyOps] Setup: ${chosen.description}.`);
  const ran: TimeSelectionOutcome = { setup, result, ...(chosen.file ? { setupFile: chosen.file.fsPath } : {}) };
  const editSetup = 'Edit Setup\u2026';
  // Not awaited: the command's caller gets the outcome while the message is still up.
  const follow = (picked: string | undefined, show: string): void => {
    if (picked === show) channel.show(true);
    else if (picked === editSetup) void editTimeSelectionSetup(setups, document.uri);
  };
  if (result.exception) {
    output.note(`[PyOps] The statements raised ${result.exception.type}: ${result.exception.message}`);
    for (const line of tracebackLinks(result.exception)) output.note(line);
    output.close();
    const show = 'Show Output';
    const hint =
      result.exception.type === 'NameError' || result.exception.type === 'ImportError' || result.exception.type === 'ModuleNotFoundError'
        ? ' Edit the setup to import or define what they use.'
        : '';
    void vscode.window
      .showErrorMessage(`The selected statements raised ${result.exception.type}: ${result.exception.message}.${hint}`, editSetup, show)
      .then((picked) => follow(picked, show));
    return ran;
  }
  const repeats = result.perLoop.length;
  const summary = `best ${formatDuration(result.best)} per loop, mean ${formatDuration(result.mean)} (${repeats} repeats \u00d7 ${formatCount(result.loops)} loops, Python ${result.interpreter.version})`;
  output.note(`[PyOps] ${summary}`);
  output.note(`[PyOps] Per loop: ${result.perLoop.map((t) => formatDuration(t)).join(', ')}`);
  output.close();
  const show = 'Show Details';
  void vscode.window.showInformationMessage(`Time Selection: ${summary}.`, show, editSetup).then((picked) => follow(picked, show));
  return ran;
}
