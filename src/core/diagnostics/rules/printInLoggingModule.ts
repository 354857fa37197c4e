// OPS202: print() in a module that uses logging.
import { ensureModuleLogger, replace } from '../fixEdits';
import { calleeText } from '../pythonNames';
import { defineRule, type RuleContext } from '../rule';
import { printAsLogArgs } from './logArgs';
import { keyword, wantsTraceback } from './shared';

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

/** What a print() call prints, read from the tree. */
interface PrintInfo {
  /** Replacement for the text between the parentheses, or null when the output cannot be kept exactly. */
  argsText: string | null;
  /** The `file=` argument as written ("" when absent). */
  file: string;
  positional: number;
  /** The callee of the only positional argument when that is a call (`json.dumps`, `df.to_csv`), else null. */
  argCallee: string | null;
}

export const printInLoggingModule = defineRule<PrintInfo>({
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
  // Handlers too: a print to stderr inside one becomes logger.exception(), keeping the traceback.
  // Reported only in a module that imports logging (importsLogging).
  needs: { calls: ['builtins.print'], callsMatterWith: ['logging'], handlers: true },
  callDetail(site) {
    const c = site.record;
    if (c.tail !== 'print' || c.receiver !== null || !c.args) return null;
    const file = keyword(c, 'file');
    const end = keyword(c, 'end');
    const hasSplat = c.args.some((a) => a.kind === 'star' || a.kind === 'dstar');
    const keepsEnd = !end || /^(["'])\\n\1$/.test(site.slice(end.value));
    const args = site.positional;
    return {
      argsText: hasSplat || !keepsEnd ? null : printAsLogArgs(args, site.keyword('sep'), site.text),
      file: file ? site.slice(file.value) : '',
      positional: args.length,
      argCallee: args.length === 1 && args[0].type === 'call' ? calleeText(args[0], site.text) : null,
    };
  },
  call(c, cx, print) {
    if (c.tail !== 'print' || c.receiver !== null || !print || !cx.facts.importsLogging) return;
    if (!cx.facts.calleeIs(c, 'builtins.print') || print.positional === 0) return;
    const file = print.file.replace(/\s+/g, '');
    let level: 'info' | 'error';
    if (file === '') level = 'info';
    else if (cx.facts.resolve(file, c.scope).includes('sys.stderr')) level = 'error';
    else return; // explicit stdout or a file: deliberate output, not status
    // Printing serialised data (`print(json.dumps(result))`) is the program's output, not status.
    const data = print.argCallee;
    if (level === 'info' && data && (DATA_METHOD.test(data) || cx.facts.resolve(data, c.scope).some((q) => DATA_OUTPUT.has(q)))) return;
    const argsText = print.argsText;
    // Built when asked for: finding or defining the module logger reads the whole module.
    const fix =
      argsText === null
        ? undefined
        : (cx: RuleContext) => {
            const logger = ensureModuleLogger(cx, c.span.s, c.moduleLevel);
            if (!logger) return undefined;
            // An error reported while handling an exception keeps its traceback (else OPS201 would follow).
            const method = level === 'error' && c.handler && wantsTraceback(c.handler) ? 'exception' : level;
            const edits = [replace(c.span, `${logger.name}.${method}(${argsText})`)];
            if (logger.edit) edits.push(logger.edit);
            return { title: `Log it with ${logger.name}.${method}()`, safe: false, edits };
          };
    cx.report(c.calleeSpan, {
      fix,
      message:
        level === 'error'
          ? 'print() to stderr in a module that uses logging bypasses the job log: use logger.error(...)'
          : 'print() in a module that uses logging bypasses the job log: use logger.info(...)',
    });
  },
});
