// Reads a statement that only binds one name to plain string literals from its text:
// `DOCUMENTATION = r'''...'''`, `USAGE = ("a" "b")`. Such statements are long (ansible modules'
// DOCUMENTATION, EXAMPLES and RETURN hold about 3% of the collections' text) and their prose is
// full of words that look like code. Strict on purpose: anything it does not fully understand
// (an f- or t-string, another prefix, an annotation, several targets, an operator, a second
// statement, a continuation before a blank line, non-ASCII outside the literals) gets null.
import { commentEnd, skipBlanks } from './statementBlanks';
import { NOT_PLAIN } from './plainImports';
import { tripleQuotedEnd } from './strings';

/** Thrown (never escapes) when the text is not one plain string assignment; thrown in place (see quickSyntax's UNDECIDED). */
const NOT_PLAIN_ASSIGNMENT: unique symbol = Symbol('not a plain string assignment');

function isNameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 48 && c <= 57);
}

/** Whether `c` is a letter of a string prefix this reader accepts: r, u or b, either case. */
function isPlainPrefixLetter(c: number): boolean {
  const lower = c | 32;
  return lower === 114 || lower === 117 || lower === 98;
}

class AssignmentReader {
  private i = 0;
  /** Inside the parentheses around the value (newlines and comments are blanks there). */
  private inParens = false;

  constructor(private readonly text: string) {}

  private code(at: number): number {
    return at < this.text.length ? this.text.charCodeAt(at) : -1;
  }

  /** Skips what separates tokens (see skipBlanks); inside the parentheses also line breaks and comments. */
  private blanks(): void {
    const next = skipBlanks(this.text, this.i, this.text.length, this.inParens);
    if (next < 0) throw NOT_PLAIN_ASSIGNMENT;
    this.i = next;
  }

  private skipComment(): void {
    this.i = commentEnd(this.text, this.i, this.text.length);
  }

  /** Skips lines that are blank or only a comment, up to the end of the text or the start of a line with code. */
  private skipBlankLines(): void {
    for (;;) {
      const lineStart = this.i;
      while (this.code(this.i) === 32 || this.code(this.i) === 9 || this.code(this.i) === 12) this.i++;
      if (this.code(this.i) === 35) this.skipComment();
      const c = this.code(this.i);
      if (c === 13) this.i += this.code(this.i + 1) === 10 ? 2 : 1;
      else if (c === 10) this.i++;
      else {
        if (c !== -1) this.i = lineStart;
        return;
      }
    }
  }

  /** The target: a plain ASCII name (no keyword, soft keyword or Python 2 statement word). */
  private name(): string {
    const s = this.i;
    if (!isNameStart(this.code(s))) throw NOT_PLAIN_ASSIGNMENT;
    let k = s + 1;
    while (isNameChar(this.code(k))) k++;
    const name = this.text.slice(s, k);
    if (this.code(k) > 127 || NOT_PLAIN.has(name)) throw NOT_PLAIN_ASSIGNMENT;
    this.i = k;
    return name;
  }

  /** Whether a string literal with a plain prefix (none, r, u, b, rb, br) starts here. */
  private atLiteral(): boolean {
    let k = this.i;
    const first = this.code(k);
    if (isPlainPrefixLetter(first)) {
      k++;
      const second = this.code(k);
      // Two letters: one b and one r (u combines with nothing in Python 3).
      if (isPlainPrefixLetter(second) && ((first | 32) ^ (second | 32)) === (98 ^ 114)) k++;
    }
    const q = this.code(k);
    return q === 34 || q === 39;
  }

  /** Reads one string literal (at a plain prefix or quote) to its closing quote. */
  private literal(): void {
    while (isPlainPrefixLetter(this.code(this.i))) this.i++;
    const q = this.code(this.i);
    if (this.code(this.i + 1) === q && this.code(this.i + 2) === q) {
      const end = tripleQuotedEnd(this.text, this.i);
      if (end === -1) throw NOT_PLAIN_ASSIGNMENT;
      this.i = end;
      return;
    }
    for (let j = this.i + 1; j < this.text.length; j++) {
      const c = this.text.charCodeAt(j);
      if (c === 92) {
        // An escaped character; an escaped line break only as "\n" (the others are left to the parser).
        const n = this.text.charCodeAt(j + 1);
        if (n === 13) throw NOT_PLAIN_ASSIGNMENT;
        j++;
      } else if (c === 10 || c === 13) throw NOT_PLAIN_ASSIGNMENT;
      else if (c === q) {
        this.i = j + 1;
        return;
      }
    }
    throw NOT_PLAIN_ASSIGNMENT;
  }

  /** The whole text: blank and comment lines, `name = <literals>` (optionally in parentheses), blank and comment lines. */
  read(): string {
    // tree-sitter reads a NUL as the end of the text (and Python refuses it), in a literal too.
    if (this.text.includes('\0')) throw NOT_PLAIN_ASSIGNMENT;
    this.skipBlankLines();
    while (this.code(this.i) === 32 || this.code(this.i) === 9 || this.code(this.i) === 12) this.i++;
    const target = this.name();
    this.blanks();
    if (this.code(this.i) !== 61 || this.code(this.i + 1) === 61) throw NOT_PLAIN_ASSIGNMENT;
    this.i++;
    this.blanks();
    if (this.code(this.i) === 40) {
      this.i++;
      this.inParens = true;
      this.blanks();
    }
    if (!this.atLiteral()) throw NOT_PLAIN_ASSIGNMENT;
    do {
      this.literal();
      this.blanks();
    } while (this.atLiteral());
    if (this.inParens) {
      if (this.code(this.i) !== 41) throw NOT_PLAIN_ASSIGNMENT;
      this.i++;
      this.inParens = false;
      this.blanks();
    }
    const c = this.code(this.i);
    if (c === 35) this.skipComment();
    else if (c !== -1 && c !== 10 && c !== 13) throw NOT_PLAIN_ASSIGNMENT;
    this.skipBlankLines();
    if (this.i !== this.text.length) throw NOT_PLAIN_ASSIGNMENT;
    return target;
  }
}

/**
 * The name `text` binds when it is one statement `name = <plain string literals>`, and blank and
 * comment lines: one target (a plain name, no annotation), and a value of one or more string
 * literals without an f or t prefix (implicitly concatenated, possibly in parentheses) and nothing
 * else. Null for anything else. Its tree holds an `assignment` of an identifier to a `string`, a
 * `concatenated_string` or a `parenthesized_expression` of one, and nothing else a walk could
 * visit. Whether the text is free of syntax errors is not checked here (see quickSyntax.ts).
 */
export function plainStringAssignment(text: string): string | null {
  try {
    return new AssignmentReader(text).read();
  } catch (e) {
    if (e === NOT_PLAIN_ASSIGNMENT) return null;
    throw e;
  }
}
