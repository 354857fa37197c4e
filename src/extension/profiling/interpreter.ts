// Which Python runs the profile: the Python extension's selected interpreter (through its API,
// without depending on its npm package), else the setting pyops.python.path, else python3/python
// on PATH. Nothing here runs at activation.

import * as vscode from 'vscode';
import { defaultInterpreterCandidates, isProfileError, type ProfileError } from '../../core/profile/index';

/** The part of ms-python.python's exported API used here (typed locally, checked at run time). */
interface PythonEnvironmentPath {
  id: string;
  path: string;
}
interface ResolvedPythonEnvironment {
  executable?: { uri?: vscode.Uri };
}
interface PythonExtensionApi {
  environments?: {
    getActiveEnvironmentPath(resource?: vscode.Uri): PythonEnvironmentPath | undefined;
    resolveEnvironment?(environment: PythonEnvironmentPath | string): Promise<ResolvedPythonEnvironment | undefined>;
  };
}

export type InterpreterSource = 'python-extension' | 'setting' | 'path';

export interface InterpreterChoice {
  /** Interpreters to try, in order (PATH lookups list several names). */
  candidates: string[];
  source: InterpreterSource;
}

const PYTHON_EXTENSION_ID = 'ms-python.python';
const ACTIVATION_TIMEOUT_MS = 15_000;

function withTimeout<T>(promise: Thenable<T>, ms: number): Promise<T | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), ms);
    Promise.resolve(promise).then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      () => {
        clearTimeout(timer);
        resolve(undefined);
      },
    );
  });
}

function isPythonExtensionApi(value: unknown): value is PythonExtensionApi {
  if (typeof value !== 'object' || value === null) return false;
  const environments = (value as { environments?: unknown }).environments;
  return (
    typeof environments === 'object' &&
    environments !== null &&
    typeof (environments as { getActiveEnvironmentPath?: unknown }).getActiveEnvironmentPath === 'function'
  );
}

/** The interpreter selected in the Python extension for `resource`, or undefined (not installed, no selection, API error). */
export async function pythonExtensionInterpreter(resource: vscode.Uri | undefined): Promise<string | undefined> {
  const extension = vscode.extensions.getExtension(PYTHON_EXTENSION_ID);
  if (!extension) return undefined;
  try {
    const api = extension.isActive ? extension.exports : await withTimeout(extension.activate(), ACTIVATION_TIMEOUT_MS);
    if (!isPythonExtensionApi(api)) return undefined;
    const environments = api.environments!;
    const active = environments.getActiveEnvironmentPath(resource);
    if (!active || typeof active.path !== 'string' || active.path === '') return undefined;
    // `path` can be an environment folder (conda without python): ask for the executable.
    if (typeof environments.resolveEnvironment === 'function') {
      const resolved = await withTimeout(environments.resolveEnvironment(active), ACTIVATION_TIMEOUT_MS);
      const executable = resolved?.executable?.uri?.fsPath;
      if (executable) return executable;
    }
    return active.path;
  } catch {
    return undefined;
  }
}

export function configuredInterpreter(resource: vscode.Uri | undefined): string | undefined {
  const value = vscode.workspace.getConfiguration('pyops.python', resource).get<unknown>('path', '');
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

export async function chooseInterpreter(resource: vscode.Uri | undefined): Promise<InterpreterChoice> {
  const fromExtension = await pythonExtensionInterpreter(resource);
  if (fromExtension) return { candidates: [fromExtension], source: 'python-extension' };
  const fromSetting = configuredInterpreter(resource);
  if (fromSetting) return { candidates: [fromSetting], source: 'setting' };
  return { candidates: defaultInterpreterCandidates(), source: 'path' };
}

export function describeSource(source: InterpreterSource): string {
  switch (source) {
    case 'python-extension':
      return 'the interpreter selected in the Python extension';
    case 'setting':
      return 'the setting pyops.python.path';
    case 'path':
      return 'python3/python on PATH';
  }
}

export function isInterpreterError(error: unknown): error is ProfileError {
  return (
    isProfileError(error) &&
    (error.kind === 'interpreter-missing' || error.kind === 'interpreter-not-runnable' || error.kind === 'interpreter-too-old')
  );
}

/**
 * Tells the user which interpreter failed and why, with ways out: pick another (the Python
 * extension's picker, or a file dialog that fills pyops.python.path) or open the setting.
 */
export async function reportInterpreterProblem(error: ProfileError, tried: string[], source: InterpreterSource, resource: vscode.Uri | undefined): Promise<void> {
  const select = 'Select Interpreter';
  const settings = 'Open Settings';
  const tries = tried.length > 1 ? `; tried ${tried.join(', ')}` : '';
  const message = `${error.message} (PyOps used ${describeSource(source)}${tries}.) ${error.fix}`;
  const choice = await vscode.window.showErrorMessage(message, select, settings);
  if (choice === select) await selectInterpreter(resource);
  else if (choice === settings) await vscode.commands.executeCommand('workbench.action.openSettings', 'pyops.python.path');
}

async function selectInterpreter(resource: vscode.Uri | undefined): Promise<void> {
  if (vscode.extensions.getExtension(PYTHON_EXTENSION_ID)) {
    await vscode.commands.executeCommand('python.setInterpreter');
    return;
  }
  const picked = await vscode.window.showOpenDialog({
    title: 'Select a Python interpreter for PyOps profiling',
    canSelectFiles: true,
    canSelectFolders: false,
    canSelectMany: false,
    openLabel: 'Use this interpreter',
  });
  const file = picked?.[0];
  if (!file) return;
  const target = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await vscode.workspace.getConfiguration('pyops.python', resource).update('path', file.fsPath, target);
  void vscode.window.showInformationMessage(`PyOps will profile with ${file.fsPath} (setting pyops.python.path).`);
}
