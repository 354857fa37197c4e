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
  return plainPathBelow(base, inputs.filePath, path.sep) ?? path.relative(base, inputs.filePath).split(path.sep).join('/');
}

/**
 * `file` relative to `base` where that is a plain cut: a POSIX path below `base` with no `.`, `..` or
 * empty segment in either. The CLI asks this for every file it checks (path.relative resolves and
 * splits both paths: about 3 µs a file, 37 ms of a check of Debian's ansible collections). Otherwise
 * undefined, and path.relative answers.
 */
function plainPathBelow(base: string, file: string, sep: string): string | undefined {
  if (sep !== '/' || base.length === 0 || base.charCodeAt(0) !== SLASH || file.length <= base.length + 1) return undefined;
  if (!file.startsWith(base) || file.charCodeAt(base.length) !== SLASH) return undefined;
  if (!isPlainPath(base) || !isPlainPath(file)) return undefined;
  return file.slice(base.length + 1);
}

const SLASH = 47;
const DOT = 46;

/** Whether an absolute POSIX path has no `.`, `..` or empty segment and no trailing slash (path.resolve would keep it as it is). */
function isPlainPath(p: string): boolean {
  if (p.length > 1 && p.charCodeAt(p.length - 1) === SLASH) return false;
  for (let at = p.indexOf('/'); at !== -1 && at < p.length - 1; at = p.indexOf('/', at + 1)) {
    const next = p.charCodeAt(at + 1);
    if (next === SLASH) return false;
    if (next === DOT) {
      const after = at + 2 < p.length ? p.charCodeAt(at + 2) : SLASH;
      if (after === SLASH || (after === DOT && (at + 3 >= p.length || p.charCodeAt(at + 3) === SLASH))) return false;
    }
  }
  return true;
}
