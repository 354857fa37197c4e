// Node filesystem access for config files: finding and loading `.pyops.yaml` and `pyproject.toml` from disk.
import { readFileSync, statSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { findConfigFile } from './findConfigFile';
import { parseConfigFile } from './parseConfigFile';
import { parsePyproject, PYPROJECT_FILE_NAME } from './parsePyproject';
import type { KnownRule, ParsedConfigFile } from './types';

/**
 * Config files larger than this are not read: no real config comes near it, and parsing a 64 MB
 * YAML file took 72 s and 4 GB. Such a file gets one problem saying so, and defaults apply.
 */
export const MAX_CONFIG_BYTES = 1024 * 1024;

function tooLargeProblem(size: number): ParsedConfigFile {
  const at = { line: 0, character: 0 };
  const message = `The config file is too large (${size.toLocaleString('en-US')} bytes; the limit is ${MAX_CONFIG_BYTES.toLocaleString('en-US')}). The file is ignored: settings and defaults apply.`;
  return { config: {}, problems: [{ message, range: { start: at, end: at }, severity: 'error' }] };
}

/** Whether each pyproject.toml seen has a [tool.pyops] table, until the file changes (size or time). */
const pyprojectProbes = new Map<string, { mtimeMs: number; size: number; hasTable: boolean }>();

/** A `.pyops.yaml`, or a `pyproject.toml` with a `[tool.pyops]` table (ruff skips a pyproject.toml without its table the same way). */
export function isConfigFileOnDisk(path: string): boolean {
  let stats;
  try {
    stats = statSync(path);
  } catch {
    return false;
  }
  if (!stats.isFile()) return false;
  if (basename(path) !== PYPROJECT_FILE_NAME) return true;
  const known = pyprojectProbes.get(path);
  if (known && known.mtimeMs === stats.mtimeMs && known.size === stats.size) return known.hasTable;
  // Too large to read: taken as a config file, so that loading it says why it is not used.
  if (stats.size > MAX_CONFIG_BYTES) return true;
  let hasTable = false;
  try {
    const text = readFileSync(path, 'utf8');
    // Most pyproject.toml files never mention PyOps: no need to parse those.
    hasTable = /\bpyops\b/.test(text) && parsePyproject(text, []).hasTable;
  } catch {
    hasTable = false;
  }
  pyprojectProbes.set(path, { mtimeMs: stats.mtimeMs, size: stats.size, hasTable });
  return hasTable;
}

export function findConfigFileOnDisk(startDir: string, rootDir?: string): string | undefined {
  return findConfigFile(startDir, rootDir, isConfigFileOnDisk);
}

/** Parses config text by the file's kind: `[tool.pyops]` of a pyproject.toml, or a whole `.pyops.yaml`. */
export function parseConfigText(path: string, text: string, rules: readonly KnownRule[]): ParsedConfigFile {
  // An unsaved buffer in the editor is capped like a file (UTF-16 units here: at least as many bytes).
  if (text.length > MAX_CONFIG_BYTES) return tooLargeProblem(Buffer.byteLength(text, 'utf8'));
  const body = text.replace(/^\uFEFF/, '');
  if (basename(path) === PYPROJECT_FILE_NAME) {
    const { config, problems } = parsePyproject(body, rules);
    return { config, problems };
  }
  return parseConfigFile(body, rules);
}

export interface LoadedConfigFile extends ParsedConfigFile {
  path: string;
  /** The folder per-path-ignore globs are relative to. */
  dir: string;
}

/** Reads and parses a config file; an unreadable file becomes a problem, not an exception. */
export function loadConfigFile(path: string, rules: readonly KnownRule[]): LoadedConfigFile {
  let text: string;
  try {
    const size = statSync(path).size;
    if (size > MAX_CONFIG_BYTES) return { path, dir: dirname(path), ...tooLargeProblem(size) };
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const at = { line: 0, character: 0 };
    return {
      path,
      dir: dirname(path),
      config: {},
      problems: [
        { message: `Cannot read the config file: ${reason}. Defaults are used.`, range: { start: at, end: at }, severity: 'error' },
      ],
    };
  }
  return { path, dir: dirname(path), ...parseConfigText(path, text, rules) };
}
