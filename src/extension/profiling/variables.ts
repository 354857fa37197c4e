// `${workspaceFolder}`-style variables in profiling settings. Pure (no vscode import).

export interface VariableContext {
  /** The workspace folder holding the script, if any. */
  workspaceFolder: string | undefined;
  /** Absolute path of the script. */
  file: string;
  /** The user's home folder. */
  userHome: string;
  env: Record<string, string | undefined>;
}

export interface SubstitutionResult {
  value: string;
  /** Variables that could not be resolved (left as written), for a warning. */
  unresolved: string[];
}

function dirname(path: string): string {
  const index = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  if (index < 0) return '.';
  if (index === 0) return path.slice(0, 1);
  return path.slice(0, index);
}

function basename(path: string): string {
  const trimmed = path.replace(/[\\/]+$/, '');
  return trimmed.slice(Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\')) + 1);
}

/**
 * Replaces `${workspaceFolder}`, `${workspaceFolderBasename}`, `${file}`, `${fileDirname}`,
 * `${fileBasename}`, `${userHome}` and `${env:NAME}` (empty when NAME is unset, as in VS Code).
 */
export function substituteVariables(text: string, context: VariableContext): SubstitutionResult {
  const unresolved: string[] = [];
  const value = text.replace(/\$\{([^}]+)\}/g, (whole, name: string) => {
    if (name.startsWith('env:')) return context.env[name.slice(4)] ?? '';
    switch (name) {
      case 'workspaceFolder':
        if (context.workspaceFolder !== undefined) return context.workspaceFolder;
        break;
      case 'workspaceFolderBasename':
        if (context.workspaceFolder !== undefined) return basename(context.workspaceFolder);
        break;
      case 'file':
        return context.file;
      case 'fileDirname':
        return dirname(context.file);
      case 'fileBasename':
        return basename(context.file);
      case 'userHome':
        return context.userHome;
    }
    unresolved.push(whole);
    return whole;
  });
  return { value, unresolved };
}
