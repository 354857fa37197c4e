// Module names as `python -m` takes them, and the module a file is when run from a folder.
// Pure: no vscode, no file system.

const MODULE_NAME = /^[\p{L}_][\p{L}\p{N}_]*(\.[\p{L}_][\p{L}\p{N}_]*)*$/u;

/** `package.module`: dotted Python identifiers, nothing else (no `.py`, no slashes). */
export function isModuleName(text: string): boolean {
  return MODULE_NAME.test(text);
}

/** For text that is not a module name, the name it probably means (`pkg/mod.py` -> `pkg.mod`). */
export function suggestModuleName(text: string): string | undefined {
  const bare = text
    .trim()
    .replace(/\.pyw?$/, '')
    .replace(/[\\/]+/g, '.')
    .replace(/^\.+/, '');
  return bare !== text && isModuleName(bare) ? bare : undefined;
}

/**
 * The module `python -m` runs for `file` when started in `folder` (both absolute, `/` or `\`
 * separated): `tools/deploy/cli.py` -> `tools.deploy.cli`, a package's `__main__.py` or
 * `__init__.py` -> the package. Undefined when the file is outside the folder or its path is
 * not made of identifiers.
 */
export function moduleNameFor(file: string, folder: string): string | undefined {
  const normal = (path: string): string => path.replace(/\\/g, '/').replace(/\/+$/, '');
  const base = normal(folder);
  const path = normal(file);
  if (!path.startsWith(base + '/')) return undefined;
  const parts = path
    .slice(base.length + 1)
    .replace(/\.pyw?$/, '')
    .split('/');
  if (parts[parts.length - 1] === '__main__' || parts[parts.length - 1] === '__init__') parts.pop();
  const name = parts.join('.');
  return name !== '' && isModuleName(name) ? name : undefined;
}
