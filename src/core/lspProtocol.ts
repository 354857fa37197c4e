// Custom requests between the PyOps extension and its language server.

/** Checks every Python file of the workspace; results arrive as workspace diagnostics. */
export const CHECK_WORKSPACE_REQUEST = 'pyops/checkWorkspace';

export interface CheckWorkspaceResult {
  files: number;
  findings: number;
  skipped: number;
}

/** Client command (uri, range): selects a range in an open editor, e.g. the value a quick fix guessed. */
export const SELECT_RANGE_COMMAND = 'pyops.selectRange';

/** The rule catalog (for "PyOps: Show Rule Documentation…"). */
export const RULE_CATALOG_REQUEST = 'pyops/ruleCatalog';

export interface RuleCatalogEntry {
  code: string;
  name: string;
  summary: string;
  defaultSeverity: string;
}

/** What applies to one document: shown in the language status item. */
export const DOCUMENT_STATUS_REQUEST = 'pyops/documentStatus';

export interface DocumentStatusParams {
  uri: string;
}

export interface DocumentStatus {
  /** pyops.diagnostics.enable for this document. */
  diagnosticsEnabled: boolean;
  /** The config file's exclude (with force-exclude) leaves this file out. */
  excluded: boolean;
  /** The .pyops.yaml in force (absolute path), or null when only settings apply. */
  configFile: string | null;
  /** Rules that run on this document (select/ignore, severity "off" and per-path ignores applied). */
  enabledRules: number;
  totalRules: number;
}
