// OPS202: print() in a module that uses logging.
import type { RuleImpl } from '../rule';
import { ensureModuleLogger } from '../fixEdits';

export const printInLoggingModule: RuleImpl = {
  meta: {
    code: 'OPS202',
    name: 'print-in-logging-module',
    category: 'logging',
    summary: 'print() in a module that uses logging bypasses levels, timestamps and handlers: log the message instead.',
    defaultSeverity: 'information',
    equivalents: ['ruff:T201'],
    fixable: 'unsafe',
  },
  message: 'print() in a module that uses logging bypasses the job log: use a logger call',
  call(c, cx) {
    if (c.tail !== 'print' || c.receiver !== null || !c.print || !cx.facts.importsLogging) return;
    if (!cx.facts.calleeIs(c, 'builtins.print') || c.print.positional === 0) return;
    const file = c.print.file.replace(/\s+/g, '');
    let level: 'info' | 'error';
    if (file === '') level = 'info';
    else if (cx.facts.resolve(file, c.scope).includes('sys.stderr')) level = 'error';
    else return; // explicit stdout or a file: deliberate output, not status
    let fix;
    if (c.print.argsText !== null) {
      const logger = ensureModuleLogger(cx);
      const edits = [{ s: cx.abs(c.span.s), e: cx.abs(c.span.e), text: `${logger.name}.${level}(${c.print.argsText})` }];
      if (logger.edit) edits.push(logger.edit);
      fix = { title: `Log it with ${logger.name}.${level}()`, safe: false, edits };
    }
    cx.report(
      cx.abs(c.calleeSpan.s),
      cx.abs(c.calleeSpan.e),
      fix,
      level === 'error'
        ? 'print() to stderr in a module that uses logging bypasses the job log: use logger.error(...)'
        : 'print() in a module that uses logging bypasses the job log: use logger.info(...)',
    );
  },
};
