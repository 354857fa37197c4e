// The profiling commands. Everything is created on first use: activation only registers.

import { dirname } from 'node:path';
import * as vscode from 'vscode';
import { compareProfiles } from '../../core/profile/compare';
import { findHelperDir, HELPER_FILE_NAME } from '../../core/profile/helperProcess';
import type { Profile, ProfileComparison } from '../../core/profile/model';
import { joinArgs, splitArgs } from './argv';
import { ProfileHints } from './hints';
import { showNotice } from './notices';
import { ProfilePanel } from './profilePanel';
import { executeRun, type RunParams } from './runner';
import { RunStore, type RunRecord } from './runStore';
import type { RunAdvice } from './runAdvice';
import { profileConfiguration, readKeepRuns, readShowHints } from './settings';
import type { RunTarget } from './runTarget';
import { commandTarget, prepareScript, TargetError, type ScriptFile } from './target';
import { TracebackDiagnostics } from './traceback';
import type { ViewerContent } from './viewerHost';

const ARGS_KEY_PREFIX = 'pyops.profile.args:';

/** What a rerun changes for once (the script asked for input: a terminal this time). */
type RunOverrides = Pick<RunParams, 'output' | 'samplingOnly'>;
const HINTS_CONTEXT_KEY = 'pyops.profile.hintsShown';

export class ProfilingController implements vscode.Disposable {
  private runStore: RunStore | undefined;
  private helperFolder: string | undefined;
  private hintsProvider: ProfileHints | undefined;
  private tracebacks: TracebackDiagnostics | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly runsInProgress = new Set<string>();
  /** Reruns a module, launch configuration or test run; set by the entry points of those targets. */
  rerunTarget: ((record: RunRecord) => Promise<void>) | undefined;

  constructor(private readonly context: vscode.ExtensionContext) {}

  dispose(): void {
    ProfilePanel.disposeAll();
    this.hintsProvider?.dispose();
    this.tracebacks?.dispose();
    for (const d of this.disposables) d.dispose();
  }

  store(): RunStore {
    this.runStore ??= new RunStore(this.context.storageUri ?? this.context.globalStorageUri);
    return this.runStore;
  }

  helperDir(): string {
    this.helperFolder ??= findHelperDir(this.context.extensionUri.fsPath);
    if (!this.helperFolder) {
      throw new TargetError(`The profiling helper ${HELPER_FILE_NAME} is missing from the PyOps installation. Reinstall the extension.`);
    }
    return this.helperFolder;
  }

  /**
   * The hints, also the CodeLens provider registered at activation (a registration only: it
   * answers nothing until a run produced hints). A provider registered later is not asked by
   * editors that are already open.
   */
  hints(): ProfileHints {
    this.hintsProvider ??= new ProfileHints(this.context.extensionUri);
    return this.hintsProvider;
  }

  private diagnostics(): TracebackDiagnostics {
    this.tracebacks ??= new TracebackDiagnostics();
    return this.tracebacks;
  }

  // -------------------------------------------------------------------------------------------
  // Guards

  /** Profiling runs the user's code: only in trusted workspaces. */
  async ensureTrusted(): Promise<boolean> {
    if (vscode.workspace.isTrusted) return true;
    const manage = 'Manage Workspace Trust';
    const choice = await vscode.window.showWarningMessage(
      'PyOps profiling runs your Python script (and loading a .prof file runs Python), so it is disabled in Restricted Mode. Trust this workspace to profile.',
      manage,
    );
    if (choice === manage) await vscode.commands.executeCommand('workbench.trust.manage');
    return false;
  }

  /** Runs a command's work; a TargetError becomes a warning, anything else an error message. */
  async guarded(work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      if (error instanceof TargetError) void showNotice('warning', error.message);
      else void showNotice('error', `PyOps profiling failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  // -------------------------------------------------------------------------------------------
  // Commands

  profileFile(argument: unknown, options: { memory: boolean; askArgs: boolean; samplingOnly?: true }): Promise<void> {
    return this.guarded(async () => {
      if (!(await this.ensureTrusted())) return;
      const uri = commandTarget(argument);
      let args: string[] = [];
      if (options.askArgs) {
        if (!uri) throw new TargetError('Open a Python file to profile (or right-click one in the Explorer).');
        const asked = await this.askArgs(uri);
        if (asked === undefined) return;
        args = asked;
      }
      await this.run(uri, args, options.memory, options.samplingOnly ? { samplingOnly: true } : {});
    });
  }

  rerun(): Promise<void> {
    return this.guarded(async () => {
      if (!(await this.ensureTrusted())) return;
      const last = await this.store().latest();
      if (!last) {
        void vscode.window.showInformationMessage('There is no profile run to repeat yet. Use "PyOps: Profile Current File" first.');
        return;
      }
      await this.rerunRecord(last);
    });
  }

  private async rerunRecord(record: RunRecord, overrides: RunOverrides = {}): Promise<void> {
    if (record.target) {
      if (!this.rerunTarget) throw new TargetError(`${record.title} cannot be profiled again from here.`);
      await this.rerunTarget(record);
      return;
    }
    const uri = vscode.Uri.parse(record.source);
    if (uri.scheme === 'untitled' && !vscode.workspace.textDocuments.some((d) => d.uri.toString() === record.source)) {
      throw new TargetError(`${record.title} was an unsaved buffer that is now closed, so it cannot be profiled again.`);
    }
    await this.run(uri, record.args, record.memory, { ...(record.samplingOnly ? { samplingOnly: true as const } : {}), ...overrides });
  }

  openProfile(): Promise<void> {
    return this.guarded(async () => {
      const picked = await vscode.window.showOpenDialog({
        title: 'Open a cProfile/pstats file',
        canSelectMany: false,
        // One filter only: VS Code's own dialog (remote windows, the web) lists whatever any filter allows.
        filters: { 'cProfile/pstats files': ['prof', 'pstats', 'pstat', 'cprofile'] },
        openLabel: 'Open Profile',
      });
      if (!picked?.[0]) return;
      await vscode.commands.executeCommand('vscode.openWith', picked[0], 'pyops.profileViewer');
    });
  }

  compareWithPrevious(): Promise<void> {
    return this.guarded(async () => {
      const shown = ProfilePanel.get();
      const active = shown?.panel.active && shown.runId !== undefined ? shown : undefined;
      const runs = await this.store().list();
      const current = (active && runs.find((r) => r.id === active.runId)) ?? runs[0];
      if (!current) {
        void vscode.window.showInformationMessage('There are no profile runs to compare yet. Profile a script twice, then compare.');
        return;
      }
      const panel = ProfilePanel.forRun(current.id) ?? (await this.openStoredRun(current));
      if (!panel) return;
      panel.reveal();
      const result = await this.comparisonFor(current);
      panel.host.showComparison(result.comparison, result.message);
    });
  }

  clearHints(): void {
    this.hintsProvider?.clearAll();
    this.tracebacks?.clear();
    void vscode.commands.executeCommand('setContext', HINTS_CONTEXT_KEY, false);
  }

  revealInProfile(runId: unknown, functionId: unknown): Promise<void> {
    return this.guarded(async () => {
      if (typeof runId !== 'string' || typeof functionId !== 'string') return;
      let panel = ProfilePanel.forRun(runId);
      if (!panel) {
        const record = (await this.store().list()).find((r) => r.id === runId);
        panel = record && (await this.openStoredRun(record));
      }
      if (!panel) {
        void vscode.window.showInformationMessage('That profile run is no longer kept. Profile the script again.');
        return;
      }
      panel.reveal(functionId);
    });
  }

  // -------------------------------------------------------------------------------------------
  // Running

  private async askArgs(uri: vscode.Uri): Promise<string[] | undefined> {
    const key = ARGS_KEY_PREFIX + uri.toString();
    const remembered = this.context.workspaceState.get<string[]>(key);
    const value = await vscode.window.showInputBox({
      title: 'Profile with Arguments',
      prompt: 'Arguments for the script (sys.argv[1:]); quote arguments that contain spaces. Not run through a shell.',
      placeHolder: 'e.g. --dry-run --target "staging eu"',
      value: Array.isArray(remembered) ? joinArgs(remembered) : '',
      ignoreFocusOut: true,
      validateInput: (text) => splitArgs(text).error,
    });
    if (value === undefined) return undefined;
    const args = splitArgs(value).args;
    await this.context.workspaceState.update(key, args);
    return args;
  }

  private async run(uri: vscode.Uri | undefined, args: string[], memory: boolean, overrides: RunOverrides = {}): Promise<void> {
    await this.runPrepared(await prepareScript(uri), args, memory, undefined, overrides);
  }

  /**
   * Profiles `script` (or the module, launch configuration or test `target` describes), then
   * shows hints, traceback diagnostics and the panel. `script.cleanup` always runs.
   */
  async runPrepared(script: ScriptFile, args: string[], memory: boolean, target?: RunTarget, overrides: RunOverrides = {}): Promise<void> {
    const key = script.source.toString();
    if (this.runsInProgress.has(key)) {
      void vscode.window.showInformationMessage(`${script.title} is already being profiled. Cancel that run from its notification first.`);
      await script.cleanup();
      return;
    }
    this.runsInProgress.add(key);
    const versionAtStart = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key)?.version;
    let result;
    try {
      const params: RunParams = { script, args, memory, ...(target ? { target } : {}), ...overrides };
      result = await executeRun({ store: () => this.store(), helperDir: () => this.helperDir() }, params);
    } finally {
      this.runsInProgress.delete(key);
      await script.cleanup().catch(() => undefined);
    }
    if (!result) return;
    const { profile, record } = result;

    // Hints: not in files edited while the script ran (their lines moved).
    if (readShowHints(script.temporary ? undefined : script.source)) {
      this.hints().show(profile, record.id, (fileUri) => {
        const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === fileUri.toString());
        if (!document) return false;
        if (document.uri.toString() === key) return document.version !== versionAtStart;
        return document.isDirty;
      });
      void vscode.commands.executeCommand('setContext', HINTS_CONTEXT_KEY, true);
    }

    const diagnostics = this.diagnostics();
    diagnostics.clear();
    if (profile.run.exception) diagnostics.show(profile.run.exception);

    await this.openPanel(profile, record);
    if (result.advice) void this.offerAdvice(result.advice, record);
  }

  /** After a run that wanted keyboard input, or arguments: the way to give them. */
  private async offerAdvice(advice: RunAdvice, record: RunRecord): Promise<void> {
    if (advice.kind === 'needs-terminal') {
      const once = 'Run in Terminal';
      const always = 'Always Use the Terminal';
      const choice = await vscode.window.showWarningMessage(
        `${record.title} asked for input, but in the Profile Output channel nobody can type it (input() read end-of-file). Run it in a terminal to answer it.`,
        ...(record.target ? [always] : [once, always]),
      );
      if (!choice) return;
      if (choice === always) {
        const resource = record.target ? undefined : vscode.Uri.parse(record.source);
        const target = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
        await profileConfiguration(resource).update('output', 'terminal', target);
      }
      await this.guarded(async () => {
        if (await this.ensureTrusted()) await this.rerunRecord(record, choice === once ? { output: 'terminal' } : {});
      });
      return;
    }
    const ask = 'Profile with Arguments\u2026';
    const choice = await vscode.window.showWarningMessage(
      `${record.title} stopped with a usage error: ${advice.error}. It needs command-line arguments.`,
      ...(record.target ? [] : [ask]),
    );
    if (choice === ask) await this.profileFile(vscode.Uri.parse(record.source), { memory: record.memory, askArgs: true });
  }

  private baseDirFor(profile: Profile): string | null {
    const script = profile.run.script;
    const folder = script ? vscode.workspace.getWorkspaceFolder(vscode.Uri.file(script)) : undefined;
    return folder?.uri.fsPath ?? profile.run.cwd ?? (script ? dirname(script) : null);
  }

  /** Shows a run in the profile panel (one per window, beside the editor, reused). */
  private async openPanel(profile: Profile, record: RunRecord): Promise<ProfilePanel> {
    const previous = await this.store().previousOf(record.source, record.id);
    const content: ViewerContent = {
      profile,
      title: record.title,
      baseDir: this.baseDirFor(profile),
      capabilities: { compare: previous !== undefined, rerun: true, saveProf: profile.run.profFile !== null },
    };
    return ProfilePanel.show(this.context.extensionUri, content, record.id, {
      compare: () => this.comparisonFor(record),
      rerun: () =>
        void this.guarded(async () => {
          if (await this.ensureTrusted()) await this.rerunRecord(record);
        }),
    });
  }

  private async openStoredRun(record: RunRecord): Promise<ProfilePanel | undefined> {
    const profile = await this.store().loadProfile(record.id);
    if (!profile) {
      void vscode.window.showWarningMessage(`The stored profile of ${record.title} could not be read; profile the script again.`);
      return undefined;
    }
    return this.openPanel(profile, record);
  }

  async comparisonFor(record: RunRecord): Promise<{ comparison: ProfileComparison | null; message?: string }> {
    const store = this.store();
    const previous = await store.previousOf(record.source, record.id);
    if (!previous) {
      return {
        comparison: null,
        message: `No earlier run of ${record.title} is kept (PyOps keeps the last ${readKeepRuns()} runs of this workspace, setting pyops.profile.keepRuns). Profile it again to compare.`,
      };
    }
    const [before, after] = await Promise.all([store.loadProfile(previous.id), store.loadProfile(record.id)]);
    if (!before || !after) return { comparison: null, message: 'A stored run could not be read; profile the script again to compare.' };
    return { comparison: compareProfiles(before, after) };
  }
}
