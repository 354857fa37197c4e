// The environment the user already set up for Python in VS Code, for files, modules and tests
// profiled from the editor: the Python extension's environment variables (its API applies
// python.envFile) when it is installed; otherwise python.envFile read here by the same rules.
// Then PyOps's own pyops.profile.envFile and pyops.profile.env on top.

import { isAbsolute, join } from 'node:path';
import * as vscode from 'vscode';
import { describeEnvFileProblems, parseEnvFile } from '../../core/env/envFile';
import { envFileOverProcess } from '../../core/env/mergeEnvironment';
import { pythonEnvironmentsApi } from './pythonExtension';

/** The Python extension's default for python.envFile, used when it is not installed. */
export const PYTHON_ENV_FILE_DEFAULT = '${workspaceFolder}/.env';

export interface UserEnvironment {
  /** Variables to set over the extension host's environment. */
  vars: Record<string, string>;
  /** Problems to show before the run's output. */
  warnings: string[];
}

/** Substitutes `${workspaceFolder}`-style variables in a setting; records what it cannot resolve. */
export type SettingSubstitution = (setting: string, text: string) => string;

async function readText(file: string): Promise<string> {
  return new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(vscode.Uri.file(file)));
}

function isMissing(error: unknown): boolean {
  return error instanceof vscode.FileSystemError && error.code === 'FileNotFound';
}

/**
 * Reads the env file a setting names (resolved against `baseDir`) and returns its variables
 * merged as the Python extension merges python.envFile. `optional`: a missing file is no problem.
 */
export async function readEnvFileSetting(
  setting: string,
  value: string,
  options: {
    baseDir: string;
    substitute: SettingSubstitution;
    optional: boolean;
    processEnv: Readonly<Record<string, string | undefined>>;
  },
): Promise<UserEnvironment> {
  const path = options.substitute(setting, value.trim());
  if (path.includes('${')) return { vars: {}, warnings: [] };
  const file = isAbsolute(path) ? path : join(options.baseDir, path);
  let text: string;
  try {
    text = await readText(file);
  } catch (error) {
    if (options.optional && isMissing(error)) return { vars: {}, warnings: [] };
    const reason = isMissing(error) ? 'it does not exist' : error instanceof Error ? error.message : String(error);
    return {
      vars: {},
      warnings: [
        `Env file ${file} (setting ${setting}) could not be read: ${reason}. Running without it; fix the setting or create the file.`,
      ],
    };
  }
  const parsed = parseEnvFile(text, options.processEnv);
  return {
    vars: envFileOverProcess(parsed.variables, { processEnv: options.processEnv }),
    warnings: describeEnvFileProblems(file, parsed),
  };
}

/**
 * The Python extension's environment for `resource` (python.envFile applied), or the same read
 * here when the extension is not installed. `baseDir` resolves a relative python.envFile.
 */
export async function pythonEnvironment(
  resource: vscode.Uri | undefined,
  baseDir: string,
  substitute: SettingSubstitution,
): Promise<UserEnvironment> {
  const api = await pythonEnvironmentsApi();
  if (api && typeof api.getEnvironmentVariables === 'function') {
    try {
      const all = api.getEnvironmentVariables(resource);
      const vars: Record<string, string> = {};
      for (const [name, value] of Object.entries(all)) if (typeof value === 'string') vars[name] = value;
      return { vars, warnings: [] };
    } catch {
      // An API failure: read the file ourselves below.
    }
  }
  const configured = vscode.workspace.getConfiguration('python', resource).get<unknown>('envFile');
  const value = typeof configured === 'string' && configured.trim() !== '' ? configured : PYTHON_ENV_FILE_DEFAULT;
  return readEnvFileSetting('python.envFile', value, {
    baseDir,
    substitute,
    optional: value.trim() === PYTHON_ENV_FILE_DEFAULT,
    processEnv: process.env,
  });
}
