// How file paths are shown: relative to the current folder when inside it, absolute otherwise.
import { isAbsolute, relative, sep } from 'node:path';

export function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}

/** The same, with forward slashes, for formats read by tools (SARIF URIs, GitHub annotations). */
export function portablePath(path: string, cwd: string): string {
  return displayPath(path, cwd).split(sep).join('/');
}
