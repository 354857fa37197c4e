// The walk that finds the Python files under a folder, shared by `pyops check` and the editor's
// Check Workspace so both pick the same files.
import { readdirSync, type Dirent } from 'node:fs';
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
  /** Told of each folder's entry names as listed, before its selection is asked for. */
  onListed?(dir: string, names: ReadonlySet<string>): void;
  /**
   * Lists each folder synchronously, for a caller that serves nothing else meanwhile (`pyops
   * check`, whose main thread would only check files): about a quarter less CPU than a listing
   * through node's thread pool, with no hand-off between threads and no promise (Debian's ansible
   * collections, 4,284 folders: 152 to 113 ms). An editor's walk keeps the thread pool, which never
   * blocks its event loop on a slow disk.
   */
  listSynchronously?: boolean;
}

interface PendingFolder {
  dir: string;
  layers: IgnoreLayer[];
  /** Its listing, once asked for (see LISTED_AHEAD). */
  listing?: Promise<Listing>;
}

type Listing = { entries: Dirent[] } | { error: Error };

/**
 * Folders listed ahead of the one being read. Each readdir waits for node's thread pool: one folder
 * at a time, the walk of a big tree (4,284 folders in Debian's ansible collections) was mostly that
 * wait, about two thirds of it. The walk still reads the folders in the same order.
 */
const LISTED_AHEAD = 8;
/** Extensionless files whose first bytes are read at once (for a shebang), in a folder that has many. */
const PROBED_AT_ONCE = 16;

function listNow(dir: string): Listing {
  try {
    return { entries: readdirSync(dir, { withFileTypes: true }) };
  } catch (error) {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }
}

function list(dir: string): Promise<Listing> {
  return readdir(dir, { withFileTypes: true }).then(
    (entries) => ({ entries }),
    (error: unknown) => ({ error: error instanceof Error ? error : new Error(String(error)) }),
  );
}

/** Starts listing the next folders the walk will pop (the top of the stack), up to LISTED_AHEAD of them. */
function listAhead(pending: readonly PendingFolder[]): void {
  for (let i = pending.length - 1; i >= Math.max(0, pending.length - LISTED_AHEAD); i--) pending[i].listing ??= list(pending[i].dir);
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
    if (!options.listSynchronously) listAhead(pending);
    const { dir, layers: parentLayers, listing } = pending.pop()!;
    const listed = options.listSynchronously ? listNow(dir) : await listing!;
    if ('error' in listed) {
      if (dir === root) throw listed.error;
      options.onUnreadable?.(dir, listed.error.message);
      continue;
    }
    const entries = listed.entries;
    const names = new Set(entries.map((entry) => entry.name));
    options.onListed?.(dir, names);
    // A virtualenv under any name (env/, .env-3.11/...) is recognised by its pyvenv.cfg.
    if (dir !== root && names.has('pyvenv.cfg')) continue;
    const layers = [...parentLayers, ...(await folderLayers(dir, names, inRepository))];
    const selection = options.selectionFor(dir);
    const ignored = (path: string, isDirectory: boolean): boolean =>
      isExcluded(selection, path, isDirectory) || (selection.respectGitignore && isIgnored(layers, path, isDirectory));
    const subfolders: PendingFolder[] = [];
    /** The folder's files to yield, in listing order: a path, or an extensionless file to probe for a shebang. */
    const files: { path: string; probe: boolean }[] = [];
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
      files.push({ path, probe: !entry.name.endsWith('.py') });
    }
    for (let i = 0; i < files.length; i += PROBED_AT_ONCE) {
      const chunk = files.slice(i, i + PROBED_AT_ONCE);
      const taken = await Promise.all(chunk.map(({ path, probe }) => !probe || startsWithPythonShebang(path)));
      for (let k = 0; k < chunk.length; k++) if (taken[k]) yield chunk[k].path;
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
