// The Python interpreters tests run on: pyenv's (or PYOPS_TEST_PYTHONS, a list separated by the
// path delimiter), by version. Tests of code that must work on Python 3.8+ run on the oldest 3.8
// and on the newest interpreter found.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

export interface PythonInterpreter {
  path: string;
  /** e.g. [3, 8, 18] */
  version: [number, number, number];
  label: string;
}

function versionOf(path: string): [number, number, number] | undefined {
  const run = spawnSync(path, ['-c', 'import sys; print("%d.%d.%d" % sys.version_info[:3])'], { encoding: 'utf8', timeout: 20_000 });
  const match = /^(\d+)\.(\d+)\.(\d+)/.exec(run.stdout ?? '');
  return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : undefined;
}

/** Every interpreter found, oldest first. */
export function findPythons(): PythonInterpreter[] {
  const listed = process.env.PYOPS_TEST_PYTHONS?.split(delimiter).filter(Boolean);
  let candidates: string[];
  if (listed && listed.length > 0) candidates = listed;
  else {
    const versions = join(process.env.PYENV_ROOT ?? join(homedir(), '.pyenv'), 'versions');
    candidates = existsSync(versions)
      ? readdirSync(versions).flatMap((name) =>
          ['python3', 'python']
            .map((exe) => join(versions, name, 'bin', exe))
            .filter(existsSync)
            .slice(0, 1),
        )
      : [];
  }
  const found: PythonInterpreter[] = [];
  for (const path of candidates) {
    const version = versionOf(path);
    if (version) found.push({ path, version, label: `Python ${version.join('.')}` });
  }
  return found.sort((a, b) => a.version[0] - b.version[0] || a.version[1] - b.version[1] || a.version[2] - b.version[2]);
}

/** The oldest 3.8 and the newest Python 3 found; throws saying what is missing. */
export function oldestAndNewestPython(): PythonInterpreter[] {
  const all = findPythons().filter((p) => p.version[0] === 3);
  const oldest = all.find((p) => p.version[1] === 8);
  const newest = all[all.length - 1];
  if (!oldest || !newest) {
    throw new Error(
      `need Python 3.8 and a newer Python 3 (found: ${all.map((p) => p.label).join(', ') || 'none'}); ` +
        'install them with pyenv or list them in PYOPS_TEST_PYTHONS',
    );
  }
  return oldest === newest ? [oldest] : [oldest, newest];
}

/**
 * Interpreters that can import pytest: python3 on PATH, Debian's /usr/bin/python3 (package
 * python3-pytest, which `.ci/run` installs) and pyenv's. Throws saying what to install when none can.
 */
export function pythonsWithPytest(): PythonInterpreter[] {
  const found: PythonInterpreter[] = [];
  const seen = new Set<string>();
  const candidates = ['python3', '/usr/bin/python3', ...findPythons().map((p) => p.path)];
  for (const path of candidates) {
    const probe = spawnSync(
      path,
      ['-c', 'import sys, pytest; print(sys.executable, pytest.__version__, "%d.%d.%d" % sys.version_info[:3])'],
      {
        encoding: 'utf8',
        timeout: 30_000,
      },
    );
    const [executable, pytestVersion, version] = (probe.status === 0 ? probe.stdout.trim() : '').split(' ');
    if (!executable || seen.has(executable)) continue;
    seen.add(executable);
    const parts = version!.split('.').map(Number) as [number, number, number];
    found.push({ path, version: parts, label: `Python ${version} with pytest ${pytestVersion}` });
  }
  if (found.length === 0) throw new Error('no Python here can import pytest: install Debian\u2019s python3-pytest (bash .ci/run does)');
  return found;
}
