// Scripts without an extension (bin/backup, scripts/deploy) are Python when their first line is a
// Python shebang; VS Code treats them as Python the same way.

/** `#!/usr/bin/env python3`, `#!/usr/bin/python3.11 -u`, `#! /usr/bin/env -S python3 -X dev`, `#!/opt/pypy/bin/pypy3`. */
const PYTHON_SHEBANG = /^#!(?:.*[\s/])?(?:python|pypy)[0-9.]*(?:\s|$)/;

/** How much of a file is read to look for the shebang. */
export const SHEBANG_PROBE_BYTES = 256;

/** Whether a file name has no extension (a dot only at its start, like `.bashrc`, is no extension either). */
export function hasNoExtension(name: string): boolean {
  return name.lastIndexOf('.') <= 0;
}

export function isPythonShebang(head: string): boolean {
  const firstLine = head.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/, 1)[0] ?? '';
  return PYTHON_SHEBANG.test(firstLine);
}
