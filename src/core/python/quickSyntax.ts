// A quick syntax check for text no rule needs a tree for: a linear tokenizer and recursive-descent
// recognizer of the common shapes of Python 3 (statements, expressions, f-strings). It answers one
// question, "is this text surely free of what tree-sitter reports as a syntax error?", and answers
// yes only for text it fully understands; anything else (a real error, or a construct it does not
// know, such as `match` statements, type parameters, tabs mixed with spaces, non-ASCII names, Python
// 2 `print x`) is left to tree-sitter, so OPS001 reports exactly what a full parse reports. Parsing
// that text with tree-sitter only to find no error was most of a cold check's syntax-error cost.
// What it accepts is a subset of what tree-sitter-python accepts without ERROR or MISSING nodes
// (see docs/limits.md); the tests compare both on the standard library with random deletions.
import { CodeUnits, detached, DOCUMENT_UNITS } from './codeUnits';
import { WARM_UP_CLEARED, WARM_UP_UNDECIDED } from './warmUpTexts';

/**
 * Thrown (never escapes) when the text is broken or outside what this recognizer knows. Thrown where
 * it is found, not by a `fail()` method: calling one is a property load with no type feedback until
 * it first runs, and its first run in optimized code made V8 throw that code away and compile it again.
 */
const UNDECIDED: unique symbol = Symbol('undecided');

// Token kinds (the current token's `k`). An operator's or a keyword's kind is its own code (from
// 33 up, above KEYWORDS), so that the parser asks "is it a comma?" with one comparison of one
// field, written in place (`this.k === COMMA`), not a method call reading two fields: V8 runs the
// recognizer's first thousands of statements per thread in baseline code, where each property read
// of `this` and each call is a call into V8's builtins.
enum T {
  NAME = 1,
  NUMBER = 2,
  STRING = 3,
  NEWLINE = 5,
  INDENT = 6,
  DEDENT = 7,
  END = 8,

  // Operators' codes: from 33 up, below KEYWORDS (odd brackets open, even ones close).
  LPAR = 33,
  RPAR = 34,
  LSQB = 35,
  RSQB = 36,
  LBRACE = 37,
  RBRACE = 38,
  COMMA = 39,
  COLON = 40,
  SEMI = 41,
  DOT = 42,
  PLUS = 43,
  MINUS = 44,
  STAR = 45,
  POW = 46,
  SLASH = 47,
  TILDE = 48,
  EQUAL = 49,
  AT = 50,
  ARROW = 51,
  ELLIPSIS = 52,
  WALRUS = 53,
  AUGASSIGN = 54,
  /** `!r`, `!s`, `!a` (in an f-string replacement field only). */
  CONVERSION = 55,
  /** Any other binary operator: % & | ^ << >> // and the comparisons < > <= >= == !=. */
  BINARY = 56,

  /** Keywords' codes are above this one. */
  KEYWORDS = 64,
}
// Keywords' codes (their tokens' kinds): every word tree-sitter-python reserves. An enum, so that the
// build writes each use as its number: a property of a constant object is a load that needs type
// feedback, which a switch's rare case (KW.nonlocal) has none of when first reached in optimized code.
enum KW {
  False = 65,
  None = 66,
  True = 67,
  and = 68,
  as = 69,
  assert = 70,
  async = 71,
  await = 72,
  break = 73,
  class = 74,
  continue = 75,
  def = 76,
  del = 77,
  elif = 78,
  else = 79,
  except = 80,
  finally = 81,
  for = 82,
  from = 83,
  global = 84,
  if = 85,
  import = 86,
  in = 87,
  is = 88,
  lambda = 89,
  nonlocal = 90,
  not = 91,
  or = 92,
  pass = 93,
  raise = 94,
  return = 95,
  try = 96,
  while = 97,
  with = 98,
  yield = 99,
}
/**
 * A token's kind: a number that TypeScript does not narrow to the code it was compared with, since
 * next() changes it between comparisons (`this.k === KW.async`, next(), `this.k === KW.def`).
 */
type Kind = number & {};
/** A name that may start a Python 2 print or exec statement (code in WORD_CODES). */
const PY2_WORD: number = -1;
/** `match`, `case`, `type`: soft keywords (code in WORD_CODES). */
const SOFT_WORD: number = -2;
/** The longest word in WORD_CODES. */
const MAX_WORD: number = 8;
/**
 * Keywords (their KW code) and the names read specially (PY2_WORD, SOFT_WORD), each in a slot of its
 * own chosen from its first and last characters and its length (wordSlot: no two words share one),
 * so a name is compared in place with at most one word, without slicing it out, and most names
 * with none (no word of their length in their slot). The slot's word is held as code units.
 */
const WORD_SLOTS: number = 128;
const WORD_CODES = new Int8Array(WORD_SLOTS);
const WORD_LENGTHS = new Uint8Array(WORD_SLOTS);
const WORD_UNITS = new Uint16Array(WORD_SLOTS * MAX_WORD);
/** A word's slot (first and last: ASCII codes; the multipliers were searched for so that the words' slots differ). */
function wordSlot(first: number, last: number, length: number): number {
  return (first * 23 + last * 14 + length) & (WORD_SLOTS - 1);
}
function addWord(word: string, code: number): void {
  const slot = wordSlot(word.charCodeAt(0), word.charCodeAt(word.length - 1), word.length);
  if (WORD_LENGTHS[slot] !== 0) throw new Error(`quickSyntax: ${word} shares a slot`);
  WORD_CODES[slot] = code;
  WORD_LENGTHS[slot] = word.length;
  for (let i = 0; i < word.length; i++) WORD_UNITS[slot * MAX_WORD + i] = word.charCodeAt(i);
}
for (const [word, code] of Object.entries(KW)) if (typeof code === 'number') addWord(word, code); // not the enum's reverse entries
for (const word of ['print', 'exec']) addWord(word, PY2_WORD);
for (const word of ['match', 'case', 'type']) addWord(word, SOFT_WORD);

/** The code in WORD_CODES of the ASCII name at [p, p + length) of a text's code units (0: an ordinary name). */
function wordCode(units: Uint16Array, p: number, length: number): number {
  if (length > MAX_WORD) return 0;
  const slot = wordSlot(units[p], units[p + length - 1], length);
  if (WORD_LENGTHS[slot] !== length) return 0;
  const at = slot * MAX_WORD;
  for (let i = 0; i < length; i++) if (units[p + i] !== WORD_UNITS[at + i]) return 0;
  return WORD_CODES[slot];
}

// What an expression is, for the places that accept only some (assignment targets, keyword arguments, `*x`).
const OTHER: number = 0;
/** A bare name. */
const BARE_NAME: number = 1;
/** An attribute or a subscript (`a.b`, `a[0]`). */
const ATTRIBUTE: number = 2;
/** A parenthesized or bracketed list of targets (`(a, b)`, `[a, *b]`). */
const TARGETS: number = 3;
/** `*name`, `*a.b`, `*a[0]`. */
const STAR_TARGET: number = 4;

/** Deeper nesting than this is left to tree-sitter (keeps the recursion shallow). */
const MAX_DEPTH: number = 100;

/** ASCII letters and `_` (1), and digits (2): one table read per character of a name. */
const NAME_CHARS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95) NAME_CHARS[c] = 1;
  else if (c >= 48 && c <= 57) NAME_CHARS[c] = 2;
}

// What a token's first character says it is (CHAR_KINDS, by ASCII code; the rest are OTHER_CHAR).
const OTHER_CHAR: number = 0;
const NAME_CHAR: number = 1;
const DIGIT_CHAR: number = 2;
const QUOTE_CHAR: number = 3;
/** A space, tab, line break, comment or backslash: read by blanks(). */
const BLANK_CHAR: number = 4;
/** An operator that is one character whatever follows it: a bracket, `,`, `;`, `~`. */
const SINGLE_CHAR: number = 5;
const CHAR_KINDS = new Uint8Array(128);
for (let c = 0; c < 128; c++) CHAR_KINDS[c] = NAME_CHARS[c] === 1 ? NAME_CHAR : NAME_CHARS[c] === 2 ? DIGIT_CHAR : OTHER_CHAR;
for (const c of '"\'') CHAR_KINDS[c.charCodeAt(0)] = QUOTE_CHAR;
for (const c of ' \t\n\r#\\') CHAR_KINDS[c.charCodeAt(0)] = BLANK_CHAR;
for (const c of '()[]{},;~') CHAR_KINDS[c.charCodeAt(0)] = SINGLE_CHAR;

/** Operators by their character (0: none). */
const OP_ONE = new Uint8Array(128);
/** Operators of a character and `=` (0: none): augmented assignments, comparisons, `:=`. */
const OP_EQUALS = new Uint8Array(128);
/** Operators of a character twice (0: none), each also an augmented assignment with `=` after it (but `...`). */
const OP_TWICE = new Uint8Array(128);
for (const [chars, op] of [
  ['(', T.LPAR],
  [')', T.RPAR],
  ['[', T.LSQB],
  [']', T.RSQB],
  ['{', T.LBRACE],
  ['}', T.RBRACE],
  [',', T.COMMA],
  [':', T.COLON],
  [';', T.SEMI],
  ['.', T.DOT],
  ['+', T.PLUS],
  ['-', T.MINUS],
  ['*', T.STAR],
  ['/', T.SLASH],
  ['~', T.TILDE],
  ['=', T.EQUAL],
  ['@', T.AT],
  ['%&|^<>', T.BINARY],
] as const) {
  for (const c of chars) OP_ONE[c.charCodeAt(0)] = op;
}
for (const c of '+-*/%&|^@') OP_EQUALS[c.charCodeAt(0)] = T.AUGASSIGN;
for (const c of '<>=!') OP_EQUALS[c.charCodeAt(0)] = T.BINARY;
OP_EQUALS[':'.charCodeAt(0)] = T.WALRUS;
for (const [c, op] of [
  ['*', T.POW],
  ['/', T.BINARY],
  ['<', T.BINARY],
  ['>', T.BINARY],
  ['.', T.ELLIPSIS],
] as const) {
  OP_TWICE[c.charCodeAt(0)] = op;
}

function isNameChar(c: number): boolean {
  return c < 128 && NAME_CHARS[c] !== 0;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Whether `prefix` (1 or 2 letters) is a Python 3 string prefix; 2: an f-string, 1: another string, 0: none. */
function stringPrefix(units: Uint16Array, start: number, end: number): 0 | 1 | 2 {
  const n = end - start;
  if (n > 2) return 0;
  let f = false;
  let r = false;
  let b = false;
  let u = false;
  for (let i = start; i < end; i++) {
    const c = units[i] | 32; // lower case
    if (c === 102 && !f) f = true;
    else if (c === 114 && !r) r = true;
    else if (c === 98 && !b) b = true;
    else if (c === 117 && !u) u = true;
    else return 0;
  }
  if (u && n > 1) return 0; // ur"", uf"" ... are not Python 3
  if (f && b) return 0;
  return f ? 2 : 1;
}

/**
 * Where the first backslash at or after an offset of `text` is (-1: none), remembered with where it
 * was asked from: a text is read forwards, also across the ranges of a document checked in order,
 * so most triple-quoted strings need no new search, and text without backslashes is searched once
 * (not once per range, which would cost the rest of the document each time).
 */
export class Backslashes {
  private next = -1;
  private askedFrom = Infinity;

  constructor(readonly text: string) {}

  from(q: number): number {
    if (q < this.askedFrom || (this.next !== -1 && this.next < q)) {
      this.next = this.text.indexOf('\\', q);
      this.askedFrom = q;
    }
    return this.next;
  }
}

/**
 * Reads text[start, end) in place, without slicing it out: a slice is read through its parent
 * string on every charCodeAt, which made the whole check about a quarter slower. The range must end
 * at a line break or at the end of the text: the recognizer reads a character or two past a
 * character that is not a line break, and checks the end wherever it may read past a line break.
 */
class Recognizer {
  private text = '';
  /**
   * The text's code units (see CodeUnits), read in the loops over names, spaces and strings and
   * where a token starts; they equal charCodeAt's but at the text's end (a line feed, not NaN,
   * and past it whatever the array held before), which those loops read only at or past `end`,
   * where every path they lead to stops or checks `end` first, and none reads past that line feed.
   */
  private units: Uint16Array = NO_UNITS;
  private end = 0;
  private backslashes: Backslashes = NO_TEXT;
  private pos = 0;
  /** Open brackets outside f-string replacement fields: line breaks inside them join lines. */
  private depth = 0;
  private readonly indents: number[] = [0];
  private pendingDedents = 0;
  private atLineStart = true;
  /** The last token was a NEWLINE (or nothing yet): at the end of the text no NEWLINE is due. */
  private lineDone = true;
  /** Quote characters of the f-strings whose replacement field is being read (innermost last). */
  private readonly fQuotes: number[] = [];
  private nesting = 0;

  // The current token: its kind (an operator's or keyword's code), start and end.
  private k: Kind = 0;
  private s = 0;
  private e = 0;
  /** The current NAME is `match`, `case` or `type` (soft keywords: not trusted at a statement start). */
  private soft = false;
  // What the last expressionList() read: one expression without a comma, and whether all were targets.
  private single = false;
  private targets = false;

  /** Whether text[start, end) is surely free of syntax errors (one recognizer serves every check: no garbage per statement). */
  accepts(text: string, start: number, end: number, backslashes: Backslashes): boolean {
    this.text = text;
    // A document's text was copied for the module search and the statement scanner: not copied again.
    this.units = DOCUMENT_UNITS.held(text) ?? TEXT_UNITS.of(text);
    this.end = end;
    this.backslashes = backslashes;
    this.pos = start;
    this.depth = 0;
    this.indents.length = 1;
    this.pendingDedents = 0;
    this.atLineStart = true;
    this.lineDone = true;
    this.fQuotes.length = 0;
    this.nesting = 0;
    this.k = 0;
    this.soft = false;
    try {
      this.next();
      while (this.k !== T.END) this.statement();
      return true;
    } catch (error) {
      // Too deep for the stack: tree-sitter decides.
      if (error === UNDECIDED || error instanceof RangeError) return false;
      throw error;
    } finally {
      // Not kept alive by the recognizer.
      this.text = '';
      this.units = NO_UNITS;
      this.backslashes = NO_TEXT;
    }
  }

  // ---- tokens ----

  /**
   * Reads the next token. The tokenizer is written here in one method, not in a token() method
   * that next() called: that small next() was inlined by V8 into most parse methods, each copy
   * with its own call to token(), and one larger next() compiles once (a replay of a
   * standard-library run: 18% fewer instructions compiling the recognizer).
   */
  private next(): void {
    if (this.pendingDedents > 0) {
      this.pendingDedents--;
      this.k = T.DEDENT;
      return;
    }
    if (this.atLineStart) {
      this.atLineStart = false;
      if (this.lineStart()) return;
    }
    const units = this.units;
    let p = this.pos;
    let c = units[p];
    while (c === 32) c = units[++p];
    // NaN (past the text) and non-ASCII characters read as OTHER_CHAR.
    let kind = c < 128 ? CHAR_KINDS[c] : OTHER_CHAR;
    if (kind === BLANK_CHAR || p >= this.end) {
      p = this.blanks(p);
      if (p === -1) return;
      c = units[p];
      kind = c < 128 ? CHAR_KINDS[c] : OTHER_CHAR;
    }
    this.lineDone = false;
    this.s = p;
    if (kind === NAME_CHAR) {
      // Names are most tokens: read here, but for what may be a string prefix (or is not ASCII).
      let q = p + 1;
      // Two characters a turn: each turn of a loop checks what `units` is and the stack (no
      // loop peeling), which cost more than the characters; the line feed at the end stops both.
      while (isNameChar(units[q]) && isNameChar(units[q + 1])) q += 2;
      if (isNameChar(units[q])) q++;
      const d = units[q];
      if (d === 34 || d === 39 || d > 127) this.prefixOrName(p, q);
      else this.word(p, q);
    } else if (kind === QUOTE_CHAR) {
      this.pos = this.e = this.string(p, false, false);
      this.k = T.STRING;
    } else if (kind === DIGIT_CHAR || (c === 46 && isDigit(units[p + 1]))) {
      this.pos = this.e = this.number(p);
      this.k = T.NUMBER;
    } else if (kind === SINGLE_CHAR) {
      // Brackets and commas are most operators: read here, without the tables of longer ones.
      const v = OP_ONE[c];
      if (v <= T.RBRACE && this.fQuotes.length === 0) this.bracket(v);
      this.k = v;
      this.pos = this.e = p + 1;
    } else this.operator(c, p);
  }

  /** At the start of a logical line: skips blank and comment lines, emits INDENT/DEDENT/END. */
  private lineStart(): boolean {
    const text = this.text;
    const units = this.units;
    const end = this.end;
    let p = this.pos;
    let indent = 0;
    for (;;) {
      let c = units[p];
      if (c === 32 && p < end) {
        // Most indentation is a run of spaces: read in a loop of its own (it stops at the line
        // break that ends the range at the latest).
        const from = p;
        do c = units[++p];
        while (c === 32);
        indent += p - from;
      }
      if (p >= end) {
        this.pos = p;
        const open = this.indents.length - 1;
        if (open > 0) {
          this.indents.length = 1;
          this.pendingDedents = open - 1;
          this.k = T.DEDENT;
        } else this.k = T.END;
        this.atLineStart = true;
        return true;
      } else if (c === 9) {
        indent += 8; // as tree-sitter-python's scanner counts a tab
        p++;
      } else if (c === 10) {
        indent = 0;
        p++;
      } else if (c === 13 && text.charCodeAt(p + 1) === 10) {
        indent = 0;
        p += 2;
      } else if (c === 35) {
        p = this.lineEnd(p);
      } else if (c === 12 || c === 92 || c === 13) {
        throw UNDECIDED; // form feeds and backslashes before a line's code: left to tree-sitter
      } else break;
    }
    this.pos = p;
    const top = this.indents[this.indents.length - 1];
    if (indent > top) {
      this.indents.push(indent);
      this.k = T.INDENT;
      return true;
    }
    if (indent < top) {
      let popped = 0;
      while (this.indents[this.indents.length - 1] > indent) {
        this.indents.pop();
        popped++;
      }
      if (this.indents[this.indents.length - 1] !== indent) throw UNDECIDED; // dedent to no enclosing level
      this.pendingDedents = popped - 1;
      this.k = T.DEDENT;
      return true;
    }
    return false;
  }

  /**
   * From `p`, past tabs, comments, line continuations and line breaks inside brackets: returns where
   * the next token starts, or -1 when a NEWLINE token (or what follows the end) was read instead.
   */
  private blanks(p: number): number {
    const text = this.text;
    const units = this.units;
    const end = this.end;
    while (p < end) {
      const c = units[p];
      if (c === 32 || c === 9) p++;
      else if (c === 35) {
        if (this.fQuotes.length > 0) throw UNDECIDED;
        p = this.lineEnd(p);
      } else if (c === 92) {
        if (this.fQuotes.length > 0) throw UNDECIDED;
        let q = p + 1;
        if (text.charCodeAt(q) === 13) q++;
        if (text.charCodeAt(q) !== 10) throw UNDECIDED;
        p = this.innerLine(q + 1);
        // A continuation into a blank or comment line, or the end: left to tree-sitter.
        const d = text.charCodeAt(p);
        if (p >= end || d === 10 || d === 13 || d === 35) throw UNDECIDED;
      } else if (c === 10 || (c === 13 && text.charCodeAt(p + 1) === 10)) {
        if (this.fQuotes.length > 0) throw UNDECIDED;
        if (this.depth === 0) {
          this.pos = p + (c === 13 ? 2 : 1);
          this.k = T.NEWLINE;
          this.atLineStart = true;
          this.lineDone = true;
          return -1;
        }
        p = this.innerLine(p + (c === 13 ? 2 : 1));
      } else return p;
    }
    if (this.depth > 0 || this.fQuotes.length > 0) throw UNDECIDED;
    this.pos = p;
    this.atLineStart = true;
    if (!this.lineDone) {
      this.k = T.NEWLINE;
      this.lineDone = true;
      return -1;
    }
    this.next();
    return -1;
  }

  /** The name text[p, q) followed by a quote or a non-ASCII character: a string's prefix, or a name. */
  private prefixOrName(p: number, q: number): void {
    const units = this.units;
    const d = units[q];
    if (d > 127) throw UNDECIDED; // non-ASCII names: left to tree-sitter
    const kind = stringPrefix(units, p, q);
    if (kind === 0) return this.word(p, q);
    this.pos = this.string(q, kind === 2, (units[p] | 32) === 114 || (units[p + 1] | 32) === 114);
    this.k = T.STRING;
    this.e = this.pos;
  }

  /** The name or keyword text[p, q). */
  private word(p: number, q: number): void {
    this.pos = q;
    this.e = q;
    const code = wordCode(this.units, p, q - p);
    if (code > 0) {
      this.k = code;
      return;
    }
    this.k = T.NAME;
    this.soft = code === SOFT_WORD;
    // Python 2's print and exec statements parse in tree-sitter-python: only a call is trusted.
    if (code === PY2_WORD) this.py2Call(q);
  }

  /** After `print` or `exec` ending at `q`: anything but a call is left to tree-sitter. */
  private py2Call(q: number): void {
    const units = this.units;
    let r = q;
    while (units[r] === 32 || units[r] === 9) r++;
    if (units[r] !== 40) throw UNDECIDED;
  }

  /**
   * An operator or bracket starting with `c` at `p`. Read from tables, so that the rare ones (`<<=`,
   * `**=`, `->`) take the same paths as the common ones: a branch V8 has never seen run makes its
   * optimized code bail out when first taken, and the tokenizer was recompiled a dozen times a run.
   */
  private operator(c: number, p: number): void {
    const units = this.units;
    if (c >= 128) throw UNDECIDED;
    const d = units[p + 1];
    let v = OP_ONE[c];
    let n = 1;
    if (d === 61) {
      // `c=`: an augmented assignment, a comparison, `:=`.
      const two = OP_EQUALS[c];
      if (two !== 0) {
        v = two;
        n = 2;
      }
    } else if (d === c) {
      // `cc`: ** // << >> (and `cc=`), `...`.
      const twice = OP_TWICE[c];
      if (twice !== 0) {
        const third = units[p + 2];
        if (twice !== T.ELLIPSIS) {
          v = third === 61 ? T.AUGASSIGN : twice;
          n = third === 61 ? 3 : 2;
        } else if (third === 46) {
          v = T.ELLIPSIS;
          n = 3;
        }
      }
    } else if (d === 62 && (c === 45 || c === 60)) {
      // `->`; `<>` is left to tree-sitter.
      v = c === 45 ? T.ARROW : 0;
      n = 2;
    }
    if (v === 0) {
      // `!r`, `!s`, `!a` in a replacement field; any other character: left to tree-sitter.
      if (c !== 33 || this.fQuotes.length === 0 || (d !== 114 && d !== 115 && d !== 97) || isNameChar(units[p + 2])) throw UNDECIDED;
      v = T.CONVERSION;
      n = 2;
    } else if (v <= T.RBRACE && this.fQuotes.length === 0) this.bracket(v);
    this.k = v;
    this.pos = this.e = p + n;
  }

  /** A bracket outside f-string replacement fields: odd codes open, even ones close. */
  private bracket(v: number): void {
    if ((v & 1) === 1) this.depth++;
    else if (this.depth > 0) this.depth--;
  }

  /** Where the comment at `p` ends: at its line break, or at the end. */
  private lineEnd(p: number): number {
    const nl = this.text.indexOf('\n', p);
    return nl === -1 || nl > this.end ? this.end : nl;
  }

  /**
   * A line that continues a statement (inside brackets, or after a backslash) starting at `p`:
   * indented less than the block it is in, tree-sitter-python's scanner may read a dedent there
   * (and report an error), depending on the parse state. Left to tree-sitter. Returns the offset
   * after the line's indentation, so that the tokenizer does not read it again (continuation lines
   * inside long dict literals are mostly indentation).
   */
  private innerLine(p: number): number {
    const units = this.units;
    let indent = 0;
    for (;;) {
      let c = units[p];
      if (c === 32 && p < this.end) {
        // A run of spaces in a loop of its own, as in lineStart.
        const from = p;
        do c = units[++p];
        while (c === 32);
        indent += p - from;
      }
      if (p >= this.end || c === 10 || c === 13) return p;
      if (c === 9) indent += 8;
      else if (c === 12) throw UNDECIDED;
      else break;
      p++;
    }
    if (indent < this.indents[this.indents.length - 1]) throw UNDECIDED;
    return p;
  }

  /** A number literal at `p` (the forms tree-sitter-python reads); returns its end. */
  private number(p: number): number {
    const units = this.units;
    let q = p;
    const c = units[q];
    const x = units[q + 1] | 32;
    if (c === 48 && (x === 120 || x === 111 || x === 98)) {
      q += 2;
      const start = q;
      for (;;) {
        const d = units[q];
        const h = d | 32;
        const digit = x === 120 ? isDigit(d) || (h >= 97 && h <= 102) : x === 111 ? d >= 48 && d <= 55 : d === 48 || d === 49;
        if (digit) q++;
        else if (d === 95 && q > start && isNameChar(units[q + 1])) q++;
        else break;
      }
      if (q === start) throw UNDECIDED;
    } else {
      q = this.digits(q);
      let float = false;
      if (units[q] === 46) {
        float = true;
        q++;
        if (isDigit(units[q])) q = this.digits(q);
      }
      const ex = units[q] | 32;
      if (ex === 101) {
        float = true;
        q++;
        const sign = units[q];
        if (sign === 43 || sign === 45) q++;
        if (!isDigit(units[q])) throw UNDECIDED;
        q = this.digits(q);
      }
      if ((units[q] | 32) === 106)
        q++; // j
      else if (!float && q - p > 1 && c === 48) {
        // 0777 (Python 2 octal) and the like: left to tree-sitter, unless all zeros.
        for (let i = p; i < q; i++) if (units[i] !== 48 && units[i] !== 95) throw UNDECIDED;
      }
    }
    const after = units[q];
    if (isNameChar(after) || after === 46 || after > 127) throw UNDECIDED; // 1if, 1.real, 0x1for...
    return q;
  }

  /** Digits with single underscores between them, from `p` (a digit or a dot before one). */
  private digits(p: number): number {
    const units = this.units;
    let q = p;
    for (;;) {
      const d = units[q];
      if (isDigit(d)) q++;
      else if (d === 95 && isDigit(units[q + 1]) && q > p) q++;
      else return q;
    }
  }

  /** A string literal whose quote is at `p`; returns its end. An f-string's replacement fields are parsed. */
  private string(p: number, f: boolean, raw: boolean): number {
    const units = this.units;
    const quote = units[p];
    const triple = units[p + 1] === quote && units[p + 2] === quote;
    if (this.fQuotes.length > 0) {
      // A string inside a replacement field: another quote than every enclosing f-string's, one line.
      if (triple || this.fQuotes.includes(quote)) throw UNDECIDED;
    }
    let q = p + (triple ? 3 : 1);
    if (triple && !f) return this.plainTripleString(q, quote);
    for (;;) {
      // Ordinary characters in a loop of its own; it stops at a line break (or the line feed after the text) at the latest.
      let c = units[q];
      if (f) while (c !== quote && c > 13 && c !== 92 && c !== 123 && c !== 125) c = units[++q];
      else while (c !== quote && c > 13 && c !== 92) c = units[++q];
      if (q >= this.end) throw UNDECIDED; // unterminated
      if (c === quote) {
        if (!triple) return q + 1;
        if (units[q + 1] === quote && units[q + 2] === quote) return q + 3;
        q++;
      } else if (c === 92) {
        if (this.fQuotes.length > 0) throw UNDECIDED;
        const d = units[q + 1];
        if (f && (d === 123 || d === 125 || (!raw && d === 78))) throw UNDECIDED;
        q += d === 13 && units[q + 2] === 10 ? 3 : 2;
      } else if (c === 10 || c === 13) {
        if (!triple) throw UNDECIDED;
        q++;
      } else if (f && c === 123) {
        if (units[q + 1] === 123) q += 2;
        else q = this.replacementField(q + 1, quote);
      } else if (f && c === 125) {
        if (units[q + 1] !== 125) throw UNDECIDED;
        q += 2;
      } else q++;
    }
  }

  /**
   * The rest of a triple-quoted string that is not an f-string, from `q`: only its quote character
   * and backslashes matter, so it jumps from one to the next (docstrings are long). Returns its end.
   */
  private plainTripleString(q: number, quote: number): number {
    const text = this.text;
    const units = this.units;
    const quoteChar = quote === 34 ? '"' : "'";
    for (;;) {
      let close = text.indexOf(quoteChar, q);
      if (close >= this.end) close = -1;
      const escape = this.backslashes.from(q);
      if (escape !== -1 && escape < this.end && (close === -1 || escape < close)) {
        q = escape + (units[escape + 1] === 13 && units[escape + 2] === 10 ? 3 : 2);
        continue;
      }
      if (close === -1) throw UNDECIDED; // unterminated
      if (units[close + 1] === quote && units[close + 2] === quote) return close + 3;
      q = close + 1;
    }
  }

  /** An f-string replacement field starting after its `{` at `p`: expression, `=`, `!r`, `:spec`, `}`. Returns the offset after `}`. */
  private replacementField(p: number, quote: number): number {
    const units = this.units;
    // The tokenizer's state belongs to the token being read around this string.
    const k = this.k;
    const s = this.s;
    const e = this.e;
    const soft = this.soft;
    const lineDone = this.lineDone;
    this.fQuotes.push(quote);
    this.pos = p;
    this.next();
    if (this.k === KW.lambda || this.k === KW.yield) throw UNDECIDED;
    this.test();
    if (this.k === T.EQUAL) this.next();
    if (this.k === T.CONVERSION) this.next();
    let end: number;
    if (this.k === T.COLON) {
      let q = this.e;
      for (;;) {
        const c = units[q];
        if (q >= this.end) throw UNDECIDED;
        if (c === 125) break;
        if (c === 123 || c === 10 || c === 13 || c === 92 || c === 34 || c === 39) throw UNDECIDED;
        q++;
      }
      end = q + 1;
    } else if (this.k === T.RBRACE) end = this.e;
    else throw UNDECIDED;
    this.fQuotes.pop();
    this.k = k;
    this.s = s;
    this.e = e;
    this.soft = soft;
    this.lineDone = lineDone;
    return end;
  }

  // ---- helpers ----

  /** Reads past the operator or keyword of this code, or leaves the text to tree-sitter if the current token is another. */
  private expect(code: number): void {
    if (this.k !== code) throw UNDECIDED;
    this.next();
  }

  private expectName(): void {
    if (this.k !== T.NAME) throw UNDECIDED;
    this.next();
  }

  /** Whether the current token can start an expression (or a starred one). */
  private startsExpression(): boolean {
    switch (this.k) {
      case T.NAME:
      case T.NUMBER:
      case T.STRING:
      case KW.not:
      case KW.lambda:
      case KW.await:
      case KW.None:
      case KW.True:
      case KW.False:
      case T.LPAR:
      case T.LSQB:
      case T.LBRACE:
      case T.MINUS:
      case T.PLUS:
      case T.TILDE:
      case T.STAR:
      case T.ELLIPSIS:
        return true;
      default:
        return false;
    }
  }

  private enter(): void {
    if (++this.nesting > MAX_DEPTH) throw UNDECIDED;
  }

  // ---- statements ----

  private statement(): void {
    if (this.k > T.KEYWORDS) {
      switch (this.k) {
        case KW.if:
          return this.ifStatement();
        case KW.while:
          this.next();
          this.namedExpression();
          this.suite();
          return this.elseClause();
        case KW.for:
          return this.forStatement();
        case KW.try:
          return this.tryStatement();
        case KW.with:
          return this.withStatement();
        case KW.def:
          return this.functionDefinition();
        case KW.class:
          return this.classDefinition();
        case KW.async:
          this.next();
          if (this.k === KW.def) return this.functionDefinition();
          if (this.k === KW.for) return this.forStatement();
          if (this.k === KW.with) return this.withStatement();
          throw UNDECIDED;
      }
    } else if (this.k === T.AT) return this.decorated();
    this.simpleStatements();
  }

  /** `:` and a block: an indented one, or simple statements on the same line. */
  private suite(): void {
    this.expect(T.COLON);
    if (this.k !== T.NEWLINE) return this.simpleStatements();
    this.next();
    if (this.k !== T.INDENT) throw UNDECIDED;
    this.next();
    do this.statement();
    while (this.k !== T.DEDENT && this.k !== T.END);
    if (this.k !== T.DEDENT) throw UNDECIDED;
    this.next();
  }

  private elseClause(): void {
    if (this.k !== KW.else) return;
    this.next();
    this.suite();
  }

  private ifStatement(): void {
    this.next();
    this.namedExpression();
    this.suite();
    while (this.k === KW.elif) {
      this.next();
      this.namedExpression();
      this.suite();
    }
    this.elseClause();
  }

  private forStatement(): void {
    this.next();
    this.targetList();
    this.expect(KW.in);
    this.expressionList();
    this.suite();
    this.elseClause();
  }

  private tryStatement(): void {
    this.next();
    this.suite();
    let handlers = 0;
    while (this.k === KW.except) {
      this.next();
      if (this.k === T.STAR) throw UNDECIDED; // except*: left to tree-sitter
      if (this.k !== T.COLON) {
        this.test();
        if (this.k === KW.as) {
          this.next();
          this.expectName();
        }
      }
      this.suite();
      handlers++;
    }
    if (handlers > 0) this.elseClause();
    if (this.k === KW.finally) {
      this.next();
      this.suite();
    } else if (handlers === 0) throw UNDECIDED;
  }

  private withStatement(): void {
    this.next();
    for (;;) {
      this.test();
      if (this.k === KW.as) {
        this.next();
        this.target();
      }
      if (this.k !== T.COMMA) break;
      this.next();
    }
    this.suite();
  }

  private functionDefinition(): void {
    this.next();
    this.expectName();
    this.expect(T.LPAR); // type parameters (def f[T]) are left to tree-sitter
    this.parameters(T.RPAR, true);
    this.expect(T.RPAR);
    if (this.k === T.ARROW) {
      this.next();
      this.test();
    }
    this.suite();
  }

  /** Parameters up to `close` (not consumed); annotations only in a def. */
  private parameters(close: number, annotated: boolean): void {
    while (this.k !== close) {
      // `*`, `**` and plain parameters share one reading of the name, annotation and default:
      // the annotation of a `*args` has type feedback from every other parameter's.
      let named = true;
      let plain = false;
      if (this.k === T.STAR) {
        this.next();
        named = this.k === T.NAME; // a bare `*`
      } else if (this.k === T.POW) this.next();
      else if (this.k === T.SLASH) {
        this.next();
        named = false;
      } else plain = true;
      if (named) {
        this.expectName();
        if (annotated && this.k === T.COLON) this.annotation();
        if (plain && this.k === T.EQUAL) {
          this.next();
          this.test();
        }
      }
      if (this.k !== T.COMMA) break;
      this.next();
    }
  }

  private annotation(): void {
    this.next();
    if (this.k === T.STAR) throw UNDECIDED; // *Ts
    this.test();
  }

  private classDefinition(): void {
    this.next();
    this.expectName();
    if (this.k === T.LPAR) this.callArguments(false);
    this.suite();
  }

  private decorated(): void {
    while (this.k === T.AT) {
      this.next();
      this.namedExpression();
      if (this.k !== T.NEWLINE) throw UNDECIDED;
      this.next();
    }
    if (this.k === KW.def) return this.functionDefinition();
    if (this.k === KW.class) return this.classDefinition();
    if (this.k !== KW.async) throw UNDECIDED;
    this.next();
    if (this.k !== KW.def) throw UNDECIDED;
    this.functionDefinition();
  }

  private simpleStatements(): void {
    for (;;) {
      this.simpleStatement();
      if (this.k !== T.SEMI) break;
      this.next();
      if (this.k === T.NEWLINE) break;
    }
    if (this.k !== T.NEWLINE) throw UNDECIDED;
    this.next();
  }

  private simpleStatement(): void {
    if (this.k > T.KEYWORDS) {
      switch (this.k) {
        case KW.pass:
        case KW.break:
        case KW.continue:
          return this.next();
        case KW.return:
          this.next();
          if (this.startsExpression()) this.expressionList();
          return;
        case KW.raise:
          this.next();
          if (this.startsExpression()) {
            this.test();
            if (this.k === KW.from) {
              this.next();
              this.test();
            }
          }
          return;
        case KW.global:
        case KW.nonlocal:
          this.next();
          this.expectName();
          while (this.k === T.COMMA) {
            this.next();
            this.expectName();
          }
          return;
        case KW.del:
          this.next();
          this.expressionList();
          return;
        case KW.assert:
          this.next();
          this.test();
          if (this.k === T.COMMA) {
            this.next();
            this.test();
          }
          return;
        case KW.import:
          this.next();
          for (;;) {
            this.dottedName();
            if (this.k === KW.as) {
              this.next();
              this.expectName();
            }
            if (this.k !== T.COMMA) return;
            this.next();
          }
        case KW.from:
          return this.fromImport();
        case KW.yield:
          return this.yieldExpression();
        case KW.not:
        case KW.lambda:
        case KW.await:
        case KW.None:
        case KW.True:
        case KW.False:
          break;
        default:
          throw UNDECIDED;
      }
    } else if (this.k === T.NAME && this.soft && !this.softWordAsName()) throw UNDECIDED; // match, case, type statements: left to tree-sitter
    this.expressionStatement();
  }

  /**
   * Whether the soft keyword just read starts an expression statement or an assignment rather than a
   * `match`, `case` or `type` statement: it is followed (on the same line) by `=`, an augmented
   * assignment, `.`, `,`, `(`, `[` or `:` (`match = re.match(...)`, `type(x).y = 1`,
   * `match: Field = m`). Code of the right shape cannot be such a statement: `match (x):` and `match [x]:`
   * read as a call or subscript annotated with nothing, which the recognizer rejects, so they stay
   * with tree-sitter. tree-sitter-python reads these names without error (quickSyntax.test.ts).
   */
  private softWordAsName(): boolean {
    const units = this.units;
    let q = this.e;
    while (q < this.end && (units[q] === 32 || units[q] === 9)) q++;
    if (q + 1 >= this.end) return false;
    const c = units[q];
    const d = units[q + 1];
    switch (c) {
      case 61: // `=`, not `==`
      case 58: // `:`, not `:=`
        return d !== 61;
      case 46: // `.`, not `..`
        return d !== 46;
      case 44: // ,
      case 40: // (
      case 91: // [
        return true;
      default:
        // Augmented assignments: +=, -=, *=, /=, %=, &=, |=, ^=, @=, //=, **=, <<=, >>=.
        if (d === 61) return c === 43 || c === 45 || c === 42 || c === 47 || c === 37 || c === 38 || c === 124 || c === 94 || c === 64;
        return (
          q + 2 < this.end &&
          units[q + 2] === 61 &&
          ((c === 47 && d === 47) || (c === 42 && d === 42) || (c === 60 && d === 60) || (c === 62 && d === 62))
        );
    }
  }

  private dottedName(): void {
    this.expectName();
    while (this.k === T.DOT) {
      this.next();
      this.expectName();
    }
  }

  private fromImport(): void {
    this.next();
    let dots = false;
    while (this.k === T.DOT || this.k === T.ELLIPSIS) {
      dots = true;
      this.next();
    }
    // tree-sitter-python has no `from __future__ import *`.
    const future = !dots && this.k === T.NAME && this.e - this.s === 10 && this.text.startsWith('__future__', this.s);
    if (this.k === T.NAME) this.dottedName();
    else if (!dots) throw UNDECIDED;
    this.expect(KW.import);
    if (this.k === T.STAR && !future) return this.next();
    const parenthesized = this.k === T.LPAR;
    if (parenthesized) this.next();
    for (;;) {
      this.expectName();
      if (this.k === KW.as) {
        this.next();
        this.expectName();
      }
      if (this.k !== T.COMMA) break;
      this.next();
      if (parenthesized && this.k === T.RPAR) break;
    }
    if (parenthesized) this.expect(T.RPAR);
  }

  private expressionStatement(): void {
    const shape = this.expressionList();
    const single = this.single;
    let targets = this.targets;
    if (this.k === T.EQUAL) {
      while (this.k === T.EQUAL) {
        if (!targets) throw UNDECIDED;
        this.next();
        if (this.k === KW.yield) {
          this.yieldExpression();
          if (this.k === T.EQUAL) throw UNDECIDED;
          return;
        }
        this.expressionList();
        targets = this.targets;
      }
      return;
    }
    if (this.k === T.AUGASSIGN || this.k === T.COLON) {
      if (!single || (shape !== BARE_NAME && shape !== ATTRIBUTE)) throw UNDECIDED;
      const annotated = this.k === T.COLON;
      this.next();
      if (annotated) {
        this.test();
        if (this.k !== T.EQUAL) return;
        this.next();
      }
      if (this.k === KW.yield) this.yieldExpression();
      else this.expressionList();
    }
  }

  private yieldExpression(): void {
    this.next();
    if (this.k === KW.from) {
      this.next();
      this.test();
    } else if (this.startsExpression()) this.expressionList();
  }

  /** Expressions (or `*target`s) separated by commas, with an optional trailing comma; returns the shape of a single one. */
  private expressionList(): number {
    let shape = this.starOrTest(false);
    let targets = isTarget(shape);
    let single = true;
    while (this.k === T.COMMA) {
      single = false;
      this.next();
      if (!this.startsExpression()) break;
      targets = isTarget(this.starOrTest(false)) && targets;
    }
    if (!single && shape === STAR_TARGET) shape = OTHER;
    else if (single && shape === STAR_TARGET) throw UNDECIDED; // a lone *x
    this.single = single;
    this.targets = targets;
    return shape;
  }

  /** `*x` or an expression; in a bare list (not `collection`), `*` takes only a name, attribute or subscript, as tree-sitter does. */
  private starOrTest(collection: boolean): number {
    if (this.k !== T.STAR) return collection ? this.namedExpression() : this.test();
    this.next();
    const shape = this.comparison();
    if (shape === BARE_NAME || shape === ATTRIBUTE) return STAR_TARGET;
    if (!collection) throw UNDECIDED;
    return OTHER;
  }

  /** Targets of a `for` (up to `in`). */
  private targetList(): void {
    this.target();
    while (this.k === T.COMMA) {
      this.next();
      if (this.k === KW.in) return;
      this.target();
    }
  }

  private target(): void {
    if (this.k === T.STAR) {
      this.next();
      const shape = this.primary();
      if (shape !== BARE_NAME && shape !== ATTRIBUTE) throw UNDECIDED;
      return;
    }
    const shape = this.primary();
    if (shape !== BARE_NAME && shape !== ATTRIBUTE && shape !== TARGETS) throw UNDECIDED;
  }

  // ---- expressions ----

  private namedExpression(): number {
    const shape = this.test();
    if (this.k !== T.WALRUS) return shape;
    if (shape !== BARE_NAME) throw UNDECIDED;
    this.next();
    this.test();
    return OTHER;
  }

  private test(): number {
    this.enter();
    let shape: number;
    if (this.k === KW.lambda) {
      this.next();
      this.parameters(T.COLON, false);
      this.expect(T.COLON);
      this.test();
      shape = OTHER;
    } else {
      // Most expressions start with an operand (a name, call, string...): read it without the calls
      // through disjunction, inversion, comparison and factor, which pass it on unchanged.
      shape = this.startsPrimary() ? this.operandsAfter(this.primary()) : this.disjunction();
      if (this.k === KW.if) {
        this.next();
        this.disjunction();
        this.expect(KW.else);
        this.test();
        shape = OTHER;
      }
    }
    this.nesting--;
    return shape;
  }

  /** After an expression's first operand (of this shape): the operators and operands that follow it, as disjunction reads them. */
  private operandsAfter(first: number): number {
    if (this.k < T.KEYWORDS && !isBinary(this.k)) return first; // most often a lone operand
    return this.disjunctionAfter(this.comparisonAfter(first));
  }

  private disjunction(): number {
    return this.disjunctionAfter(this.inversion());
  }

  /** The rest of a disjunction whose first operand (of this shape) was read. */
  private disjunctionAfter(first: number): number {
    let shape = first;
    while (this.k === KW.or || this.k === KW.and) {
      this.next();
      this.inversion();
      shape = OTHER;
    }
    return shape;
  }

  private inversion(): number {
    if (this.k !== KW.not) return this.comparison();
    this.next();
    this.enter();
    this.inversion();
    this.nesting--;
    return OTHER;
  }

  /** Operands joined by binary and comparison operators (which one does not matter to whether it parses). */
  private comparison(): number {
    return this.comparisonAfter(this.factor());
  }

  /** The rest of a comparison whose first operand (of this shape) was read. */
  private comparisonAfter(first: number): number {
    let shape = first;
    for (;;) {
      if (this.k < T.KEYWORDS) {
        if (!isBinary(this.k)) break;
      } else {
        if (this.k === KW.not) {
          this.next();
          if (this.k !== KW.in) throw UNDECIDED;
        } else if (this.k === KW.is) {
          this.next();
          if (this.k === KW.not) this.next();
          this.factor();
          shape = OTHER;
          continue;
        } else if (this.k !== KW.in) break;
      }
      this.next();
      this.factor();
      shape = OTHER;
    }
    return shape;
  }

  private factor(): number {
    if (this.k === T.MINUS || this.k === T.PLUS || this.k === T.TILDE) {
      this.next();
      this.enter();
      this.factor();
      this.nesting--;
      return OTHER;
    }
    if (this.k === KW.await) {
      this.next();
      this.primary();
      return OTHER;
    }
    return this.primary();
  }

  /** Whether the current token starts a primary (an atom): what factor and inversion pass on unchanged. */
  private startsPrimary(): boolean {
    const k = this.k;
    return (
      k === T.NAME ||
      k === T.STRING ||
      k === T.NUMBER ||
      k === KW.None ||
      k === KW.True ||
      k === KW.False ||
      k === T.LPAR ||
      k === T.LSQB ||
      k === T.LBRACE ||
      k === T.ELLIPSIS
    );
  }

  private primary(): number {
    let shape: number;
    if (this.k === T.NAME) {
      // Names are most atoms.
      this.next();
      shape = BARE_NAME;
    } else shape = this.atom();
    for (;;) {
      if (this.k === T.DOT) {
        this.next();
        this.expectName();
        shape = ATTRIBUTE;
      } else if (this.k === T.LPAR) {
        this.callArguments(true);
        shape = OTHER;
      } else if (this.k === T.LSQB) {
        this.subscript();
        shape = ATTRIBUTE;
      } else return shape;
    }
  }

  private atom(): number {
    switch (this.k) {
      case T.NAME:
        this.next();
        return BARE_NAME;
      case T.NUMBER:
        this.next();
        return OTHER;
      case T.STRING:
        do this.next();
        while (this.k === T.STRING);
        return OTHER;
      case KW.None:
      case KW.True:
      case KW.False:
      case T.ELLIPSIS:
        this.next();
        return OTHER;
      case T.LPAR:
        return this.parenthesized();
      case T.LSQB:
        return this.list();
      case T.LBRACE:
        return this.dictOrSet();
    }
    throw UNDECIDED;
  }

  private parenthesized(): number {
    this.enter();
    this.next();
    let shape = OTHER;
    if (this.k === T.RPAR) shape = OTHER;
    else if (this.k === KW.yield) this.yieldExpression();
    else {
      const first = this.starOrTest(true);
      if (this.k === KW.for || this.k === KW.async) {
        if (first === STAR_TARGET) throw UNDECIDED;
        this.comprehension();
      } else if (this.k === T.COMMA) shape = this.collectionRest(first, T.RPAR);
      else if (first === STAR_TARGET) throw UNDECIDED;
      else shape = isTarget(first) ? TARGETS : OTHER;
    }
    this.expect(T.RPAR);
    this.nesting--;
    return shape;
  }

  /** After the first element and at a comma: the rest of a tuple or list up to `close` (not consumed). */
  private collectionRest(first: number, close: number): number {
    let targets = isTarget(first);
    while (this.k === T.COMMA) {
      this.next();
      if (this.k === close) break;
      targets = isTarget(this.starOrTest(true)) && targets;
    }
    return targets ? TARGETS : OTHER;
  }

  private list(): number {
    this.enter();
    this.next();
    let shape = OTHER;
    if (this.k !== T.RSQB) {
      const first = this.starOrTest(true);
      if (this.k === KW.for || this.k === KW.async) {
        if (first === STAR_TARGET) throw UNDECIDED;
        this.comprehension();
      } else shape = this.collectionRest(first, T.RSQB);
    }
    this.expect(T.RSQB);
    this.nesting--;
    return shape;
  }

  private dictOrSet(): number {
    this.enter();
    this.next();
    if (this.k !== T.RBRACE) {
      let dict: boolean;
      if (this.k === T.POW) {
        this.next();
        this.comparison();
        dict = true;
      } else {
        const first = this.starOrTest(true);
        dict = this.k === T.COLON;
        if (dict) {
          if (first === STAR_TARGET) throw UNDECIDED;
          this.next();
          this.test();
        }
        if (this.k === KW.for || this.k === KW.async) {
          if (first === STAR_TARGET) throw UNDECIDED;
          this.comprehension();
          this.expect(T.RBRACE);
          this.nesting--;
          return OTHER;
        }
      }
      while (this.k === T.COMMA) {
        this.next();
        if (this.k === T.RBRACE) break;
        if (!dict) this.starOrTest(true);
        else if (this.k === T.POW) {
          this.next();
          this.comparison();
        } else {
          this.test();
          this.expect(T.COLON);
          this.test();
        }
      }
    }
    this.expect(T.RBRACE);
    this.nesting--;
    return OTHER;
  }

  /** `for targets in iterable (if condition)*`, repeated. */
  private comprehension(): void {
    for (;;) {
      if (this.k === KW.async) {
        this.next();
        if (this.k !== KW.for) throw UNDECIDED;
      } else if (this.k !== KW.for) return;
      this.next();
      this.targetList();
      this.expect(KW.in);
      this.disjunction();
      while (this.k === KW.if) {
        this.next();
        this.disjunction();
      }
    }
  }

  /** `(arguments)` of a call (a lone generator expression allowed) or of a class definition. */
  private callArguments(generator: boolean): void {
    this.enter();
    this.next();
    let first = true;
    while (this.k !== T.RPAR) {
      if (this.k === T.STAR || this.k === T.POW) {
        this.next();
        this.test();
      } else {
        const shape = this.namedExpression();
        if (this.k === T.EQUAL) {
          if (shape !== BARE_NAME) throw UNDECIDED;
          this.next();
          this.test();
        } else if (this.k === KW.for || this.k === KW.async) {
          if (!first || !generator) throw UNDECIDED;
          this.comprehension();
          break;
        }
      }
      first = false;
      if (this.k !== T.COMMA) break;
      this.next();
    }
    this.expect(T.RPAR);
    this.nesting--;
  }

  private subscript(): void {
    this.enter();
    this.next();
    for (;;) {
      if (this.k === T.STAR) throw UNDECIDED; // a[*b]: left to tree-sitter
      if (this.k !== T.COLON) this.namedExpression();
      if (this.k === T.COLON) {
        this.next();
        if (this.k !== T.COLON && this.k !== T.COMMA && this.k !== T.RSQB) this.test();
        if (this.k === T.COLON) {
          this.next();
          if (this.k !== T.COMMA && this.k !== T.RSQB) this.test();
        }
      }
      if (this.k !== T.COMMA) break;
      this.next();
      if (this.k === T.RSQB) break;
    }
    this.expect(T.RSQB);
    this.nesting--;
  }
}

const NO_TEXT = new Backslashes('');
const NO_UNITS = new Uint16Array(0);
/** The code units of the texts the recognizer reads (a document's, a statement's, a member below a stand-in header). */
const TEXT_UNITS = new CodeUnits();
const RECOGNIZER = new Recognizer();

/** Whether an operator code joins two operands (a binary or comparison operator). */
function isBinary(v: number): boolean {
  return v === T.BINARY || v === T.PLUS || v === T.MINUS || v === T.STAR || v === T.POW || v === T.SLASH || v === T.AT;
}

function isTarget(shape: number): boolean {
  return shape === BARE_NAME || shape === ATTRIBUTE || shape === TARGETS || shape === STAR_TARGET;
}

/**
 * Whether `source` (or source[start, end)) is surely free of syntax errors as tree-sitter-python
 * reports them (no ERROR or MISSING node, no Python 2 print or exec statement). False means "not
 * known": broken, or a construct this check leaves to tree-sitter. The checks of several ranges of
 * one text share its `backslashes`. A short text is answered from memory when it was asked before
 * (see SHORT_TEXT), whole or as a range: a range reads as the same text copied out.
 */
export function surelyParses(source: string, start = 0, end = source.length, backslashes?: Backslashes): boolean {
  if (!warmedUp) warmUp();
  const whole = start === 0 && end === source.length;
  if (end - start > SHORT_TEXT) return recognizes(source, start, end, whole, backslashes);
  if (shortTextsReadAfresh > 0) {
    shortTextsReadAfresh--;
    return recognizes(source, start, end, whole, backslashes);
  }
  const key = whole ? source : source.slice(start, end);
  let answer = shortAnswers.get(key);
  if (answer === undefined) {
    answer = recognizes(source, start, end, whole, backslashes);
    if (shortAnswers.size >= MAX_SHORT_ANSWERS) shortAnswers.clear();
    shortAnswers.set(detached(key), answer);
  } else shortTextsFound++;
  if (answer && whole) lastCleared = source;
  if (++shortTextsAsked === MEMORY_TRIAL) {
    // Few repeats (the standard library's statements rarely recur; ansible's boilerplate does):
    // remembering costs more than it saves (hashing each fresh slice, copying each new one).
    if (shortTextsFound * 3 < MEMORY_TRIAL) shortTextsReadAfresh = MEMORY_PAUSE;
    shortTextsAsked = shortTextsFound = 0;
  }
  return answer;
}

/**
 * Texts up to this long are answered from what was answered of the same text before: many short
 * statements recur from file to file (imports, `__metaclass__ = type`), and a check costs about
 * as much to start as to read a few hundred characters.
 */
const SHORT_TEXT = 256;
/** The short texts remembered at most (then forgotten all at once): a few hundred kilobytes. */
const MAX_SHORT_ANSWERS = 4096;
const shortAnswers = new Map<string, boolean>();
/** Short texts looked up in a row before the memory is judged: when fewer than a third were found, the next MEMORY_PAUSE are read afresh. */
const MEMORY_TRIAL = 512;
const MEMORY_PAUSE = 4096;
let shortTextsAsked = 0;
let shortTextsFound = 0;
let shortTextsReadAfresh = 0;

/** Forgets the answers for short texts, so that the next ones are read again (tests of the check itself). */
export function forgetShortTexts(): void {
  shortAnswers.clear();
  shortTextsAsked = shortTextsFound = shortTextsReadAfresh = 0;
}

/** surelyParses without the memory of short texts. */
function recognizes(source: string, start: number, end: number, whole: boolean, backslashes: Backslashes | undefined): boolean {
  // A range that does not end at a line break is copied out (see Recognizer), and so is a part of
  // a text whose code units no reader holds: copying the whole text for a part of it would cost
  // each keystroke a pass over the document.
  if ((end < source.length && source.charCodeAt(end - 1) !== 10) || (!whole && DOCUMENT_UNITS.held(source) === undefined)) {
    const copy = source.slice(start, end);
    return RECOGNIZER.accepts(copy, 0, copy.length, new Backslashes(copy));
  }
  const cleared = RECOGNIZER.accepts(source, start, end, backslashes?.text === source ? backslashes : new Backslashes(source));
  if (cleared && whole) lastCleared = source;
  return cleared;
}

/** Whether the recognizer has read the warm-up texts (see warmUp). */
let warmedUp = false;
/**
 * How many times warmUp reads its texts: V8 records what a method's branches see only once the
 * method has run a few times, so a rarely called one (a decorator, a `global` statement) records
 * little on a first reading. Three left a third of the recompilations of one reading.
 */
const WARM_UP_READINGS = 3;

/**
 * Reads the warm-up texts (warmUpTexts.ts) before the first real text. V8 optimizes the
 * recognizer for the branches it has seen run; a branch first taken in optimized code (an
 * f-string's conversion, a backslash continuation, a rare statement) threw that code away to be
 * compiled again, which for its large inlined methods cost milliseconds each time, dozens of times a
 * run. Read by the recognizer directly: no answer is remembered, and no real text's answer changes.
 */
function warmUp(): void {
  warmedUp = true;
  for (let reading = 0; reading < WARM_UP_READINGS; reading++)
    for (const texts of [WARM_UP_CLEARED, WARM_UP_UNDECIDED])
      for (const text of texts) RECOGNIZER.accepts(text, 0, text.length, new Backslashes(text));
}

/** The last whole text surelyParses cleared (one string is kept: at most one document's text stays alive for it). */
let lastCleared = '';

/**
 * Whether surelyParses cleared `text` when it was last asked about a whole text: the parse filter
 * checks some statements it leaves unparsed (plain imports, string assignments), and the
 * syntax-error finder need not check them again. Sound for any text: the answer depends on the
 * text alone.
 */
export function clearedLast(text: string): boolean {
  return text.length > 0 && text === lastCleared;
}
