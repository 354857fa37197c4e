// OPS205: root-logger calls in an importable module.
import { ensureModuleLogger, replace } from '../fixEdits';
import { LOG_METHODS } from '../pythonNames';
import { defineRule } from '../rule';

export const rootLoggerCall = defineRule({
  meta: {
    code: 'OPS205',
    name: 'root-logger-call',
    category: 'logging',
    summary:
      'logging.info() and friends in an importable module log through the root logger: use a module logger (logging.getLogger(__name__)).',
    defaultSeverity: 'information',
    equivalents: ['ruff:LOG015'],
    fixable: 'safe',
  },
  message: 'Root-logger call in an importable module: use a module logger, logging.getLogger(__name__)',
  needs: { calls: [...LOG_METHODS].map((m) => `logging.${m}`) },
  call(c, cx) {
    if (!LOG_METHODS.has(c.tail) || cx.facts.isScript || cx.facts.loggerKind(c) !== 'root') return;
    // The fix is built when asked for: finding or defining the module logger reads the whole module.
    cx.report(c.calleeSpan, {
      fix: (cx) => {
        const logger = ensureModuleLogger(cx, c.span.s, c.moduleLevel);
        // No place where a module logger is sure to exist before this call runs: no fix.
        if (!logger) return undefined;
        const edits = c.receiverSpan ? [replace(c.receiverSpan, logger.name)] : [replace(c.calleeSpan, `${logger.name}.${c.tail}`)];
        if (logger.edit) edits.push(logger.edit);
        return { title: `Log through the module logger (${logger.name})`, safe: true, edits };
      },
    });
  },
});
