// .gitignore, .ignore, .git/info/exclude and the global git excludes file, matched with the
// `ignore` package (the gitignore implementation eslint and prettier use), per folder as git does.
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';

/** Rules from one ignore file; its patterns are relative to `dir`. */
export interface IgnoreLayer {
  dir: string;
  rules: Ignore;
}

/** Git compares names case-sensitively except on the file systems where it defaults to core.ignoreCase. */
const IGNORE_CASE = process.platform === 'darwin' || process.platform === 'win32';

export function ignoreRules(text: string): Ignore {
  return ignore({ ignorecase: IGNORE_CASE }).add(text);
}

/** The folder holding `.git` (a folder, or a file in worktrees and submodules) at or above `dir`. */
export function findRepositoryRoot(dir: string): string | undefined {
  let current = dir;
  for (;;) {
    if (existsSync(join(current, '.git'))) return current;
    const parent = dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}

function readOptional(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** The user's global excludes at git's default place ($XDG_CONFIG_HOME/git/ignore); core.excludesFile elsewhere is not read. */
function globalExcludesFile(): string {
  const configHome =
    process.env.XDG_CONFIG_HOME && isAbsolute(process.env.XDG_CONFIG_HOME) ? process.env.XDG_CONFIG_HOME : join(homedir(), '.config');
  return join(configHome, 'git', 'ignore');
}

/**
 * The layers in force at `dir` from outside the walk: global excludes and .git/info/exclude of its
 * repository, and the ignore files of the folders between the repository root and `dir` (not `dir`
 * itself: the walk reads those when it lists `dir`). Git's files count only inside a repository;
 * `.ignore` files count everywhere, as for ripgrep and ruff.
 */
export function ancestorLayers(dir: string): IgnoreLayer[] {
  const repo = findRepositoryRoot(dir);
  const layers: IgnoreLayer[] = [];
  if (repo !== undefined) {
    for (const file of [globalExcludesFile(), join(repo, '.git', 'info', 'exclude')]) {
      const text = readOptional(file);
      if (text !== undefined) layers.push({ dir: repo, rules: ignoreRules(text) });
    }
  }
  const chain: string[] = [];
  if (dirname(dir) !== dir) {
    for (let current = dirname(dir); ; current = dirname(current)) {
      chain.unshift(current);
      if (dirname(current) === current) break;
    }
  }
  for (const folder of chain) {
    const inRepo = repo !== undefined && isInside(folder, repo);
    const names = inRepo ? ['.gitignore', '.ignore'] : ['.ignore'];
    for (const name of names) {
      const text = readOptional(join(folder, name));
      if (text !== undefined) layers.push({ dir: folder, rules: ignoreRules(text) });
    }
  }
  return layers;
}

/** The ignore files a folder itself holds, given the names it lists. */
export async function folderLayers(dir: string, names: ReadonlySet<string>, inRepository: boolean): Promise<IgnoreLayer[]> {
  const layers: IgnoreLayer[] = [];
  for (const name of inRepository ? ['.gitignore', '.ignore'] : ['.ignore']) {
    if (!names.has(name)) continue;
    try {
      layers.push({ dir, rules: ignoreRules(await readFile(join(dir, name), 'utf8')) });
    } catch {
      // unreadable ignore file: nothing ignored by it, as with git
    }
  }
  return layers;
}

function isInside(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** Whether the layers (lowest priority first) ignore `path`; a later layer's `!pattern` re-includes. */
export function isIgnored(layers: readonly IgnoreLayer[], path: string, isDirectory: boolean): boolean {
  let ignored = false;
  for (const layer of layers) {
    const rel = relative(layer.dir, path);
    if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) continue;
    const candidate = (sep === '/' ? rel : rel.split(sep).join('/')) + (isDirectory ? '/' : '');
    const result = layer.rules.test(candidate);
    if (result.ignored) ignored = true;
    else if (result.unignored) ignored = false;
  }
  return ignored;
}
