import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { EngineConfig, RuleMeta } from '../core/diagnostics';
import {
  CONFIG_FILE_NAME,
  configFromSettings,
  findConfigFileOnDisk,
  loadConfigFile,
  parseConfigFile,
  resolveFileConfig,
  type ConfigProblem,
  type LoadedConfigFile,
  type SettingProblem,
} from '../core/config';
import type { ServerSettings } from './settings';

export interface DocumentConfig {
  config: EngineConfig;
  /** Posix path the per-path-ignore globs are matched against. */
  relativePath: string;
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
    return uri.endsWith('/' + CONFIG_FILE_NAME);
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
      return resolveFileConfig({ filePath: '/untitled.py', rootDir: '/', settings: parsedSettings.config }) as DocumentConfig;
    }
    const root = this.folderOf(filePath);
    const configPath = findConfigFileOnDisk(dirname(filePath), root);
    const configFile = configPath ? this.load(configPath) : undefined;
    return resolveFileConfig({
      filePath,
      rootDir: root ?? dirname(filePath),
      settings: parsedSettings.config,
      configFile: configFile ? { dir: configFile.dir, config: configFile.config } : undefined,
    });
  }

  /** Loads (or re-reads) a config file and reports its problems on it. */
  load(configPath: string): LoadedConfigFile {
    let loaded = this.files.get(configPath);
    if (!loaded) {
      const openText = this.openConfigText.get(configPath);
      loaded =
        openText !== undefined
          ? { path: configPath, dir: dirname(configPath), ...parseConfigFile(openText, this.rules) }
          : loadConfigFile(configPath, this.rules);
      this.files.set(configPath, loaded);
      this.sink.configFileProblems(pathToFileURL(configPath).href, loaded.problems);
    }
    return loaded;
  }
}
