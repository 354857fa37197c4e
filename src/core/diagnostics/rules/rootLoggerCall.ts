// OPS205: root-logger calls in an importable module.
import { LOG_METHODS } from '../extract';
import type { RuleImpl } from '../rule';
import { ensureModuleLogger } from '../fixEdits';

export const rootLoggerCall: RuleImpl = {
  meta: {
    code: 'OPS205',
    name: 'root-logger-call',
    category: 'logging',
    summary: 'logging.info() and friends in an importable module log through the root logger: use a module logger (logging.getLogger(__name__)).',
    defaultSeverity: 'information',
    equivalents: ['ruff:LOG015'],
    fixable: 'safe',
  },
  message: 'Root-logger call in an importable module: use a module logger, logging.getLogger(__name__)',
  call(c, cx) {
    if (!LOG_METHODS.has(c.tail) || cx.facts.isScript || cx.facts.loggerKind(c) !== 'root') return;
    const logger = ensureModuleLogger(cx, cx.abs(c.span.s), c.moduleLevel);
    if (!logger) {
      // No place where a module logger is sure to exist before this call runs: no fix.
      cx.report(cx.abs(c.calleeSpan.s), cx.abs(c.calleeSpan.e));
      return;
    }
    const edits = c.receiverSpan
      ? [{ s: cx.abs(c.receiverSpan.s), e: cx.abs(c.receiverSpan.e), text: logger.name }]
      : [{ s: cx.abs(c.calleeSpan.s), e: cx.abs(c.calleeSpan.e), text: `${logger.name}.${c.tail}` }];
    if (logger.edit) edits.push(logger.edit);
    cx.report(cx.abs(c.calleeSpan.s), cx.abs(c.calleeSpan.e), {
      title: `Log through the module logger (${logger.name})`,
      safe: true,
      edits,
    });
  },
};
