// Syntax errors of a segmented document (see segments/), read from tree-sitter's ERROR and MISSING
// nodes. Text the parse filter left unparsed is checked here too (only when asked), so a broken
// statement in text no rule reads is still reported: first by a quick check (quickSyntax.ts) that
// clears what surely parses, then by tree-sitter for the rest, so the errors are tree-sitter's.
import type { Node, Parser, Tree } from 'web-tree-sitter';
import { Backslashes, surelyParses } from './quickSyntax';
import type { MemberRun, Segment, SegmentedText } from './segments';
import { rootOf, type TreeRoot } from './segments/treeRoots';

/** A syntax error in document offsets [s, e), and what is wrong there. */
export interface SyntaxErrorAt {
  s: number;
  e: number;
  message: string;
}

const OPENING: Readonly<Record<string, string>> = { '(': ')', '[': ']', '{': '}' };
const CLOSING = new Set([')', ']', '}']);
/** What text without errors has (shared: never added to). */
const NO_ERRORS: readonly SyntaxErrorAt[] = [];

/** A word that may start a Python 2 print or exec statement (a cheap test before looking for one). */
const PY2_STATEMENT = /(?:^|[\s;:])(?:print|exec)[ \t]+[^\s(=.,)\]}:;]/;

/** Errors in a tree (its root `tree`) parsed from `header` + `source`, in offsets relative to `source`. */
function treeErrors(tree: TreeRoot, header: number, source: string): SyntaxErrorAt[] {
  const out: SyntaxErrorAt[] = [];
  const root = tree.node;
  const first = tree.broken ? firstError(root, header) : null;
  // An error node can start in a member run's stand-in header: it is reported at the run's start.
  if (first) out.push({ ...first, s: Math.max(0, first.s), e: Math.max(0, first.e) });
  for (const colon of colonsBeforeNoDeeperLine(source)) {
    const missing = missingBlockAfter(root, colon + header);
    if (missing) out.push({ s: colon, e: colon + 1, message: `expected an indented block after ${missing}` });
  }
  if (PY2_STATEMENT.test(source)) {
    // tree-sitter-python still accepts Python 2's print and exec statements; Python 3 does not.
    for (const stmt of root.descendantsOfType(['print_statement', 'exec_statement'])) {
      if (!stmt) continue;
      const word = stmt.type === 'print_statement' ? 'print' : 'exec';
      // `print >> f, x` and `print -x` are valid Python 3 expressions that the grammar reads as statements.
      const after = source.slice(stmt.startIndex - header + word.length, stmt.startIndex - header + word.length + 40).trimStart();
      if (!/^[\w"'\u0080-\uffff]/.test(after)) continue;
      out.push({
        s: stmt.startIndex - header,
        e: stmt.startIndex + word.length - header,
        message: `Missing parentheses in call to '${word}'`,
      });
    }
  }
  if (out.length > 1) out.sort((a, b) => a.s - b.s);
  return out;
}

/** How CPython names the statement or clause that a `:` ends, in "expected an indented block after ...". */
const BLOCK_OWNER: Readonly<Record<string, string>> = {
  function_definition: 'function definition',
  class_definition: 'class definition',
  if_statement: "'if' statement",
  elif_clause: "'elif' statement",
  else_clause: "'else' statement",
  for_statement: "'for' statement",
  while_statement: "'while' statement",
  with_statement: "'with' statement",
  try_statement: "'try' statement",
  except_clause: "'except' statement",
  except_group_clause: "'except*' statement",
  finally_clause: "'finally' statement",
  match_statement: "'match' statement",
  case_clause: "'case' statement",
};

/**
 * Offsets of the `:`s in `source` that end a line (before an optional comment) whose next line of
 * code is indented no deeper, or that have no line of code after them: the only places where
 * tree-sitter-python reads an empty block, which Python rejects with an IndentationError. A cheap
 * text test, so that only these few colons are looked up in the tree; a colon in a string or a
 * bracket is one too, and the tree clears it. A header whose `:` line starts with a closing bracket
 * may be indented less than the header's first line, so its colon is always a candidate.
 */
function colonsBeforeNoDeeperLine(source: string): number[] {
  const out: number[] = [];
  const n = source.length;
  for (let colon = source.indexOf(':'); colon !== -1; colon = source.indexOf(':', colon + 1)) {
    let i = colon + 1;
    while (i < n && (source.charCodeAt(i) === 32 || source.charCodeAt(i) === 9)) i++;
    if (i < n && source.charCodeAt(i) === 35) i = lineEnd(source, i);
    if (i < n && source.charCodeAt(i) !== 10 && source.charCodeAt(i) !== 13) continue;
    const lineStart = source.lastIndexOf('\n', colon) + 1;
    const header = indentAt(source, lineStart);
    const openerAt = lineStart + header.width;
    const opener = openerAt < n ? source.charCodeAt(openerAt) : -1;
    const next = nextCodeLineIndent(source, i);
    if (next === -1 || next <= header.width || opener === 41 || opener === 93 || opener === 125) out.push(colon);
  }
  return out;
}

function lineEnd(source: string, from: number): number {
  const nl = source.indexOf('\n', from);
  return nl === -1 ? source.length : source[nl - 1] === '\r' ? nl - 1 : nl;
}

/** A line's indentation: its width as tree-sitter-python counts it (a tab is 8) and its length. */
function indentAt(source: string, lineStart: number): { width: number; length: number } {
  let width = 0;
  let i = lineStart;
  for (; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if (c === 32) width++;
    else if (c === 9) width += 8;
    else if (c !== 12) break;
  }
  return { width, length: i - lineStart };
}

/** The indentation width of the first line of code after the line break at `from`, or -1 if none. */
function nextCodeLineIndent(source: string, from: number): number {
  let at = source.indexOf('\n', from);
  while (at !== -1) {
    const lineStart = at + 1;
    const indent = indentAt(source, lineStart);
    const codeAt = lineStart + indent.length;
    const c = codeAt < source.length ? source.charCodeAt(codeAt) : -1;
    if (c !== -1 && c !== 10 && c !== 13 && c !== 35) return indent.width;
    at = source.indexOf('\n', lineStart);
  }
  return -1;
}

/**
 * What owns the empty block after the `:` token at tree offset `at`, or null when that `:` is not
 * a block's (a dictionary, a slice, a string) or its block holds a statement.
 */
function missingBlockAfter(root: Node, at: number): string | null {
  const colon = root.descendantForIndex(at);
  if (colon?.type !== ':') return null;
  const owner = colon.parent;
  const what = owner ? BLOCK_OWNER[owner.type] : undefined;
  if (!owner || !what) return null;
  for (const child of owner.children) {
    if (!child || child.startIndex < colon.endIndex || child.type !== 'block') continue;
    // Comments are not statements: a block of comments only is as empty to Python.
    return child.namedChildren.every((c) => c?.type === 'comment') ? what : null;
  }
  return null;
}

/**
 * The first ERROR or MISSING node below `node` in document order (descending only into nodes that
 * contain errors), or null. Later errors in the same statement are mostly the parser recovering
 * from the first one, so only the first is reported, as CPython does.
 */
function firstError(node: Node, header: number): SyntaxErrorAt | null {
  const pending: Node[] = [node];
  while (pending.length > 0) {
    const n = pending.pop()!;
    if (n.isMissing) {
      const at = n.startIndex - header;
      return { s: at, e: at, message: `expected ${quoteToken(n.type)}` };
    }
    if (n.isError) return describeError(n, header);
    const children = n.children;
    // Pushed in reverse so that they are visited in document order.
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i];
      if (child && (child.hasError || child.isMissing)) pending.push(child);
    }
  }
  return null;
}

function quoteToken(type: string): string {
  return /^[A-Za-z_]+$/.test(type) ? type.replace(/_/g, ' ') : `'${type}'`;
}

/**
 * Where an ERROR node's problem most likely is, and what it is: an unterminated string, a bracket
 * never closed or closed without being opened, else invalid syntax at the start of the node.
 */
function describeError(error: Node, header: number): SyntaxErrorAt {
  const open: Node[] = [];
  for (const token of error.children) {
    if (!token) continue;
    if (token.type === 'string_start' || (token.type === 'string' && !token.children.some((c) => c?.type === 'string_end'))) {
      return { s: token.startIndex - header, e: token.endIndex - header, message: 'unterminated string literal' };
    }
    if (OPENING[token.type]) open.push(token);
    else if (CLOSING.has(token.type)) {
      const last = open.pop();
      if (!last) return { s: token.startIndex - header, e: token.endIndex - header, message: `unmatched '${token.type}'` };
    }
  }
  const unclosed = open[open.length - 1];
  if (unclosed) return { s: unclosed.startIndex - header, e: unclosed.endIndex - header, message: `'${unclosed.type}' was never closed` };
  return { s: error.startIndex - header, e: error.endIndex - header, message: 'invalid syntax' };
}

/**
 * Finds the syntax errors of one document, again after each edit. Parsed text is read from its
 * trees; unparsed text is checked once and its errors kept while that text is still in the document.
 */
export class SyntaxErrorFinder {
  /** Unchanged segments keep their Tree object across edits, so their errors are read once. */
  private readonly parsed = new WeakMap<Tree, readonly SyntaxErrorAt[]>();
  /**
   * Errors of each unparsed segment and member run, by the object: one keeps its text while it is
   * in the document (see Segment), so an edit elsewhere neither reads nor hashes it again.
   */
  private readonly unparsed = new WeakMap<Segment | MemberRun, readonly SyntaxErrorAt[]>();

  /** `quick`: clear unparsed text the quick check understands without parsing it (the tests compare both ways). */
  constructor(
    private readonly parser: Parser,
    private readonly quick = true,
  ) {}

  find(doc: SegmentedText): SyntaxErrorAt[] {
    const text = doc.source;
    const out: SyntaxErrorAt[] = [];
    let backslashes: Backslashes | undefined;
    /** The first NUL byte at or after the start of the part checked last (-1: none; parts come in document order). */
    let nul = text.indexOf('\0');
    const add = (errors: readonly SyntaxErrorAt[], at: number) => {
      for (const err of errors) {
        // An error node can cover many lines: the finding marks the first.
        const s = err.s + at;
        const eol = text.indexOf('\n', s);
        out.push({ s, e: Math.max(s, Math.min(err.e + at, eol === -1 ? text.length : eol)), message: err.message });
      }
    };
    /** `cleared`: the quick check already cleared the part's text (see Segment.syntaxCleared). */
    const read = (part: Segment | MemberRun, tree: Tree | null, header: string, start: number, end: number, cleared: boolean) => {
      if (tree) {
        let errors = this.parsed.get(tree);
        if (!errors) this.parsed.set(tree, (errors = treeErrors(rootOf(tree), header.length, text.slice(start, end))));
        add(errors, start);
        return;
      }
      // Python refuses a NUL byte anywhere (in a string or a comment too), the quick check does not look for one.
      if (nul !== -1 && nul < start) nul = text.indexOf('\0', start);
      // Text the quick check cleared holds no error, and is cleared again next time (a part keeps its
      // text): nothing to remember (most unparsed statements: a WeakMap entry each cost more than this).
      if (cleared && this.quick && (nul === -1 || nul >= end)) return;
      let errors = this.unparsed.get(part);
      if (!errors) {
        // Read in place where there is no header: the body is a slice of the document.
        if (
          this.quick &&
          (nul === -1 || nul >= end) &&
          (cleared ||
            (header === ''
              ? surelyParses(text, start, end, (backslashes ??= new Backslashes(text)))
              : surelyParses(header + text.slice(start, end))))
        ) {
          errors = NO_ERRORS;
        } else {
          const body = text.slice(start, end);
          const parsed = this.parser.parse(header + body);
          const root = parsed?.rootNode;
          errors = root ? treeErrors({ node: root, broken: root.hasError }, header.length, body) : NO_ERRORS;
          parsed?.delete();
        }
        this.unparsed.set(part, errors);
      }
      add(errors, start);
    };
    for (const seg of doc.segments) {
      read(seg, seg.tree, '', seg.start, seg.members ? seg.members[0].start : seg.end, seg.syntaxCleared === true);
      for (const run of seg.members ?? []) read(run, run.tree, run.header, run.start, run.end, false);
    }
    return out;
  }
}
