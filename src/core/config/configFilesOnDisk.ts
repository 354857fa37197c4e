// Node filesystem access for config files: finding and loading `.pyops.yaml` from disk.
import { readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { findConfigFile } from './findConfigFile';
import { parseConfigFile } from './parseConfigFile';
import type { KnownRule, ParsedConfigFile } from './types';

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

export function findConfigFileOnDisk(startDir: string, rootDir?: string): string | undefined {
  return findConfigFile(startDir, rootDir, isFile);
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
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const at = { line: 0, character: 0 };
    return { path, dir: dirname(path), config: {}, problems: [{ message: `Cannot read the config file: ${reason}. Defaults are used.`, range: { start: at, end: at }, severity: 'error' }] };
  }
  return { path, dir: dirname(path), ...parseConfigFile(text.replace(/^\uFEFF/, ''), rules) };
}
