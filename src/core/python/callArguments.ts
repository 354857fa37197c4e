// Reading a call's arguments from source text whose syntax is sure (the caller knows it is): the
// text of each argument, as the parser's argument list has them, without a tree.
import { lineQuotedEnd, tripleQuotedEnd } from './strings';

/** Whether `c` is an ASCII letter, digit or `_`. */
function isNameChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}

/** Whether the whole word `word` starts at `at`. */
function isWordAt(src: string, at: number, word: string): boolean {
  return src.startsWith(word, at) && !isNameChar(src.charCodeAt(at - 1)) && !isNameChar(src.charCodeAt(at + word.length));
}

/** Whether the letters right before the quote at `quote` (a string's prefix) make an f- or t-string. */
function isFormatted(src: string, quote: number): boolean {
  for (let k = quote - 1; k >= quote - 2 && isNameChar(src.charCodeAt(k)); k--) {
    const lower = src.charCodeAt(k) | 32;
    if (lower === 102 || lower === 116) return true;
  }
  return false;
}

/**
 * The arguments of the call whose `(` is at `open` in `src`, each one's text trimmed, split at the
 * commas outside brackets and strings (a trailing comma makes no argument). Null where this plain
 * reading may not split them as the parser does: a comment or a line continuation inside, an f- or
 * t-string (its braces hold code), a `lambda` or a `for` (their commas are not the call's), a
 * Python 2 backquote (tree-sitter reads `` `a, b` `` as one expression), a bracket or string left open.
 */
export function callArguments(src: string, open: number): string[] | null {
  const args: string[] = [];
  let depth = 0;
  let start = open + 1;
  for (let i = open + 1; i < src.length; i++) {
    const c = src.charCodeAt(i);
    if (c === 34 || c === 39) {
      if (isFormatted(src, i)) return null;
      const end = src.startsWith(src.charAt(i).repeat(3), i) ? tripleQuotedEnd(src, i) : lineQuotedEnd(src, i);
      if (end === -1) return null;
      i = end - 1;
    } else if (c === 35 || c === 92 || c === 96) return null;
    else if (c === 40 || c === 91 || c === 123) depth++;
    else if (c === 41 || c === 93 || c === 125) {
      if (depth > 0) depth--;
      else {
        if (c !== 41) return null;
        const last = src.slice(start, i).trim();
        if (last !== '') args.push(last);
        return args;
      }
    } else if (c === 44 && depth === 0) {
      args.push(src.slice(start, i).trim());
      start = i + 1;
    } else if ((c === 108 && isWordAt(src, i, 'lambda')) || (c === 102 && isWordAt(src, i, 'for'))) return null;
  }
  return null;
}
