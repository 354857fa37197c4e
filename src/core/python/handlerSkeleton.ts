// The lines of a statement (or a class member) that a tree must hold for its except clauses to be
// read as in the tree of the whole text: parsing only those (tree-sitter's included ranges) gives
// the same nodes, at the same offsets, for every except clause and what encloses it, while the
// rest of a long function is never lexed. Read from the logical lines of text whose syntax is
// sure (see readHandlers), so the indentation read here is the parser's.
//
// Kept: every except clause whole; every line naming `import` (a handler's calls resolve through
// the imports of its function); the lines the caller names (the calls a rule reads, and for a
// decorator, the line it decorates); the headers of the compound statements around those, each with at
// least one statement in its block; and, for each def or class among them and for the text's own
// statements, the last line of its body (recursively), so that each ends where it did: a
// function's span is part of the records of the handlers in it. Each kept line takes the comment
// and blank lines after it up to the next logical line, so a block ends after the same comments.
// A tree of these lines may lack records of the rest (calls, assignments): only the caller knows
// whether those matter.

import type { LogicalLineText } from './handlerClauses';
import type { TextRange } from './segments';

/** A line and the indented block below it, if it opens one. */
interface Item {
  readonly line: LogicalLineText;
  readonly index: number;
  readonly children: Item[];
}

/** Decorators and the clauses of one statement (`if`/`elif`/`else`, `try`/`except`/`finally`...). */
interface Group {
  readonly decorators: Item[];
  readonly clauses: Item[];
}

/** Clause headers that go on the statement of the clause before them. */
const CONTINUING = new Set(['elif', 'else', 'except', 'finally']);

class Skeleton {
  private readonly kept: Uint8Array;
  private readonly needed = new Map<Item, boolean>();

  constructor(
    private readonly text: string,
    private readonly lines: readonly LogicalLineText[],
    /** The lines that must be kept for what they are: those that name `import`, those the caller names. */
    private readonly importing: Uint8Array,
  ) {
    this.kept = new Uint8Array(lines.length);
  }

  /** The ranges for the except clauses (see the top of this file). */
  ranges(): TextRange[] {
    for (const group of groupsOf(itemsOf(this.lines))) this.keepGroup(group, true);
    return this.keptRanges();
  }

  /** The ranges that keep of each statement its decorators and headers, with as little of its body as parses. */
  leastRanges(): TextRange[] {
    for (const group of groupsOf(itemsOf(this.lines))) this.keepLeast(group);
    return this.keptRanges();
  }

  /** The kept lines, each with the comment and blank lines after it, joined where they meet. */
  private keptRanges(): TextRange[] {
    const out: TextRange[] = [];
    const lines = this.lines;
    for (let k = 0; k < lines.length; k++) {
      if (!this.kept[k]) continue;
      const start = lines[k].start;
      const end = k + 1 < lines.length ? lines[k + 1].start : this.text.length;
      const last = out.at(-1);
      if (last && last.end === start) out[out.length - 1] = { start: last.start, end };
      else out.push({ start, end });
    }
    return out;
  }

  /** Whether the item or a line in its block must be kept for what it is (an except clause, an import). */
  private needs(item: Item): boolean {
    let answer = this.needed.get(item);
    if (answer === undefined) {
      answer = item.line.first === 'except' || this.importing[item.index] === 1 || item.children.some((c) => this.needs(c));
      this.needed.set(item, answer);
    }
    return answer;
  }

  private keepWhole(item: Item): void {
    this.kept[item.index] = 1;
    for (const child of item.children) this.keepWhole(child);
  }

  /** Keeps what the group needs; `end`: its last line must end where it does. */
  private keepGroup(group: Group, end: boolean): void {
    for (const d of group.decorators) this.kept[d.index] = 1;
    const clauses = group.clauses;
    // A try statement needs an except or a finally clause.
    const bareTry = clauses[0].line.first === 'try' && !clauses.some((c) => c.line.first === 'except');
    for (let i = 0; i < clauses.length; i++) {
      const clause = clauses[i];
      const last = i === clauses.length - 1;
      if (clause.line.first === 'except') this.keepWhole(clause);
      else if (i === 0 || bareTry || this.needs(clause) || (end && last)) this.keepClause(clause, end && last);
    }
  }

  private keepClause(clause: Item, end: boolean): void {
    this.kept[clause.index] = 1;
    if (clause.children.length === 0) return;
    const first = clause.line.first;
    this.keepBlock(clause.children, end || first === 'def' || first === 'class');
  }

  /** Keeps what the statements of a block need, at least one of them. */
  private keepBlock(items: Item[], end: boolean): void {
    const groups = groupsOf(items);
    let any = false;
    for (let g = 0; g < groups.length; g++) {
      const group = groups[g];
      const last = g === groups.length - 1;
      if ((end && last) || group.clauses.some((c) => this.needs(c))) {
        this.keepGroup(group, end && last);
        any = true;
      }
    }
    if (!any) this.keepLeast(this.shortestSimple(groups) ?? groups[0]);
  }

  /** The group of one line (no decorator, no block) that spans the fewest characters, if any. */
  private shortestSimple(groups: Group[]): Group | undefined {
    let best: Group | undefined;
    let length = Infinity;
    for (const g of groups) {
      const line = g.clauses[0].line;
      if (g.decorators.length > 0 || g.clauses.length > 1 || g.clauses[0].children.length > 0 || line.end - line.start >= length) continue;
      best = g;
      length = line.end - line.start;
    }
    return best;
  }

  /** Keeps as little of the group as still parses as a statement. */
  private keepLeast(group: Group): void {
    for (const d of group.decorators) this.kept[d.index] = 1;
    const clauses = group.clauses;
    const isTry = clauses[0].line.first === 'try';
    for (let i = 0; i < (isTry ? clauses.length : 1); i++) {
      const clause = clauses[i];
      if (clause.line.first === 'except') this.keepWhole(clause);
      else {
        this.kept[clause.index] = 1;
        if (clause.children.length > 0) {
          const groups = groupsOf(clause.children);
          this.keepLeast(this.shortestSimple(groups) ?? groups[0]);
        }
      }
    }
  }
}

/** The items of the lines: each line with the lines indented deeper below it, if it opens a block. */
function itemsOf(lines: readonly LogicalLineText[]): Item[] {
  const top: Item[] = [];
  const open: { indent: number; items: Item[] }[] = [{ indent: -1, items: top }];
  for (let k = 0; k < lines.length; k++) {
    const line = lines[k];
    while (open.length > 1 && line.indent <= open[open.length - 1].indent) open.pop();
    const item: Item = { line, index: k, children: [] };
    open[open.length - 1].items.push(item);
    if (line.opensBlock) open.push({ indent: line.indent, items: item.children });
  }
  return top;
}

/** The items of a block as statements: decorators with what they decorate, clauses with the clause before. */
function groupsOf(items: Item[]): Group[] {
  const groups: Group[] = [];
  let decorators: Item[] = [];
  for (const item of items) {
    if (item.line.decorator) decorators.push(item);
    else if (CONTINUING.has(item.line.first) && decorators.length === 0 && groups.length > 0) groups[groups.length - 1].clauses.push(item);
    else {
      groups.push({ decorators, clauses: [item] });
      decorators = [];
    }
  }
  // Decorators with nothing after them cannot be in text whose syntax is sure; kept, to be safe.
  if (decorators.length > 0) groups.push({ decorators: decorators.slice(0, -1), clauses: [decorators[decorators.length - 1]] });
  return groups;
}

/** Marks the lines whose code names `import` as a whole word. */
function importingLines(text: string, lines: readonly LogicalLineText[]): Uint8Array {
  const out = new Uint8Array(lines.length);
  let k = 0;
  for (let at = text.indexOf('import'); at !== -1 && k < lines.length; at = text.indexOf('import', at + 6)) {
    if (isNameChar(text.charCodeAt(at - 1)) || isNameChar(text.charCodeAt(at + 6))) continue;
    while (k < lines.length && lines[k].end < at) k++;
    if (k < lines.length && lines[k].start <= at) out[k] = 1;
  }
  return out;
}

function isNameChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || (c >= 48 && c <= 57) || c > 127;
}

/**
 * The ranges of `text` that hold the decorators and headers of its statements with as little of
 * their bodies as still parses (the shortest one-line statement of a block, or its first
 * statement, likewise): what a tree needs where no node below a header matters (the head run of a
 * split class whose body holds nothing a rule reads). Null when that leaves out less than `least`
 * characters.
 */
export function headersSkeleton(text: string, lines: readonly LogicalLineText[], least: number): TextRange[] | null {
  if (lines.length === 0) return null;
  const ranges = new Skeleton(text, lines, new Uint8Array(lines.length)).leastRanges();
  return leftOut(text, ranges) >= least ? ranges : null;
}

/** How many characters of `text` the ranges leave out. */
function leftOut(text: string, ranges: readonly TextRange[]): number {
  let kept = 0;
  for (const r of ranges) kept += r.end - r.start;
  return text.length - kept;
}

/**
 * The ranges of `text` to parse for its except clauses (see the top of this file), read from its
 * logical lines (HandlerTexts.lines); null when they would leave out less than `least` characters.
 */
export function handlerSkeleton(
  text: string,
  lines: readonly LogicalLineText[],
  least: number,
  /** Offsets (ascending) whose lines are kept too, each with what encloses it (a call a rule reads). */
  alsoAt: readonly number[] = [],
): TextRange[] | null {
  if (lines.length === 0) return null;
  const marked = importingLines(text, lines);
  markLinesAt(marked, lines, alsoAt);
  const ranges = new Skeleton(text, lines, marked).ranges();
  return leftOut(text, ranges) >= least ? ranges : null;
}

/**
 * Marks the logical lines holding these offsets (ascending; one between lines, in a comment, marks
 * none), and after a decorator the lines up to the one it decorates: a block keeps a decorator only
 * with its statement.
 */
function markLinesAt(marked: Uint8Array, lines: readonly LogicalLineText[], offsets: readonly number[]): void {
  let k = 0;
  for (const at of offsets) {
    while (k < lines.length && lines[k].end < at) k++;
    if (k === lines.length) return;
    if (lines[k].start > at) continue;
    marked[k] = 1;
    for (let d = k; d + 1 < lines.length && lines[d].decorator; d++) marked[d + 1] = 1;
  }
}
