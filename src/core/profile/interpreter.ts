// Finding and checking the Python interpreter before a profile run.
import { isAbsolute } from 'node:path';
import { execa } from 'execa';
import { ProfileError } from './errors';
import type { InterpreterInfo } from './model';

export const MINIMUM_PYTHON: readonly [number, number] = [3, 8];

const CHECK_TIMEOUT_MS = 20_000;
const OUTPUT_MARKER = 'PYOPS-INTERPRETER ';

// Must parse and run on any Python (2.7 included) so an old interpreter is reported as too old,
// not as broken. Prints one marked JSON line; sitecustomize noise around it is ignored. It runs in
// the script's folder: the folder `-c` puts first on sys.path is dropped, so a json.py there
// cannot break the check.
const CHECK_SNIPPET = [
  'import sys',
  'if sys.path and sys.path[0] in ("", "."): del sys.path[0]',
  'import json, os, platform',
  'paths = []',
  'try:',
  '    import sysconfig',
  '    for key in ("stdlib", "platstdlib", "purelib", "platlib"):',
  '        value = sysconfig.get_paths().get(key)',
  '        if value: paths.append(value)',
  'except Exception: pass',
  'try:',
  '    import site',
  '    paths.extend(site.getsitepackages())',
  '    paths.append(site.getusersitepackages())',
  'except Exception: pass',
  'for entry in sys.path:',
  '    if entry and os.path.basename(entry.rstrip("/\\\\")) in ("site-packages", "dist-packages"): paths.append(entry)',
  'seen = []',
  'for path in paths:',
  '    norm = os.path.normcase(os.path.abspath(path))',
  '    if norm not in seen: seen.append(norm)',
  'info = {"executable": sys.executable, "version": "%d.%d.%d" % tuple(sys.version_info[:3]),',
  '        "implementation": platform.python_implementation(), "libraryPaths": seen}',
  `sys.stdout.write("${OUTPUT_MARKER}" + json.dumps(info) + "\\n")`,
].join('\n');

const FIX_PICK = 'Pick another interpreter (setting pyops.python.path, or --python on the command line).';

export interface CheckOptions {
  /** Environment for the check (merged over process.env), e.g. a venv's PATH. */
  env?: Record<string, string | undefined>;
  cwd?: string;
}

function parseVersion(version: string): number[] {
  return version.split('.').map((part) => Number.parseInt(part, 10));
}

export function isSupportedVersion(version: string): boolean {
  const [major = 0, minor = 0] = parseVersion(version);
  return major > MINIMUM_PYTHON[0] || (major === MINIMUM_PYTHON[0] && minor >= MINIMUM_PYTHON[1]);
}

function parseCheckOutput(stdout: string): Omit<InterpreterInfo, 'path'> | undefined {
  const line = stdout.split(/\r?\n/).find((text) => text.startsWith(OUTPUT_MARKER));
  if (line === undefined) return undefined;
  try {
    const data: unknown = JSON.parse(line.slice(OUTPUT_MARKER.length));
    if (typeof data !== 'object' || data === null) return undefined;
    const record = data as Record<string, unknown>;
    if (typeof record.version !== 'string' || typeof record.executable !== 'string') return undefined;
    return {
      executable: record.executable,
      version: record.version,
      implementation: typeof record.implementation === 'string' ? record.implementation : 'unknown',
      libraryPaths: Array.isArray(record.libraryPaths) ? record.libraryPaths.filter((p): p is string => typeof p === 'string') : [],
    };
  } catch {
    return undefined;
  }
}

/**
 * Runs `python` once to learn its version and library folders. Throws ProfileError
 * (`interpreter-missing`, `interpreter-not-runnable`, `interpreter-too-old`) naming the
 * interpreter tried.
 */
export async function checkInterpreter(python: string, options: CheckOptions = {}): Promise<InterpreterInfo> {
  const result = await execa(python, ['-c', CHECK_SNIPPET], {
    reject: false,
    stdin: 'ignore',
    timeout: CHECK_TIMEOUT_MS,
    env: options.env,
    cwd: options.cwd,
    windowsHide: true,
    maxBuffer: 1_000_000,
  });
  const code = (result.cause as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') {
    throw new ProfileError(
      'interpreter-missing',
      `Python interpreter "${python}" was not found.`,
      `Install Python ${MINIMUM_PYTHON.join('.')}+ or point PyOps at an existing interpreter. ${FIX_PICK}`,
    );
  }
  if (code === 'EACCES' || code === 'ENOEXEC' || code === 'EISDIR') {
    throw new ProfileError(
      'interpreter-not-runnable',
      `Python interpreter "${python}" cannot be run (${code}).`,
      `Check that it is an executable Python interpreter. ${FIX_PICK}`,
    );
  }
  if (result.timedOut) {
    throw new ProfileError(
      'interpreter-not-runnable',
      `Python interpreter "${python}" did not answer within ${CHECK_TIMEOUT_MS / 1000} s.`,
      FIX_PICK,
    );
  }
  const info = parseCheckOutput(String(result.stdout ?? ''));
  if (result.exitCode !== 0 || info === undefined) {
    const stderr = String(result.stderr ?? '')
      .trim()
      .split(/\r?\n/)
      .slice(-3)
      .join(' | ');
    throw new ProfileError(
      'interpreter-not-runnable',
      `"${python}" did not run as a Python interpreter (exit code ${result.exitCode ?? 'none'}${stderr ? `: ${stderr}` : ''}).`,
      FIX_PICK,
      String(result.stderr ?? ''),
    );
  }
  if (!isSupportedVersion(info.version)) {
    throw new ProfileError(
      'interpreter-too-old',
      `Python interpreter "${python}" is version ${info.version}; profiling needs ${MINIMUM_PYTHON.join('.')} or newer.`,
      FIX_PICK,
    );
  }
  return { path: python, ...info };
}

const CACHE_TTL_MS = 60_000;
const checked = new Map<string, { info: InterpreterInfo; at: number }>();

/**
 * checkInterpreter, remembering successes for a minute (per interpreter, cwd and PATH): the
 * check starts Python once more, which repeated runs should not pay every time. Failures are
 * never cached, and a run with a vanished interpreter still fails with `interpreter-missing`.
 */
export async function checkInterpreterCached(python: string, options: CheckOptions = {}): Promise<InterpreterInfo> {
  // cwd only matters for a relative path such as `.venv/bin/python`.
  const relativePath = !isAbsolute(python) && /[\\/]/.test(python);
  const key = JSON.stringify([python, relativePath ? (options.cwd ?? '') : '', options.env?.PATH ?? process.env.PATH ?? '']);
  const hit = checked.get(key);
  if (hit && Date.now() - hit.at < CACHE_TTL_MS) return hit.info;
  const info = await checkInterpreter(python, options);
  checked.set(key, { info, at: Date.now() });
  return info;
}

export function clearInterpreterCache(): void {
  checked.clear();
}

/** Names tried when nothing is configured, in order. */
export function defaultInterpreterCandidates(platform: NodeJS.Platform = process.platform): string[] {
  return platform === 'win32' ? ['python', 'py', 'python3'] : ['python3', 'python'];
}

/**
 * The configured interpreter if one is given (no fallback: the user asked for that one), else the
 * first default candidate that passes checkInterpreter. Throws the most telling ProfileError.
 */
export async function findInterpreter(configured?: string, options: CheckOptions = {}): Promise<InterpreterInfo> {
  if (configured !== undefined && configured.trim() !== '') return checkInterpreterCached(configured.trim(), options);
  const failures: ProfileError[] = [];
  for (const candidate of defaultInterpreterCandidates()) {
    try {
      return await checkInterpreterCached(candidate, options);
    } catch (error) {
      if (!(error instanceof ProfileError)) throw error;
      failures.push(error);
    }
  }
  const tried = defaultInterpreterCandidates().join(', ');
  // A found-but-old or broken interpreter says more than "not found".
  const telling = failures.find((f) => f.kind !== 'interpreter-missing') ?? failures[0];
  throw new ProfileError(
    telling?.kind ?? 'interpreter-missing',
    `No usable Python interpreter on PATH (tried ${tried}). ${telling?.message ?? ''}`.trim(),
    `Install Python ${MINIMUM_PYTHON.join('.')}+ or ${FIX_PICK.charAt(0).toLowerCase()}${FIX_PICK.slice(1)}`,
  );
}
