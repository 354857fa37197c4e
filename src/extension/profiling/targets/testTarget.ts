// "Profile Test": one pytest test under the profiler, run as the Python extension runs it
// (`python -m pytest NODE_ID` in python.testing.cwd or the workspace folder, with
// python.testing.pytestArgs' options and the user's environment). From a CodeLens above each
// test in a test file, the command at the cursor, or the Testing view's context menu on the
// Python extension's pytest items. The viewer folds pytest's own frames into one by default.

import { basename, dirname, isAbsolute, join, relative } from 'node:path';
import * as vscode from 'vscode';
import type { ProfileError } from '../../../core/profile/errors';
import type { Profile } from '../../../core/profile/model';
import { isPytestFileName, pytestItems, type PytestItem } from '../../../core/targets/pytestItems';
import type { ProfilingController } from '../controller';
import { showNotice } from '../notices';
import type { RunTarget } from '../runTarget';
import { TargetError } from '../target';
import { substituteVariables } from '../variables';
import { pytestCommandLine, splitTestItemId } from '../../../core/targets/pytestArgs';
import { storedFolder, targetScript } from './workspaceFolder';

export const PROFILE_TEST_COMMAND = 'pyops.profileTest';
export const PROFILE_TEST_ITEM_COMMAND = 'pyops.profileTestItem';

/** pytest test files of the local disk. */
export const TEST_FILE_SELECTOR: vscode.DocumentSelector = [{ scheme: 'file', language: 'python', pattern: '**/{test_*.py,*_test.py}' }];

interface TestRequest {
  file: vscode.Uri;
  /** `::test_x`, `::TestClass::test_y[param]`, or '' for the whole file. */
  nodeId: string;
}

function lensesEnabled(resource: vscode.Uri): boolean {
  return vscode.workspace.getConfiguration('pyops.profile', resource).get<boolean>('testCodeLens', true) !== false;
}

/** What pytest's exit code says when the run did not test anything useful. */
function pytestExitProblem(code: number | null, nodeId: string): string | undefined {
  switch (code) {
    case 5:
      return `pytest collected no test for ${nodeId} (exit code 5): check that its file and name follow pytest's collection rules (python_files, python_functions in your pytest configuration).`;
    case 4:
      // pytest says "not found" for a node id with this code, as for a bad option.
      return `pytest found no test ${nodeId} or rejected its command line (exit code 4): check that the test still has this name, and the options in python.testing.pytestArgs. pytest's output says which.`;
    case 2:
      return `pytest stopped before the test ran (exit code 2: a collection error, or an interruption); its output says why.`;
    case 3:
      return `pytest failed internally (exit code 3); its output says why.`;
    default:
      return undefined;
  }
}

export class TestTarget implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly controller: ProfilingController) {}

  dispose(): void {
    this.changed.dispose();
  }

  /** Called when settings change: the lenses come and go with pyops.profile.testCodeLens. */
  refresh(): void {
    this.changed.fire();
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!isPytestFileName(document.uri.path) || !lensesEnabled(document.uri)) return [];
    return pytestItems(document.getText()).map((item) => {
      const position = new vscode.Position(item.firstLine, 0);
      return new vscode.CodeLens(new vscode.Range(position, position), {
        title: '$(flame) Profile Test',
        tooltip: `Run ${item.nodeId.slice(2)} alone under the PyOps profiler (python -m pytest)`,
        command: PROFILE_TEST_COMMAND,
        arguments: [{ file: document.uri.toString(), nodeId: item.nodeId }],
      });
    });
  }

  /** The CodeLens's command; without an argument, the test at the cursor of the active editor. */
  profileTest(argument: unknown): Promise<void> {
    return this.controller.guarded(async () => {
      if (!(await this.controller.ensureTrusted())) return;
      const request = requestFromArgument(argument) ?? testAtCursor();
      await this.run(request.file, request.nodeId);
    });
  }

  /** The Testing view's context menu on a test item of the Python extension. */
  profileTestItem(item: unknown): Promise<void> {
    return this.controller.guarded(async () => {
      if (!(await this.controller.ensureTrusted())) return;
      const id = typeof item === 'object' && item !== null ? (item as { id?: unknown }).id : undefined;
      const label = typeof item === 'object' && item !== null ? String((item as { label?: unknown }).label ?? id) : String(item);
      const split = typeof id === 'string' ? splitTestItemId(id) : undefined;
      if (!split) {
        throw new TargetError(
          `PyOps profiles pytest tests and test files; "${label}" is not one (a folder, or a unittest test). Profile a test of it instead.`,
        );
      }
      await this.run(vscode.Uri.file(split.file), split.rest);
    });
  }

  async rerun(stored: { file: string; nodeId: string; folder: string | null }): Promise<void> {
    await this.run(vscode.Uri.parse(stored.file), stored.nodeId, storedFolder(stored.folder));
  }

  private async run(file: vscode.Uri, nodeId: string, folderHint?: vscode.WorkspaceFolder): Promise<void> {
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === file.toString());
    if (document?.isDirty && !(await document.save()))
      throw new TargetError(`${basename(file.fsPath)} could not be saved, so its test was not profiled.`);
    const folder = vscode.workspace.getWorkspaceFolder(file) ?? folderHint;
    const testing = vscode.workspace.getConfiguration('python.testing', file);
    const base = folder?.uri.fsPath ?? dirname(file.fsPath);
    // As the Python extension: python.testing.cwd, else the workspace folder.
    const cwdSetting = testing.get<unknown>('cwd');
    let cwd = base;
    if (typeof cwdSetting === 'string' && cwdSetting.trim() !== '') {
      const value = substituteVariables(cwdSetting.trim(), {
        workspaceFolder: folder?.uri.fsPath,
        file: file.fsPath,
        userHome: process.env.HOME ?? '',
        env: process.env,
      }).value;
      cwd = isAbsolute(value) ? value : join(base, value);
    }
    const userArgs = testing.get<unknown>('pytestArgs');
    const args = pytestCommandLine(
      Array.isArray(userArgs) ? userArgs.filter((a): a is string => typeof a === 'string') : [],
      file.fsPath + nodeId,
      cwd,
    );
    const shown = `${relative(cwd, file.fsPath) || basename(file.fsPath)}${nodeId}`;
    const title = nodeId === '' ? basename(file.fsPath) : nodeId.split('::').pop()!;
    const target: RunTarget = {
      resource: file,
      module: 'pytest',
      cwd,
      description: `pytest ${shown}`,
      stored: { kind: 'test', file: file.toString(), nodeId, folder: folder ? folder.uri.toString() : null },
      explainFailure: (error: ProfileError) =>
        error.kind === 'module-not-found' && /\bpytest\b/.test(error.message)
          ? 'pytest is not installed for the interpreter PyOps used. Install it there (python -m pip install pytest), or select the interpreter of your project\u2019s environment.'
          : undefined,
      afterRun: (profile: Profile) => {
        const problem = pytestExitProblem(profile.run.exitCode, shown);
        if (problem) void showNotice('warning', problem);
      },
    };
    await this.controller.runPrepared(targetScript('test', file.fsPath + nodeId, folder, title, file.fsPath), args, false, target);
  }
}

function requestFromArgument(argument: unknown): TestRequest | undefined {
  if (typeof argument !== 'object' || argument === null) return undefined;
  const { file, nodeId } = argument as { file?: unknown; nodeId?: unknown };
  if (typeof file !== 'string' || typeof nodeId !== 'string') return undefined;
  return { file: vscode.Uri.parse(file), nodeId };
}

/** The test whose def (or decorators) is at or above the cursor, in a pytest test file. */
function testAtCursor(): TestRequest {
  const editor = vscode.window.activeTextEditor;
  const document = editor?.document;
  if (!document || document.uri.scheme !== 'file' || !isPytestFileName(document.uri.path)) {
    throw new TargetError('Open a pytest test file (test_*.py or *_test.py) and put the cursor in a test to profile it.');
  }
  const line = editor!.selection.active.line;
  let found: PytestItem | undefined;
  for (const item of pytestItems(document.getText())) if (item.firstLine <= line) found = item;
  if (!found)
    throw new TargetError(`The cursor is not in a test of ${basename(document.uri.fsPath)}: put it in a def test_… function or method.`);
  return { file: document.uri, nodeId: found.nodeId };
}
