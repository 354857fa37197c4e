// Small questions several rules ask about calls and handlers.
import type { ArgRec, CallRec, HandlerRec } from '../model';
import type { RuleContext } from '../rule';

/**
 * Whether a call is made in one of the user's subprocess helpers (the `checked-subprocess-helpers`
 * option), which deal with the exit status of the processes they start themselves.
 */
export function insideCheckedHelper(c: CallRec, cx: RuleContext): boolean {
  if (!c.scope || cx.facts.checkedHelpers.size === 0) return false;
  const name = c.scope.name;
  for (const helper of cx.facts.checkedHelpers) {
    if (name === helper || helper.endsWith(`.${name}`) || name.endsWith(`.${helper}`)) return true;
  }
  return false;
}

/** Text before a name that binds it: `with open(p) as name`, `except E as name`. */
const AS_BINDING = /\bas[ \t]+$/;

/**
 * Whether the value a call bound to `name` is looked at in the call's scope: an attribute `looks`
 * accepts is read from it (`r.returncode`, `resp.status_code`), or it is used whole (returned,
 * passed on, compared, stored, yielded), where someone else may look at it. With `afterOnly`, only
 * uses after the call count (a name reused for the next call's result is judged by what follows).
 * Data flow for the rules about results that must be checked (OPS101, OPS111).
 */
export function boundValueLookedAt(
  c: CallRec,
  name: string,
  cx: RuleContext,
  looks: (attr: string) => boolean,
  afterOnly = false,
): boolean {
  for (const use of cx.uses(name, cx.scopeSpan(c.scope))) {
    if (use.rebinding || (afterOnly && use.pos < c.span.e)) continue;
    // `with ... as name:` binds the name, as `name =` does.
    if (AS_BINDING.test(cx.lineBefore(use.pos))) continue;
    if (use.attr === null || looks(use.attr)) return true;
  }
  return false;
}

export function keyword(c: CallRec, name: string): ArgRec | undefined {
  return c.args?.find((a) => a.kind === 'kw' && a.name === name);
}

export function positional(c: CallRec): ArgRec[] {
  return c.args?.filter((a) => a.kind === 'pos') ?? [];
}

/** `**kwargs` may carry any keyword, so rules about missing keywords stay quiet. */
export function hasKwargs(c: CallRec): boolean {
  return c.args?.some((a) => a.kind === 'dstar') ?? false;
}

export function hasStarArgs(c: CallRec): boolean {
  return c.args?.some((a) => a.kind === 'star') ?? false;
}

export function argValue(cx: RuleContext, a: ArgRec): string {
  return cx.slice(a.value).trim();
}

function lastSegment(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1);
}

/**
 * Exceptions that are commonly expected and fine to ignore quietly: a file or process that is
 * already gone, a closed pipe, Ctrl-C, an optional import, iteration protocol, an empty queue,
 * a missing dict key. Handlers catching only these are not reported by the pass-only and
 * missing-traceback rules.
 */
export const EXPECTED_EXCEPTIONS = new Set([
  'FileNotFoundError',
  'FileExistsError',
  'ProcessLookupError',
  'ChildProcessError',
  'BrokenPipeError',
  'KeyboardInterrupt',
  'ImportError',
  'ModuleNotFoundError',
  'StopIteration',
  'StopAsyncIteration',
  'GeneratorExit',
  'CancelledError',
  'Empty',
  'Full',
  'KeyError',
]);

export function catchesOnlyExpected(h: HandlerRec): boolean {
  return !h.bare && h.typeNames.length > 0 && h.typeNames.every(isExpectedException);
}

/** Whether a caught type's name (as HandlerRec.typeNames holds it) is one of EXPECTED_EXCEPTIONS. */
export function isExpectedException(name: string): boolean {
  return EXPECTED_EXCEPTIONS.has(lastSegment(name));
}

export function catchesBaseException(h: HandlerRec): boolean {
  return h.bare || h.typeNames.some((n) => n === 'BaseException' || n === 'builtins.BaseException');
}

export function catchesException(h: HandlerRec): boolean {
  return h.typeNames.some((n) => n === 'Exception' || n === 'builtins.Exception');
}

/** Calls that end the program: in an except clause, the error is not silently lost. */
export const EXIT_CALLS: readonly string[] = ['sys.exit', 'os._exit', 'os.abort', 'builtins.exit', 'builtins.quit'];

/** The handler ends the program (sys.exit and friends): the error is not silently lost. */
export function exits(h: HandlerRec, cx: RuleContext): boolean {
  return h.calls.some((c) => cx.facts.calleeIs(c, ...EXIT_CALLS));
}

/** Called names that say they deal with the error: handle_error(), report_failure(), notify(), alert()... */
export const HANDLING_NAME = /error|fail|exception|report|alert|notify|handle|abort|fatal|die$/i;

/** Calls (besides logging and the traceback module) that report an error. */
export const REPORTING_CALLS: readonly string[] = [
  'warnings.warn',
  'traceback.print_exc',
  'traceback.print_exception',
  'traceback.format_exc',
];

/** The handler reports the error: a logging call, traceback printing, a warning, or an error handler. */
export function reports(h: HandlerRec, cx: RuleContext): boolean {
  return h.calls.some((c) => {
    if (cx.facts.isLoggingCall(c) || HANDLING_NAME.test(c.tail)) return true;
    return cx.facts.resolveCallee(c).some((q) => q.startsWith('traceback.') || q === 'warnings.warn');
  });
}

/**
 * An error logged in this handler should carry its traceback (what OPS201 asks of logger.error()):
 * nothing but SystemExit is re-raised, and the errors caught are not all routinely expected.
 */
export function wantsTraceback(h: HandlerRec): boolean {
  return !h.raised.some((name) => !/(?:^|\.)SystemExit$/.test(name)) && !catchesOnlyExpected(h);
}

/** Earlier clauses of the same try already take KeyboardInterrupt and SystemExit (or everything). */
export function exitsHandledEarlier(h: HandlerRec): boolean {
  const last = h.earlierTypes.map(lastSegment);
  return last.includes('BaseException') || (last.includes('KeyboardInterrupt') && last.includes('SystemExit'));
}
