// What the text of a statement must hold for the handler rules to report in it, tested before it
// is parsed (RuleNeeds.handlersMatterIn). Each test is loose, reading the whole statement, strings
// and comments included: it may say yes for a statement where the rule reports nothing, never no
// for one where it would report.
import { hasWord, wordStarts } from '../words';

/**
 * `except:` with no type (after `except`, only blanks and line continuations before the colon),
 * or the word BaseException: what OPS105 reports (catchesBaseException reads the caught types as
 * written, so `builtins.BaseException` holds the word too).
 */
export function mayCatchBaseException(text: string): boolean {
  if (hasWord(text, 'BaseException')) return true;
  for (const at of wordStarts(text, 'except')) {
    const i = skipBlanks(text, at + 'except'.length);
    if (text.charCodeAt(i) === 58) return true;
  }
  return false;
}

/** The word Exception: what OPS106 reports (catchesException reads `Exception` or `builtins.Exception`). */
export function mayCatchException(text: string): boolean {
  return hasWord(text, 'Exception');
}

/** A raise statement: what OPS108 reports on (a raise inside an except clause). */
export function mayRaise(text: string): boolean {
  return hasWord(text, 'raise');
}

/**
 * A handler whose body may only pass (OPS107): its body's statements are `pass`, `continue`, `...`
 * or a string literal. So the text holds `pass`, `continue` or `...`, or some `except` clause's
 * body starts with a string. (A clause with no body at all is a syntax error, reported as such and
 * by no handler rule.)
 */
export function mayOnlyPass(text: string): boolean {
  if (hasWord(text, 'pass') || hasWord(text, 'continue') || text.includes('...')) return true;
  for (const at of wordStarts(text, 'except')) if (bodyMayStartWithString(text, at)) return true;
  return false;
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
