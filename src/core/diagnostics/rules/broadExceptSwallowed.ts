// OPS106: except Exception that neither logs nor re-raises.
import { defineRule } from '../rule';
import { mayCatchException } from './handlerText';
import { catchesBaseException, catchesException, EXIT_CALLS, exits, REPORTING_CALLS, reports } from './shared';

export const broadExceptSwallowed = defineRule({
  meta: {
    code: 'OPS106',
    name: 'broad-except-swallowed',
    category: 'error-handling',
    summary: 'except Exception that neither logs, uses nor re-raises the error loses it: log it (logger.exception) or re-raise.',
    defaultSeverity: 'warning',
    equivalents: ['ruff:BLE001', 'pylint:W0718', 'ruff:S110', 'ruff:S112', 'bandit:B110', 'bandit:B112'],
    fixable: 'none',
  },
  message: 'except Exception swallows the error: log it with logger.exception(...) or re-raise',
  needs: { handlerCalls: [...EXIT_CALLS, ...REPORTING_CALLS], handlersMatterIn: mayCatchException },
  handler(h, cx) {
    if (h.broken || catchesBaseException(h) || !catchesException(h)) return;
    if (h.raises || exits(h, cx) || reports(h, cx)) return;
    if (h.alias && cx.mentions(h.alias, h.body)) return;
    cx.report(h.header);
  },
});
