// The walk that finds the Python files under a folder, shared by `pyops check` and the editor's
// Check Workspace so both pick the same files.
import type { Dirent } from 'node:fs';
import { open, readdir, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';
import { isExcluded, type FileSelection } from './fileSelection';
import { ancestorLayers, findRepositoryRoot, folderLayers, isIgnored, type IgnoreLayer } from './ignoreFiles';
import { hasNoExtension, isPythonShebang, SHEBANG_PROBE_BYTES } from './shebang';

/** Version-control folders are never source, whatever `exclude` says. */
const NEVER_WALKED: ReadonlySet<string> = new Set(['.git', '.hg', '.svn']);

export interface WalkOptions {
  /** The selection in force for the entries of a folder: its nearest config, then command-line options. */
  selectionFor(dir: string): FileSelection;
  isCancelled?(): boolean;
  /** A folder below the root that cannot be listed (the root itself throws). */
  onUnreadable?(dir: string, message: string): void;
}

interface PendingFolder {
  dir: string;
  layers: IgnoreLayer[];
}

export function isInside(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** Whether an extensionless file starts with a Python shebang. */
export async function startsWithPythonShebang(path: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(path, 'r');
    const buffer = Buffer.alloc(SHEBANG_PROBE_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SHEBANG_PROBE_BYTES, 0);
    return isPythonShebang(buffer.subarray(0, bytesRead).toString('latin1'));
  } catch {
    return false;
  } finally {
    await handle?.close();
  }
}

/**
 * The Python files below `root`: `*.py` files, and extensionless files with a Python shebang when
 * the selection includes them; skipping excluded names and paths, git-ignored entries when the
 * selection respects .gitignore, virtualenvs (any folder with a pyvenv.cfg) and VCS folders.
 * Symlinked folders are not followed (no cycles, nothing outside the tree); a symlinked file is
 * taken only when its target is inside the root, as ruff never leaves the paths it was given
 * (so `--fix` cannot write outside the tree through a link).
 */
export async function* walkPythonFiles(root: string, options: WalkOptions): AsyncGenerator<string> {
  const realRoot = await realpath(root);
  const inRepository = findRepositoryRoot(root) !== undefined;
  const pending: PendingFolder[] = [{ dir: root, layers: ancestorLayers(root) }];
  while (pending.length > 0) {
    const { dir, layers: parentLayers } = pending.pop()!;
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      if (dir === root) throw error;
      options.onUnreadable?.(dir, (error as Error).message);
      continue;
    }
    const names = new Set(entries.map((entry) => entry.name));
    // A virtualenv under any name (env/, .env-3.11/...) is recognised by its pyvenv.cfg.
    if (dir !== root && names.has('pyvenv.cfg')) continue;
    const layers = [...parentLayers, ...(await folderLayers(dir, names, inRepository))];
    const selection = options.selectionFor(dir);
    const ignored = (path: string, isDirectory: boolean): boolean =>
      isExcluded(selection, path, isDirectory) || (selection.respectGitignore && isIgnored(layers, path, isDirectory));
    const subfolders: PendingFolder[] = [];
    for (const entry of entries) {
      if (options.isCancelled?.()) return;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!NEVER_WALKED.has(entry.name) && !ignored(path, true)) subfolders.push({ dir: path, layers });
        continue;
      }
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) isFile = await isFileInside(path, realRoot);
      if (!isFile) continue;
      const candidate = entry.name.endsWith('.py') || (selection.includeShebangScripts && hasNoExtension(entry.name));
      if (!candidate || ignored(path, false)) continue;
      if (entry.name.endsWith('.py') || (await startsWithPythonShebang(path))) yield path;
    }
    // Depth first, in listing order.
    pending.push(...subfolders.reverse());
  }
}

/** A symlink to a regular file whose real path is inside the (real) root. */
async function isFileInside(link: string, realRoot: string): Promise<boolean> {
  try {
    if (!(await stat(link)).isFile()) return false;
    return isInside(await realpath(link), realRoot);
  } catch {
    return false; // dangling link
  }
}
