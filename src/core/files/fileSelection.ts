// Which files a walk picks: ruff's conventions (default excludes, exclude / extend-exclude,
// .gitignore respected, force-exclude for paths named explicitly) plus extensionless scripts
// with a Python shebang.
import { basename, isAbsolute, relative, sep } from 'node:path';
import { compileGlob, hasGlobSyntax } from './glob';

/**
 * Skipped by default, as by ruff (its list, plus caches and installed-package folders it does not
 * name). `exclude` replaces this list; `extend-exclude` adds to it.
 */
export const DEFAULT_EXCLUDE: readonly string[] = [
  '.bzr',
  '.direnv',
  '.eggs',
  '.git',
  '.git-rewrite',
  '.hg',
  '.ipynb_checkpoints',
  '.mypy_cache',
  '.nox',
  '.pants.d',
  '.pyenv',
  '.pyops_cache',
  '.pytest_cache',
  '.pytype',
  '.ruff_cache',
  '.svn',
  '.tox',
  '.venv',
  '.vscode',
  '__pycache__',
  '__pypackages__',
  '_build',
  'buck-out',
  'build',
  'dist',
  'dist-packages',
  'node_modules',
  'site-packages',
  'venv',
];

/** The file-selection options as a config file or the command line sets them (absent: not set). */
export interface FileSelectionOptions {
  exclude?: string[];
  extendExclude?: string[];
  respectGitignore?: boolean;
  forceExclude?: boolean;
  includeShebangScripts?: boolean;
}

/** Options from one source, with the folder its globs are relative to (the config's folder, or the current one). */
export interface FileSelectionLayer {
  base: string;
  options: FileSelectionOptions;
}

function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

type Matcher = (path: string) => boolean;

/** An exclude pattern as it is matched: posix separators, no leading `./`, no trailing `/` (which only says "folders"). */
export function excludePattern(raw: string): string {
  return toPosix(raw.trim())
    .replace(/^(\.\/)+/, '')
    .replace(/\/+$/, '');
}

/**
 * Exclusion globs, matched as ruff matches them: a pattern without a slash against the name of each
 * file and folder (`build`, `*_pb2.py`), one with a slash against the path relative to `base`
 * (`scripts/legacy/*.py`), an absolute one against the absolute path.
 */
export class ExcludeSet {
  /** Plain names (`build`, `.venv`): a set lookup instead of a matcher each. */
  private readonly names = new Set<string>();
  private readonly byName: Matcher[] = [];
  private readonly byPath: Matcher[] = [];
  private readonly dirsByName: Matcher[] = [];
  private readonly dirsByPath: Matcher[] = [];

  constructor(
    readonly patterns: readonly string[],
    readonly base: string,
  ) {
    for (const raw of patterns) {
      const dirOnly = toPosix(raw.trim()).endsWith('/');
      const pattern = excludePattern(raw);
      if (pattern === '') continue;
      const hasSlash = pattern.includes('/');
      if (!dirOnly && !hasSlash && !hasGlobSyntax(pattern)) {
        this.names.add(pattern);
        continue;
      }
      // Linear in the path whatever the pattern; one that does not compile was reported where it was read.
      const compiled = compileGlob(pattern);
      if (!compiled.ok) continue;
      const matcher = compiled.glob.matches;
      if (dirOnly) (hasSlash ? this.dirsByPath : this.dirsByName).push(matcher);
      else (hasSlash ? this.byPath : this.byName).push(matcher);
    }
  }

  get empty(): boolean {
    return this.names.size + this.byName.length + this.byPath.length + this.dirsByName.length + this.dirsByPath.length === 0;
  }

  /** Whether the file or folder at `path` (absolute) is excluded by name or by path. */
  matches(path: string, isDirectory: boolean): boolean {
    const name = basename(path);
    if (this.names.has(name) || this.byName.some((m) => m(name)) || (isDirectory && this.dirsByName.some((m) => m(name)))) return true;
    if (this.byPath.length + this.dirsByPath.length === 0) return false;
    const rel = relative(this.base, path);
    const candidates = [toPosix(path)];
    if (rel !== '' && !rel.startsWith('..') && !isAbsolute(rel)) candidates.push(toPosix(rel));
    const pathMatchers = isDirectory ? [...this.byPath, ...this.dirsByPath] : this.byPath;
    return candidates.some((candidate) => pathMatchers.some((m) => m(candidate)));
  }
}

/** The selection in force for the files of one folder. */
export interface FileSelection {
  exclude: ExcludeSet;
  extendExclude: ExcludeSet[];
  respectGitignore: boolean;
  forceExclude: boolean;
  includeShebangScripts: boolean;
}

/**
 * Layers in order, later ones winning: `exclude` and the switches are taken from the last layer
 * that sets them, `extend-exclude` globs of every layer add up (as ruff's --extend-exclude adds to
 * the config's). `defaultBase` anchors the default list, which only matches names anyway.
 */
export function resolveFileSelection(layers: readonly (FileSelectionLayer | undefined)[], defaultBase: string): FileSelection {
  let exclude = new ExcludeSet(DEFAULT_EXCLUDE, defaultBase);
  const extendExclude: ExcludeSet[] = [];
  const selection = { respectGitignore: true, forceExclude: false, includeShebangScripts: true };
  for (const layer of layers) {
    if (!layer) continue;
    const { options, base } = layer;
    if (options.exclude) exclude = new ExcludeSet(options.exclude, base);
    if (options.extendExclude && options.extendExclude.length > 0) extendExclude.push(new ExcludeSet(options.extendExclude, base));
    if (options.respectGitignore !== undefined) selection.respectGitignore = options.respectGitignore;
    if (options.forceExclude !== undefined) selection.forceExclude = options.forceExclude;
    if (options.includeShebangScripts !== undefined) selection.includeShebangScripts = options.includeShebangScripts;
  }
  return { exclude, extendExclude, ...selection };
}

export function isExcluded(selection: FileSelection, path: string, isDirectory: boolean): boolean {
  return selection.exclude.matches(path, isDirectory) || selection.extendExclude.some((set) => set.matches(path, isDirectory));
}

/**
 * For a path named explicitly (command line, pre-commit, a file opened in an editor) under
 * force-exclude: excluded when it or one of its folders matches, up to `root` (the project's
 * folder; ruff stops at the project root the same way, so the user's home named `build` is harmless).
 */
export function isExplicitPathExcluded(selection: FileSelection, path: string, root: string, isDirectory = false): boolean {
  let current = path;
  let directory = isDirectory;
  for (;;) {
    if (isExcluded(selection, current, directory)) return true;
    const rel = relative(root, current);
    if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return false;
    const parent = current.slice(0, current.length - basename(current).length - 1) || sep;
    if (parent === current) return false;
    current = parent;
    directory = true;
  }
}
