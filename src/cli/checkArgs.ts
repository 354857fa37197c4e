// Parses and validates the options of `pyops check`.
import { parseArgs } from 'node:util';
import { expandSelector, unknownRuleMessage } from '../core/config/ruleSelectors';
import type { KnownRule } from '../core/config/types';
import type { FileSelectionOptions } from '../core/files/fileSelection';
import { CACHE_DIR_ENV, CHECK_OPTIONS, isTrue, NO_CACHE_ENV } from './checkOptions';
import { UsageError } from './exitCodes';
import { excludePattern } from '../core/files/fileSelection';
import { compileGlob } from '../core/files/glob';

export const OUTPUT_FORMATS = ['text', 'json', 'sarif', 'github', 'gitlab', 'junit'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export interface CheckArgs {
  paths: string[];
  select?: string[];
  /** --extend-select: added to the select in force. */
  extendSelect?: string[];
  ignore?: string[];
  fix: boolean;
  /** --diff: show the fixes as a unified diff, write nothing. */
  diff: boolean;
  /** --unsafe-fixes: apply (and count as fixable) the fixes that may change behaviour too. */
  unsafeFixes: boolean;
  format: OutputFormat;
  /** --exit-zero: exit 0 even when findings remain. */
  exitZero: boolean;
  /** --statistics: counts per rule instead of the findings. */
  statistics: boolean;
  /** --output-file: the report goes to this file instead of stdout. */
  outputFile?: string;
  /** --silent: print nothing; only the exit status tells. */
  silent: boolean;
  /** --watch: check again whenever a file changes. */
  watch: boolean;
  /** The PATH `-`: check the text on stdin, as this file (--stdin-filename) when given. */
  stdin: boolean;
  stdinFilename?: string;
  config?: string;
  quiet: boolean;
  help: boolean;
  /** Worker threads to check files with; undefined means one per usable CPU given enough source for each. */
  jobs?: number;
  /** --exclude, --extend-exclude, --force-exclude, --[no-]respect-gitignore: only what was given. */
  files: FileSelectionOptions;
  /** --report-unused-suppressions: report `# pyops: ignore` comments that silence nothing. */
  reportUnusedSuppressions: boolean;
  /** --show-files: list the files that would be checked, check nothing. */
  showFiles: boolean;
  /** --no-cache (or PYOPS_NO_CACHE): neither read nor write the result cache. */
  noCache: boolean;
  /** --cache-dir (or PYOPS_CACHE_DIR): where the result cache is kept, relative to the current folder. */
  cacheDir?: string;
}

/** Comma-separated, repeatable values (`--exclude a,b --exclude c`), as ruff takes them. */
function listValues(values: string[] | undefined): string[] | undefined {
  if (values === undefined) return undefined;
  return values
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

/** --exclude / --extend-exclude patterns; one that cannot be used is a usage error, as with ruff. */
function excludeValues(flag: string, values: string[] | undefined): string[] | undefined {
  const patterns = listValues(values);
  for (const pattern of patterns ?? []) {
    const compiled = compileGlob(excludePattern(pattern));
    if (!compiled.ok) throw new UsageError(`${flag}: '${pattern}' is not a usable pattern: ${compiled.reason}`);
  }
  return patterns;
}

/** `--flag` / `--no-flag` pairs: the last one given wins, as with ruff; undefined when neither is given. */
function switchValue(argv: string[], name: string): boolean | undefined {
  let value: boolean | undefined;
  for (const arg of argv) {
    if (arg === '--') break;
    if (arg === `--${name}`) value = true;
    else if (arg === `--no-${name}`) value = false;
  }
  return value;
}

/** Rule selectors from repeated, comma-separated flag values, expanded to exact codes. */
function selectorList(values: string[] | undefined, flag: string, rules: readonly KnownRule[]): string[] | undefined {
  if (values === undefined) return undefined;
  const codes = new Set<string>();
  for (const raw of values.flatMap((v) => v.split(','))) {
    if (raw.trim() === '') continue;
    const expanded = expandSelector(raw, rules);
    if (expanded === undefined) throw new UsageError(`${flag}: ${unknownRuleMessage(raw.trim(), rules)} Run 'pyops rules' to list them.`);
    expanded.forEach((code) => codes.add(code));
  }
  if (codes.size === 0) throw new UsageError(`${flag} needs at least one rule code`);
  return [...codes];
}

/** Where the default output format can come from, as RUFF_OUTPUT_FORMAT does for ruff. */
export const OUTPUT_FORMAT_ENV = 'PYOPS_OUTPUT_FORMAT';

export function parseCheckArgs(argv: string[], rules: readonly KnownRule[], env: NodeJS.ProcessEnv = {}): CheckArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: CHECK_OPTIONS,
    });
  } catch (error) {
    // Node's messages go on to explain `--` for positionals; the first sentence is the useful part.
    throw new UsageError((error as Error).message.split('. ')[0]);
  }
  const { values, positionals } = parsed;
  // --output-format is ruff's name for the same option; accepting it eases switching tools.
  const fromEnv = env[OUTPUT_FORMAT_ENV] !== undefined && env[OUTPUT_FORMAT_ENV] !== '' ? env[OUTPUT_FORMAT_ENV] : undefined;
  const format = values['output-format'] ?? values.format ?? fromEnv ?? 'text';
  if (!(OUTPUT_FORMATS as readonly string[]).includes(format)) {
    const source = (values['output-format'] ?? values.format) ? '--format' : OUTPUT_FORMAT_ENV;
    throw new UsageError(`${source} must be one of ${OUTPUT_FORMATS.join(', ')}; got '${format}'`);
  }
  const stdin = positionals.includes('-');
  if (stdin && positionals.length > 1) throw new UsageError("'-' (stdin) cannot be combined with other paths");
  if (values['stdin-filename'] !== undefined && values['stdin-filename'].trim() === '')
    throw new UsageError('--stdin-filename needs a file name');
  if (values['output-file'] !== undefined && values['output-file'].trim() === '') throw new UsageError('--output-file needs a file path');
  const diff = values.diff;
  if (values.watch && (stdin || values['stdin-filename'] !== undefined)) throw new UsageError('--watch cannot read stdin');
  if (values.config !== undefined && values.config.trim() === '') throw new UsageError('--config needs a file path');
  if (values['cache-dir'] !== undefined && values['cache-dir'].trim() === '') throw new UsageError('--cache-dir needs a folder path');
  const cacheDirFromEnv = env[CACHE_DIR_ENV] !== undefined && env[CACHE_DIR_ENV].trim() !== '' ? env[CACHE_DIR_ENV] : undefined;
  let jobs: number | undefined;
  if (values.jobs !== undefined) {
    jobs = /^\d+$/.test(values.jobs.trim()) ? Number(values.jobs.trim()) : NaN;
    if (!Number.isInteger(jobs) || jobs < 1 || jobs > 256)
      throw new UsageError(`--jobs must be a whole number from 1 to 256; got '${values.jobs}'`);
  }
  return {
    // `--stdin-filename` alone reads stdin too, as with ruff.
    paths: positionals.length > 0 ? positionals : values['stdin-filename'] !== undefined ? ['-'] : ['.'],
    select: selectorList(values.select, '--select', rules),
    extendSelect: selectorList(values['extend-select'], '--extend-select', rules),
    ignore: selectorList(values.ignore, '--ignore', rules),
    fix: (switchValue(argv, 'fix') ?? false) && !diff,
    diff,
    unsafeFixes: switchValue(argv, 'unsafe-fixes') ?? false,
    format: format as OutputFormat,
    exitZero: values['exit-zero'],
    statistics: values.statistics,
    outputFile: values['output-file'],
    silent: values.silent,
    watch: values.watch,
    stdin: stdin || values['stdin-filename'] !== undefined,
    stdinFilename: values['stdin-filename'],
    config: values.config,
    quiet: values.quiet,
    help: values.help,
    jobs,
    showFiles: values['show-files'],
    noCache: values['no-cache'] || isTrue(env[NO_CACHE_ENV]),
    cacheDir: values['cache-dir'] ?? cacheDirFromEnv,
    reportUnusedSuppressions: values['report-unused-suppressions'],
    files: withoutUndefined({
      exclude: excludeValues('--exclude', values.exclude),
      extendExclude: excludeValues('--extend-exclude', values['extend-exclude']),
      forceExclude: switchValue(argv, 'force-exclude'),
      respectGitignore: switchValue(argv, 'respect-gitignore'),
    }),
  };
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
