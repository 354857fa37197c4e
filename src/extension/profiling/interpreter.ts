// Which Python runs the profile: the Python extension's selected interpreter (through its API,
// without depending on its npm package), else the setting pyops.python.path, else python3/python
// on PATH. Nothing here runs at activation.

import * as vscode from 'vscode';
import { defaultInterpreterCandidates, isProfileError, type ProfileError } from '../../core/profile/index';
import { showNotice } from './notices';
import { isPythonExtensionInstalled, pythonEnvironmentsApi, withTimeout } from './pythonExtension';

export type InterpreterSource = 'python-extension' | 'setting' | 'path' | 'launch-configuration';

export interface InterpreterChoice {
  /** Interpreters to try, in order (PATH lookups list several names). */
  candidates: string[];
  source: InterpreterSource;
}

/** The interpreter selected in the Python extension for `resource`, or undefined (not installed, no selection, API error). */
export async function pythonExtensionInterpreter(resource: vscode.Uri | undefined): Promise<string | undefined> {
  const environments = await pythonEnvironmentsApi();
  if (!environments) return undefined;
  try {
    const active = environments.getActiveEnvironmentPath(resource);
    if (!active || typeof active.path !== 'string' || active.path === '') return undefined;
    // `path` can be an environment folder (conda without python): ask for the executable.
    if (typeof environments.resolveEnvironment === 'function') {
      const resolved = await withTimeout(environments.resolveEnvironment(active));
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
    case 'launch-configuration':
      return 'the "python" of the launch configuration';
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
export async function reportInterpreterProblem(
  error: ProfileError,
  tried: string[],
  source: InterpreterSource,
  resource: vscode.Uri | undefined,
): Promise<void> {
  const select = 'Select Interpreter';
  const settings = 'Open Settings';
  if (source === 'launch-configuration') {
    const open = 'Open launch.json';
    const message = `${error.message} It is the "python" of the launch configuration: fix the path in launch.json, or remove "python" to use the selected interpreter.`;
    if ((await showNotice('error', message, open)) === open && resource) await openLaunchJson(resource);
    return;
  }
  const tries = tried.length > 1 ? `; tried ${tried.join(', ')}` : '';
  const message = `${error.message} (PyOps used ${describeSource(source)}${tries}.) ${error.fix}`;
  const choice = await showNotice('error', message, select, settings);
  if (choice === select) await selectInterpreter(resource);
  else if (choice === settings) await vscode.commands.executeCommand('workbench.action.openSettings', 'pyops.python.path');
}

/** Opens the launch.json of the workspace folder holding `resource` (or the workspace's launch settings). */
export async function openLaunchJson(resource: vscode.Uri): Promise<void> {
  const folder = vscode.workspace.getWorkspaceFolder(resource);
  if (folder) {
    await vscode.window.showTextDocument(vscode.Uri.joinPath(folder.uri, '.vscode', 'launch.json'));
    return;
  }
  await vscode.commands.executeCommand('workbench.action.openWorkspaceConfigFile');
}

async function selectInterpreter(resource: vscode.Uri | undefined): Promise<void> {
  if (isPythonExtensionInstalled()) {
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
