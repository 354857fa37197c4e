import { existsSync } from 'node:fs';
import { opendir } from 'node:fs/promises';
import { join } from 'node:path';

/** Folders never searched for scripts: VCS data, virtual environments, caches, installed packages. */
export const SKIPPED_DIRS: ReadonlySet<string> = new Set([
  '.git',
  '.hg',
  '.svn',
  '.venv',
  'venv',
  '.tox',
  '.nox',
  '.mypy_cache',
  '.ruff_cache',
  '.pytest_cache',
  '__pycache__',
  'node_modules',
  'site-packages',
  'dist-packages',
]);

/** A virtualenv under any name (env/, .env-3.11/...) has a pyvenv.cfg at its top. */
export function isVirtualenv(dir: string): boolean {
  return existsSync(join(dir, 'pyvenv.cfg'));
}

/** Python source files below `root`, depth first, skipping SKIPPED_DIRS, virtualenvs and symlinked folders. */
export async function* findPythonFiles(root: string, isCancelled: () => boolean = () => false): AsyncGenerator<string> {
  const pending = [root];
  while (pending.length > 0) {
    const dir = pending.pop()!;
    let entries;
    try {
      entries = await opendir(dir);
    } catch {
      continue; // unreadable folder: skip it, as a linter would
    }
    for await (const entry of entries) {
      if (isCancelled()) return;
      if (entry.isDirectory()) {
        const path = join(dir, entry.name);
        if (!SKIPPED_DIRS.has(entry.name) && !isVirtualenv(path)) pending.push(path);
      } else if (entry.isFile() && entry.name.endsWith('.py')) {
        yield join(dir, entry.name);
      }
    }
  }
}
