// Runs the engine over files: one config per file, optional safe fixes written back atomically.
import { MAX_CHECKED_LENGTH, tooLargeReason, type Analyzer } from '../core/diagnostics/index';
import type { EngineConfig, Finding } from '../core/diagnostics/types';
import { perPathIgnoresPath, resolveFileConfig, type FileConfigInputs } from '../core/config/resolveFileConfig';
import type { PartialEngineConfig } from '../core/config/types';
import type { LoadedConfigFile } from '../core/config/configFilesOnDisk';
import { FileChangedError, writeFileAtomically } from './atomicWrite';
import type { ConfigLocator } from './configLocator';
import { fileErrorFinding } from '../core/files/fileErrors';
import { decodeSource, readSourceBytes, type SourceFile } from './readSource';
import { cacheKey, type CacheKey, type ResultCache } from './resultCache';
import { sourceLinesFor, type SourceLines } from './sourceColumns';

export interface CheckedFile {
  /** Absolute path. */
  path: string;
  /** The lines of the text the findings refer to (after fixes, when fixes were applied) that they point into. */
  lines: SourceLines;
  findings: Finding[];
  /** How many fixes were applied (and written, unless only shown as a diff). */
  fixed: number;
  /** With --diff, when fixes apply: the text before and after them; nothing was written. */
  diff?: { before: string; after: string };
}

/** A file that was not checked: one OPS003 finding saying why. */
export function uncheckedFile(path: string, reason: string): CheckedFile {
  return checkedFile(path, '', [fileErrorFinding(reason)]);
}

/** A checked file as the report needs it: only the lines its findings point into, not the whole text. */
export function checkedFile(path: string, text: string, findings: Finding[], fixed = 0): CheckedFile {
  return { path, lines: sourceLinesFor(text, findings), findings, fixed };
}

/** What to do with fixes: nothing, write them, or only show them (--diff); `unsafe` includes the unsafe ones. */
export interface FixMode {
  apply: 'none' | 'write' | 'diff';
  unsafe: boolean;
}

export const NO_FIX: FixMode = { apply: 'none', unsafe: false };

export interface FailedFile {
  path: string;
  reason: string;
}

export interface CheckRun {
  /** Files checked, and files that could not be read (each with one OPS003 finding). */
  checked: CheckedFile[];
  /** Internal errors: the result is incomplete (exit 2). */
  failed: FailedFile[];
  /** Things the user should know that are not failures. */
  notes: string[];
}

export interface CheckEngine {
  analyzer: Analyzer;
  applyFixes(text: string, findings: Finding[], opts: { safeOnly: boolean }): { text: string; applied: number };
  /** How many rule errors the analyzer reported so far: a file checked while a rule threw is not cached. */
  ruleErrorCount?: () => number;
}

export interface CheckOptions {
  cwd: string;
  fix: FixMode;
  configs: ConfigLocator;
  /** `--select` replaces the config's select. */
  select?: string[];
  /** `--extend-select` adds to the select in force (an empty select already runs every rule). */
  extendSelect?: string[];
  /** `--ignore` adds to the config's ignore. */
  ignore?: string[];
  /** `--report-unused-suppressions` turns the report on whatever the config says. */
  reportUnusedSuppressions?: boolean;
  /** Told which file is being checked, so engine errors can name it. */
  onFileStart?: (path: string) => void;
}

/** Fixes can uncover or enable further fixes; stop long before a pathological loop would matter. */
const MAX_FIX_ROUNDS = 10;

function byPosition(a: Finding, b: Finding): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.code.localeCompare(b.code);
}

/** Everything checking one file produced; plain data, so a worker thread can send it back. */
export interface FileOutcome {
  checked: CheckedFile | null;
  failed: FailedFile[];
  notes: string[];
}

/** Reads, analyzes and (with `fix`) fixes one file whose configuration is already resolved. */
export class FileChecker {
  /** @param cache where results are stored for the next run (looked up beforehand by cachedResults). */
  constructor(
    private readonly engine: CheckEngine,
    private readonly cache?: ResultCache,
  ) {}

  private analyze(text: string, config: EngineConfig, relativePath: string): Finding[] {
    // The engine would refuse it too, but only after scanning all of it (a transient heap of several times its size).
    if (text.length > MAX_CHECKED_LENGTH) return [fileErrorFinding(tooLargeReason(text.length))];
    const doc = this.engine.analyzer.open(text);
    try {
      return this.engine.analyzer.analyze(doc, config, relativePath).sort(byPosition);
    } finally {
      doc.dispose();
    }
  }

  check(path: string, config: EngineConfig, relativePath: string, fix: FixMode): FileOutcome {
    // Only a result the cache stores needs the file's stamp.
    const read = readSourceBytes(path, this.cache !== undefined);
    const decoded = read.ok ? decodeSource(read.bytes) : read;
    if (!decoded.ok) return { checked: uncheckedFile(path, decoded.reason), failed: [], notes: [] };
    const errorsBefore = this.engine.ruleErrorCount?.() ?? 0;
    const { outcome, text } = this.checkText(path, decoded.source, config, relativePath, fix);
    if (this.cache && read.ok && outcome.checked && (this.engine.ruleErrorCount?.() ?? 0) === errorsBefore) {
      const stored = this.storedKey(path, config, relativePath, read.bytes, decoded.source, outcome.checked, text);
      // The stamp is the file's as read: a file the check rewrote (--fix) has another now.
      if (stored)
        this.cache.store(stored, outcome.checked.findings, outcome.checked.lines, outcome.checked.fixed === 0 ? read.stamp : undefined);
    }
    return outcome;
  }

  /** The bytes the outcome's findings describe: the file as read, or as written with its fixes; none for a diff. */
  private storedKey(
    path: string,
    config: EngineConfig,
    relativePath: string,
    bytes: Buffer,
    source: SourceFile,
    checked: CheckedFile,
    text: string,
  ): CacheKey | undefined {
    if (checked.diff !== undefined) return undefined;
    if (checked.fixed === 0) return cacheKey(path, config, relativePath, bytes);
    return cacheKey(path, config, relativePath, Buffer.from((source.hasBom ? '\uFEFF' : '') + text, 'utf8'));
  }

  /** Checks text already read (a file, or stdin given a file name); fixes are written to `path` in 'write' mode. */
  checkSource(path: string, source: SourceFile, config: EngineConfig, relativePath: string, fix: FixMode): FileOutcome {
    return this.checkText(path, source, config, relativePath, fix).outcome;
  }

  /** checkSource, also giving the text the findings refer to (after fixes, when they were applied). */
  private checkText(
    path: string,
    source: SourceFile,
    config: EngineConfig,
    relativePath: string,
    fix: FixMode,
  ): { outcome: FileOutcome; text: string } {
    const out: FileOutcome = { checked: null, failed: [], notes: [] };
    const unchanged = (findings: Finding[]): { outcome: FileOutcome; text: string } => {
      out.checked = checkedFile(path, source.text, findings);
      return { outcome: out, text: source.text };
    };
    const applicable = (f: Finding): boolean => f.fix !== undefined && (f.fix.safe || fix.unsafe);
    let findings = this.analyze(source.text, config, relativePath);
    if (fix.apply === 'none' || !findings.some(applicable)) return unchanged(findings);
    if (fix.apply === 'write' && source.encoding !== 'utf-8') {
      out.notes.push(`${path}: fixes not applied: the file is encoded as ${source.encoding}, and fixes are only written to UTF-8 files`);
      return unchanged(findings);
    }
    let text = source.text;
    let fixed = 0;
    for (let round = 0; round < MAX_FIX_ROUNDS; round++) {
      const result = this.engine.applyFixes(text, findings, { safeOnly: !fix.unsafe });
      if (result.applied === 0 || result.text === text) break;
      text = result.text;
      fixed += result.applied;
      findings = this.analyze(text, config, relativePath);
    }
    if (fix.apply === 'diff') {
      out.checked = { ...checkedFile(path, text, findings, fixed), diff: { before: source.text, after: text } };
      return { outcome: out, text };
    }
    if (fixed > 0 && !this.write(path, source, text, out)) return unchanged(this.analyze(source.text, config, relativePath));
    out.checked = checkedFile(path, text, findings, fixed);
    return { outcome: out, text };
  }

  private write(path: string, source: SourceFile, text: string, out: FileOutcome): boolean {
    const bom = source.hasBom ? '\uFEFF' : '';
    try {
      // Only over the content the fixes were computed from: an edit made meanwhile is kept.
      writeFileAtomically(path, bom + text, bom + source.text);
      return true;
    } catch (error) {
      if (error instanceof FileChangedError) {
        out.notes.push(`${path}: fixes not written: the file changed while it was being fixed; run again to fix it`);
        return false;
      }
      out.failed.push({ path, reason: `cannot write fixes: ${(error as Error).message}` });
      return false;
    }
  }
}

/**
 * Each config file's configuration under a run's options (the key undefined: no config file), made
 * once: it depends on the config file and the command line, not on the file, and the files that
 * share one object share the engine's work per configuration (its rule list, see activeRules).
 */
const configsOfRun = new WeakMap<CheckOptions, Map<LoadedConfigFile | undefined, EngineConfig>>();

/** The configuration a file is checked with: nearest config file, then `--select`/`--ignore`. */
export function configForFile(path: string, options: CheckOptions): { config: EngineConfig; relativePath: string } {
  const configFile = options.configs.forFile(path);
  const inputs = { filePath: path, rootDir: options.cwd, configFile };
  let configs = configsOfRun.get(options);
  if (!configs) configsOfRun.set(options, (configs = new Map()));
  let config = configs.get(configFile);
  if (!config) configs.set(configFile, (config = runConfig(inputs, options)));
  return { config, relativePath: perPathIgnoresPath(inputs) };
}

function runConfig(inputs: FileConfigInputs, options: CheckOptions): EngineConfig {
  const overrides: PartialEngineConfig = options.select ? { select: options.select } : {};
  if (options.reportUnusedSuppressions) overrides.reportUnusedSuppressions = true;
  const { config } = resolveFileConfig({ ...inputs, overrides });
  if (options.ignore) config.ignore = [...new Set([...config.ignore, ...options.ignore])];
  if (options.extendSelect && config.select.length > 0) config.select = [...new Set([...config.select, ...options.extendSelect])];
  return config;
}

/** One file breaking the engine must not stop the others; the run still ends with exit code 2. */
export function internalFailure(path: string, error: unknown): FailedFile {
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return { path, reason: `internal error: ${detail}` };
}

/** Adds a file's outcome to the run (outcomes must be added in file order for a stable report). */
export function addOutcome(run: CheckRun, outcome: FileOutcome): void {
  if (outcome.checked) run.checked.push(outcome.checked);
  run.failed.push(...outcome.failed);
  run.notes.push(...outcome.notes);
}

export function checkFiles(files: readonly string[], engine: CheckEngine, options: CheckOptions, cache?: ResultCache): CheckRun {
  const run: CheckRun = { checked: [], failed: [], notes: [] };
  const checker = new FileChecker(engine, cache);
  for (const path of files) {
    options.onFileStart?.(path);
    try {
      const { config, relativePath } = configForFile(path, options);
      addOutcome(run, checker.check(path, config, relativePath, options.fix));
    } catch (error) {
      run.failed.push(internalFailure(path, error));
    }
  }
  return run;
}
