// Expands the PATH arguments of `pyops check` into the Python files to check.
import { existsSync, readdirSync, statSync, type Dirent } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import picomatch from 'picomatch';
// The editor's workspace check skips the same folders, so `pyops check .` and the editor agree.
import { isVirtualenv, SKIPPED_DIRS } from '../core/files/findPythonFiles';

export interface CollectProblem {
  /** 'missing': a PATH that is neither a file, a folder nor a glob; 'no-match': a glob matching nothing; 'unreadable': a folder that cannot be listed. */
  kind: 'missing' | 'no-match' | 'unreadable';
  path: string;
  message: string;
}

export interface CollectedFiles {
  /** Absolute paths, sorted, without duplicates. */
  files: string[];
  problems: CollectProblem[];
}

const isPythonFile = (name: string): boolean => name.endsWith('.py');

function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

class FileWalker {
  readonly problems: CollectProblem[] = [];

  /** Every `.py` file under `dir`, skipping tool folders and virtualenvs; symlinked folders are not followed (no cycles). */
  walk(dir: string, onFile: (file: string) => void): void {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      this.problems.push({ kind: 'unreadable', path: dir, message: `cannot list folder: ${(error as Error).message}` });
      return;
    }
    for (const entry of entries) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name) && !isVirtualenv(full)) this.walk(full, onFile);
      } else if (isPythonFile(entry.name) && (entry.isFile() || (entry.isSymbolicLink() && isRegularFile(full)))) {
        onFile(full);
      }
    }
  }
}


function isRegularFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * Files named on the command line are always checked, whatever their extension (scripts often have none).
 * Folders are searched for `*.py`. A PATH that does not exist but contains glob characters is a glob
 * (relative to `cwd`, picomatch syntax) matched against the `*.py` files under its fixed leading part.
 */
export function collectPythonFiles(paths: readonly string[], cwd: string): CollectedFiles {
  const walker = new FileWalker();
  const found = new Set<string>();
  const add = (file: string): void => void found.add(file);
  for (const raw of paths) {
    const full = resolve(cwd, raw);
    let stats;
    try {
      stats = statSync(full);
    } catch {
      stats = undefined;
    }
    if (stats?.isFile()) add(full);
    else if (stats?.isDirectory()) walker.walk(full, add);
    else if (picomatch.scan(toPosix(raw)).isGlob) {
      const before = found.size;
      expandGlob(raw, cwd, walker, add);
      if (found.size === before) walker.problems.push({ kind: 'no-match', path: raw, message: 'no Python files match this glob' });
    } else {
      walker.problems.push({ kind: 'missing', path: raw, message: stats ? 'not a file or folder' : 'no such file or folder' });
    }
  }
  return { files: [...found].sort(), problems: walker.problems };
}

function expandGlob(raw: string, cwd: string, walker: FileWalker, add: (file: string) => void): void {
  const pattern = toPosix(raw).replace(/^(\.\/)+/, '');
  const scanned = picomatch.scan(pattern);
  const absolute = isAbsolute(raw);
  const base = resolve(cwd, scanned.base === '' ? '.' : scanned.base);
  const matches = picomatch(pattern, { dot: false });
  if (!existsSync(base)) return;
  walker.walk(base, (file) => {
    const candidate = absolute ? toPosix(file) : toPosix(relative(cwd, file));
    if (matches(candidate)) add(file);
  });
}
