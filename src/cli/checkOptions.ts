// The options of `pyops check`, as node's parseArgs reads them: checkArgs.ts parses a run's
// arguments with them, and headStart.ts reads a few before the rest of the CLI is loaded.
import type { ParseArgsConfig } from 'node:util';

export const CHECK_OPTIONS = {
  select: { type: 'string', multiple: true },
  ignore: { type: 'string', multiple: true },
  'extend-select': { type: 'string', multiple: true },
  fix: { type: 'boolean' },
  'no-fix': { type: 'boolean' },
  diff: { type: 'boolean', default: false },
  'unsafe-fixes': { type: 'boolean' },
  'no-unsafe-fixes': { type: 'boolean' },
  format: { type: 'string' },
  'output-format': { type: 'string' },
  'output-file': { type: 'string', short: 'o' },
  'exit-zero': { type: 'boolean', short: 'e', default: false },
  statistics: { type: 'boolean', default: false },
  silent: { type: 'boolean', short: 's', default: false },
  watch: { type: 'boolean', short: 'w', default: false },
  'stdin-filename': { type: 'string' },
  'no-cache': { type: 'boolean', default: false },
  'cache-dir': { type: 'string' },
  config: { type: 'string' },
  quiet: { type: 'boolean', short: 'q', default: false },
  jobs: { type: 'string', short: 'j' },
  exclude: { type: 'string', multiple: true },
  'show-files': { type: 'boolean', default: false },
  'report-unused-suppressions': { type: 'boolean', default: false },
  'extend-exclude': { type: 'string', multiple: true },
  'force-exclude': { type: 'boolean' },
  'no-force-exclude': { type: 'boolean' },
  'respect-gitignore': { type: 'boolean' },
  'no-respect-gitignore': { type: 'boolean' },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies NonNullable<ParseArgsConfig['options']>;

/** The result cache's folder, in the project's root (or the current folder) unless set otherwise. */
export const DEFAULT_CACHE_DIR = '.pyops_cache';

/** As RUFF_CACHE_DIR and RUFF_NO_CACHE for ruff. */
export const CACHE_DIR_ENV = 'PYOPS_CACHE_DIR';
export const NO_CACHE_ENV = 'PYOPS_NO_CACHE';

/** Whether an environment variable is set to a true value (1, true, yes, on). */
export function isTrue(value: string | undefined): boolean {
  return value !== undefined && /^(1|true|yes|on)$/i.test(value.trim());
}
