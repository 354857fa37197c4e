import { existsSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, resolve as resolvePath } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { EngineConfig, RuleMeta } from '../core/diagnostics';
import {
  CONFIG_FILE_NAMES,
  configFromSettings,
  findConfigFileOnDisk,
  isConfigFileOnDisk,
  loadConfigFile,
  parseConfigText,
  resolveFileConfig,
  type ConfigProblem,
  type LoadedConfigFile,
  type SettingProblem,
} from '../core/config';
import { isExplicitPathExcluded, resolveFileSelection, type FileSelection } from '../core/files/fileSelection';
import type { ServerSettings } from './settings';

export interface DocumentConfig {
  config: EngineConfig;
  /** Posix path the per-path-ignore globs are matched against. */
  relativePath: string;
  /** The config sets force-exclude and excludes this file: it gets no diagnostics, as in `pyops check`. */
  excluded?: boolean;
  /** The .pyops.yaml in force, if any. */
  configFile?: string;
}

/** Where config problems go: diagnostics on the config file, messages for settings. */
export interface ConfigProblemSink {
  configFileProblems(uri: string, problems: ConfigProblem[]): void;
  settingProblems(problems: SettingProblem[]): void;
}

/**
 * Resolves the engine configuration of each document from the `pyops.diagnostics` settings and the
 * nearest `.pyops.yaml` (the file wins, so the editor and `pyops check` agree). Parsed config files
 * are cached until they change on disk or in an editor.
 */
export class ConfigResolver {
  private readonly files = new Map<string, LoadedConfigFile>();
  /** Unsaved text of config files open in an editor, by path: edits apply at once. */
  private readonly openConfigText = new Map<string, string>();
  private workspaceFolders: string[] = [];
  /** File selections by the config file object they come from (a reloaded file is a new object). */
  private readonly selections = new WeakMap<LoadedConfigFile, FileSelection>();
  private defaultSelection: FileSelection | undefined;

  constructor(
    private readonly rules: readonly RuleMeta[],
    private readonly sink: ConfigProblemSink,
  ) {}

  setWorkspaceFolders(folders: string[]): void {
    // Longest first, so nested folders win when looking up a file's folder.
    this.workspaceFolders = [...folders].sort((a, b) => b.length - a.length);
  }

  folderOf(filePath: string): string | undefined {
    return this.workspaceFolders.find((folder) => filePath === folder || filePath.startsWith(folder.endsWith('/') ? folder : folder + '/'));
  }

  /** True for paths that are PyOps config files. */
  static isConfigFile(uri: string): boolean {
    return CONFIG_FILE_NAMES.some((name) => uri.endsWith('/' + name));
  }

  forget(configPath: string): void {
    this.files.delete(configPath);
  }

  forgetAll(): void {
    this.files.clear();
  }

  setOpenConfigText(configPath: string, text: string | undefined): void {
    if (text === undefined) this.openConfigText.delete(configPath);
    else this.openConfigText.set(configPath, text);
    this.files.delete(configPath);
  }

  resolve(uri: string, settings: ServerSettings): DocumentConfig {
    const filePath = uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
    const parsedSettings = configFromSettings(settings.diagnostics, this.rules);
    if (parsedSettings.problems.length > 0) this.sink.settingProblems(parsedSettings.problems);
    if (!filePath) {
      // Untitled buffers: settings only.
      const untitled = resolveFileConfig({ filePath: '/untitled.py', rootDir: '/', settings: parsedSettings.config }) as DocumentConfig;
      return { ...untitled, config: { ...untitled.config, syntaxErrors: settings.showSyntaxErrors } };
    }
    const root = this.folderOf(filePath);
    const configFile = this.configFor(dirname(filePath), this.explicitConfigPath(settings.configuration, root ?? dirname(filePath)));
    const resolved: DocumentConfig = resolveFileConfig({
      filePath,
      rootDir: root ?? dirname(filePath),
      settings: parsedSettings.config,
      configFile: configFile ? { dir: configFile.dir, config: configFile.config } : undefined,
    });
    resolved.config = { ...resolved.config, syntaxErrors: settings.showSyntaxErrors };
    if (configFile) resolved.configFile = configFile.path;
    const selection = this.selectionOf(configFile, root ?? dirname(filePath));
    if (selection.forceExclude && isExplicitPathExcluded(selection, filePath, configFile?.dir ?? root ?? dirname(filePath)))
      resolved.excluded = true;
    return resolved;
  }

  /**
   * The config file in force in a folder: the file `pyops.configuration` names (`explicit`, already
   * resolved), else the nearest one, not above the workspace folder.
   */
  configFor(dir: string, explicit?: string): LoadedConfigFile | undefined {
    const configPath = explicit ?? findConfigFileOnDisk(dir, this.folderOf(dir));
    return configPath ? this.load(configPath) : undefined;
  }

  /** Which files a Check Workspace walk takes in a folder: the same rules as `pyops check`. */
  fileSelectionFor(dir: string, explicit?: string): FileSelection {
    return this.selectionOf(this.configFor(dir, explicit), this.folderOf(dir) ?? dir);
  }

  /**
   * The file `pyops.configuration` names: `~` and `${workspaceFolder}` expanded, relative paths
   * against the workspace folder (or the file's folder outside any). A missing file is reported
   * (naming the setting) and the nearest config file is used instead.
   */
  explicitConfigPath(setting: string, folder: string): string | undefined {
    if (setting === '') return undefined;
    const expanded = setting.replace(/^~(?=$|[\\/])/, homedir()).replace(/\$\{workspaceFolder\}/g, folder);
    const full = resolvePath(folder, expanded);
    if (isConfigFileOnDisk(full) || (existsSync(full) && statSync(full).isFile())) return full;
    this.sink.settingProblems([
      {
        setting: 'pyops.configuration',
        message: `no such file: ${full}. The nearest .pyops.yaml or pyproject.toml is used instead.`,
        severity: 'warning',
      },
    ]);
    return undefined;
  }

  private selectionOf(configFile: LoadedConfigFile | undefined, root: string): FileSelection {
    if (!configFile?.config.files) return (this.defaultSelection ??= resolveFileSelection([], root));
    let selection = this.selections.get(configFile);
    if (!selection) {
      selection = resolveFileSelection([{ base: configFile.dir, options: configFile.config.files }], configFile.dir);
      this.selections.set(configFile, selection);
    }
    return selection;
  }

  /** Loads (or re-reads) a config file and reports its problems on it. */
  load(configPath: string): LoadedConfigFile {
    let loaded = this.files.get(configPath);
    if (!loaded) {
      const openText = this.openConfigText.get(configPath);
      loaded =
        openText !== undefined
          ? { path: configPath, dir: dirname(configPath), ...parseConfigText(configPath, openText, this.rules) }
          : loadConfigFile(configPath, this.rules);
      this.files.set(configPath, loaded);
      this.sink.configFileProblems(pathToFileURL(configPath).href, loaded.problems);
    }
    return loaded;
  }
}
