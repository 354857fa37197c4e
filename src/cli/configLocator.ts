// Finds and loads the config file (`.pyops.yaml`, or `pyproject.toml` with [tool.pyops]) for each
// checked file, once per folder and once per config file.
import { dirname, join } from 'node:path';
import { isConfigFileOnDisk, loadConfigFile, type LoadedConfigFile } from '../core/config/configFilesOnDisk';
import { CONFIG_FILE_NAMES } from '../core/config/findConfigFile';
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

  /** The nearest config file above the file, with no upper bound (like ruff's pyproject search). */
  forFile(file: string): LoadedConfigFile | undefined {
    return this.forFolder(dirname(file));
  }

  /** The nearest config file in the folder or above. */
  forFolder(folder: string): LoadedConfigFile | undefined {
    if (this.fixed) return this.fixed;
    const configPath = this.pathFor(folder);
    if (configPath === undefined) return undefined;
    let loaded = this.byPath.get(configPath);
    if (!loaded) {
      loaded = loadConfigFile(configPath, this.rules);
      this.byPath.set(configPath, loaded);
      this.onLoaded(loaded);
    }
    return loaded;
  }

  /** Each folder is looked at once: its own config file, else its parent's answer. */
  private pathFor(folder: string): string | undefined {
    if (this.byFolder.has(folder)) return this.byFolder.get(folder);
    const own = CONFIG_FILE_NAMES.map((name) => join(folder, name)).find(isConfigFileOnDisk);
    const parent = dirname(folder);
    const found = own ?? (parent === folder ? undefined : this.pathFor(parent));
    this.byFolder.set(folder, found);
    return found;
  }
}
