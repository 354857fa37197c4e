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
