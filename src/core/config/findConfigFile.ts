// Finds the config file that governs a folder: the nearest one walking up, never above the root.
import * as nodePath from 'node:path';
import { CONFIG_FILE_NAME } from './parseConfigFile';
import { PYPROJECT_FILE_NAME } from './parsePyproject';

/** Config file names in the order they win within one folder (as ruff prefers `.ruff.toml` over `pyproject.toml`). */
export const CONFIG_FILE_NAMES: readonly string[] = [CONFIG_FILE_NAME, PYPROJECT_FILE_NAME];

type PathApi = Pick<typeof nodePath, 'dirname' | 'join' | 'relative' | 'resolve' | 'isAbsolute'>;

/**
 * The nearest config file in `startDir` or one of its parents: in each folder `.pyops.yaml`, then a
 * `pyproject.toml` that `exists` accepts (the disk version accepts one only with a `[tool.pyops]`
 * table). The walk stops after `rootDir` (a workspace folder); with no root, or a start outside
 * the root, it goes up to the filesystem root. `exists` is injected so this stays pure and
 * testable; `path` lets tests use posix or win32 rules.
 */
export function findConfigFile(
  startDir: string,
  rootDir: string | undefined,
  exists: (file: string) => boolean,
  path: PathApi = nodePath,
): string | undefined {
  let dir = path.resolve(startDir);
  const root = rootDir === undefined ? undefined : path.resolve(rootDir);
  const bounded = root !== undefined && isInside(dir, root, path);
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = path.join(dir, name);
      if (exists(candidate)) return candidate;
    }
    if (bounded && dir === root) return undefined;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function isInside(dir: string, root: string, path: PathApi): boolean {
  const rel = path.relative(root, dir);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
