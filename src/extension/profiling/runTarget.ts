// What a profile run launches when it is not simply "the file, with the pyops.profile settings":
// a module (python -m), a launch configuration or a test. Each entry point resolves its target
// fully before the run; the runner only applies it. Stored with the run so Rerun repeats it.

import type * as vscode from 'vscode';
import type { ProfileError } from '../../core/profile/errors';
import type { Profile } from '../../core/profile/model';
import type { InterpreterChoice } from './interpreter';

/** How to run a target again (JSON, kept in the run store). */
export type StoredTarget =
  | { kind: 'module'; module: string; folder: string | null }
  /** The configuration as written (variables unresolved: a rerun resolves them again, as VS Code's restart does). */
  | { kind: 'launch'; name: string; folder: string | null; configuration: Record<string, unknown> }
  | { kind: 'test'; file: string; nodeId: string; folder: string | null };

export interface RunTarget {
  /** The file or folder whose settings (pyops.*, python.*) and interpreter apply. */
  resource: vscode.Uri | undefined;
  /** Run this module as `python -m` does instead of the script file. */
  module?: string;
  /** Working directory. Default: pyops.profile.cwd, else the workspace folder. */
  cwd?: string;
  /**
   * Variables set over the extension host's environment (undefined removes one). Default: the
   * Python extension's environment plus pyops.profile.envFile and .env.
   */
  env?: Record<string, string | undefined>;
  /** The interpreter. Default: the Python extension's, pyops.python.path, python3 on PATH. */
  interpreter?: InterpreterChoice;
  /** Options for the interpreter (a launch configuration's pythonArgs). */
  interpreterArgs?: string[];
  /** Problems found while resolving the target, shown before the run's output. */
  warnings?: string[];
  /** What the output and the notification call the run, e.g. `python -m tools.deploy`. */
  description: string;
  stored: StoredTarget;
  /** A clearer message than the generic one for a run that could not start (e.g. pytest not installed). */
  explainFailure?(error: ProfileError): string | undefined;
  /** Called with the profile once the run ended (e.g. to tell that pytest found no test). */
  afterRun?(profile: Profile): void;
}

export function isStoredTarget(value: unknown): value is StoredTarget {
  if (typeof value !== 'object' || value === null) return false;
  const t = value as Record<string, unknown>;
  const folder = t.folder === null || typeof t.folder === 'string';
  switch (t.kind) {
    case 'module':
      return typeof t.module === 'string' && folder;
    case 'launch':
      return typeof t.name === 'string' && typeof t.configuration === 'object' && t.configuration !== null && folder;
    case 'test':
      return typeof t.file === 'string' && typeof t.nodeId === 'string' && folder;
    default:
      return false;
  }
}
