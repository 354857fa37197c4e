// OPS201: logger.error() (or critical()) inside except without exc_info.
import { addKeyword, replace } from '../fixEdits';
import { defineRule } from '../rule';
import { hasKwargs, keyword, wantsTraceback } from './shared';

export const logErrorWithoutTraceback = defineRule({
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
  // Reported only on a call the facts know logs (loggerKind).
  needs: { methods: ['error', 'critical', 'fatal'], methodsOf: ['logging'], handlers: true },
  call(c, cx) {
    const h = c.handler;
    const critical = c.tail === 'critical' || c.tail === 'fatal';
    if ((c.tail !== 'error' && !critical) || !h || !c.args) return;
    if (keyword(c, 'exc_info') || hasKwargs(c)) return;
    if (!wantsTraceback(h)) return;
    const kind = cx.facts.loggerKind(c);
    if (!kind) return;
    const receiver = c.receiver ?? (kind === 'root' ? 'logging' : 'logger');
    if (critical) {
      // There is no critical() twin of exception(): keep the call and ask for the traceback.
      const edit = addKeyword(c, 'exc_info=True');
      cx.report(c.calleeSpan, {
        fix: edit ? { title: 'Add exc_info=True', safe: true, edits: [edit] } : undefined,
        message: `${receiver}.${c.tail}() inside except drops the traceback: pass exc_info=True`,
      });
      return;
    }
    cx.report(c.calleeSpan, {
      fix:
        c.receiver !== null ? { title: `Use ${receiver}.exception()`, safe: true, edits: [replace(c.tailSpan, 'exception')] } : undefined,
      message: `${receiver}.error() inside except drops the traceback: use ${receiver}.exception(...)`,
    });
  },
});
