// Where a statement's text holds prose: the bodies of string literals (f-strings aside) and
// comments. The parse filter skips the calls, imports and definitions it finds there (pydoc's
// topics table, a docstring that shows `import x`): no tree has one in a string or a comment. Only
// for text whose syntax is sure (quickSyntax): there the tokens are the parser's, and an f-string
// (whose replacement fields are code, kept as code) ends where a plain string would, since a string
// in one of its fields takes another quote and no backslash (what surelyParses accepts).
import { lineQuotedEnd, tripleQuotedEnd } from './strings';

/** A character of a name, a number or a string prefix (ASCII letters, digits, `_`, anything beyond ASCII). */
function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || (c >= 48 && c <= 57) || c > 127;
}

/**
 * What the letters text[start, end) right before a quote make of the string: 'f' an f-string (or a
 * template string), 'plain' another string, null not a string prefix (the text is then not sure).
 */
function prefixKind(text: string, start: number, end: number): 'f' | 'plain' | null {
  if (end - start > 2) return null;
  let kind: 'f' | 'plain' = 'plain';
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i) | 32;
    if (c === 102 || c === 116) kind = 'f';
    else if (c !== 114 && c !== 98 && c !== 117) return null;
  }
  return kind;
}

/** How many quotes open the string literal whose first quote is at `q`: 3 or 1. */
function quoteLength(text: string, q: number): number {
  const quote = text.charCodeAt(q);
  return text.charCodeAt(q + 1) === quote && text.charCodeAt(q + 2) === quote ? 3 : 1;
}

/** The end of the string literal whose (first) quote is at `q`, or -1. */
function stringEnd(text: string, q: number): number {
  return quoteLength(text, q) === 3 ? tripleQuotedEnd(text, q) : lineQuotedEnd(text, q);
}

/**
 * The prose of a text, read from its start only as far as it is asked about: most texts the filter
 * asks about have code that needs a tree early on.
 */
export class Prose {
  /** Prose ranges [start, end) found so far, in order, flat. */
  private readonly ranges: number[] = [];
  /** The text before this offset has been read. */
  private read = 0;
  /** Something the reader does not understand (a string not closed, a prefix that is none) came before `read`. */
  private lost = false;

  constructor(private readonly text: string) {}

  /** Whether offset `at` is in prose; null where the reader cannot tell. */
  holds(at: number): boolean | null {
    while (this.read <= at && !this.lost) this.step();
    if (this.lost) return null;
    const ranges = this.ranges;
    let lo = 0;
    let hi = ranges.length / 2 - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (at < ranges[2 * mid]) hi = mid - 1;
      else if (at >= ranges[2 * mid + 1]) lo = mid + 1;
      else return true;
    }
    return false;
  }

  /** Every prose range of the text, flat, or null where the reader cannot tell. */
  all(): readonly number[] | null {
    this.holds(this.text.length);
    return this.lost ? null : this.ranges;
  }

  /** The next `"`, `'` and `#` from where they were last looked for (-2: not yet looked for; -1: none). */
  private double = -2;
  private single = -2;
  private hash = -2;

  /** Where the next string or comment starts at or after `read`, or -1: found by indexOf, most text between them is code. */
  private next(): number {
    const text = this.text;
    const from = this.read;
    if (this.double !== -1 && this.double < from) this.double = text.indexOf('"', from);
    if (this.single !== -1 && this.single < from) this.single = text.indexOf("'", from);
    if (this.hash !== -1 && this.hash < from) this.hash = text.indexOf('#', from);
    let i = this.double;
    if (this.single !== -1 && (i === -1 || this.single < i)) i = this.single;
    if (this.hash !== -1 && (i === -1 || this.hash < i)) i = this.hash;
    return i;
  }

  /** Reads the next string or comment (or to the end). */
  private step(): void {
    const text = this.text;
    const i = this.next();
    if (i === -1) {
      this.read = text.length + 1;
      return;
    }
    if (text.charCodeAt(i) === 35) {
      let eol = i;
      while (eol < text.length && text.charCodeAt(eol) !== 10 && text.charCodeAt(eol) !== 13) eol++;
      this.ranges.push(i, eol);
      this.read = eol;
      return;
    }
    let p = i;
    while (p > 0 && isWordChar(text.charCodeAt(p - 1))) p--;
    const kind = prefixKind(text, p, i);
    const end = kind === null ? -1 : stringEnd(text, i);
    if (end === -1) {
      this.lost = true;
      return;
    }
    if (kind === 'plain') {
      const open = quoteLength(text, i);
      this.ranges.push(i + open, end - open);
    }
    this.read = end;
  }
}

/** Every character but a line break. */
const NOT_LINE_BREAK = /[^\n\r]/g;

/**
 * `text` with its prose blanked (see Prose): every character of it but line breaks turned into a
 * space, quotes and prefixes kept, so same length and same lines; null where it cannot tell.
 */
export function codeText(text: string): string | null {
  const ranges = new Prose(text).all();
  if (ranges === null) return null;
  let out = '';
  let copied = 0;
  for (let k = 0; k < ranges.length; k += 2) {
    out += text.slice(copied, ranges[k]) + text.slice(ranges[k], ranges[k + 1]).replace(NOT_LINE_BREAK, ' ');
    copied = ranges[k + 1];
  }
  return out + text.slice(copied);
}
