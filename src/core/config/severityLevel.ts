// Severity words accepted in config, with the short forms people type out of habit.
import type { SeverityLevel } from '../diagnostics/types';

const LEVELS: Record<string, SeverityLevel> = {
  error: 'error',
  warning: 'warning',
  warn: 'warning',
  information: 'information',
  info: 'information',
  hint: 'hint',
  off: 'off',
};

export const SEVERITY_WORDS: readonly string[] = ['error', 'warning', 'information', 'hint', 'off'];

export function parseSeverityLevel(raw: string): SeverityLevel | undefined {
  return LEVELS[raw.trim().toLowerCase()];
}
