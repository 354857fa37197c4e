// What the text of a statement must hold for the handler rules to report in it, tested before it
// is parsed (RuleNeeds.handlersMatterIn). Each test first reads words, loosely, in the whole
// statement, strings and comments included; where the words allow a finding and the statement's
// syntax is sure, it reads the except clauses and raise statements from the text (see
// readHandlers) and looks at each as the rule would; before reading them, where the syntax is sure
// and the words allow a finding, it looks at what the text shows plainly of each clause (see
// clausesShown), which settles many statements at a fraction of a reading's cost. It may say yes
// for a statement where the rule reports nothing, never no for one where it would report.
import type { HandlerTexts } from '../../python/handlerClauses';
import type { HandlerGate } from '../rule';
import { mentions } from '../usage';
import { hasWord, isNameChar, wordIndex } from '../words';
import { HANDLING_NAME, isExpectedException } from './shared';

/** No reading of the clauses: the word tests decide alone. */
const noReading = (): HandlerTexts | null => null;
/** Syntax not known to be sure: what the text shows of its clauses decides nothing. */
const notSure = (): boolean => false;

/**
 * `except:` with no type (after `except`, only blanks and line continuations before the colon),
 * or the word BaseException: what OPS105 reports (catchesBaseException reads the caught types as
 * written, so `builtins.BaseException` holds the word too), unless the clause raises.
 */
export const mayCatchBaseException: HandlerGate = (text, read = noReading) => {
  if (!hasWord(text, 'BaseException') && !hasBareExcept(text)) return false;
  const reading = read();
  if (!reading) return true;
  return reading.clauses.some((c) => (!/[^\s\\]/.test(c.header) || hasWord(c.header, 'BaseException')) && !c.raises);
};

function hasBareExcept(text: string): boolean {
  for (let at = wordIndex(text, 'except'); at !== -1; at = wordIndex(text, 'except', at + 1)) {
    const i = skipBlanks(text, at + 'except'.length);
    if (text.charCodeAt(i) === 58) return true;
  }
  return false;
}

/**
 * The word Exception: what OPS106 reports (catchesException reads `Exception` or
 * `builtins.Exception`), in a clause that neither raises, nor calls an error handler with a
 * receiver (`module.fail_json(...)`, see reports()), nor mentions its alias in its body.
 */
export const mayCatchException: HandlerGate = (text, read = noReading, sure = notSure) => {
  if (!hasWord(text, 'Exception')) return false;
  const shown = clausesShown(text);
  if (shown !== null && !shown.some((c) => mayReportBroad(text, c)) && sure()) return false;
  const reading = read();
  if (!reading) return true;
  return reading.clauses.some(
    (c) =>
      hasWord(c.header, 'Exception') &&
      !c.raises &&
      !c.calledNames.some((name) => HANDLING_NAME.test(name)) &&
      !(c.alias !== null && mentions(text, c.alias, c.bodyStart, c.bodyEnd)),
  );
};

/**
 * A raise statement: what OPS108 reports on, when it is in an except clause, has no `from`, and
 * raises a call or a name that starts with a capital (`raise e`, `raise`, `raise self.error` are
 * never reported).
 */
export const mayRaise: HandlerGate = (text, read = noReading, sure = notSure) => {
  if (!hasWord(text, 'raise')) return false;
  const shown = clausesShown(text);
  if (shown !== null && !mayRaiseReported(text, shown.length === 0 ? text.length : shown[0].header) && sure()) return false;
  const reading = read();
  if (!reading) return true;
  return reading.raises.some((r) => r.clause !== null && !r.cause && !NEVER_REPORTED_RAISE.test(r.expression));
};

/** A raised expression OPS108 never reports: none, or a dotted name whose last part does not start with a capital. */
const NEVER_REPORTED_RAISE = /^(?:(?:[A-Za-z_]\w*\.)*[a-z_]\w*)?$/;

/**
 * A raise that ends its line with nothing or a plain name OPS108 never reports (`raise`, `raise e`,
 * `raise self.error`), blanks and a comment or `;` after it allowed; group 1: the raised name.
 */
const PLAIN_RAISE = /raise[ \t]*([\w.]*)[ \t]*(?:[#;\r\n]|$)/y;

/**
 * Whether some `raise` at or after `from` (the first except clause's header: a raise before it is
 * in no clause) may be one OPS108 reports: any but a plain raise of nothing or of a name it never
 * reports (see PLAIN_RAISE).
 */
function mayRaiseReported(text: string, from: number): boolean {
  for (let at = wordIndex(text, 'raise', from); at !== -1; at = wordIndex(text, 'raise', at + 1)) {
    PLAIN_RAISE.lastIndex = at;
    const plain = PLAIN_RAISE.exec(text);
    if (plain === null || !NEVER_REPORTED_RAISE.test(plain[1])) return true;
  }
  return false;
}

/**
 * A handler whose body may only pass (OPS107): its body's statements are `pass`, `continue`, `...`
 * or a string literal. So the text holds `pass`, `continue` or `...`, or some `except` clause's
 * body starts with a string; read from the clauses, some clause's body starts with one of those.
 * (A clause with no body at all is a syntax error, reported as such and by no handler rule.)
 */
export const mayOnlyPass: HandlerGate = (text, read = noReading, sure = notSure) => {
  if (!hasWord(text, 'pass') && !hasWord(text, 'continue') && !text.includes('...')) {
    let string = false;
    for (let at = wordIndex(text, 'except'); at !== -1 && !string; at = wordIndex(text, 'except', at + 1))
      string = bodyMayStartWithString(text, at);
    if (!string) return false;
  }
  const shown = clausesShown(text);
  if (
    shown !== null &&
    !shown.some((c) => c.body < text.length && mayPassFirst(text, c.body) && !catchesOnlyExpectedTypes(text.slice(c.header, c.colon))) &&
    sure()
  )
    return false;
  const reading = read();
  if (!reading) return true;
  return reading.clauses.some((c) => mayPassFirst(text, c.bodyStart) && !catchesOnlyExpectedTypes(c.header));
};

/**
 * An except clause's header (see ExceptClauseText.header) that names one dotted name, or several
 * in one pair of brackets, with or without `as NAME`: the types the walk reads (HandlerRec.typeNames)
 * are these names. Group 1 (in brackets) or 2 (alone): the names. Anything else (`except A, e`
 * of Python 2, comments, line breaks, calls, `except*`) is left to the tree.
 */
const PLAIN_CAUGHT =
  /^[ \t]*(?:\([ \t]*([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*(?:[ \t]*,[ \t]*[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)*)[ \t]*,?[ \t]*\)|([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*))[ \t]*(?:as[ \t]+[A-Za-z_]\w*[ \t]*)?$/;

/**
 * Whether a clause with this header catches only exceptions OPS107 never reports (see
 * catchesOnlyExpected): `except ImportError:` guarding an optional dependency is the most common
 * handler that only passes. False where unsure.
 */
function catchesOnlyExpectedTypes(header: string): boolean {
  const names = PLAIN_CAUGHT.exec(header);
  if (!names) return false;
  return (names[1] ?? names[2]).split(',').every((name) => isExpectedException(name.trim()));
}

/** Whether the statement at `i` may be one that only passes: `pass`, `continue`, `...` or a string. */
function mayPassFirst(text: string, i: number): boolean {
  if (text.startsWith('...', i)) return true;
  let j = i;
  while (isLetter(text.charCodeAt(j))) j++;
  const word = text.slice(i, j);
  if (word === 'pass' || word === 'continue') return true;
  const q = text.charCodeAt(j);
  return j - i <= 2 && (q === 34 || q === 39);
}

/**
 * Whether the body of the except clause at `at` may start with a string literal: after the
 * header's colon (the first one outside brackets), past blanks, comments and line breaks, a quote
 * (possibly after prefix letters). Unsure (no colon found) counts as yes.
 */
function bodyMayStartWithString(text: string, at: number): boolean {
  let depth = 0;
  let i = at + 'except'.length;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 40 || c === 91 || c === 123) depth++;
    else if (c === 41 || c === 93 || c === 125) depth--;
    else if (c === 58 && depth <= 0) break;
  }
  if (i >= text.length) return true;
  for (i++; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 35) {
      const eol = text.indexOf('\n', i);
      if (eol === -1) return false;
      i = eol - 1;
    } else if (c !== 10 && c !== 13 && !isBlank(c) && c !== 92) break;
  }
  while (i < text.length && isLetter(text.charCodeAt(i))) i++;
  const q = text.charCodeAt(i);
  return q === 34 || q === 39;
}

/** Past spaces, tabs, form feeds and backslash line continuations from `i`. */
function skipBlanks(text: string, i: number): number {
  for (;;) {
    const c = text.charCodeAt(i);
    if (isBlank(c)) i++;
    else if (c === 92 && text.charCodeAt(i + 1) === 10) i += 2;
    else if (c === 92 && text.charCodeAt(i + 1) === 13) i += text.charCodeAt(i + 2) === 10 ? 3 : 2;
    else return i;
  }
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 12;
}

function isLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}

/**
 * An except clause as its text shows it, unread: where its header starts (just past `except`),
 * where its colon is, and where its body's first token starts.
 */
interface ClauseShown {
  readonly header: number;
  readonly colon: number;
  readonly body: number;
}

/** The last text clausesShown was asked about, and its answer: the gates ask about the same text one after another. */
let shownText: string | null = null;
let shownClauses: readonly ClauseShown[] | null = null;
/** Whether that text holds the word `lambda`, once asked. */
let shownLambda: boolean | undefined;

/**
 * The except clauses the text shows plainly, one for each word `except`: its header up to the
 * first colon outside brackets, its body from the first token past blanks, comments, line breaks
 * and line continuations. Null where a header holds what could hide or fake its colon or brackets
 * (a quote, a comment, `lambda`, `:=`) or has no colon. Where the syntax is sure, each except
 * clause of the tree is one of these, with this header and this body start (a word `except` in
 * prose only adds one that is no clause).
 */
function clausesShown(text: string): readonly ClauseShown[] | null {
  if (text !== shownText) {
    shownClauses = readClausesShown(text);
    shownLambda = undefined;
    shownText = text;
  }
  return shownClauses;
}

/** Whether the text clausesShown read last holds the word `lambda`. */
function shownTextHasLambda(text: string): boolean {
  return (shownLambda ??= hasWord(text, 'lambda'));
}

function readClausesShown(text: string): ClauseShown[] | null {
  const clauses: ClauseShown[] = [];
  for (let at = wordIndex(text, 'except'); at !== -1; at = wordIndex(text, 'except', at + 1)) {
    const header = at + 'except'.length;
    const colon = headerColon(text, header);
    if (colon === -1 || hasWord(text.slice(header, colon), 'lambda')) return null;
    clauses.push({ header, colon, body: bodyStart(text, colon + 1) });
  }
  return clauses;
}

/** The first colon at or after `from` outside brackets, or -1 where a quote, a comment or `:=` comes first, or no colon. */
function headerColon(text: string, from: number): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 40 || c === 91 || c === 123) depth++;
    else if (c === 41 || c === 93 || c === 125) depth--;
    else if (c === 34 || c === 39 || c === 35) return -1;
    else if (c === 58 && depth <= 0) return i + 1 < text.length && text.charCodeAt(i + 1) === 61 ? -1 : i;
  }
  return -1;
}

/**
 * Where the first token at or after `from` starts, past blanks, comments, line breaks and line
 * continuations (the text's length at its end: callers read no code unit there, as one read past
 * the end would make V8 throw their optimized code away).
 */
function bodyStart(text: string, from: number): number {
  let comment = false;
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) comment = false;
    else if (c === 35) comment = true;
    else if (!comment && c !== 92 && !isBlank(c)) return i;
  }
  return text.length;
}

/**
 * Whether OPS106 may report clause `c` of the text clausesShown read last, as far as the text shows it (what mayCatchException asks
 * of a clause read): its header names Exception, and its body's first statement does not say the
 * clause deals with the error: it neither raises, nor calls an error handler with a receiver
 * (`module.fail_json(...)`; in a block body, where no lambda in the text could put the call in
 * another scope), nor mentions the clause's alias in the code of its first line.
 */
function mayReportBroad(text: string, c: ClauseShown): boolean {
  const header = text.slice(c.header, c.colon);
  if (!hasWord(header, 'Exception')) return false;
  const afterRaise = c.body + 'raise'.length;
  if (text.startsWith('raise', c.body) && (afterRaise === text.length || !isNameChar(text.charCodeAt(afterRaise)))) return false;
  HANDLER_CALL_FIRST.lastIndex = c.body;
  const call = HANDLER_CALL_FIRST.exec(text);
  if (call !== null && HANDLING_NAME.test(call[1]) && /[\n\r]/.test(text.slice(c.colon, c.body)) && !shownTextHasLambda(text)) return false;
  const alias = ALIAS_AT_END.exec(header);
  return alias === null || !mentions(text, alias[1], c.body, firstLineCodeEnd(text, c.body));
}

/** A call with a receiver (`self.module.fail_json(`), its callee's names ASCII; group 1: its last name. */
const HANDLER_CALL_FIRST = /(?:[A-Za-z_]\w*[ \t]*\.[ \t]*)+([A-Za-z_]\w*)[ \t]*\(/y;

/** `as NAME` ending a header (blanks after it allowed); group 1: the name. */
const ALIAS_AT_END = /\bas[ \t]+([A-Za-z_]\w*)[ \t]*$/;

/** Where the code of the line holding `i` ends at the latest: its first `#` (a comment, or in a string: earlier is safe) or its end. */
function firstLineCodeEnd(text: string, i: number): number {
  let j = i;
  while (j < text.length) {
    const c = text.charCodeAt(j);
    if (c === 35 || c === 10 || c === 13) break;
    j++;
  }
  return j;
}
