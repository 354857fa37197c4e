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
  const file = inputs.filePath;
  // Absolute POSIX paths only: a relative one resolves against the current folder, which can change.
  const slash = path.sep === '/' && file.charCodeAt(0) === SLASH && base.charCodeAt(0) === SLASH ? file.lastIndexOf('/') : -1;
  const name = file.slice(slash + 1);
  // The folder's relative path is worked out once for all its files: path.relative resolves and
  // splits both paths (about 3 µs a file, 37 ms of a check of Debian's ansible collections). A
  // plain name in a folder is that folder's relative path and the name. Left to path.relative:
  // `.`, `..`, a trailing slash, a file at the root, and a folder above the base (the file may be
  // the base or above it, where that join would not be the shortest path).
  const folder = slash > 0 && name !== '' && name !== '.' && name !== '..' ? relativeFolder(base, file.slice(0, slash), path) : null;
  if (folder === null) return path.relative(base, file).split(path.sep).join('/');
  return folder === '' ? name : `${folder}/${name}`;
}

const SLASH = 47;

/** Folders' relative paths from the last base asked about (a run has one or a few bases; many folders). */
const folders = { base: '', relative: new Map<string, string | null>() };
const MAX_FOLDERS = 1 << 14;

/** The folder's path relative to the base, posix-style; null for the base's parent folders. */
function relativeFolder(base: string, folder: string, path: Pick<typeof nodePath, 'relative' | 'sep'>): string | null {
  if (base !== folders.base || folders.relative.size >= MAX_FOLDERS) {
    folders.base = base;
    folders.relative.clear();
  }
  let relative = folders.relative.get(folder);
  if (relative === undefined) {
    const found = path.relative(base, folder).split(path.sep).join('/');
    relative = ONLY_UP.test(found) ? null : found;
    folders.relative.set(folder, relative);
  }
  return relative;
}

const ONLY_UP = /^\.\.(?:\/\.\.)*$/;
