// OPS105: bare except / except BaseException that does not re-raise.
import type { RuleImpl } from '../rule';
import { catchesBaseException, exits, exitsHandledEarlier } from './shared';

export const bareExcept: RuleImpl = {
  meta: {
    code: 'OPS105',
    name: 'bare-except',
    category: 'error-handling',
    summary: 'Bare except/except BaseException that does not re-raise also swallows Ctrl-C and sys.exit(): catch Exception or re-raise.',
    defaultSeverity: 'warning',
    equivalents: ['ruff:E722', 'pylint:W0702', 'ruff:BLE001', 'pylint:W0718', 'ruff:S110', 'ruff:S112', 'bandit:B110', 'bandit:B112'],
    fixable: 'unsafe',
  },
  message: 'Bare except also catches KeyboardInterrupt and SystemExit: catch Exception (or narrower), or re-raise',
  handler(h, cx) {
    if (h.broken || !catchesBaseException(h) || h.raises || exits(h, cx) || exitsHandledEarlier(h)) return;
    const s = cx.abs(h.header.s);
    if (h.bare) {
      const at = s + 'except'.length;
      cx.report(s, cx.abs(h.header.e), {
        title: 'Catch Exception instead',
        safe: false,
        edits: [{ s: at, e: at, text: ' Exception' }],
      });
    } else {
      cx.report(
        s,
        cx.abs(h.header.e),
        undefined,
        'except BaseException also catches KeyboardInterrupt and SystemExit: catch Exception (or narrower), or re-raise',
      );
    }
  },
};
