// Expands the PATH arguments of `pyops check` into the Python files to check, with the same walk
// (excludes, .gitignore, shebang scripts) as the editor's Check Workspace.
import { existsSync, statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { compileGlob, globBase, hasGlobSyntax } from '../core/files/glob';
import { isExplicitPathExcluded, resolveFileSelection, type FileSelection, type FileSelectionOptions } from '../core/files/fileSelection';
import { walkPythonFiles } from '../core/files/walk';
import type { ConfigLocator } from './configLocator';

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

export interface CollectOptions {
  cwd: string;
  configs: ConfigLocator;
  /** Command-line options (--exclude, --extend-exclude, --force-exclude, --[no-]respect-gitignore), relative to cwd. */
  overrides: FileSelectionOptions;
  /** Told of each file the walk finds, as it finds it (the files may still be filtered by a glob). */
  onFound?(): void;
  /** Told of each file collected, once, as it is found (in walk order, not sorted). */
  onFile?(path: string): void;
}

function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

/** The selection in force in each folder: its nearest config file, then the command line. One per config file. */
export class SelectionLocator {
  private readonly byConfig = new Map<string, FileSelection>();

  constructor(private readonly options: CollectOptions) {}

  forFolder(dir: string): FileSelection {
    const config = this.options.configs.forFolder(dir);
    const key = config?.path ?? '';
    let selection = this.byConfig.get(key);
    if (!selection) {
      const fromFile = config?.config.files ? { base: config.dir, options: config.config.files } : undefined;
      selection = resolveFileSelection([fromFile, { base: this.options.cwd, options: this.options.overrides }], this.options.cwd);
      this.byConfig.set(key, selection);
    }
    return selection;
  }

  /** The folder excludes are anchored at for a path: its config's folder, else the current folder. */
  rootFor(dir: string): string {
    return this.options.configs.forFolder(dir)?.dir ?? this.options.cwd;
  }
}

/** Whether a path named explicitly is excluded under force-exclude (for `--stdin-filename`). */
export function isForceExcluded(path: string, options: CollectOptions): boolean {
  const selections = new SelectionLocator(options);
  const selection = selections.forFolder(dirname(path));
  return selection.forceExclude && isExplicitPathExcluded(selection, path, selections.rootFor(dirname(path)));
}

/**
 * Files named on the command line are checked whatever their extension (scripts often have none),
 * and whatever the excludes say unless force-exclude is on. Folders are walked. A PATH that does not
 * exist but contains glob characters is a glob (relative to `cwd`, see core/files/glob) matched
 * against the files the walk finds under its fixed leading part.
 */
export async function collectPythonFiles(paths: readonly string[], options: CollectOptions): Promise<CollectedFiles> {
  const { cwd } = options;
  const selections = new SelectionLocator(options);
  const found = new Set<string>();
  const take = (file: string): void => {
    if (found.has(file)) return;
    found.add(file);
    options.onFile?.(file);
  };
  const problems: CollectProblem[] = [];
  const walk = async (root: string, accept: (file: string) => boolean = () => true): Promise<void> => {
    const onUnreadable = (dir: string, message: string): void =>
      void problems.push({ kind: 'unreadable', path: dir, message: `cannot list folder: ${message}` });
    try {
      const onListed = (dir: string, names: ReadonlySet<string>): void => options.configs.noteListing(dir, names);
      const walkOptions = { selectionFor: (dir: string) => selections.forFolder(dir), onUnreadable, onListed, listSynchronously: true };
      for await (const file of walkPythonFiles(root, walkOptions)) {
        options.onFound?.();
        if (accept(file)) take(file);
      }
    } catch (error) {
      onUnreadable(root, (error as Error).message);
    }
  };
  const forceExcluded = (path: string, isDirectory: boolean): boolean => {
    const selection = selections.forFolder(dirname(path));
    return selection.forceExclude && isExplicitPathExcluded(selection, path, selections.rootFor(dirname(path)), isDirectory);
  };
  for (const raw of paths) {
    const full = resolve(cwd, raw);
    let stats;
    try {
      stats = statSync(full);
    } catch {
      stats = undefined;
    }
    if (stats?.isFile()) {
      if (!forceExcluded(full, false)) take(full);
    } else if (stats?.isDirectory()) {
      if (!forceExcluded(full, true)) await walk(full);
    } else if (hasGlobSyntax(toPosix(raw))) {
      const before = found.size;
      const problem = await expandGlob(raw, cwd, walk);
      if (problem !== undefined) problems.push({ kind: 'missing', path: raw, message: `not a usable glob: ${problem}` });
      else if (found.size === before) problems.push({ kind: 'no-match', path: raw, message: 'no Python files match this glob' });
    } else {
      problems.push({ kind: 'missing', path: raw, message: stats ? 'not a file or folder' : 'no such file or folder' });
    }
  }
  return { files: [...found].sort(), problems };
}

/** Adds the files the glob matches; returns why the glob cannot be used, if it cannot. */
async function expandGlob(
  raw: string,
  cwd: string,
  walk: (root: string, accept: (file: string) => boolean) => Promise<void>,
): Promise<string | undefined> {
  const pattern = toPosix(raw).replace(/^(\.\/)+/, '');
  // Hidden files and folders only where the glob names them, as in a shell.
  const compiled = compileGlob(pattern, { dot: false });
  if (!compiled.ok) return compiled.reason;
  const absolute = isAbsolute(raw);
  const fixed = globBase(pattern);
  const base = resolve(cwd, fixed === '' ? (absolute ? '/' : '.') : fixed);
  if (!existsSync(base)) return undefined;
  await walk(base, (file) => compiled.glob.matches(absolute ? toPosix(file) : toPosix(relative(cwd, file))));
  return undefined;
}
