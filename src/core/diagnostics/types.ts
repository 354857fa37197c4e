// The diagnostics model shared by the engine, the language server and the CLI.
// Positions follow LSP: zero-based lines, and columns counted in UTF-16 code units.
import type { Range, TextEdit } from '../text';

export type { Position, Range, TextEdit } from '../text';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** A configured severity: a real severity, or 'off' to disable the rule. */
export type SeverityLevel = Severity | 'off';

export interface Fix {
  /** Imperative title shown in the quick-fix menu, e.g. "Add check=True". */
  title: string;
  edits: TextEdit[];
  /** Safe fixes keep behaviour and are applied by fix-all and `pyops check --fix`; unsafe ones are only offered. */
  safe: boolean;
  /**
   * A value the fix inserts as a guess for the user to adjust (e.g. the seconds of an added
   * timeout): a substring of the first edit's newText that the editor selects after applying.
   */
  placeholder?: string;
}

export type RuleCategory = 'error-handling' | 'subprocess' | 'logging' | 'security' | 'robustness';

export interface RuleMeta {
  /** Stable code, e.g. "OPS101". */
  code: string;
  /** Kebab-case name, e.g. "subprocess-unchecked". */
  name: string;
  category: RuleCategory;
  /** One line: what is wrong and what to do. */
  summary: string;
  defaultSeverity: Severity;
  /** Equivalent rules in other tools, "tool:CODE", e.g. ["ruff:PLW1510", "pylint:W1510"]. */
  equivalents: string[];
  /** Whether any fix the rule offers is safe (applied by fix-all). */
  fixable: 'safe' | 'unsafe' | 'none';
  /**
   * Runs whatever `select` says, and is turned off only by naming its code or name exactly in
   * `ignore`, a per-path ignore or `severity: off`, never by a prefix or ALL (syntax errors, which
   * ruff reports always).
   */
  alwaysSelected?: boolean;
}

export interface Finding {
  code: string;
  /** The rule's kebab-case name. */
  name: string;
  message: string;
  range: Range;
  severity: Severity;
  fix?: Fix;
}

/** Names of the user's own helpers, from settings or `.pyops.yaml`. */
export interface WrapperNames {
  /** Calls that count as logging, e.g. "log_error", "utils.report". */
  loggingFunctions: string[];
  /** Names of logger objects, e.g. "log", "self.logger". */
  loggers: string[];
  /** Subprocess helpers that check their own return codes, e.g. "utils.run_checked". */
  checkedSubprocessHelpers: string[];
}

export interface PerPathIgnore {
  /** A glob relative to the workspace/config root, e.g. "tests/**". */
  glob: string;
  /** Codes ignored under the glob; ["ALL"] ignores everything. */
  codes: string[];
}

/** The resolved configuration the engine runs with. */
export interface EngineConfig {
  /** Codes or prefixes to run (e.g. "OPS1", "OPS101"); empty means every rule. */
  select: string[];
  /** Codes or prefixes to skip; wins over select. */
  ignore: string[];
  /** Per-code severity overrides. */
  severity: Record<string, SeverityLevel>;
  perPathIgnores: PerPathIgnore[];
  wrappers: WrapperNames;
  /** Report `# pyops: ignore` comments that silence nothing (OPS002); off unless asked for. */
  reportUnusedSuppressions?: boolean;
  /** Report syntax errors (OPS001); on unless false (the editor's `pyops.showSyntaxErrors`). */
  syntaxErrors?: boolean;
}

export const DEFAULT_ENGINE_CONFIG: EngineConfig = {
  select: [],
  ignore: [],
  severity: {},
  perPathIgnores: [],
  wrappers: { loggingFunctions: [], loggers: [], checkedSubprocessHelpers: [] },
};
