// Parses and validates the options of `pyops check`.
import { parseArgs } from 'node:util';
import { expandSelector, unknownRuleMessage } from '../core/config/ruleSelectors';
import type { KnownRule } from '../core/config/types';
import type { FileSelectionOptions } from '../core/files/fileSelection';
import { UsageError } from './exitCodes';

export const OUTPUT_FORMATS = ['text', 'json', 'sarif', 'github'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export interface CheckArgs {
  paths: string[];
  select?: string[];
  ignore?: string[];
  fix: boolean;
  format: OutputFormat;
  config?: string;
  quiet: boolean;
  help: boolean;
  /** Worker threads to check files with; undefined means one per CPU for more than a few files. */
  jobs?: number;
  /** --exclude, --extend-exclude, --force-exclude, --[no-]respect-gitignore: only what was given. */
  files: FileSelectionOptions;
  /** --report-unused-suppressions: report `# pyops: ignore` comments that silence nothing. */
  reportUnusedSuppressions: boolean;
  /** --show-files: list the files that would be checked, check nothing. */
  showFiles: boolean;
}

/** Comma-separated, repeatable values (`--exclude a,b --exclude c`), as ruff takes them. */
function listValues(values: string[] | undefined): string[] | undefined {
  if (values === undefined) return undefined;
  return values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
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

export function parseCheckArgs(argv: string[], rules: readonly KnownRule[]): CheckArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        select: { type: 'string', multiple: true },
        ignore: { type: 'string', multiple: true },
        fix: { type: 'boolean', default: false },
        format: { type: 'string', default: 'text' },
        'output-format': { type: 'string' },
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
      },
    });
  } catch (error) {
    // Node's messages go on to explain `--` for positionals; the first sentence is the useful part.
    throw new UsageError((error as Error).message.split('. ')[0]);
  }
  const { values, positionals } = parsed;
  // --output-format is ruff's name for the same option; accepting it eases switching tools.
  const format = values['output-format'] ?? values.format;
  if (!(OUTPUT_FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`--format must be one of ${OUTPUT_FORMATS.join(', ')}; got '${format}'`);
  }
  if (values.config !== undefined && values.config.trim() === '') throw new UsageError('--config needs a file path');
  let jobs: number | undefined;
  if (values.jobs !== undefined) {
    jobs = /^\d+$/.test(values.jobs.trim()) ? Number(values.jobs.trim()) : NaN;
    if (!Number.isInteger(jobs) || jobs < 1 || jobs > 256) throw new UsageError(`--jobs must be a whole number from 1 to 256; got '${values.jobs}'`);
  }
  return {
    paths: positionals.length > 0 ? positionals : ['.'],
    select: selectorList(values.select, '--select', rules),
    ignore: selectorList(values.ignore, '--ignore', rules),
    fix: values.fix,
    format: format as OutputFormat,
    config: values.config,
    quiet: values.quiet,
    help: values.help,
    jobs,
    showFiles: values['show-files'],
    reportUnusedSuppressions: values['report-unused-suppressions'],
    files: withoutUndefined({
      exclude: listValues(values.exclude),
      extendExclude: listValues(values['extend-exclude']),
      forceExclude: switchValue(argv, 'force-exclude'),
      respectGitignore: switchValue(argv, 'respect-gitignore'),
    }),
  };
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
