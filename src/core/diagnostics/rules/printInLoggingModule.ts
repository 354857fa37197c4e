// OPS202: print() in a module that uses logging.
import type { RuleImpl } from '../rule';
import { ensureModuleLogger } from '../fixEdits';

/** Serialisers whose text, printed, is the program's output (a report), not a status message. */
const DATA_OUTPUT = new Set([
  'json.dumps',
  'yaml.dump',
  'yaml.safe_dump',
  'yaml.dump_all',
  'yaml.safe_dump_all',
  'toml.dumps',
  'tomli_w.dumps',
  'tabulate.tabulate',
  'pprint.pformat',
]);
/** Methods that render data as text (pandas, pydantic...). */
const DATA_METHOD = /\.(?:to_json|to_csv|to_string|to_markdown|to_yaml|model_dump_json)$/;

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
    // Printing serialised data (`print(json.dumps(result))`) is the program's output, not status.
    const data = c.print.argCallee;
    if (level === 'info' && data && (DATA_METHOD.test(data) || cx.facts.resolve(data, c.scope).some((q) => DATA_OUTPUT.has(q)))) return;
    let fix;
    const logger = c.print.argsText !== null ? ensureModuleLogger(cx, cx.abs(c.span.s), c.moduleLevel) : null;
    if (c.print.argsText !== null && logger) {
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
