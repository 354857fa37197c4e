// Finds and loads the `.pyops.yaml` for each checked file, once per folder and once per config file.
import { dirname } from 'node:path';
import { findConfigFileOnDisk, loadConfigFile, type LoadedConfigFile } from '../core/config/configFilesOnDisk';
import type { KnownRule } from '../core/config/types';

export class ConfigLocator {
  private readonly byFolder = new Map<string, string | undefined>();
  private readonly byPath = new Map<string, LoadedConfigFile>();

  /**
   * @param fixed a config given with `--config`: used for every file instead of searching.
   * @param onLoaded called once per config file actually used, so its problems are shown once.
   */
  constructor(
    private readonly rules: readonly KnownRule[],
    private readonly onLoaded: (config: LoadedConfigFile) => void,
    private readonly fixed?: LoadedConfigFile,
  ) {
    if (fixed) onLoaded(fixed);
  }

  /** The nearest `.pyops.yaml` above the file, with no upper bound (like ruff's pyproject search). */
  forFile(file: string): LoadedConfigFile | undefined {
    return this.forFolder(dirname(file));
  }

  /** The nearest `.pyops.yaml` in the folder or above. */
  forFolder(folder: string): LoadedConfigFile | undefined {
    if (this.fixed) return this.fixed;
    let configPath: string | undefined;
    if (this.byFolder.has(folder)) configPath = this.byFolder.get(folder);
    else {
      configPath = findConfigFileOnDisk(folder);
      this.byFolder.set(folder, configPath);
    }
    if (configPath === undefined) return undefined;
    let loaded = this.byPath.get(configPath);
    if (!loaded) {
      loaded = loadConfigFile(configPath, this.rules);
      this.byPath.set(configPath, loaded);
      this.onLoaded(loaded);
    }
    return loaded;
  }
}
