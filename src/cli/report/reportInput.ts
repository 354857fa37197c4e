// What every output format receives.
import type { RuleMeta } from '../../core/diagnostics/types';
import type { CheckRun } from '../checkFiles';
import type { Palette } from '../colour';

export interface ReportInput {
  run: CheckRun;
  cwd: string;
  /** Whether --fix was given (changes the summary wording). */
  fix: boolean;
  /** Whether --unsafe-fixes was given: unsafe fixes count as fixable (`[*]`). */
  unsafeFixes?: boolean;
  /** Base of the rule links (`docs-url`); no links without one. */
  docsUrl?: string;
  /** Colours for the text formats; plain when absent. */
  palette?: Palette;
  quiet: boolean;
  rules: readonly RuleMeta[];
  version: string;
}

export function countFindings(run: CheckRun): number {
  return run.checked.reduce((total, file) => total + file.findings.length, 0);
}

export function countFixed(run: CheckRun): number {
  return run.checked.reduce((total, file) => total + file.fixed, 0);
}
