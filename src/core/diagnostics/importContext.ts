// Where a module name in a text can matter to the analysis: only where an import statement may
// name it. The module facts resolve a call to a module's function only through what import
// statements bind (ModuleFacts.resolve: imports, star imports, builtins; importlib and __import__
// bind nothing), and the walk reads an import's modules from its text (walk.ts importStatement):
// comments dropped, `\`, `(` and `)` read as blanks, then each module either follows `import` or a
// comma of `import a, m`, or follows `from`. So a module whose name is not a whole word preceded,
// through blanks, brackets, backslashes and line breaks, by `import`, `from` or `,` is named by no
// import. Deliberately loose: `import` may end a longer word, any comma counts, a line break
// after a line holding `#` (perhaps a comment the walk drops) counts, and so does a gap longer
// than MAX_GAP, so that an edit can only change the answer within a bounded distance.
import type { OccurrenceCondition } from './nameSearch';

/** The longest run of blanks, brackets, backslashes and line breaks looked through before a module name. */
const MAX_GAP = 64;
const IMPORT = 'import';
const FROM = 'from';

/** Letters, digits and `_`: a module name followed by one of these is part of a longer name. */
function isAsciiNameChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}

/** What the walk reads as a blank between an import's words: JavaScript's `\s` (line feeds aside), `\`, `(` and `)`. */
function isGap(c: number): boolean {
  if (c === 32 || c === 9 || c === 92 || c === 40 || c === 41 || c === 13 || c === 12 || c === 11) return true;
  return c > 127 && /\s/.test(String.fromCharCode(c));
}

/**
 * Whether the line ending at the line feed `lineFeed` holds a `#`, or starts before `limit` (it
 * may then hold one): a comment there would be dropped, and what precedes the module be further back.
 */
function mayEndInComment(text: string, lineFeed: number, limit: number): boolean {
  for (let j = lineFeed - 1; j >= 0; j--) {
    const c = text.charCodeAt(j);
    if (c === 10) return false;
    // No line feed in [limit - 1, lineFeed): the line starts before `limit`.
    if (j < limit || c === 35) return true;
  }
  return false;
}

/**
 * Whether the name at text[start, end) may be a module an import statement names (see the head
 * of this file). Reads at most MAX_GAP + 6 characters before `start` and one after `end`.
 */
export function mayBeImported(text: string, start: number, end: number): boolean {
  if (end < text.length && isAsciiNameChar(text.charCodeAt(end))) return false;
  const limit = start - MAX_GAP;
  let i = start - 1;
  for (; i >= 0; i--) {
    // A gap this long is not looked through: counted as an import, loosely.
    if (i < limit) return true;
    const c = text.charCodeAt(i);
    if (c === 10) {
      if (mayEndInComment(text, i, limit)) return true;
    } else if (!isGap(c)) break;
  }
  if (i < 0) return false;
  if (text.charCodeAt(i) === 44) return true;
  return endsWith(text, i + 1, IMPORT) || endsWith(text, i + 1, FROM);
}

/** Whether text[0, end) ends with `word`. */
function endsWith(text: string, end: number, word: string): boolean {
  return end >= word.length && text.startsWith(word, end - word.length);
}

/** The condition a module name's occurrence must meet to name the module (see NameSearch). */
export const IMPORTED_MODULE: OccurrenceCondition = { before: MAX_GAP + IMPORT.length, after: 1, wordEnd: true, holds: mayBeImported };
