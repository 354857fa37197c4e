// OPS107: a handler that only passes/continues.
import { defineRule } from '../rule';
import { mayOnlyPass } from './handlerText';
import { catchesBaseException, catchesException, catchesOnlyExpected } from './shared';

export const exceptPass = defineRule({
  meta: {
    code: 'OPS107',
    name: 'except-pass',
    category: 'error-handling',
    summary:
      'A handler whose body only passes or continues hides the error: handle or log it, or use contextlib.suppress for expected ones.',
    defaultSeverity: 'warning',
    equivalents: ['ruff:S110', 'ruff:S112', 'bandit:B110', 'bandit:B112', 'ruff:SIM105'],
    fixable: 'none',
  },
  message: 'This handler silently ignores the error: handle or log it (or use contextlib.suppress if it is expected)',
  needs: { handlersMatterIn: mayOnlyPass },
  handler(h, cx) {
    if (h.broken || !h.passOnly) return;
    // Broad handlers are reported by bare-except / broad-except-swallowed.
    if (catchesBaseException(h) || catchesException(h) || catchesOnlyExpected(h)) return;
    const caught = h.typeNames.length === 1 ? h.typeNames[0] : `(${h.typeNames.join(', ')})`;
    cx.report(h.header, {
      message: `except ${caught} silently ignores the error: handle or log it (or use contextlib.suppress(${h.typeNames.join(', ')}) if it is expected)`,
    });
  },
});
