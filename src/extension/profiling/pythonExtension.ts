// The parts of the Python extension's (ms-python.python) exported API that profiling uses, typed
// locally (no dependency on its npm package) and checked at run time. Nothing here runs at
// activation: the Python extension is activated on first use, with a time limit.

import * as vscode from 'vscode';

export interface PythonEnvironmentPath {
  id: string;
  path: string;
}
interface ResolvedPythonEnvironment {
  executable?: { uri?: vscode.Uri };
}
export interface PythonEnvironmentsApi {
  getActiveEnvironmentPath(resource?: vscode.Uri): PythonEnvironmentPath | undefined;
  resolveEnvironment?(environment: PythonEnvironmentPath | string): Promise<ResolvedPythonEnvironment | undefined>;
  /** The process environment with the user's `.env` file (python.envFile) applied, for `resource`'s folder. */
  getEnvironmentVariables?(resource?: vscode.Uri): Record<string, string | undefined>;
}

export const PYTHON_EXTENSION_ID = 'ms-python.python';
const ACTIVATION_TIMEOUT_MS = 15_000;

export function withTimeout<T>(promise: Thenable<T>, ms: number = ACTIVATION_TIMEOUT_MS): Promise<T | undefined> {
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

function environmentsOf(value: unknown): PythonEnvironmentsApi | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const environments = (value as { environments?: unknown }).environments;
  if (typeof environments !== 'object' || environments === null) return undefined;
  if (typeof (environments as { getActiveEnvironmentPath?: unknown }).getActiveEnvironmentPath !== 'function') return undefined;
  return environments as PythonEnvironmentsApi;
}

/** The Python extension's environments API, or undefined (not installed, failed or slow to activate, older API). */
export async function pythonEnvironmentsApi(): Promise<PythonEnvironmentsApi | undefined> {
  const extension = vscode.extensions.getExtension(PYTHON_EXTENSION_ID);
  if (!extension) return undefined;
  try {
    const api = extension.isActive ? extension.exports : await withTimeout(extension.activate());
    return environmentsOf(api);
  } catch {
    return undefined;
  }
}

export function isPythonExtensionInstalled(): boolean {
  return vscode.extensions.getExtension(PYTHON_EXTENSION_ID) !== undefined;
}
