// OPS105: bare except / except BaseException that does not re-raise.
import { ensureImport, ensureModuleLogger, insert, replace } from '../fixEdits';
import type { HandlerRec } from '../model';
import { defineRule, type DraftEdit, type DraftFix, type RuleContext } from '../rule';
import { mayCatchBaseException } from './handlerText';
import { catchesBaseException, EXIT_CALLS, exits, exitsHandledEarlier, REPORTING_CALLS, reports } from './shared';

/** The message of the log call the combined fix adds: selected for the user to adjust. */
const LOG_MESSAGE = 'Unexpected error';

/**
 * `call` as the handler's first statement: on its own line before the body (a lone `pass` is
 * replaced), or before the body on the `except` line itself (`except: continue`).
 */
function bodyInsert(h: HandlerRec, cx: RuleContext, call: string): DraftEdit {
  if (cx.slice(h.body).trim() === 'pass') return replace({ s: h.body.s, e: h.body.s + 'pass'.length }, call);
  const indent = cx.lineBefore(h.body.s);
  return /^[ \t]*$/.test(indent) ? insert(h.body.s, `${call}${cx.eol}${indent}`) : insert(h.body.s, `${call}; `);
}

/**
 * `except:` becomes `except Exception:`. When the handler does not report the error, that alone
 * would leave an OPS106 finding (a swallowed Exception), so the fix also reports it: with the
 * module logger in a module that uses logging, else with traceback.print_exc().
 */
function catchExceptionFix(h: HandlerRec, cx: RuleContext): DraftFix | undefined {
  const header = insert(h.header.s + 'except'.length, ' Exception');
  if (reports(h, cx)) return { title: 'Catch Exception instead', safe: false, edits: [header] };
  if (cx.facts.importsLogging) {
    const logger = ensureModuleLogger(cx, h.span.s, h.scope === null);
    if (!logger) return undefined; // no logger can be defined before this code runs
    const edits = [bodyInsert(h, cx, `${logger.name}.exception("${LOG_MESSAGE}")`), header];
    if (logger.edit) edits.push(logger.edit);
    // The message is selected after the fix, unless an edit before it (on its line, or above) moves it.
    const moved = logger.edit !== null || !/^[ \t]*$/.test(cx.lineBefore(h.body.s));
    return {
      title: `Catch Exception and log it with ${logger.name}.exception()`,
      safe: false,
      edits,
      ...(moved ? {} : { placeholder: LOG_MESSAGE }),
    };
  }
  const traceback = ensureImport('traceback', cx);
  if (!traceback) return undefined;
  const edits = [bodyInsert(h, cx, `${traceback.name}.print_exc()`), header];
  if (traceback.edit) edits.push(traceback.edit);
  return { title: 'Catch Exception and print its traceback', safe: false, edits };
}

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
  // The reporting calls decide whether the fix must add one (as OPS106 would ask).
  needs: { handlerCalls: [...EXIT_CALLS, ...REPORTING_CALLS], handlersMatterIn: mayCatchBaseException },
  handler(h, cx) {
    if (h.broken || !catchesBaseException(h) || h.raises || exits(h, cx) || exitsHandledEarlier(h)) return;
    if (h.bare) {
      // Built when asked for: it reads the whole module (a logger to use, where an import goes).
      cx.report(h.header, { fix: (cx) => catchExceptionFix(h, cx) });
    } else {
      cx.report(h.header, {
        message: 'except BaseException also catches KeyboardInterrupt and SystemExit: catch Exception (or narrower), or re-raise',
      });
    }
  },
});
