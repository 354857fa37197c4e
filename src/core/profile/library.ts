// Telling library code (stdlib, site-packages, built-ins) from the user's own code.

const BUILTIN_FILE = '~';

/** Separators unified and, on case-insensitive platforms, lower-cased, for prefix comparison. */
export function normalisePathForCompare(path: string, caseInsensitive: boolean): string {
  let normal = path.replace(/\\/g, '/');
  while (normal.length > 1 && normal.endsWith('/')) normal = normal.slice(0, -1);
  return caseInsensitive ? normal.toLowerCase() : normal;
}

/**
 * True when `file` (a path from the profile) is in the standard library or a site-packages
 * folder, given the interpreter's library folders (InterpreterInfo.libraryPaths). Frozen modules
 * (`<frozen runpy>`) count as stdlib. Built-ins (`~`) are not files: false here (see isLibraryFunction).
 * A folder is matched on whole path segments: `/usr/lib/python3.11` does not match `/usr/lib/python3.11x/a.py`.
 * The stdlib folder contains site-packages, and a venv may live inside a project; a
 * `site-packages`/`dist-packages` segment in the path decides those cases.
 */
export function isStdlibOrSitePackages(
  file: string,
  libraryPaths: readonly string[],
  caseInsensitive: boolean = process.platform === 'win32' || process.platform === 'darwin',
): boolean {
  if (file === BUILTIN_FILE || file === '') return false;
  if (file.startsWith('<frozen ')) return true;
  if (file.startsWith('<')) return false; // <string>, <stdin>: code made at run time by the user
  const target = normalisePathForCompare(file, caseInsensitive);
  if (/\/(site|dist)-packages\//.test(target)) return true;
  return libraryPaths.some((folder) => {
    const prefix = normalisePathForCompare(folder, caseInsensitive);
    return prefix !== '' && target.startsWith(prefix + '/');
  });
}

/** Library for the hide-library toggle: built-ins and stdlib/site-packages files. */
export function isLibraryFunction(file: string, libraryPaths: readonly string[]): boolean {
  return file === BUILTIN_FILE || isStdlibOrSitePackages(file, libraryPaths);
}
