// Puts the layers together for one Python file and says which path per-path-ignore globs see.
import * as nodePath from 'node:path';
import type { EngineConfig } from '../diagnostics/types';
import { mergeConfig } from './mergeConfig';
import type { PartialEngineConfig } from './types';

export interface FileConfigInputs {
  /** Absolute path of the Python file. */
  filePath: string;
  /** Workspace folder (editor) or current directory (CLI): the base for settings' globs. */
  rootDir: string;
  settings?: PartialEngineConfig;
  /** The governing `.pyops.yaml`, already parsed. */
  configFile?: { dir: string; config: PartialEngineConfig };
  /** Last layer, e.g. command-line flags. */
  overrides?: PartialEngineConfig;
}

export interface FileConfig {
  config: EngineConfig;
  /** Posix-style path of the file relative to the folder its per-path-ignore globs are written against. */
  relativePath: string;
}

/**
 * Per-path ignores are replaced whole by the layer that sets them, so exactly one base folder applies:
 * the config file's folder when the file sets `per-path-ignores`, else `rootDir`.
 */
export function resolveFileConfig(inputs: FileConfigInputs, path: Pick<typeof nodePath, 'relative' | 'sep'> = nodePath): FileConfig {
  const config = mergeConfig(inputs.settings, inputs.configFile?.config, inputs.overrides);
  return { config, relativePath: perPathIgnoresPath(inputs, path) };
}

/** The file's path as its per-path-ignore globs see it (see FileConfig.relativePath); the configuration does not depend on it. */
export function perPathIgnoresPath(inputs: FileConfigInputs, path: Pick<typeof nodePath, 'relative' | 'sep'> = nodePath): string {
  const base = inputs.configFile?.config.perPathIgnores ? inputs.configFile.dir : inputs.rootDir;
  return path.relative(base, inputs.filePath).split(path.sep).join('/');
}
