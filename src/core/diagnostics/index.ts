// Public API of the diagnostics engine, used by the language server and the CLI.
// Everything else under src/core/diagnostics is internal.
import { ParsedDocument } from '../python/segments';
import { createPythonParser, wasmPathsIn } from '../python/wasm';
import { Engine, type ErrorSink } from './engine';
import { CATALOG } from './catalog';
import { activeRules } from './ruleFilter';
import { RULE_IMPLS } from './rules';
import type { EngineConfig, Finding, Position, Range, RuleMeta } from './types';

export * from './types';
export { applyFixes } from './fixes';
export { CHECK_ON_SAVE_ABOVE, MAX_CHECKED_BYTES, MAX_CHECKED_LENGTH, tooLargeFileReason, tooLargeReason } from './limits';
export { suppressionEdit } from './suppression';
export { UNUSED_SUPPRESSION_RULE } from './unusedSuppressions';
export { CATALOG } from './catalog';

export interface PythonDocument {
  readonly text: string;
  /** The LSP position of an offset in `text` (lines end at "\r\n", "\n" or a lone "\r"). */
  positionAt(offset: number): Position;
  /** The offset of an LSP position, clamped to the document like LSP clients do. */
  offsetAt(position: Position): number;
  /**
   * Apply LSP-style content changes (range + text, UTF-16 positions) by editing the old tree and
   * reparsing incrementally. A change without a range replaces the whole text.
   */
  update(changes: { range?: Range; text: string }[]): void;
  dispose(): void;
}

export interface Analyzer {
  /** Parse a document; keep it to update incrementally. */
  open(text: string): PythonDocument;
  /**
   * Run every enabled rule in ONE walk of the tree. relativePath (posix, relative to the config root)
   * drives per-path ignores. Findings are sorted by position.
   */
  analyze(doc: PythonDocument, config: EngineConfig, relativePath?: string): Finding[];
}

export interface AnalyzerOptions {
  /** Folder holding tree-sitter.wasm and tree-sitter-python.wasm. */
  wasmDir: string;
  /** Explicit file paths, overriding `wasmDir` (e.g. the copies in node_modules). */
  treeSitterWasm?: string;
  pythonWasm?: string;
  /** Called when a rule throws (a bug); the analysis continues without that finding. Default: stderr. */
  onError?: ErrorSink;
  /**
   * Build a finding's fix only when its `fix` is first read, for callers that look at few fixes
   * (the language server: quick fixes and fix-all). Such findings are not plain objects: `fix` is
   * not an own property, so copies, JSON and structured clones leave it out.
   */
  lazyFixes?: boolean;
}

const defaultErrorSink: ErrorSink = (error, context) => {
  process.stderr.write(`pyops: internal error in ${context}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
};

export async function createAnalyzer(opts: AnalyzerOptions): Promise<Analyzer> {
  const inDir = wasmPathsIn(opts.wasmDir);
  const parser = await createPythonParser({ runtime: opts.treeSitterWasm ?? inDir.runtime, python: opts.pythonWasm ?? inDir.python });
  const engine = new Engine(parser, opts.onError ?? defaultErrorSink, undefined, undefined, opts.lazyFixes === true);
  return {
    open: (text) => engine.open(text),
    analyze: (doc, config, relativePath) => {
      if (!(doc instanceof ParsedDocument)) throw new TypeError("analyze() needs a document from this analyzer's open()");
      return engine.analyze(doc, config, relativePath);
    },
  };
}

/** Parse, analyze and dispose in one call. */
export function analyzeText(analyzer: Analyzer, text: string, config: EngineConfig, relativePath?: string): Finding[] {
  const doc = analyzer.open(text);
  try {
    return analyzer.analyze(doc, config, relativePath);
  } finally {
    doc.dispose();
  }
}

export const RULES: readonly RuleMeta[] = RULE_IMPLS.map((r) => r.meta);

/** Codes of the rules that run on a file under `config` (relativePath drives per-path ignores). */
export function enabledRuleCodes(config: EngineConfig, relativePath?: string): string[] {
  return activeRules(RULE_IMPLS, config, relativePath).map((active) => active.rule.meta.code);
}

/** A code of the catalog (a rule, OPS002 or OPS003) by code ("OPS101", any case) or kebab-case name. */
export function findRule(codeOrName: string): RuleMeta | undefined {
  const key = codeOrName.trim();
  return CATALOG.find((r) => r.code === key.toUpperCase() || r.name === key.toLowerCase());
}

/** Path of a rule's documentation page, relative to the repository / extension root. */
export function ruleDocPath(code: string): string {
  return `docs/rules/${code}.md`;
}
