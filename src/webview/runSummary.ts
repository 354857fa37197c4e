// The words of the viewer's header: how a run ended, which interpreter ran it. Pure.

import type { RunInfo } from '../core/profile/model';

export type Tone = 'ok' | 'warning' | 'error' | 'neutral';

export interface StatusText {
  label: string;
  /** One sentence for the tooltip / screen readers. */
  detail: string;
  tone: Tone;
}

export function exitStatusText(run: RunInfo): StatusText {
  switch (run.exitStatus) {
    case 'completed':
      return { label: 'Completed', detail: 'The script finished normally (exit code 0).', tone: 'ok' };
    case 'exited': {
      const code = run.exitCode ?? 0;
      return code === 0
        ? { label: 'Exited (0)', detail: 'The script called sys.exit(0).', tone: 'ok' }
        : { label: `Exited (${code})`, detail: `The script called sys.exit(${code}).`, tone: 'warning' };
    }
    case 'raised': {
      const type = run.exception?.type ?? 'an exception';
      return {
        label: `Raised ${type}`,
        detail: `The script ended with an uncaught ${type} (exit code ${run.exitCode ?? 1}); the profile covers everything up to it.`,
        tone: 'error',
      };
    }
    case 'cancelled':
      return {
        label: 'Cancelled',
        detail: 'You stopped the run; the profile holds what ran until then (partial).',
        tone: 'warning',
      };
    case 'unknown':
    default:
      return { label: 'Loaded from file', detail: 'This profile was read from a .prof file; how that run ended is unknown.', tone: 'neutral' };
  }
}

export function interpreterText(run: RunInfo): string {
  const i = run.interpreter;
  const version = [i.implementation, i.version].filter((s) => s && s !== 'unknown').join(' ');
  const where = i.executable || i.path;
  return version ? `${version} (${where})` : where;
}

/** Arguments as a shell would need them, quoted only where needed (for display). */
export function argsText(args: readonly string[]): string {
  if (args.length === 0) return '(none)';
  return args.map((a) => (a === '' ? "''" : /[\s'"\\$`]/.test(a) ? `'${a.replace(/'/g, `'\\''`)}'` : a)).join(' ');
}
