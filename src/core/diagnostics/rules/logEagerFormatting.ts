// OPS204: eager formatting in a log call.
import { replace } from '../fixEdits';
import { LOG_METHODS } from '../pythonNames';
import { defineRule, type RuleContext } from '../rule';
import { analyzeMessage, type EagerMessage } from './logArgs';

const HOW: Record<string, string> = {
  fstring: 'an f-string',
  percent: '% formatting',
  format: 'str.format()',
  concat: 'string concatenation',
};

export const logEagerFormatting = defineRule<EagerMessage>({
  meta: {
    code: 'OPS204',
    name: 'log-eager-formatting',
    category: 'logging',
    summary: 'A log message built eagerly (f-string, %, .format, +) is formatted even when the level is off: pass lazy %s arguments.',
    defaultSeverity: 'information',
    equivalents: ['ruff:G001', 'ruff:G002', 'ruff:G003', 'ruff:G004', 'pylint:W1201', 'pylint:W1202', 'pylint:W1203'],
    fixable: 'safe',
  },
  message: 'Log message is formatted eagerly: pass lazy %s arguments',
  // Reported only on a call the facts know logs (loggerKind).
  needs: { methods: [...LOG_METHODS], methodsOf: ['logging'] },
  /** How the message argument is built, and its lazy rewrite (read from the tree). */
  callDetail(site) {
    const messageIndex = site.record.tail === 'log' ? 1 : 0;
    const message = site.positional[messageIndex];
    if (message) return analyzeMessage(message, site.text, site.span(message), site.positional.length > messageIndex + 1);
    // `msg=` is reported too; a lazy rewrite would need positional arguments, so it gets no fix.
    const keyword = site.keyword('msg');
    const eager = keyword ? analyzeMessage(keyword, site.text, site.span(keyword), true) : null;
    return eager && { ...eager, lazy: null };
  },
  call(c, cx, eager) {
    if (!eager || !cx.facts.loggerKind(c)) return;
    let lazy = eager.lazy;
    let safe = eager.exact;
    if (eager.concat) {
      // `"a" + str(x)` -> `"a%s", x` holds only while `str` is the builtin; otherwise keep the text.
      const builtin = strIsBuiltin(cx);
      if (builtin) lazy = eager.concat.lazyWithoutStr;
      safe = builtin && eager.concat.operandsAreStrings;
    }
    cx.report(eager.span, {
      fix:
        lazy !== null
          ? {
              title: safe
                ? 'Pass lazy %s arguments'
                : `Pass lazy %s arguments (${eager.concat ? 'assumes the + operands are strings' : 'assumes the % operand is not a tuple'})`,
              safe,
              edits: [replace(eager.span, lazy)],
            }
          : undefined,
      message: `Log message is built with ${HOW[eager.kind]}, which runs even when the level is disabled: pass lazy %s arguments`,
    });
  },
});

/** Whether `str` is surely the builtin in this module, per analysis (see mayBindStr). */
const strBuiltinByAnalysis = new WeakMap<RuleContext, boolean>();

function strIsBuiltin(cx: RuleContext): boolean {
  let builtin = strBuiltinByAnalysis.get(cx);
  if (builtin === undefined) {
    builtin =
      !cx.facts.isImported('str') &&
      !cx.facts.isModuleDef('str') &&
      !cx.uses('str', cx.scopeSpan(null)).some((u) => mayBindStr(cx, u.pos, u.rebinding));
    strBuiltinByAnalysis.set(cx, builtin);
  }
  return builtin;
}

/**
 * Whether the mention of `str` at `pos` could bind the name (a parameter, a for/with/except target,
 * an assignment, a global statement...). Conservative: a doubt keeps `str(...)` in the rewrite.
 */
function mayBindStr(cx: RuleContext, pos: number, rebinding: boolean): boolean {
  const before = cx.lineBefore(pos);
  const prev = before.trimEnd();
  // `x: str = ""` (a variable or parameter annotated str) binds x, not str.
  if (rebinding) return !isAnnotationOf(prev);
  if (/(?:^|[^\w.])(?:def|class|lambda|as|import|for|global|nonlocal|del)$/.test(prev)) return true;
  const after = cx.slice({ s: pos + 3, e: pos + 3 + LINE_AFTER });
  const rest = after.slice(0, after.includes('\n') ? after.indexOf('\n') : after.length);
  if (/^[ \t]*\(/.test(rest)) return false;
  if (/^[ \t]*:=/.test(rest)) return true;
  // Inside an expression (a subscript, an operand, an annotation after `:` or `->`): a read.
  if (!/(?:^|[(,*])$/.test(prev)) return false;
  // Within [...] or {...} (`Tuple[int, str]`, a list display): a read.
  if ('[{'.includes(innermostOpener(before) || '(')) return false;
  // In a list of names: a parameter, a for/with/except/import target, or a tuple being assigned.
  return prev === '' || /\b(?:def|lambda|for|with|except|import|global|nonlocal|del)\b/.test(before) || /(?:^|[^=!<>:])=(?!=)/.test(rest);
}

/** Whether `prev` ends with `name:` where `str` annotates `name` (not `else:`, `if x:` ...). */
function isAnnotationOf(prev: string): boolean {
  const m = /(?:^|[(,])[ \t]*([A-Za-z_][\w.]*)[ \t]*:$/.exec(prev);
  return m !== null && !BLOCK_KEYWORDS.has(m[1]);
}

const BLOCK_KEYWORDS = new Set(['else', 'try', 'finally', 'lambda']);

/** The innermost bracket still open at the end of `line`, or '' when none is. */
function innermostOpener(line: string): string {
  let depth = 0;
  for (let i = line.length - 1; i >= 0; i--) {
    const ch = line[i];
    if (ch === ')' || ch === ']' || ch === '}') depth++;
    else if (ch === '(' || ch === '[' || ch === '{') {
      if (depth === 0) return ch;
      depth--;
    }
  }
  return '';
}

/** How much of the line after a mention of `str` mayBindStr reads. */
const LINE_AFTER = 200;
