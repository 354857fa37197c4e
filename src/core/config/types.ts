// Types shared by the `.pyops.yaml` reader, the settings reader and the merger.
import type { PerPathIgnore, RuleMeta, Severity, SeverityLevel, WrapperNames } from '../diagnostics/types';
import type { FileSelectionOptions } from '../files/fileSelection';
import type { Range } from '../text';

/** The rule facts config validation needs; RULES from the engine satisfies this. */
export type KnownRule = Pick<RuleMeta, 'code' | 'name' | 'alwaysSelected'>;

/** What one source (settings, `.pyops.yaml`, the command line) sets; absent keys are left to lower layers. */
export interface PartialEngineConfig {
  select?: string[];
  ignore?: string[];
  severity?: Record<string, SeverityLevel>;
  perPathIgnores?: PerPathIgnore[];
  wrappers?: Partial<WrapperNames>;
  reportUnusedSuppressions?: boolean;
  /** Base URL of the rule pages linked from reports (`docs-url`): https only. Read by the CLI, not the engine. */
  docsUrl?: string;
  /** Where `pyops check` keeps results between runs (`cache-dir`), relative to the config's folder. Read by the CLI, not the engine. */
  cacheDir?: string;
  /** Which files a walk picks (exclude, .gitignore...): read by the walk, not by the engine. */
  files?: FileSelectionOptions;
}

/** A problem in `.pyops.yaml`, shown on the config file at its line. */
export interface ConfigProblem {
  message: string;
  /** Zero-based lines; characters in UTF-16 code units, like LSP. */
  range: Range;
  severity: Severity;
}

/** A problem in a VS Code setting (settings have no lines to point at). */
export interface SettingProblem {
  /** Full setting name, e.g. "pyops.diagnostics.severity". */
  setting: string;
  message: string;
  severity: Severity;
}

export interface ParsedConfigFile {
  config: PartialEngineConfig;
  problems: ConfigProblem[];
}

export interface ParsedSettings {
  config: PartialEngineConfig;
  problems: SettingProblem[];
}
