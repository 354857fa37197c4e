// OPS105: bare except / except BaseException that does not re-raise.
import { defineRule } from '../rule';
import { catchesBaseException, EXIT_CALLS, exits, exitsHandledEarlier } from './shared';

export const bareExcept = defineRule({
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
  needs: { handlerCalls: EXIT_CALLS },
  handler(h, cx) {
    if (h.broken || !catchesBaseException(h) || h.raises || exits(h, cx) || exitsHandledEarlier(h)) return;
    if (h.bare) {
      const at = h.header.s + 'except'.length;
      cx.report(h.header, { fix: { title: 'Catch Exception instead', safe: false, edits: [{ s: at, e: at, text: ' Exception' }] } });
    } else {
      cx.report(h.header, { message: 'except BaseException also catches KeyboardInterrupt and SystemExit: catch Exception (or narrower), or re-raise' });
    }
  },
});
