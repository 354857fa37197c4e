// OPS201: logger.error() inside except without exc_info.
import type { RuleImpl } from '../rule';
import { catchesOnlyExpected, hasKwargs, keyword } from './shared';

export const logErrorWithoutTraceback: RuleImpl = {
  meta: {
    code: 'OPS201',
    name: 'log-error-without-traceback',
    category: 'logging',
    summary: 'logger.error() inside except without exc_info drops the traceback: use logger.exception().',
    defaultSeverity: 'warning',
    equivalents: ['ruff:TRY400'],
    fixable: 'safe',
  },
  message: 'logger.error() inside except drops the traceback: use logger.exception(...)',
  call(c, cx) {
    const h = c.handler;
    if (c.tail !== 'error' || !h || !c.args) return;
    if (keyword(c, 'exc_info') || hasKwargs(c)) return;
    // A re-raised error keeps its traceback; expected errors rarely need one.
    if (h.raises || catchesOnlyExpected(h)) return;
    const kind = cx.facts.loggerKind(c);
    if (!kind) return;
    const receiver = c.receiver ?? (kind === 'root' ? 'logging' : 'logger');
    cx.report(
      cx.abs(c.calleeSpan.s),
      cx.abs(c.calleeSpan.e),
      c.receiver !== null
        ? { title: `Use ${receiver}.exception()`, safe: true, edits: [{ s: cx.abs(c.tailSpan.s), e: cx.abs(c.tailSpan.e), text: 'exception' }] }
        : undefined,
      `${receiver}.error() inside except drops the traceback: use ${receiver}.exception(...)`,
    );
  },
};
