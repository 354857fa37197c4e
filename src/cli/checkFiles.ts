// Runs the engine over files: one config per file, optional safe fixes written back atomically.
import type { Analyzer } from '../core/diagnostics/index';
import type { EngineConfig, Finding } from '../core/diagnostics/types';
import { resolveFileConfig } from '../core/config/resolveFileConfig';
import type { PartialEngineConfig } from '../core/config/types';
import { writeFileAtomically } from './atomicWrite';
import type { ConfigLocator } from './configLocator';
import { readSource, type SourceFile } from './readSource';

export interface CheckedFile {
  /** Absolute path. */
  path: string;
  /** The text the findings refer to (after fixes, when fixes were applied). */
  text: string;
  findings: Finding[];
  /** How many fixes were applied and written. */
  fixed: number;
}

export interface FailedFile {
  path: string;
  reason: string;
}

export interface CheckRun {
  checked: CheckedFile[];
  failed: FailedFile[];
  /** Things the user should know that are not failures. */
  notes: string[];
}

export interface CheckEngine {
  analyzer: Analyzer;
  applyFixes(text: string, findings: Finding[], opts: { safeOnly: boolean }): { text: string; applied: number };
}

export interface CheckOptions {
  cwd: string;
  fix: boolean;
  configs: ConfigLocator;
  /** `--select` replaces the config's select. */
  select?: string[];
  /** `--ignore` adds to the config's ignore. */
  ignore?: string[];
  /** Told which file is being checked, so engine errors can name it. */
  onFileStart?: (path: string) => void;
}

/** Fixes can uncover or enable further fixes; stop long before a pathological loop would matter. */
const MAX_FIX_ROUNDS = 10;

function byPosition(a: Finding, b: Finding): number {
  return (
    a.range.start.line - b.range.start.line ||
    a.range.start.character - b.range.start.character ||
    a.code.localeCompare(b.code)
  );
}

class FileChecker {
  constructor(
    private readonly engine: CheckEngine,
    private readonly options: CheckOptions,
  ) {}

  configFor(path: string): { config: EngineConfig; relativePath: string } {
    const configFile = this.options.configs.forFile(path);
    const overrides: PartialEngineConfig = this.options.select ? { select: this.options.select } : {};
    const resolved = resolveFileConfig({ filePath: path, rootDir: this.options.cwd, configFile, overrides });
    if (this.options.ignore) resolved.config.ignore = [...new Set([...resolved.config.ignore, ...this.options.ignore])];
    return resolved;
  }

  analyze(text: string, config: EngineConfig, relativePath: string): Finding[] {
    const doc = this.engine.analyzer.open(text);
    try {
      return this.engine.analyzer.analyze(doc, config, relativePath).sort(byPosition);
    } finally {
      doc.dispose();
    }
  }

  check(path: string, run: CheckRun): void {
    const read = readSource(path);
    if (!read.ok) {
      run.failed.push({ path, reason: read.reason });
      return;
    }
    const source = read.source;
    const { config, relativePath } = this.configFor(path);
    let findings = this.analyze(source.text, config, relativePath);
    if (!this.options.fix || !findings.some((f) => f.fix?.safe)) {
      run.checked.push({ path, text: source.text, findings, fixed: 0 });
      return;
    }
    if (source.encoding !== 'utf-8') {
      run.notes.push(`${path}: fixes not applied: the file is encoded as ${source.encoding}, and fixes are only written to UTF-8 files`);
      run.checked.push({ path, text: source.text, findings, fixed: 0 });
      return;
    }
    let text = source.text;
    let fixed = 0;
    for (let round = 0; round < MAX_FIX_ROUNDS; round++) {
      const result = this.engine.applyFixes(text, findings, { safeOnly: true });
      if (result.applied === 0 || result.text === text) break;
      text = result.text;
      fixed += result.applied;
      findings = this.analyze(text, config, relativePath);
    }
    if (fixed > 0 && !this.write(path, source, text, run)) {
      run.checked.push({ path, text: source.text, findings: this.analyze(source.text, config, relativePath), fixed: 0 });
      return;
    }
    run.checked.push({ path, text, findings, fixed });
  }

  private write(path: string, source: SourceFile, text: string, run: CheckRun): boolean {
    try {
      writeFileAtomically(path, (source.hasBom ? '\uFEFF' : '') + text);
      return true;
    } catch (error) {
      run.failed.push({ path, reason: `cannot write fixes: ${(error as Error).message}` });
      return false;
    }
  }
}

export function checkFiles(files: readonly string[], engine: CheckEngine, options: CheckOptions): CheckRun {
  const run: CheckRun = { checked: [], failed: [], notes: [] };
  const checker = new FileChecker(engine, options);
  for (const path of files) {
    options.onFileStart?.(path);
    try {
      checker.check(path, run);
    } catch (error) {
      // One file breaking the engine must not stop the others; the run still ends with exit code 2.
      const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
      run.failed.push({ path, reason: `internal error: ${detail}` });
    }
  }
  return run;
}
