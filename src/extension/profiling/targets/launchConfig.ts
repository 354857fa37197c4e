// Python launch configurations (launch.json, type debugpy or python) as PyOps profiles them: which
// ones can be profiled, the variables to check before VS Code resolves them, and the run a
// resolved configuration describes, with the Python Debugger's defaults. Pure (no vscode import):
// the caller reads configurations, files and settings.

import { isModuleName, suggestModuleName } from '../../../core/targets/moduleName';
import { splitArgs } from '../argv';

export type LaunchConfig = Readonly<Record<string, unknown>>;

/** Debug types of the Python Debugger (debugpy) and of the Python extension before it. */
export const PYTHON_DEBUG_TYPES: readonly string[] = ['debugpy', 'python'];
/** PyOps's own debug type: starting a configuration of this type profiles it. */
export const PROFILE_DEBUG_TYPE = 'pyops-profile';

/** A reason a configuration cannot be profiled: what is wrong, then what to do. */
export interface LaunchProblem {
  message: string;
  fix: string;
}

function stringField(config: LaunchConfig, field: string): string | undefined {
  const value = config[field];
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** A launch (not attach) configuration of a Python debug type that runs a program or a module. */
export function isProfilableLaunch(config: unknown): config is LaunchConfig {
  if (typeof config !== 'object' || config === null) return false;
  const c = config as LaunchConfig;
  if (typeof c.type !== 'string' || !(PYTHON_DEBUG_TYPES.includes(c.type) || c.type === PROFILE_DEBUG_TYPE)) return false;
  if (c.request !== 'launch' || typeof c.name !== 'string') return false;
  // Templates the Python extension uses to debug tests carry no program of their own.
  if (Array.isArray(c.purpose) && c.purpose.includes('debug-test')) return false;
  return stringField(c, 'program') !== undefined || stringField(c, 'module') !== undefined || stringField(c, 'code') !== undefined;
}

/** A short description for pickers: `program bin/deploy.py --dry-run` or `module tools.deploy`. */
export function describeLaunch(config: LaunchConfig): string {
  const what = stringField(config, 'module') !== undefined ? `-m ${String(config.module)}` : String(config.program ?? config.code ?? '');
  const args = Array.isArray(config.args) ? config.args.map(String).join(' ') : typeof config.args === 'string' ? config.args : '';
  return `${what}${args ? ` ${args}` : ''}`;
}

// ---------------------------------------------------------------------------------------------
// Variables, before VS Code resolves them

const VARIABLE = /\$\{([^}]*)\}/g;

/** Every `${...}` in the configuration's strings, with the field it is in (e.g. `args[1]`). */
export function variablesIn(config: LaunchConfig): Array<{ variable: string; field: string }> {
  const found: Array<{ variable: string; field: string }> = [];
  const visit = (value: unknown, field: string): void => {
    if (typeof value === 'string') {
      for (const match of value.matchAll(VARIABLE)) found.push({ variable: match[1]!, field });
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => visit(item, `${field}[${index}]`));
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, item] of Object.entries(value)) visit(item, field === '' ? key : `${field}.${key}`);
    }
  };
  for (const [key, value] of Object.entries(config)) if (key !== 'inputs') visit(value, key);
  return found;
}

/** Variables that VS Code resolves from the active editor. */
const EDITOR_VARIABLES = new Set([
  'file',
  'fileBasename',
  'fileBasenameNoExtension',
  'fileDirname',
  'fileDirnameBasename',
  'fileExtname',
  'fileWorkspaceFolder',
  'fileWorkspaceFolderBasename',
  'relativeFile',
  'relativeFileDirname',
  'lineNumber',
  'columnNumber',
  'selectedText',
]);

/** The command the Python extension contributes for the selected interpreter. */
export const INTERPRETER_COMMAND = 'python.interpreterPath';

export interface VariableFacts {
  /** The ids under "inputs" in the launch configuration's file. */
  inputIds: ReadonlySet<string>;
  commandExists(id: string): boolean;
  settingExists(name: string): boolean;
  workspaceFolderNames: readonly string[];
  /** The file of the active editor, if any, and whether it is Python. */
  activeFile: { path: string; python: boolean } | undefined;
}

/**
 * What would stop VS Code from resolving the configuration's variables (or make it resolve them
 * to something that cannot run), found before asking it: VS Code itself reports these in a modal
 * dialog. `${command:python.interpreterPath}` without the Python extension is not a problem:
 * PyOps puts its own interpreter there (see withInterpreterCommand).
 */
export function checkVariables(name: string, config: LaunchConfig, facts: VariableFacts): LaunchProblem[] {
  const problems: LaunchProblem[] = [];
  const seen = new Set<string>();
  for (const { variable, field } of variablesIn(config)) {
    const key = `${variable}\u0000${field}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const where = `"${name}" uses \${${variable}} in "${field}"`;
    const colon = variable.indexOf(':');
    const kind = colon < 0 ? variable : variable.slice(0, colon);
    const argument = colon < 0 ? '' : variable.slice(colon + 1);
    if (kind === 'input') {
      if (!facts.inputIds.has(argument)) {
        problems.push({
          message: `${where}, but no entry of "inputs" in its launch.json has the id "${argument}".`,
          fix: `Add an input with "id": "${argument}" under "inputs", or replace the variable.`,
        });
      }
    } else if (kind === 'command') {
      if (argument !== INTERPRETER_COMMAND && !facts.commandExists(argument)) {
        problems.push({
          message: `${where}, but no installed extension provides the command "${argument}".`,
          fix: 'Install the extension that provides it, or replace the variable.',
        });
      }
    } else if (kind === 'config') {
      if (!facts.settingExists(argument)) {
        problems.push({
          message: `${where}, but the setting "${argument}" is not set.`,
          fix: `Set "${argument}" in your settings, or replace the variable.`,
        });
      }
    } else if (
      (kind === 'workspaceFolder' || kind === 'workspaceFolderBasename') &&
      argument !== '' &&
      !facts.workspaceFolderNames.includes(argument)
    ) {
      problems.push({
        message: `${where}, but no open workspace folder is named "${argument}".`,
        fix: 'Use the name of an open workspace folder.',
      });
    } else if (colon < 0 && EDITOR_VARIABLES.has(variable)) {
      if (!facts.activeFile) {
        problems.push({
          message: `${where}, which is the file of the active editor, and no editor is active.`,
          fix: 'Open the Python file to profile, then profile the configuration again.',
        });
      } else if (!facts.activeFile.python && field === 'program') {
        problems.push({
          message: `${where}, the file of the active editor, which is ${facts.activeFile.path}: not a Python file.`,
          fix: 'Switch to the Python file to profile, then profile the configuration again (or use its command from that editor).',
        });
      }
    }
  }
  return problems;
}

/** The configuration with `${command:python.interpreterPath}` replaced by `interpreter` (no Python extension to ask). */
export function withInterpreterCommand(config: LaunchConfig, interpreter: string): Record<string, unknown> {
  const token = `\${command:${INTERPRETER_COMMAND}}`;
  const replace = (value: unknown): unknown => {
    if (typeof value === 'string') return value.split(token).join(interpreter);
    if (Array.isArray(value)) return value.map(replace);
    if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replace(v)]));
    return value;
  };
  return replace(config) as Record<string, unknown>;
}

// ---------------------------------------------------------------------------------------------
// The run a resolved configuration describes

export interface LaunchPlan {
  /** Absolute path of the program (when the configuration runs a program). */
  program?: string;
  module?: string;
  args: string[];
  /** Absolute working directory. */
  cwd: string;
  /** The configuration's "env": null removes a variable. */
  env: Record<string, string | null>;
  /** The env file to read (absolute), and whether the user named it (else python.envFile's default). */
  envFile: { path: string; explicit: boolean } | undefined;
  /** The interpreter the configuration names, if any (else the selected one). */
  python?: string;
  /** Options for the interpreter ("pythonArgs", and the rest of a "python" array). */
  pythonArgs: string[];
  /** Trace memory too (PyOps's own "memory": true). */
  memory: boolean;
  /** Notes for the run's output (things that differ from debugging it). */
  notes: string[];
}

export interface PlanContext {
  name: string;
  /** Absolute path of the configuration's workspace folder, if any. */
  workspaceFolder: string | undefined;
  /** python.envFile for that folder, resolved (the Python Debugger's default envFile). */
  defaultEnvFile: string | undefined;
  isAbsolute(path: string): boolean;
  join(...parts: string[]): string;
  dirname(path: string): string;
}

function unresolved(text: string): string | undefined {
  const match = /\$\{[^}]*\}/.exec(text);
  return match?.[0];
}

/**
 * The run described by a configuration whose variables VS Code has resolved, with the Python
 * Debugger's defaults (cwd: the workspace folder; envFile: python.envFile), or the problems that
 * prevent it. Files are not checked here (the caller does, for the message to name them).
 */
export function planLaunch(config: LaunchConfig, context: PlanContext): { plan: LaunchPlan } | { problems: LaunchProblem[] } {
  const problems: LaunchProblem[] = [];
  const notes: string[] = [];
  const name = context.name;
  const fix = 'Fix it in the configuration (launch.json).';
  const leftover = (field: string, text: string): boolean => {
    const variable = unresolved(text);
    if (variable === undefined) return false;
    problems.push({
      message: `"${name}": ${variable} in "${field}" is not a variable VS Code knows, so it stayed as written.`,
      fix: 'Use a predefined variable (such as ${workspaceFolder}, ${file} or ${env:NAME}), an ${input:...} or a ${command:...}.',
    });
    return true;
  };

  const program = stringField(config, 'program');
  const module = stringField(config, 'module');
  if (stringField(config, 'code') !== undefined && program === undefined && module === undefined) {
    problems.push({
      message: `"${name}" runs "code" (a string of Python), which PyOps cannot profile.`,
      fix: 'Put the code in a file and use "program", or use "module".',
    });
  }
  if (program !== undefined && module !== undefined) {
    problems.push({
      message: `"${name}" sets both "program" and "module".`,
      fix: 'Keep one: "program" runs a file, "module" runs python -m MODULE.',
    });
  }
  if (module !== undefined && !leftover('module', module) && !isModuleName(module.trim())) {
    const suggestion = suggestModuleName(module.trim());
    problems.push({
      message: `"${name}": "module" is "${module}", which is not a module name${suggestion ? ` (did you mean ${suggestion}?)` : ''}.`,
      fix: 'Write it as after python -m: package.module, without .py or slashes.',
    });
  }

  const base = context.workspaceFolder;
  const absolute = (path: string, from: string | undefined): string =>
    context.isAbsolute(path) || from === undefined ? path : context.join(from, path);

  const cwdField = config.cwd;
  let cwd: string | undefined;
  if (typeof cwdField === 'string' && cwdField.trim() !== '') {
    if (!leftover('cwd', cwdField)) cwd = absolute(cwdField.trim(), base);
  } else if (cwdField !== undefined && cwdField !== null && cwdField !== '') {
    problems.push({ message: `"${name}": "cwd" must be a folder path (a string).`, fix });
  }
  cwd ??= base ?? (program !== undefined && context.isAbsolute(program) ? context.dirname(program) : undefined);
  if (cwd === undefined) {
    problems.push({
      message: `"${name}" has no working directory: no "cwd" and no workspace folder.`,
      fix: 'Set "cwd", or open the folder the configuration belongs to.',
    });
  }

  let programPath: string | undefined;
  if (program !== undefined && !leftover('program', program)) programPath = absolute(program.trim(), cwd);

  let args: string[] = [];
  const argsField = config.args;
  if (Array.isArray(argsField)) {
    args = argsField.map((item) => (typeof item === 'string' ? item : JSON.stringify(item)));
    argsField.forEach((item, index) => typeof item === 'string' && leftover(`args[${index}]`, item));
  } else if (typeof argsField === 'string') {
    leftover('args', argsField);
    const split = splitArgs(argsField);
    if (split.error) problems.push({ message: `"${name}": "args" cannot be split into arguments: ${split.error}`, fix });
    args = split.args;
    if (/[$`*?|<>;&]/.test(argsField)) {
      notes.push(
        `"args" is a string: PyOps splits it like a shell line without running a shell (the Python Debugger passes it to one), so $VARIABLES, globs and pipes stay as written.`,
      );
    }
  } else if (argsField !== undefined && argsField !== null) {
    problems.push({ message: `"${name}": "args" must be a list of strings (or one string).`, fix });
  }

  const env: Record<string, string | null> = {};
  const envField = config.env;
  if (typeof envField === 'object' && envField !== null && !Array.isArray(envField)) {
    for (const [key, value] of Object.entries(envField)) {
      if (value === null) env[key] = null;
      else if (typeof value === 'string') {
        if (!leftover(`env.${key}`, value)) env[key] = value;
      } else if (typeof value === 'number' || typeof value === 'boolean') env[key] = String(value);
      else problems.push({ message: `"${name}": the value of "env.${key}" must be a string.`, fix });
    }
  } else if (envField !== undefined && envField !== null) {
    problems.push({ message: `"${name}": "env" must be an object of "NAME": "value" pairs.`, fix });
  }

  let envFile: LaunchPlan['envFile'];
  const envFileField = stringField(config, 'envFile');
  if (envFileField !== undefined) {
    if (!leftover('envFile', envFileField)) envFile = { path: absolute(envFileField.trim(), base ?? cwd), explicit: true };
  } else if (context.defaultEnvFile !== undefined) {
    envFile = { path: absolute(context.defaultEnvFile, base ?? cwd), explicit: false };
  }

  let python: string | undefined;
  const pythonArgs: string[] = [];
  const pythonField = config.python ?? config.pythonPath;
  const pythonName = config.python !== undefined ? 'python' : 'pythonPath';
  if (typeof pythonField === 'string' && pythonField.trim() !== '') {
    if (!leftover(pythonName, pythonField)) python = pythonField.trim();
  } else if (Array.isArray(pythonField) && pythonField.length > 0 && pythonField.every((item) => typeof item === 'string')) {
    const [first, ...rest] = pythonField as string[];
    if (!leftover(pythonName, first!)) python = first!.trim();
    pythonArgs.push(...rest);
  } else if (pythonField !== undefined && pythonField !== null && pythonField !== '') {
    problems.push({ message: `"${name}": "${pythonName}" must be the path of an interpreter.`, fix });
  }
  const pythonArgsField = config.pythonArgs;
  if (Array.isArray(pythonArgsField) && pythonArgsField.every((item) => typeof item === 'string'))
    pythonArgs.push(...(pythonArgsField as string[]));
  else if (pythonArgsField !== undefined && pythonArgsField !== null) {
    problems.push({ message: `"${name}": "pythonArgs" must be a list of strings.`, fix });
  }

  if (problems.length > 0 || cwd === undefined) return { problems };
  const plan: LaunchPlan = { args, cwd, env, envFile, pythonArgs, memory: config.memory === true, notes };
  if (programPath !== undefined) plan.program = programPath;
  if (module !== undefined) plan.module = module.trim();
  if (python !== undefined) plan.python = python;
  return { plan };
}

/** The same configuration as a PyOps profile configuration (for the Run and Debug view). */
export function asProfileConfiguration(config: LaunchConfig): Record<string, unknown> {
  return { ...config, type: PROFILE_DEBUG_TYPE, name: `Profile: ${String(config.name)}` };
}
