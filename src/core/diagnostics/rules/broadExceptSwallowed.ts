// OPS106: except Exception that neither logs nor re-raises.
import type { RuleImpl } from '../rule';
import { mentions } from '../usage';
import { catchesBaseException, catchesException, exits, reports } from './shared';

export const broadExceptSwallowed: RuleImpl = {
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
  handler(h, cx) {
    if (h.broken || catchesBaseException(h) || !catchesException(h)) return;
    if (h.raises || exits(h, cx) || reports(h, cx)) return;
    if (h.alias && mentions(cx.text, h.alias, cx.abs(h.body.s), cx.abs(h.body.e))) return;
    cx.report(cx.abs(h.header.s), cx.abs(h.header.e));
  },
};
