// The pyops.profile.* settings for one script, resolved: variables substituted, the env file
// read and merged. Bad values become warnings for the output channel, never exceptions.

import { homedir } from 'node:os';
import { isAbsolute, join, dirname } from 'node:path';
import * as vscode from 'vscode';
import { pythonEnvironment, readEnvFileSetting } from './userEnvironment';
import { substituteVariables, type VariableContext } from './variables';

export type OutputMode = 'outputChannel' | 'terminal';

export interface RunSettings {
  cwd: string;
  /**
   * Variables added to (or overriding) the extension host's environment for the script: the
   * Python extension's environment (python.envFile), then pyops.profile.envFile and .env.
   */
  env: Record<string, string>;
  output: OutputMode;
  keepRuns: number;
  showHints: boolean;
  /** pyops.profile.samplingOnly: the stack sampler without cProfile. */
  samplingOnly: boolean;
  /** pyops.profile.samplingInterval in milliseconds; undefined: the helper's default. */
  samplingIntervalMs: number | undefined;
  /** Problems with the settings, to show before the run's output. */
  warnings: string[];
}

export const DEFAULT_KEEP_RUNS = 10;

export function profileConfiguration(resource: vscode.Uri | undefined): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('pyops.profile', resource);
}

/** A window setting (the runs are kept per workspace), so it is read without a resource. */
export function readKeepRuns(): number {
  const value = profileConfiguration(undefined).get<number>('keepRuns', DEFAULT_KEEP_RUNS);
  return typeof value === 'number' && Number.isFinite(value) ? Math.min(100, Math.max(1, Math.round(value))) : DEFAULT_KEEP_RUNS;
}

export function readShowHints(resource?: vscode.Uri): boolean {
  return profileConfiguration(resource).get<boolean>('hints', true) !== false;
}

/**
 * Settings for running `scriptPath`. `resource` is the document the settings are read for (a
 * file URI; undefined for an untitled buffer, which then belongs to the first workspace folder).
 */
export async function resolveRunSettings(
  resource: vscode.Uri | undefined,
  scriptPath: string,
  options: { environment: boolean } = { environment: true },
): Promise<RunSettings> {
  const config = profileConfiguration(resource);
  const warnings: string[] = [];
  const folder = (resource ? vscode.workspace.getWorkspaceFolder(resource) : vscode.workspace.workspaceFolders?.[0])?.uri.fsPath;
  const context: VariableContext = {
    workspaceFolder: folder,
    file: scriptPath,
    userHome: homedir(),
    env: process.env,
  };
  const substitute = (setting: string, text: string): string => {
    const result = substituteVariables(text, context);
    if (result.unresolved.length > 0) {
      warnings.push(`Setting pyops.profile.${setting}: cannot resolve ${result.unresolved.join(', ')} (no workspace folder is open).`);
    }
    return result.value;
  };

  // Working directory: setting, else the script's workspace folder (as "Run Python File" does),
  // else the script's own folder.
  const scriptDir = dirname(scriptPath);
  let cwd = folder ?? scriptDir;
  const cwdSetting = config.get<unknown>('cwd', '');
  if (typeof cwdSetting === 'string' && cwdSetting.trim() !== '') {
    const value = substitute('cwd', cwdSetting.trim());
    cwd = isAbsolute(value) ? value : join(folder ?? scriptDir, value);
  } else if (cwdSetting !== '' && cwdSetting !== undefined && cwdSetting !== null) {
    warnings.push('Setting pyops.profile.cwd must be a string (a folder path); using the default.');
  }

  // The environment the user set up for Python (python.envFile, through the Python extension when
  // it is installed), then PyOps's own env file and variables on top.
  // A launch configuration brings its own environment (options.environment false).
  const python = options.environment ? await pythonEnvironment(resource, folder ?? scriptDir, substitute) : { vars: {}, warnings: [] };
  const env: Record<string, string> = { ...python.vars };
  warnings.push(...python.warnings);
  const envFileSetting = options.environment ? config.get<unknown>('envFile', '') : '';
  if (typeof envFileSetting === 'string' && envFileSetting.trim() !== '') {
    const extra = await readEnvFileSetting('pyops.profile.envFile', envFileSetting, {
      baseDir: folder ?? scriptDir,
      substitute: (_setting, text) => substitute('envFile', text),
      optional: false,
      processEnv: { ...process.env, ...env },
    });
    Object.assign(env, extra.vars);
    warnings.push(...extra.warnings);
  } else if (typeof envFileSetting !== 'string') {
    warnings.push('Setting pyops.profile.envFile must be a string (a file path); ignored.');
  }

  const envSetting = options.environment ? config.get<unknown>('env', {}) : {};
  if (typeof envSetting === 'object' && envSetting !== null && !Array.isArray(envSetting)) {
    for (const [key, value] of Object.entries(envSetting as Record<string, unknown>)) {
      if (typeof value === 'string') env[key] = substitute(`env.${key}`, value);
      else if (typeof value === 'number' || typeof value === 'boolean') env[key] = String(value);
      else warnings.push(`Setting pyops.profile.env: the value of ${key} must be a string; ignored.`);
    }
  } else if (envSetting !== undefined) {
    warnings.push('Setting pyops.profile.env must be an object of NAME: "value" pairs; ignored.');
  }

  const output = config.get<unknown>('output', 'outputChannel');
  if (output !== 'outputChannel' && output !== 'terminal') {
    warnings.push(
      `Setting pyops.profile.output must be "outputChannel" or "terminal" (is ${JSON.stringify(output)}); using the output channel.`,
    );
  }

  const samplingOnly = config.get<unknown>('samplingOnly', false);
  if (typeof samplingOnly !== 'boolean') warnings.push('Setting pyops.profile.samplingOnly must be true or false; using false.');
  const interval = config.get<unknown>('samplingInterval', 5);
  const intervalOk = typeof interval === 'number' && Number.isFinite(interval) && interval >= 0.1 && interval <= 1000;
  if (!intervalOk)
    warnings.push(
      `Setting pyops.profile.samplingInterval must be milliseconds from 0.1 to 1000 (is ${JSON.stringify(interval)}); using 5.`,
    );

  return {
    cwd,
    env,
    output: output === 'terminal' ? 'terminal' : 'outputChannel',
    samplingOnly: samplingOnly === true,
    samplingIntervalMs: intervalOk ? interval : undefined,
    keepRuns: readKeepRuns(),
    showHints: readShowHints(resource),
    warnings,
  };
}
