// Reads a top-level statement made only of plain imports (`import a.b as c`, `from .m import (x, y)`,
// `;`-separated, with comments and line continuations) from its text: where each statement is, as
// tree-sitter-python's node for it would be. Such statements are most of a module's head, and
// parsing them only to read them back was a large part of a check's parsing. Strict on purpose:
// anything it does not fully understand (non-ASCII or keyword-like names, indentation, a
// continuation before a blank line) gets null, and the statement is parsed as before.
import { readHandlers } from './handlerClauses';
import { detached } from './codeUnits';
import { commentEnd, skipBlanks } from './statementBlanks';

/** A statement of the text: its tree-sitter node type and offsets [s, e) in the text. */
export interface PlainStatement {
  type: 'import_statement' | 'import_from_statement' | 'future_import_statement' | ';';
  s: number;
  e: number;
}

/**
 * Words read as something else than a plain name (keywords, soft keywords, Python 2 statements):
 * a statement naming one is left to the parser.
 */
export const NOT_PLAIN = new Set([
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'case', 'class', 'continue', 'def', 'del',
  'elif', 'else', 'except', 'exec', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'match',
  'nonlocal', 'not', 'or', 'pass', 'print', 'raise', 'return', 'try', 'type', 'while', 'with', 'yield',
]); // prettier-ignore

/** The longest word of NOT_PLAIN. */
const LONGEST_NOT_PLAIN = Math.max(...[...NOT_PLAIN].map((word) => word.length));
/** 1 where some word of NOT_PLAIN has this first character and length, at `firstCharCode * (LONGEST_NOT_PLAIN + 1) + length`. */
const NOT_PLAIN_SHAPES = new Uint8Array(128 * (LONGEST_NOT_PLAIN + 1));
for (const word of NOT_PLAIN) NOT_PLAIN_SHAPES[word.charCodeAt(0) * (LONGEST_NOT_PLAIN + 1) + word.length] = 1;

/**
 * Whether the ASCII name text[s, k) is one of NOT_PLAIN: cut out of the text only where its first
 * letter and length may be a word's (module names are mostly longer, or begin otherwise).
 */
function isNotPlain(text: string, s: number, k: number): boolean {
  const length = k - s;
  return (
    length <= LONGEST_NOT_PLAIN &&
    NOT_PLAIN_SHAPES[text.charCodeAt(s) * (LONGEST_NOT_PLAIN + 1) + length] === 1 &&
    NOT_PLAIN.has(text.slice(s, k))
  );
}

/** Thrown (never escapes) when the text is not plain imports; thrown in place (see quickSyntax's UNDECIDED). */
const NOT_IMPORTS: unique symbol = Symbol('not plain imports');

function isNameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 48 && c <= 57);
}

class ImportReader {
  private i: number;
  /** Brackets open around the reader (newlines and comments are blanks inside them). */
  private inParens = false;
  readonly out: PlainStatement[] = [];

  constructor(
    private readonly text: string,
    start: number,
    private readonly end: number,
  ) {
    this.i = start;
  }

  private code(at: number): number {
    return at < this.end ? this.text.charCodeAt(at) : -1;
  }

  /** Skips what separates tokens (see skipBlanks); inside the parentheses also line breaks and comments. */
  private blanks(): void {
    const next = skipBlanks(this.text, this.i, this.end, this.inParens);
    if (next < 0) throw NOT_IMPORTS;
    this.i = next;
  }

  private skipComment(): void {
    this.i = commentEnd(this.text, this.i, this.end);
  }

  /** Reads a plain name; returns its end. */
  private name(): number {
    const s = this.i;
    if (!isNameStart(this.code(s))) throw NOT_IMPORTS;
    let k = s + 1;
    while (isNameChar(this.code(k))) k++;
    if (this.code(k) > 127 || isNotPlain(this.text, s, k)) throw NOT_IMPORTS;
    this.i = k;
    return k;
  }

  /** Whether the keyword `word` is next (a whole word); reads it if so. */
  private keyword(word: string): boolean {
    if (!this.text.startsWith(word, this.i) || this.i + word.length > this.end) return false;
    const after = this.code(this.i + word.length);
    if (isNameChar(after) || after > 127) return false;
    this.i += word.length;
    return true;
  }

  /** `name (. name)*`; returns its end and whether it was one name. */
  private dottedName(): { end: number; single: boolean } {
    let end = this.name();
    let single = true;
    for (;;) {
      const at = this.i;
      this.blanks();
      if (this.code(this.i) !== 46) {
        this.i = at;
        return { end, single };
      }
      this.i++;
      this.blanks();
      end = this.name();
      single = false;
    }
  }

  /** ` as name` if present; returns the end of what was read (or `end`). */
  private alias(end: number): number {
    const at = this.i;
    this.blanks();
    if (!this.keyword('as')) {
      this.i = at;
      return end;
    }
    this.blanks();
    return this.name();
  }

  /** Comma-separated items read by `item`; returns the end of the last one. A trailing comma only inside brackets. */
  private list(item: () => number): number {
    let end = item();
    for (;;) {
      const at = this.i;
      this.blanks();
      if (this.code(this.i) !== 44) {
        this.i = at;
        return end;
      }
      this.i++;
      this.blanks();
      if (this.inParens && this.code(this.i) === 41) return end;
      end = item();
    }
  }

  private importStatement(s: number): void {
    this.blanks();
    const e = this.list(() => this.alias(this.dottedName().end));
    this.out.push({ type: 'import_statement', s, e });
  }

  private fromStatement(s: number): void {
    this.blanks();
    let dots = 0;
    while (this.code(this.i) === 46) {
      this.i++;
      dots++;
      this.blanks();
    }
    let future = false;
    if (dots === 0 || !this.keyword('import')) {
      const moduleStart = this.i;
      const module = this.dottedName();
      // Read within the range only, so that a range reads as the same text copied out (see plainImports).
      const futureNamed = moduleStart + 10 <= this.end && this.text.startsWith('__future__', moduleStart);
      if (futureNamed && (dots > 0 || !module.single)) throw NOT_IMPORTS;
      future = dots === 0 && module.single && module.end - moduleStart === 10 && futureNamed;
      this.blanks();
      if (!this.keyword('import')) throw NOT_IMPORTS;
    }
    const type = future ? 'future_import_statement' : 'import_from_statement';
    this.blanks();
    const c = this.code(this.i);
    let e: number;
    if (c === 42) {
      if (future) throw NOT_IMPORTS;
      e = ++this.i;
    } else if (c === 40) {
      this.i++;
      this.inParens = true;
      this.blanks();
      this.list(() => this.alias(this.name()));
      this.blanks();
      if (this.code(this.i) !== 41) throw NOT_IMPORTS;
      e = ++this.i;
      this.inParens = false;
    } else e = this.list(() => this.alias(this.name()));
    this.out.push({ type, s, e });
  }

  /** One simple statement at the reader's offset. */
  private statement(): void {
    const s = this.i;
    if (this.keyword('import')) this.importStatement(s);
    else if (this.keyword('from')) this.fromStatement(s);
    else throw NOT_IMPORTS;
  }

  /** The whole text: blank and comment lines, one line of `;`-separated imports at column 0, blank and comment lines. */
  read(): void {
    this.skipBlankLines();
    const lineStart = this.i;
    if (lineStart === this.end) throw NOT_IMPORTS;
    for (;;) {
      this.statement();
      this.blanks();
      if (this.code(this.i) !== 59) break;
      this.out.push({ type: ';', s: this.i, e: this.i + 1 });
      this.i++;
      this.blanks();
      const c = this.code(this.i);
      if (c === -1 || c === 10 || c === 13 || c === 35) break;
    }
    const c = this.code(this.i);
    if (c === 35) this.skipComment();
    else if (c !== -1 && c !== 10 && c !== 13) throw NOT_IMPORTS;
    this.skipBlankLines();
    if (this.i !== this.end) throw NOT_IMPORTS;
  }

  /** Skips lines that are blank or only a comment; stops at the start of a line with code (which must not be indented). */
  private skipBlankLines(): void {
    for (;;) {
      const lineStart = this.i;
      while (this.code(this.i) === 32 || this.code(this.i) === 9 || this.code(this.i) === 12) this.i++;
      const c = this.code(this.i);
      if (c === 35) this.skipComment();
      const n = this.code(this.i);
      if (n === 13) this.i += this.code(this.i + 1) === 10 ? 2 : 1;
      else if (n === 10) this.i++;
      else if (n === -1) return;
      else if (this.i !== lineStart) throw NOT_IMPORTS;
      else return;
    }
  }
}

/**
 * The statements of text[start, end) when it is only plain module-level imports (and blank and
 * comment lines), each as tree-sitter-python's node for it spans: from its first keyword to its
 * last name, `*` or `)` (not a trailing comment); `;` separators are statements of their own, as
 * in the tree. Null for anything else. Whether the text is free of syntax errors is not checked
 * here (see quickSyntax.ts).
 */
export function plainImports(text: string, start = 0, end = text.length): PlainStatement[] | null {
  if (end - start > SHORT_STATEMENT) return readImports(text, start, end);
  // A short one is read once: the parse filter and the unit reader each ask about a module's
  // imports, and most import statements are found in file after file.
  const key = start === 0 && end === text.length ? text : text.slice(start, end);
  let known = remembered.get(key);
  if (known === undefined) {
    known = readImports(key, 0, key.length);
    if (remembered.size >= MAX_REMEMBERED) remembered.clear();
    remembered.set(detached(key), known);
  }
  if (known === null) return null;
  // Statements of their own: the caller keeps them.
  const out: PlainStatement[] = [];
  for (const statement of known) out.push({ type: statement.type, s: statement.s + start, e: statement.e + start });
  return out;
}

/** Statements up to this many characters are remembered (see plainImports). */
const SHORT_STATEMENT = 256;
/** The statements remembered at most (then forgotten all at once). */
const MAX_REMEMBERED = 4096;
/** What plainImports read of each short statement's text, offsets from its start (a range reads as the same text copied out). */
const remembered = new Map<string, readonly PlainStatement[] | null>();

/** plainImports, read. */
function readImports(text: string, start: number, end: number): PlainStatement[] | null {
  const reader = new ImportReader(text, start, end);
  try {
    reader.read();
  } catch (e) {
    if (e === NOT_IMPORTS) return null;
    throw e;
  }
  return reader.out;
}

/** Whether the first code of `text` (past blank and comment lines) is the word `import` or `from`: worth asking plainImports. */
export function startsWithImport(text: string): boolean {
  let i = 0;
  for (;;) {
    if (i >= text.length) return false;
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 12 || c === 10 || c === 13) i++;
    else if (c === 35) {
      const nl = text.indexOf('\n', i);
      if (nl === -1) return false;
      i = nl + 1;
    } else return (c === 105 && text.startsWith('import', i)) || (c === 102 && text.startsWith('from', i));
  }
}

/** A top-level `try` statement's first line, after blank and comment lines: worth asking importsOfTry. */
export const TRY_START = /^(?:[ \t\f]*(?:#[^\n\r]*)?(?:\r\n?|\n))*try[ \t]*:/;

/** The clauses a top-level `try` statement's lines at column 0 may start, after its first. */
const TRY_CLAUSES = new Set(['except', 'else', 'finally']);

/**
 * The import statements of a top-level `try` statement's text, each as tree-sitter-python's node
 * for it spans (see plainImports), in order: `try:\n    import x\nexcept ImportError:\n    ...`
 * guards an optional dependency in most modules of large trees, and the walk records of such a
 * statement only these imports where no rule reads its other parts. Each logical line (see
 * readHandlers) that starts with `import` or `from` must be plain imports, in any clause and at any
 * depth (every such import binds a module-level name, as it does in the tree); null where another
 * line may hold an import too (`import` anywhere in its text, strings and comments included: a
 * header's inline body, after a `;`), where the statement defines a function or class (whose
 * imports are not the module's), or where the reader is unsure. Only for text whose syntax is sure
 * (see quickSyntax.ts): then the logical lines and tokens read are the parser's.
 */
export function importsOfTry(text: string): PlainStatement[] | null {
  const read = readHandlers(text);
  if (read === null) return null;
  const lines = read.lines;
  if (lines.length === 0 || lines[0].first !== 'try' || lines[0].indent !== 0 || !lines[0].opensBlock) return null;
  const out: PlainStatement[] = [];
  // The next `import` in the text from the line being read on: lines come in order.
  let word = text.indexOf('import');
  for (let k = 1; k < lines.length; k++) {
    const line = lines[k];
    const code = line.start + line.indent;
    if (line.indent === 0 && !TRY_CLAUSES.has(line.first)) return null;
    if (line.first === '' && !line.decorator && startsWithWord(text, code, 'import', 'from')) {
      const found = plainImports(text, code, line.end);
      if (found === null) return null;
      for (const statement of found) {
        if (statement.type === 'future_import_statement') return null;
        out.push(statement);
      }
    } else {
      if (line.first === 'def' || line.first === 'class' || line.decorator) return null;
      while (word !== -1 && word < line.start) word = text.indexOf('import', word + 1);
      if (word !== -1 && word < line.end) return null;
    }
  }
  return out;
}

/** Whether the word `a` or `b` (a whole word) is at offset `at` of `text`. */
function startsWithWord(text: string, at: number, a: string, b: string): boolean {
  const word = text.startsWith(a, at) ? a : text.startsWith(b, at) ? b : null;
  if (word === null) return false;
  const after = text.charCodeAt(at + word.length);
  return !isNameChar(after) && !(after > 127);
}
