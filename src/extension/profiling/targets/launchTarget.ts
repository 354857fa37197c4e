// "PyOps: Profile Launch Configuration…" and the `pyops-profile` debug type.
//
// VS Code resolves a launch configuration's variables (${workspaceFolder}, ${file}, ${env:...},
// ${input:...}, ${command:...}) only for a debug session it starts. So PyOps starts one of its own
// debug type: its configuration provider gets the configuration with every variable resolved by
// VS Code, starts the profile run, and returns undefined, which ends the "session" before any
// debug adapter exists. Before that, the variables VS Code would report in a modal dialog (an
// undefined input, a missing command, ${file} without an editor) are checked and reported here.
// The same type lets launch.json hold configurations that profile on F5, and lists "Profile: …"
// entries for the Python configurations in the Run and Debug view's dropdown.

import { dirname, isAbsolute, join } from 'node:path';
import * as vscode from 'vscode';
import { describeEnvFileProblems, parseEnvFile } from '../../../core/env/envFile';
import { launchEnvironment } from '../../../core/env/mergeEnvironment';
import type { ProfilingController } from '../controller';
import { chooseInterpreter, openLaunchJson, type InterpreterChoice } from '../interpreter';
import { showNotice } from '../notices';
import { profileLog } from '../output';
import type { RunTarget } from '../runTarget';
import { TargetError } from '../target';
import { substituteVariables } from '../variables';
import { PYTHON_ENV_FILE_DEFAULT } from '../userEnvironment';
import {
  asProfileConfiguration,
  checkVariables,
  describeLaunch,
  INTERPRETER_COMMAND,
  isProfilableLaunch,
  planLaunch,
  PROFILE_DEBUG_TYPE,
  variablesIn,
  withInterpreterCommand,
  type LaunchConfig,
  type LaunchPlan,
  type LaunchProblem,
} from './launchConfig';
import { storedFolder, targetScript } from './workspaceFolder';
import { isDirectory, pathExists } from '../../../core/files/pathKinds';

/** Keys PyOps adds to the configuration it starts, to find its own request again. */
const RUN_KEY = '__pyopsProfileRun';
const NAME_KEY = '__pyopsProfileName';

export interface LaunchEntry {
  name: string;
  config: LaunchConfig;
  /** The folder whose launch.json holds it; undefined for the workspace file or user settings. */
  folder: vscode.WorkspaceFolder | undefined;
  /** Where it is written, for pickers. */
  where: string;
}

function configurationsIn(value: unknown): LaunchConfig[] {
  return Array.isArray(value) ? value.filter(isProfilableLaunch) : [];
}

/** The workspace's Python launch configurations that can be profiled, as the Run and Debug view lists them. */
export function launchEntries(): LaunchEntry[] {
  const entries: LaunchEntry[] = [];
  const folders = vscode.workspace.workspaceFolders ?? [];
  const multiRoot = vscode.workspace.workspaceFile !== undefined;
  for (const folder of folders) {
    const info = vscode.workspace.getConfiguration('launch', folder.uri).inspect<unknown>('configurations');
    const value = info?.workspaceFolderValue ?? (multiRoot ? undefined : info?.workspaceValue);
    for (const config of configurationsIn(value)) {
      entries.push({ name: String(config.name), config, folder, where: folders.length > 1 ? folder.name : 'launch.json' });
    }
  }
  const info = vscode.workspace.getConfiguration('launch').inspect<unknown>('configurations');
  if (multiRoot) {
    for (const config of configurationsIn(info?.workspaceValue))
      entries.push({ name: String(config.name), config, folder: undefined, where: 'workspace' });
  }
  for (const config of configurationsIn(info?.globalValue))
    entries.push({ name: String(config.name), config, folder: undefined, where: 'user settings' });
  return entries;
}

/** A command argument naming a configuration: its name, or `{ name, folder }` (a folder URI string). */
function requestedEntry(argument: unknown): { name: string; folder?: string } | undefined {
  if (typeof argument === 'string' && argument !== '') return { name: argument };
  if (typeof argument === 'object' && argument !== null && typeof (argument as { name?: unknown }).name === 'string') {
    const { name, folder } = argument as { name: string; folder?: unknown };
    return typeof folder === 'string' ? { name, folder } : { name };
  }
  return undefined;
}

function problemText(problems: LaunchProblem[]): string {
  const first = problems[0]!;
  const more = problems.length > 1 ? ` (${problems.length - 1} more problem${problems.length > 2 ? 's' : ''} in the PyOps log.)` : '';
  return `PyOps cannot profile this launch configuration: ${first.message} ${first.fix}${more}`;
}

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(vscode.Uri.file(path)));
  } catch {
    return undefined;
  }
}

export class LaunchTarget implements vscode.DebugConfigurationProvider {
  /** Configurations as written, by the id added to the one VS Code resolves. */
  private readonly unresolved = new Map<string, { config: LaunchConfig; name: string }>();
  /** Profile runs started by the resolver, by id, for the command that asked for them. */
  private readonly runs = new Map<string, Promise<void>>();
  /** Ids of the requests start() awaits (it cleans up after them); the others clean up after themselves. */
  private readonly awaited = new Set<string>();
  private nextId = 1;

  constructor(private readonly controller: ProfilingController) {}

  // -------------------------------------------------------------------------------------------
  // The command

  /** Picks a configuration (or takes the one named by `argument`) and profiles it. */
  profileLaunchConfiguration(argument: unknown): Promise<void> {
    return this.controller.guarded(async () => {
      if (!(await this.controller.ensureTrusted())) return;
      const entries = launchEntries();
      const requested = requestedEntry(argument);
      let entry: LaunchEntry | undefined;
      if (requested) {
        entry = entries.find(
          (e) => e.name === requested.name && (requested.folder === undefined || e.folder?.uri.toString() === requested.folder),
        );
        if (!entry)
          throw new TargetError(
            `There is no Python launch configuration named "${requested.name}" to profile (type debugpy or python, request launch, with a program or module).`,
          );
        await saveLaunchJson(entry.folder);
      } else {
        if (entries.length === 0) {
          const add = 'Add Configuration…';
          const choice = await showNotice(
            'information',
            'This workspace has no Python launch configuration to profile (type "debugpy", request "launch", with a "program" or "module"). Add one to .vscode/launch.json.',
            add,
          );
          if (choice === add) await vscode.commands.executeCommand('debug.addConfiguration');
          return;
        }
        const picked = await vscode.window.showQuickPick(
          entries.map((e) => ({ label: e.name, description: e.where, detail: describeLaunch(e.config), entry: e })),
          {
            title: 'Profile Launch Configuration',
            placeHolder: 'The Python launch configuration to run under the profiler',
            matchOnDetail: true,
          },
        );
        if (!picked) return;
        entry = picked.entry;
      }
      await this.start(entry.config, entry.folder, entry.name);
    });
  }

  /**
   * Asks VS Code to start `config` as a PyOps profile session: its variables get resolved and
   * resolveDebugConfigurationWithSubstitutedVariables starts the run, awaited here.
   */
  async start(config: LaunchConfig, folder: vscode.WorkspaceFolder | undefined, name: string): Promise<void> {
    const id = `${Date.now()}-${this.nextId++}`;
    this.unresolved.set(id, { config, name });
    this.awaited.add(id);
    const request: vscode.DebugConfiguration = {
      ...config,
      type: PROFILE_DEBUG_TYPE,
      request: 'launch',
      name,
      [RUN_KEY]: id,
      [NAME_KEY]: name,
    };
    try {
      await vscode.debug.startDebugging(folder, request);
      await this.runs.get(id);
    } finally {
      this.unresolved.delete(id);
      this.runs.delete(id);
      this.awaited.delete(id);
    }
  }

  async rerun(stored: { name: string; folder: string | null; configuration: Record<string, unknown> }): Promise<void> {
    const folder = storedFolder(stored.folder);
    if (stored.folder !== null && !folder)
      throw new TargetError(`The folder of the launch configuration "${stored.name}" is no longer open.`);
    await this.start(stored.configuration, folder, stored.name);
  }

  // -------------------------------------------------------------------------------------------
  // The debug type

  /** Before VS Code substitutes variables: checks what it would report in a modal dialog. */
  async resolveDebugConfiguration(
    folder: vscode.WorkspaceFolder | undefined,
    config: vscode.DebugConfiguration,
  ): Promise<vscode.DebugConfiguration | undefined> {
    if (!config.type && !config.request && !config.name) {
      // F5 with no launch.json and this type chosen: profile the file in the editor.
      return { type: PROFILE_DEBUG_TYPE, request: 'launch', name: 'Profile current file', program: '${file}' };
    }
    if (!(await this.controller.ensureTrusted())) return undefined;
    const name = typeof config[NAME_KEY] === 'string' ? (config[NAME_KEY] as string) : String(config.name ?? 'launch configuration');
    const problems = checkVariables(name, config, await this.variableFacts(folder));
    if (problems.length > 0) {
      this.report(name, problems, folder);
      return undefined;
    }
    let resolved: vscode.DebugConfiguration = config;
    const usesInterpreterCommand = variablesIn(config).some((v) => v.variable === `command:${INTERPRETER_COMMAND}`);
    if (usesInterpreterCommand && !(await vscode.commands.getCommands(true)).includes(INTERPRETER_COMMAND)) {
      // No Python extension to answer it: PyOps's own choice of interpreter stands in.
      const choice = await chooseInterpreter(folder?.uri);
      resolved = withInterpreterCommand(config, choice.candidates[0]!) as vscode.DebugConfiguration;
    }
    if (typeof resolved[RUN_KEY] !== 'string') {
      // Started from the Run and Debug view or with F5: remember it as written, for Rerun.
      const id = `${Date.now()}-${this.nextId++}`;
      const asWritten: Record<string, unknown> = { ...config };
      this.unresolved.set(id, { config: asWritten, name });
      resolved = { ...resolved, [RUN_KEY]: id, [NAME_KEY]: name };
    }
    return resolved;
  }

  /** After VS Code substituted every variable: starts the profile run, and no debug session. */
  resolveDebugConfigurationWithSubstitutedVariables(
    folder: vscode.WorkspaceFolder | undefined,
    config: vscode.DebugConfiguration,
  ): undefined {
    const id = typeof config[RUN_KEY] === 'string' ? (config[RUN_KEY] as string) : '';
    const written = this.unresolved.get(id);
    const name = written?.name ?? String(config.name);
    const run = this.profileResolved(folder, config, written?.config ?? config, name).catch((error: unknown) => {
      if (error instanceof TargetError) void showNotice('warning', error.message);
      else
        void showNotice(
          'error',
          `PyOps could not profile the launch configuration "${name}": ${error instanceof Error ? error.message : String(error)}`,
        );
    });
    if (this.awaited.has(id)) this.runs.set(id, run);
    else this.unresolved.delete(id); // started from the Run and Debug view or F5: nobody awaits it
    return undefined;
  }

  /** "Profile: <name>" entries in the Run and Debug view's dropdown, one per Python configuration. */
  provideDynamicConfigurations(folder: vscode.WorkspaceFolder | undefined): vscode.DebugConfiguration[] {
    return launchEntries()
      .filter((entry) => entry.folder?.uri.toString() === folder?.uri.toString())
      .map((entry) => ({
        ...asProfileConfiguration(entry.config),
        request: 'launch',
        type: PROFILE_DEBUG_TYPE,
        name: `Profile: ${entry.name}`,
        [NAME_KEY]: entry.name,
      }));
  }

  // -------------------------------------------------------------------------------------------

  private async variableFacts(folder: vscode.WorkspaceFolder | undefined): Promise<Parameters<typeof checkVariables>[2]> {
    const inputs = vscode.workspace.getConfiguration('launch', folder?.uri).get<unknown>('inputs');
    const inputIds = new Set(
      Array.isArray(inputs)
        ? inputs.flatMap((input: unknown) =>
            typeof input === 'object' && input !== null && typeof (input as { id?: unknown }).id === 'string'
              ? [(input as { id: string }).id]
              : [],
          )
        : [],
    );
    const commands = new Set(await vscode.commands.getCommands(true));
    const document = vscode.window.activeTextEditor?.document;
    return {
      inputIds,
      commandExists: (id) => commands.has(id),
      settingExists: (setting) => {
        const value = vscode.workspace.getConfiguration(undefined, folder?.uri).get<unknown>(setting);
        return value !== undefined && (typeof value !== 'object' || value === null);
      },
      workspaceFolderNames: (vscode.workspace.workspaceFolders ?? []).map((f) => f.name),
      activeFile: document
        ? { path: document.uri.scheme === 'file' ? document.uri.fsPath : document.uri.toString(), python: document.languageId === 'python' }
        : undefined,
    };
  }

  private report(name: string, problems: LaunchProblem[], folder: vscode.WorkspaceFolder | undefined): void {
    for (const problem of problems) profileLog(`Launch configuration "${name}": ${problem.message} ${problem.fix}`);
    const open = 'Open launch.json';
    void showNotice('error', problemText(problems), open).then(async (choice) => {
      if (choice === open)
        await (folder ? openLaunchJson(folder.uri) : vscode.commands.executeCommand('workbench.action.openWorkspaceConfigFile'));
    });
  }

  private defaultEnvFile(folder: vscode.WorkspaceFolder | undefined): string | undefined {
    const configured = vscode.workspace.getConfiguration('python', folder?.uri).get<unknown>('envFile');
    const value = typeof configured === 'string' && configured.trim() !== '' ? configured : PYTHON_ENV_FILE_DEFAULT;
    const resolved = substituteVariables(value, {
      workspaceFolder: folder?.uri.fsPath,
      file: folder?.uri.fsPath ?? '',
      userHome: process.env.HOME ?? '',
      env: process.env,
    });
    return resolved.unresolved.length > 0 ? undefined : resolved.value;
  }

  /** Files the plan names must exist: the messages say which field names them. */
  private async checkFiles(name: string, plan: LaunchPlan, written: LaunchConfig): Promise<LaunchProblem[]> {
    const problems: LaunchProblem[] = [];
    if (!(await isDirectory(plan.cwd))) {
      problems.push({
        message: `"${name}": its working directory ${plan.cwd} ("cwd") does not exist.`,
        fix: 'Fix "cwd" in launch.json, or create the folder.',
      });
    } else if (plan.program !== undefined && !(await pathExists(plan.program))) {
      const asWritten = typeof written.program === 'string' && written.program !== plan.program ? ` ("program": "${written.program}")` : '';
      problems.push({
        message: `"${name}" runs the program ${plan.program}${asWritten}, which does not exist.`,
        fix: 'Fix "program" in launch.json (a relative path is relative to "cwd"), or create the file.',
      });
    }
    return problems;
  }

  private async profileResolved(
    folder: vscode.WorkspaceFolder | undefined,
    config: LaunchConfig,
    written: LaunchConfig,
    name: string,
  ): Promise<void> {
    const planned = planLaunch(config, {
      name,
      workspaceFolder: folder?.uri.fsPath,
      defaultEnvFile: this.defaultEnvFile(folder),
      isAbsolute,
      join,
      dirname,
    });
    if ('problems' in planned) {
      this.report(name, planned.problems, folder);
      return;
    }
    const plan = planned.plan;
    const fileProblems = await this.checkFiles(name, plan, written);
    if (fileProblems.length > 0) {
      this.report(name, fileProblems, folder);
      return;
    }

    const warnings = [...plan.notes];
    const configEnv = Object.fromEntries(Object.entries(plan.env).filter((entry): entry is [string, string] => entry[1] !== null));
    let fileVars: Record<string, string> | undefined;
    if (plan.envFile) {
      const text = await readIfExists(plan.envFile.path);
      if (text === undefined) {
        if (plan.envFile.explicit)
          warnings.push(`"envFile" ${plan.envFile.path} does not exist; running without it (the Python Debugger ignores it too).`);
      } else {
        // As the Python Debugger does: the file's ${NAME} references see the configuration's env.
        const parsed = parseEnvFile(text, configEnv);
        fileVars = parsed.variables;
        warnings.push(...describeEnvFileProblems(plan.envFile.path, parsed));
      }
    }
    const env = launchEnvironment(plan.env, fileVars, { processEnv: process.env });

    const programUri = plan.program !== undefined ? vscode.Uri.file(plan.program) : undefined;
    const interpreter: InterpreterChoice = plan.python
      ? { candidates: [plan.python], source: 'launch-configuration' }
      : await chooseInterpreter(programUri ?? folder?.uri);
    const title = name;
    const target: RunTarget = {
      resource: folder?.uri ?? programUri,
      ...(plan.module !== undefined ? { module: plan.module } : {}),
      cwd: plan.cwd,
      env,
      interpreter,
      interpreterArgs: plan.pythonArgs,
      warnings,
      description: `launch configuration "${name}" (${plan.module !== undefined ? `python -m ${plan.module}` : plan.program})`,
      stored: { kind: 'launch', name, folder: folder ? folder.uri.toString() : null, configuration: { ...written } },
    };
    const script = targetScript('launch', name, folder, title, plan.program ?? plan.cwd);
    await this.controller.runPrepared(script, plan.args, plan.memory, target);
  }
}

/** Saves the launch.json of `folder` when it has unsaved changes (VS Code reads the saved file). */
async function saveLaunchJson(folder: vscode.WorkspaceFolder | undefined): Promise<void> {
  if (!folder) return;
  const path = vscode.Uri.joinPath(folder.uri, '.vscode', 'launch.json').toString();
  const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === path);
  if (document?.isDirty) await document.save();
}
