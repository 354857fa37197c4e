// Finds and loads the config file (`.pyops.yaml`, or `pyproject.toml` with [tool.pyops]) for each
// checked file, once per folder and once per config file.
import { dirname, join } from 'node:path';
import { isConfigFileOnDisk, loadConfigFile, type LoadedConfigFile } from '../core/config/configFilesOnDisk';
import { CONFIG_FILE_NAMES } from '../core/config/findConfigFile';
import type { KnownRule } from '../core/config/types';

const CONFIG_NAMES = new Set(CONFIG_FILE_NAMES.map((name) => name.toLowerCase()));
const CONFIG_NAME_LENGTHS = new Set(CONFIG_FILE_NAMES.map((name) => name.length));

export class ConfigLocator {
  private readonly byFolder = new Map<string, string | undefined>();
  private readonly byPath = new Map<string, LoadedConfigFile>();
  /** Folders whose listing holds no entry named like a config file, in any case: none to look for on disk. */
  private readonly listedWithout = new Set<string>();

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

  /**
   * What a walk listed in a folder, before it asks for the folder's config: with no entry named
   * like a config file (in any case, as a case-insensitive file system would find it), the folder
   * has none of its own, and no file is looked up (a big tree's folders mostly have none).
   */
  noteListing(folder: string, names: ReadonlySet<string>): void {
    if (this.fixed || this.byFolder.has(folder)) return;
    for (const name of names) if (CONFIG_NAME_LENGTHS.has(name.length) && CONFIG_NAMES.has(name.toLowerCase())) return;
    this.listedWithout.add(folder);
  }

  /** Each folder is looked at once: its own config file, else its parent's answer. */
  private pathFor(folder: string): string | undefined {
    if (this.byFolder.has(folder)) return this.byFolder.get(folder);
    const own = this.listedWithout.delete(folder)
      ? undefined
      : CONFIG_FILE_NAMES.map((name) => join(folder, name)).find(isConfigFileOnDisk);
    const parent = dirname(folder);
    const found = own ?? (parent === folder ? undefined : this.pathFor(parent));
    this.byFolder.set(folder, found);
    return found;
  }
}
