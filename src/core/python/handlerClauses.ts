// Reads the except clauses and raise statements of one statement's text (or a class member's)
// without a tree, as the diagnostics walk would find them in tree-sitter's: which clause a raise or
// a call belongs to, where each clause's body is. The parse filter asks it only about text whose
// syntax is sure (quickSyntax), so the tokens, brackets and indentation it reads are the parser's.
// Strict on purpose: whatever it does not fully understand (a form feed or a lone carriage return,
// indentation that mixes tabs and spaces inconsistently, a backslash that does not end its line, a
// lambda in a compound statement's header) gets null, and the text is parsed.

import { CodeUnits } from './codeUnits';
import { lineQuotedEnd, tripleQuotedEnd } from './strings';
import { WARM_UP_CLEARED } from './warmUpTexts';

/** An except clause read from text. Offsets index the text. */
export interface ExceptClauseText {
  /** Where its `except` keyword starts. */
  readonly at: number;
  /** The text between `except` and the header's colon, as written (`*` of except*, comments, `as name` included). */
  header: string;
  /** The name a header ending in `as NAME` binds (ASCII, as the walk reads it), or null. */
  alias: string | null;
  /** Where its body's first statement starts. */
  bodyStart: number;
  /** Where its body's code ends: the end of the last token of its last statement (a trailing comment excluded). */
  bodyEnd: number;
  /** A raise statement is in its body, in the same function and not in a nested clause (HandlerRec.raises). */
  raises: boolean;
  /**
   * The last names of calls in its body, in the same function and not in a nested clause, written
   * with a receiver (`self.module.fail_json(...)` gives `fail_json`). Calls in a line holding a
   * lambda, a decorator or a def or class header are left out (they may be in another scope).
   */
  readonly calledNames: string[];
}

/** A raise statement read from text. */
export interface RaiseText {
  /** Where its `raise` keyword starts. */
  readonly at: number;
  /** The innermost except clause around it in the same function (RaiseRec.handler), or null. */
  readonly clause: ExceptClauseText | null;
  /** The raised expression as written, up to `from` or the statement's end, trimmed ('' for a bare raise). */
  expression: string;
  /** It has a `from` cause. */
  cause: boolean;
}

/** A logical line read from text (a statement, or a compound statement's clause header). */
export interface LogicalLineText {
  /** Where its first physical line starts (its indentation included). */
  readonly start: number;
  /** Where its code ends: the line break ending its last physical line, or the text's end. */
  readonly end: number;
  /** The length of its indentation. */
  readonly indent: number;
  /** Its first word when that is a keyword of a compound statement (`async` skipped), else ''. */
  readonly first: string;
  /** It is a clause header whose body is the indented block below it (not on the same line). */
  readonly opensBlock: boolean;
  /** It is a decorator. */
  readonly decorator: boolean;
}

export interface HandlerTexts {
  readonly clauses: ExceptClauseText[];
  readonly raises: RaiseText[];
  /** The text's logical lines, in order (comment and blank lines are none). */
  readonly lines: LogicalLineText[];
}

/** Thrown (never escapes) where the reader is unsure. */
const UNSURE: unique symbol = Symbol('unsure');

/** Keywords that start a compound statement (soft ones included: `match x:`, `case y:`). */
const COMPOUND = new Set([
  'if',
  'elif',
  'else',
  'for',
  'while',
  'with',
  'try',
  'except',
  'finally',
  'def',
  'class',
  'async',
  'match',
  'case',
]);

/** 1 where a word of COMPOUND has this first character and length (2 to 7), at `firstCharCode * 8 + length`. */
const COMPOUND_SHAPES = new Uint8Array(128 * 8);
for (const word of COMPOUND) COMPOUND_SHAPES[word.charCodeAt(0) * 8 + word.length] = 1;

/** The word text[start, end) where it may be one of COMPOUND (its first letter and length say), else ''. */
function compoundCandidate(text: string, start: number, end: number): string {
  const c = text.charCodeAt(start);
  const length = end - start;
  return length >= 2 && length <= 7 && c < 128 && COMPOUND_SHAPES[c * 8 + length] === 1 ? text.slice(start, end) : '';
}

/** A block a line can be in: its header's indentation and what it is for the walk. */
interface Block {
  /** Where its header's indentation starts in the text, and its length. */
  readonly indentAt: number;
  readonly indentLength: number;
  /** A clause's block, a new scope (def, class), or another compound statement's. */
  readonly clause: ExceptClauseText | null;
  readonly scope: boolean;
}

function isNameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c > 127;
}

function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 48 && c <= 57);
}

function isAsciiNameChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || (c >= 48 && c <= 57);
}

/** A letter of a string prefix (r, u, b, f, t in either case). */
function isPrefixLetter(c: number): boolean {
  const lower = c | 32;
  return lower === 114 || lower === 117 || lower === 98 || lower === 102 || lower === 116;
}

/** `as NAME` ending a header (after the caught expression): how the walk reads the alias of an as_pattern. */
const ALIAS = /\bas\s+([A-Za-z_]\w*)\s*$/;

class HandlerReader {
  private i = 0;
  private readonly clauses: ExceptClauseText[] = [];
  private readonly raises: RaiseText[] = [];
  private readonly lines: LogicalLineText[] = [];
  private readonly blocks: Block[] = [];
  /** The code end of the last logical line read. */
  private lastEnd = 0;
  /** A compound header whose block is still to come (the next line must be indented deeper). */
  private awaiting: Block | null = null;

  /** No tab in the text: every indentation is spaces, and two agree as far as the shorter goes. */
  private readonly spacesOnly: boolean;

  /** The text's code units (see CodeUnits), read in the loops over every character. */
  private readonly units: Uint16Array;

  constructor(private readonly text: string) {
    this.spacesOnly = !text.includes('\t');
    this.units = HANDLER_UNITS.of(text);
  }

  read(): HandlerTexts {
    const text = this.text;
    const units = this.units;
    for (;;) {
      // A physical line that starts a logical line: its indentation, then code, a comment or nothing.
      const lineStart = this.i;
      let j = lineStart;
      while (j < text.length && (units[j] === 32 || units[j] === 9)) j++;
      if (j >= text.length) break;
      const c = units[j];
      if (c === 35) j = this.lineEnd(j);
      if (j >= text.length) break;
      if (units[j] === 10) {
        this.i = j + 1;
        continue;
      }
      if (text.charCodeAt(j) === 13) {
        this.i = j + (text.charCodeAt(j + 1) === 10 ? 2 : 1);
        continue;
      }
      this.i = j;
      this.logicalLine(lineStart, j - lineStart);
    }
    this.enter(0, 0);
    if (this.awaiting) throw UNSURE;
    return { clauses: this.clauses, raises: this.raises, lines: this.lines };
  }

  /** The offset of the line break ending the line at `i` (or the text's end; a carriage return only comes before a line feed). */
  private lineEnd(i: number): number {
    const text = this.text;
    const n = text.indexOf('\n', i);
    if (n === -1) return text.length;
    return n > i && text.charCodeAt(n - 1) === 13 ? n - 1 : n;
  }

  /** Whether the `length` characters at `a` and at `b` are the same. */
  private same(a: number, b: number, length: number): boolean {
    if (this.spacesOnly) return true;
    for (let k = 0; k < length; k++) if (this.text.charCodeAt(a + k) !== this.text.charCodeAt(b + k)) return false;
    return true;
  }

  /**
   * Closes the blocks a line indented by the `length` characters at `at` is not in, and checks it
   * may start where it does.
   */
  private enter(at: number, length: number): void {
    for (;;) {
      const top = this.blocks.at(-1);
      if (!top) break;
      if (length > top.indentLength && this.same(at, top.indentAt, top.indentLength)) break;
      // Out of the block: the line must be indented as the header or less, with the same characters.
      if (length > top.indentLength || !this.same(at, top.indentAt, length)) throw UNSURE;
      if (top === this.awaiting) throw UNSURE; // a header without a block
      if (top.clause) top.clause.bodyEnd = this.lastEnd;
      this.blocks.pop();
    }
    if (this.awaiting) {
      if (this.awaiting.clause) this.awaiting.clause.bodyStart = this.i;
      this.awaiting = null;
    }
  }

  /** The innermost clause around the lines of the open blocks, in their function (null at a def or class). */
  private context(): ExceptClauseText | null {
    for (let k = this.blocks.length - 1; k >= 0; k--) {
      const block = this.blocks[k];
      if (block.scope) return null;
      if (block.clause) return block.clause;
    }
    return null;
  }

  /** A name at `i` (or -1 when there is none): its end. */
  private nameEnd(i: number): number {
    const units = this.units;
    if (!isNameStart(units[i])) return -1;
    let j = i + 1;
    while (isNameChar(units[j])) j++;
    return j;
  }

  // The logical line being read (see logicalLine). Fields, not locals of one large function: the
  // token steps stay small functions, which the JIT compiles quickly and keeps compiled.
  /** Where its first token starts. */
  private start = 0;
  /** Its first word (after `async`) starts a compound statement: `if`, `except`, `def`... */
  private compound = false;
  /** It is a def or class header. */
  private scopeHeader = false;
  /** It is a decorator. */
  private decorator = false;
  /** The clause whose header it is, or null. */
  private clause: ExceptClauseText | null = null;
  /** The clause its code belongs to for the walk, as far as read (see context()). */
  private here: ExceptClauseText | null = null;
  /** Its header's colon, or -1. */
  private colon = -1;
  /** Where the body after its header's colon starts on the same line, or -1. */
  private inlineBody = -1;
  private depth = 0;
  /** It holds a lambda (whose calls are in another scope). */
  private lambda = false;
  /** Its calls with a receiver: the clause each is in, and its last name. */
  private readonly lineCalls: { clause: ExceptClauseText; name: string }[] = [];
  /** The next token starts a simple statement (the line's first, after the header's colon or a `;`). */
  private statementStart = false;
  /** The raise statement being read, where its expression starts, and its `from` (or -1). */
  private raise: RaiseText | null = null;
  private expressionStart = -1;
  private raiseFrom = -1;
  /** The end of its code read so far. */
  private codeEnd = 0;

  /**
   * The logical line starting at this.i, indented by the `indentLength` characters at `indentAt`;
   * leaves this.i at its line break (or the end).
   */
  private logicalLine(indentAt: number, indentLength: number): void {
    this.enter(indentAt, indentLength);
    const text = this.text;
    const start = this.i;
    this.start = start;
    // Only the words of COMPOUND matter here: no string for other names.
    const firstEnd = this.nameEnd(start);
    let first = firstEnd === -1 ? '' : compoundCandidate(text, start, firstEnd);
    if (first === 'async') {
      let k = firstEnd;
      while (text.charCodeAt(k) === 32 || text.charCodeAt(k) === 9) k++;
      const secondEnd = this.nameEnd(k);
      first = secondEnd === -1 ? '' : compoundCandidate(text, k, secondEnd);
    }
    this.compound = COMPOUND.has(first) && first !== 'async';
    this.scopeHeader = first === 'def' || first === 'class';
    this.decorator = text.charCodeAt(start) === 64;
    this.clause = null;
    if (first === 'except') {
      this.clause = { at: start, header: '', alias: null, bodyStart: -1, bodyEnd: -1, raises: false, calledNames: [] };
      this.clauses.push(this.clause);
    }
    this.here = this.context();
    this.colon = -1;
    this.inlineBody = -1;
    this.depth = 0;
    this.lambda = false;
    this.lineCalls.length = 0;
    this.statementStart = !this.compound && !this.decorator;
    this.raise = null;
    this.codeEnd = start;
    let i = start;
    const units = this.units;
    for (;;) {
      const c = units[i];
      if (i >= text.length || ((c === 10 || c === 13) && this.depth === 0)) break;
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else if (c === 35) i = this.lineEnd(i);
      else if (c === 92) i = this.continuationEnd(i);
      else {
        i = this.token(c, i);
        this.codeEnd = i;
      }
    }
    this.i = i;
    this.endLine(indentAt, indentLength, first);
  }

  /** The offset past the line continuation at `i` (a backslash must end its line). */
  private continuationEnd(i: number): number {
    const n = this.text.charCodeAt(i + 1);
    if (n === 10) return i + 2;
    if (n === 13) return i + (this.text.charCodeAt(i + 2) === 10 ? 3 : 2);
    throw UNSURE;
  }

  /** Reads the token at `i`, whose first character is `c`; returns its end. */
  private token(c: number, i: number): number {
    if (c === 12) throw UNSURE;
    if (this.statementStart && this.inlineBody === -1 && this.colon !== -1) this.inlineBody = i;
    const startsStatement = this.statementStart;
    this.statementStart = false;
    if (c === 34 || c === 39) return this.stringEnd(i);
    if (isNameStart(c)) return this.word(i, startsStatement);
    if (c >= 48 && c <= 57) {
      // A number: digits, letters (0x1F, 1e5, 1j), `_` and `.`.
      const units = this.units;
      while (isNameChar(units[i]) || units[i] === 46) i++;
      return i;
    }
    this.punctuation(c, i);
    return i + 1;
  }

  /** Reads the name (or prefixed string) at `i`; returns its end. */
  private word(i: number, startsStatement: boolean): number {
    const text = this.text;
    const end = this.nameEnd(i);
    const length = end - i;
    if (length <= 2 && (text.charCodeAt(end) === 34 || text.charCodeAt(end) === 39) && this.allPrefixLetters(i, end))
      return this.stringEnd(end);
    // Only three words matter here: compared in place, without a string per name.
    if (length === 6 && text.startsWith('lambda', i)) {
      // A lambda's colon would be taken for the header's.
      if (this.compound && this.colon === -1 && this.depth === 0) throw UNSURE;
      this.lambda = true;
    } else if (startsStatement && length === 5 && text.startsWith('raise', i)) {
      this.raise = { at: i, clause: this.here, expression: '', cause: false };
      this.expressionStart = end;
      this.raiseFrom = -1;
      this.raises.push(this.raise);
      if (this.here) this.here.raises = true;
    } else if (this.raise !== null && this.depth === 0 && length === 4 && this.raiseFrom === -1 && text.startsWith('from', i))
      this.raiseFrom = i;
    return end;
  }

  /** Reads the operator or bracket `c` at `i`. */
  private punctuation(c: number, i: number): void {
    if (c === 40 || c === 91 || c === 123) {
      // A call's callee in a def, class or except header is in another scope, or read otherwise.
      if (c === 40 && this.here !== null && (!this.compound || this.colon !== -1 || !(this.scopeHeader || this.clause !== null))) {
        const name = this.calledName(i);
        if (name !== null) this.lineCalls.push({ clause: this.here, name });
      }
      this.depth++;
    } else if (c === 41 || c === 93 || c === 125) {
      if (--this.depth < 0) throw UNSURE;
    } else if (this.depth !== 0) return;
    else if (c === 59) {
      this.endRaise(i);
      this.statementStart = this.colon !== -1 || !this.compound;
    } else if (c === 58 && this.compound && this.colon === -1 && this.text.charCodeAt(i + 1) !== 61) {
      this.colon = i;
      this.statementStart = true;
      const clause = this.clause;
      if (clause) {
        clause.header = this.text.slice(this.start + 'except'.length, i);
        clause.alias = ALIAS.exec(clause.header)?.[1] ?? null;
        this.here = clause;
      } else if (this.scopeHeader) this.here = null;
    }
  }

  /** Ends the raise statement being read (if any) at `end`. */
  private endRaise(end: number): void {
    const raise = this.raise;
    if (!raise) return;
    raise.expression = this.text.slice(this.expressionStart, this.raiseFrom === -1 ? end : this.raiseFrom).trim();
    raise.cause = this.raiseFrom !== -1;
    this.raise = null;
  }

  /** Ends the logical line just read (indentation as for logicalLine), whose first word is `first`. */
  private endLine(indentAt: number, indentLength: number, first: string): void {
    if (this.depth !== 0) throw UNSURE;
    this.endRaise(this.codeEnd);
    this.lastEnd = this.codeEnd;
    if (this.compound && this.colon === -1) {
      // `match = ...`, `case(x)`: soft keywords used as names.
      if (first !== 'match' && first !== 'case') throw UNSURE;
      this.compound = false;
    }
    if (!this.lambda && !this.decorator) for (const call of this.lineCalls) call.clause.calledNames.push(call.name);
    const opensBlock = this.compound && this.inlineBody === -1;
    this.lines.push({
      start: indentAt,
      end: this.i,
      indent: indentLength,
      first: this.compound ? first : '',
      opensBlock,
      decorator: this.decorator,
    });
    if (!this.compound) return;
    const clause = this.clause;
    if (this.inlineBody !== -1) {
      if (clause) {
        clause.bodyStart = this.inlineBody;
        clause.bodyEnd = this.codeEnd;
      }
      return;
    }
    const block: Block = { indentAt, indentLength, clause, scope: this.scopeHeader };
    this.blocks.push(block);
    this.awaiting = block;
  }

  /** Whether text[from, to) is all string prefix letters. */
  private allPrefixLetters(from: number, to: number): boolean {
    for (let k = from; k < to; k++) if (!isPrefixLetter(this.text.charCodeAt(k))) return false;
    return true;
  }

  /** The end of the string literal whose quote is at `q`. */
  private stringEnd(q: number): number {
    const text = this.text;
    const quote = text.charCodeAt(q);
    const triple = text.charCodeAt(q + 1) === quote && text.charCodeAt(q + 2) === quote;
    const end = triple ? tripleQuotedEnd(text, q) : lineQuotedEnd(text, q);
    if (end === -1) throw UNSURE;
    return end;
  }

  /**
   * The last name of the callee whose `(` is at `paren`, when it is written as the walk reads it
   * from text (CALL_HEAD in walk.ts: ASCII names joined by dots, blanks allowed around them) with a
   * receiver (`a.b(`): null otherwise, or when something else comes right before it (`x[0].b(`,
   * `"s".join(`, `f(x).b(`), which makes it part of a larger callee.
   */
  private calledName(paren: number): string | null {
    const text = this.text;
    let k = paren - 1;
    const skipBlanks = () => {
      while (text.charCodeAt(k) === 32 || text.charCodeAt(k) === 9) k--;
    };
    skipBlanks();
    let tail: string | null = null;
    let names = 0;
    for (;;) {
      const end = k + 1;
      while (k >= 0 && isAsciiNameChar(text.charCodeAt(k))) k--;
      if (k + 1 === end) return null;
      const c0 = text.charCodeAt(k + 1);
      if (c0 >= 48 && c0 <= 57) return null;
      if (k >= 0 && isNameChar(text.charCodeAt(k))) return null; // a non-ASCII character
      tail ??= text.slice(k + 1, end);
      names++;
      skipBlanks();
      if (text.charCodeAt(k) !== 46) break;
      k--;
      skipBlanks();
    }
    if (names < 2) return null;
    // Right before the callee: nothing that would make it part of a larger expression's callee.
    const before = k >= 0 ? text.charCodeAt(k) : 10;
    if (before === 41 || before === 93 || before === 125 || before === 34 || before === 39 || before === 46 || before === 92) return null;
    return tail;
  }
}

/** The code units of the texts the reader reads. */
const HANDLER_UNITS = new CodeUnits();

/** Whether the reader has read the warm-up texts (see warmUp). */
let warmedUp = false;

/**
 * Reads the warm-up texts (warmUpTexts.ts) three times before the first real text, as the quick
 * syntax check does (see its warmUp): its rare branches (a lambda, a `raise ... from`, a line
 * continuation) were first taken in optimized code and made V8 compile it again. Pure: only
 * HANDLER_UNITS holds their code units until two real texts are read.
 */
function warmUp(): void {
  warmedUp = true;
  for (let reading = 0; reading < 3; reading++) for (const text of WARM_UP_CLEARED) read(text);
}

/**
 * The except clauses and raise statements of `text` (a statement, or a class member with its
 * indentation), or null when the reader is unsure. Only for text whose syntax is sure.
 */
export function readHandlers(text: string): HandlerTexts | null {
  if (!warmedUp) warmUp();
  return read(text);
}

/** readHandlers without the warm-up. */
function read(text: string): HandlerTexts | null {
  if (text.includes('\f')) return null;
  for (let k = text.indexOf('\r'); k !== -1; k = text.indexOf('\r', k + 1)) if (text.charCodeAt(k + 1) !== 10) return null;
  try {
    return new HandlerReader(text).read();
  } catch (error) {
    if (error === UNSURE) return null;
    throw error;
  }
}
