// A parsed Python document, kept as a sequence of top-level segments (see scan.ts), each with
// its own tree-sitter tree. An edit is applied to the affected segment's tree, which is then
// reparsed incrementally; only edits that change where top-level statements begin re-segment
// (and parse afresh) the few segments involved. Whole-file incremental reparsing in wasm re-lexes
// large regions of Python files (3-20 ms per keystroke on 5,000 lines); per segment it is well under 1 ms.
// A segment or member run whose text cannot matter to the caller (see ParseFilter) is not parsed at
// all: its tree is null. Parsing is most of the cost of a check, and most methods need no tree.
import type { Edit, Parser, Range as ParsedRange, Tree } from 'web-tree-sitter';
import type { Position, Range } from '../../text';
import { hasLoneCarriageReturn, LineIndex, withLoneCarriageReturnsAsLineFeeds } from '../lineIndex';
import { readHandlers } from '../handlerClauses';
import { headersSkeleton } from '../handlerSkeleton';
import { clearedLast, surelyParses } from '../quickSyntax';
import { rootOf } from './treeRoots';
import {
  blankCommentLines,
  MEMBER_HEADER,
  memberCuts,
  memberRuns,
  topLevelCuts,
  type MemberScanResume,
  type RunBounds,
  type ScanExits,
  type ScanNotes,
} from './scan';

/** A head run parsed in part leaves out at least this many characters (fewer cost more in ranges than they save). */
const MIN_LEFT_OUT = 64;

/** Larger inputs are not parsed (tree-sitter's wasm heap is finite); they get no findings. */
export const MAX_PARSE_LENGTH = 16_000_000;

export interface ContentChange {
  /** The replaced range; absent means the whole text is replaced. */
  range?: Range;
  text: string;
}

/**
 * A run of a split class's body [start, end): members, or statements of the branches of a long
 * class-level `if` (see memberRuns). Its tree is of `header` + that text (null: not parsed).
 */
export interface MemberRun extends RunBounds {
  tree: Tree | null;
  /** Its tree holds only the lines ParseFilter.narrowing gave: never reparsed incrementally. */
  narrowed?: boolean;
}

/**
 * What a piece of text given to a ParseFilter is: one top-level statement, one member of a split
 * class, or a run of statements from the branches of a long class-level `if` (possibly several,
 * with `elif`/`else` lines between them).
 */
export type TextPart = 'statement' | 'member' | 'branch';

/** A half-open range [start, end) of a text. */
export interface TextRange {
  readonly start: number;
  readonly end: number;
}

/**
 * Says which text needs no tree. Must depend on its arguments alone, so that reusing a run by its
 * text is sound. `narrowing`, asked right after the filter said a text needs a tree, may name the
 * only parts of it (whole lines, in order) the tree needs: the tree then holds just those (at
 * their offsets in the text), as tree-sitter's included ranges; its answer too must depend on the
 * text alone.
 */
export interface ParseFilter {
  (text: string, part: TextPart): boolean;
  narrowing?: (text: string, part: TextPart) => readonly TextRange[] | null;
}

/**
 * A run of top-level statements [start, end) and its tree (offsets in the tree are relative to `start`;
 * null when the ParseFilter said the text needs none). A large class is split (see memberCuts): `tree`
 * then holds only the header and the first members, up to members[0].start, and `members` the rest.
 * A segment or member run object keeps its text while it is in the document (an edit before it
 * only moves it; one in it replaces it): what was read of an unparsed one is kept by the object
 * (units.ts, syntaxErrors.ts).
 */
export interface Segment {
  start: number;
  end: number;
  tree: Tree | null;
  members?: MemberRun[];
  /**
   * Its tree holds only the lines ParseFilter.narrowing gave, or (a split class) its head run's tree
   * holds only its headers (see parseClassHead): never reparsed incrementally.
   */
  narrowed?: boolean;
  /** Every member run starts at a clean lexical state (see ScanNotes), so a rescan may start there. */
  cleanRuns?: boolean;
  /** Unparsed, and the quick syntax check cleared its text when the ParseFilter read it (see clearedLast). */
  syntaxCleared?: boolean;
}

/** The text a member run's tree was parsed from. */
export function memberSource(text: string, run: RunBounds): string {
  return run.header + text.slice(run.start, run.end);
}

/** What the analysis reads from a parsed document: its text and the trees of its segments. */
export interface SegmentedText {
  /** False when the text is too large to parse or the document is disposed. */
  readonly parsed: boolean;
  /** The document's text. */
  readonly text: string;
  /**
   * The text as the parser and the rules read it: `text` with each lone "\r" (a line break to LSP
   * and to Python, not to tree-sitter's grammar) read as "\n". Same length, same lines; the very
   * same string unless the document has such line breaks.
   */
  readonly source: string;
  /** Lines of `source` (and of `text`: they are the same). */
  readonly lines: LineIndex;
  readonly segments: readonly Segment[];
  /** What the analysis of the document keeps between its calls (see the engine's DocumentState), freed with the document. */
  analysisState?: object;
}

function deleteSegment(seg: Segment): void {
  seg.tree?.delete();
  for (const m of seg.members ?? []) m.tree?.delete();
}

const PARSE_ALL: ParseFilter = () => false;

export class ParsedDocument implements SegmentedText {
  analysisState?: object = undefined;
  private currentText: string;
  private sourceText: string;
  /** The text has (or had, since the last full replace) lone "\r" line breaks: `sourceText` differs. */
  private loneCarriageReturns: boolean;
  private lineIndex: LineIndex | undefined;
  private segs: Segment[] = [];
  private disposed = false;
  /** Increases with every update. */
  version = 0;

  constructor(
    private readonly parser: Parser,
    text: string,
    private unneeded: ParseFilter = PARSE_ALL,
  ) {
    this.currentText = text;
    this.loneCarriageReturns = hasLoneCarriageReturn(text);
    this.sourceText = this.loneCarriageReturns ? withLoneCarriageReturnsAsLineFeeds(text) : text;
    this.segs = this.parseAll();
  }

  get text(): string {
    return this.currentText;
  }

  get source(): string {
    return this.sourceText;
  }

  /** False when the text is too large to parse or the document is disposed. */
  get parsed(): boolean {
    return !this.disposed && (this.segs.length > 0 || this.currentText.length === 0);
  }

  get segments(): readonly Segment[] {
    return this.segs;
  }

  get lines(): LineIndex {
    this.lineIndex ??= new LineIndex(this.sourceText);
    return this.lineIndex;
  }

  positionAt(offset: number): Position {
    return this.lines.positionAt(offset);
  }

  offsetAt(position: Position): number {
    return this.lines.offsetAt(position);
  }

  update(changes: ContentChange[]): void {
    if (this.disposed) throw new Error('PythonDocument used after dispose()');
    for (const change of changes) {
      if (!change.range) this.replaceAll(change.text);
      else {
        const lines = this.lines;
        const a = lines.offsetAt(change.range.start);
        const b = lines.offsetAt(change.range.end);
        // A range whose end comes before its start is read with the two swapped, as LSP's own
        // text document (vscode-languageserver-textdocument) and VS Code do.
        this.applyEdit(Math.min(a, b), Math.max(a, b), change.text);
      }
    }
    if (changes.length > 0) this.version++;
  }

  /** Parses the text afresh with another filter (what may be left unparsed changed). */
  setParseFilter(filter: ParseFilter): void {
    if (this.disposed || filter === this.unneeded) return;
    this.unneeded = filter;
    this.replaceAll(this.currentText);
    this.version++;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const s of this.segs) deleteSegment(s);
    this.segs = [];
  }

  private replaceAll(text: string): void {
    this.currentText = text;
    this.loneCarriageReturns = hasLoneCarriageReturn(text);
    this.sourceText = this.loneCarriageReturns ? withLoneCarriageReturnsAsLineFeeds(text) : text;
    this.reparseAll();
  }

  private reparseAll(): void {
    for (const s of this.segs) deleteSegment(s);
    this.lineIndex = undefined;
    this.segs = this.parseAll();
  }

  private parseAll(): Segment[] {
    const source = this.sourceText;
    return this.parseRange(source, 0, source.length, topLevelCuts(source, 0).cuts);
  }

  /** Replaces text[start, end) with `inserted`, then the same span of the source (see SegmentedText.source). */
  private applyEdit(start: number, end: number, inserted: string): void {
    const text = this.currentText.slice(0, start) + inserted + this.currentText.slice(end);
    this.currentText = text;
    const insertedEnd = start + inserted.length;
    // Only a "\r" typed, or one whose "\n" was deleted, can become a lone one.
    if (!this.loneCarriageReturns && !hasLoneCarriageReturn(text, Math.max(0, start - 1), insertedEnd)) {
      this.editSource(start, end, inserted, text);
      return;
    }
    this.loneCarriageReturns = true;
    const oldSource = this.sourceText;
    const source = withLoneCarriageReturnsAsLineFeeds(text);
    // The character before the edit changes in the source when its "\r" joins or leaves a "\r\n".
    const from = start > 0 && source.charCodeAt(start - 1) !== oldSource.charCodeAt(start - 1) ? start - 1 : start;
    this.editSource(from, end, source.slice(from, insertedEnd), source);
  }

  /** Applies the edit (old source [start, end) -> inserted) that made `text` the new source, reparsing what it touched. */
  private editSource(start: number, end: number, inserted: string, text: string): void {
    const oldText = this.sourceText;
    const oldLines = this.lines;
    const delta = inserted.length - (end - start);
    this.sourceText = text;
    // Only the lines the edit touched are read again (a whole-text index costs a pass over the text per keystroke).
    this.lineIndex = oldLines.edited(text, start, end, inserted.length);
    if (text.length > MAX_PARSE_LENGTH || oldText.length > MAX_PARSE_LENGTH || this.segs.length === 0) {
      this.reparseAll();
      return;
    }
    const segs = this.segs;
    // Rescan from the segment before the edit point: deleting a line break or indenting a line can
    // merge a statement into the one above. When the edit is on a segment's first line, start one
    // segment earlier still: whether that line starts a statement can depend on its own text
    // (`import ...` closes a bracket left open above).
    let k = segmentAt(segs, Math.max(0, start - 1));
    if (k > 0 && oldText.lastIndexOf('\n', start - 1) + 1 <= segs[k].start) k--;
    const m = segmentAt(segs, end);
    const regionStart = segs[k].start;
    const resyncAfter = segs[m].end + delta;
    const oldStartAfter = (offset: number): number => {
      // Index of the old segment (after m) that starts at `offset` in the new text, or -1.
      let lo = m + 1;
      let hi = segs.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const s = segs[mid].start + delta;
        if (s === offset) return mid;
        if (s < offset) lo = mid + 1;
        else hi = mid - 1;
      }
      return -1;
    };
    // The text before the edit did not change: in a split class whose member runs start at clean
    // lexical states, the scan can start at the run holding the edit instead of the class header.
    // (Not at the edit's own run start: a character typed there may make that line a top-level one.)
    // Likewise it can stop at the first member run start after the edit that it reaches in a clean
    // state: from there on nothing changed.
    let scanFrom = regionStart;
    let exits: ScanExits | undefined;
    if (k === m && segs[k].cleanRuns) {
      const after = new Set<number>();
      for (const r of segs[k].members ?? []) {
        if (r.start < start) scanFrom = r.start;
        else if (r.start > end) after.add(r.start + delta);
      }
      exits = { at: after, resyncedAt: m + 1 < segs.length ? segs[m + 1].start + delta : -1 };
    }
    const scan = topLevelCuts(text, scanFrom, text.length, resyncAfter, (o) => oldStartAfter(o) !== -1, exits);
    const regionEnd = scan.resyncedAt === -1 ? text.length : scan.resyncedAt;
    const lastReplaced = scan.resyncedAt === -1 ? segs.length - 1 : oldStartAfter(scan.resyncedAt) - 1;
    const replaced = segs.slice(k, lastReplaced + 1);
    let fresh: Segment[];
    const single = scan.cuts.length === 0 && replaced.length === 1 ? replaced[0] : null;
    // An edited statement that had no tree (nothing to reparse incrementally) or needs none now is
    // parsed afresh, if at all.
    const reparse =
      single !== null &&
      single.tree !== null &&
      (!single.narrowed || single.members !== undefined) &&
      !this.unneeded(text.slice(regionStart, regionEnd), 'statement');
    const notes: ScanNotes = { reset: false };
    // A member scan may resume at an old cut only if that cut was at a clean lexical state.
    const resume = single && single.cleanRuns !== false ? resumeAt(single, oldText, start, end, delta) : undefined;
    const cuts = reparse ? memberCuts(text, regionStart, regionEnd, resume, notes) : null;
    if (single && !reparse) {
      deleteSegment(single);
      fresh = this.parseRange(text, regionStart, regionEnd, []);
    } else if (single && (cuts !== null || single.members)) {
      // A split class, before or after the edit: reparse the run holding it.
      const edit = { start, end, inserted, oldLines, newLines: this.lines };
      // Cuts kept from before the edit are as clean as they were.
      notes.reset ||= single.cleanRuns === false;
      const seg = this.reparseSplit(single, oldText, text, regionStart, regionEnd, cuts, edit, notes);
      fresh = seg ? [seg] : [];
    } else if (single && this.unneeded.narrowing?.(text.slice(regionStart, regionEnd), 'statement')) {
      // Parsed in part, as a fresh parse of its text would be.
      deleteSegment(single);
      fresh = this.parseRange(text, regionStart, regionEnd, []);
    } else if (single && single.tree) {
      // The common case: the edit stays inside one statement's segment. Edit its tree, reparse.
      const seg = single;
      const tree = single.tree;
      const rel = (offset: number, lines: LineIndex, segStart: number) => {
        const p = lines.positionAt(offset);
        return { row: p.line - lines.lineAt(segStart), column: p.character };
      };
      const newLines = this.lines;
      const parsedOld = blankCommentLines(oldText.slice(seg.start, seg.end));
      const parsedNew = blankCommentLines(text.slice(regionStart, regionEnd));
      const change = parsedChange(parsedOld, parsedNew, start - seg.start, end - seg.start, start + inserted.length - seg.start);
      const edit: Edit = {
        startIndex: change.start,
        oldEndIndex: change.oldEnd,
        newEndIndex: change.newEnd,
        startPosition: rel(seg.start + change.start, oldLines, seg.start),
        oldEndPosition: rel(seg.start + change.oldEnd, oldLines, seg.start),
        newEndPosition: rel(regionStart + change.newEnd, newLines, regionStart),
      };
      tree.edit(edit);
      let next = this.parser.parse(parsedNew, tree);
      tree.delete();
      // tree-sitter's error recovery can differ between an incremental and a fresh parse of the
      // same broken text: a broken statement is parsed afresh, so findings never depend on history.
      if (next?.rootNode.hasError) {
        next.delete();
        next = this.parser.parse(parsedNew);
      }
      fresh = next ? [{ start: regionStart, end: regionEnd, tree: next }] : [];
    } else {
      // Statements were split or joined: parse the new segments, reusing trees of unchanged text.
      const reusable = new Map<string, Segment>();
      for (const s of replaced) {
        const key = oldText.slice(s.start, s.end);
        const dup = reusable.get(key);
        if (dup) deleteSegment(dup);
        reusable.set(key, s);
      }
      fresh = this.parseRange(text, regionStart, regionEnd, scan.cuts, reusable);
      for (const s of reusable.values()) deleteSegment(s);
    }
    for (let i = lastReplaced + 1; i < segs.length; i++) {
      segs[i].start += delta;
      segs[i].end += delta;
      for (const run of segs[i].members ?? []) {
        run.start += delta;
        run.end += delta;
      }
    }
    segs.splice(k, replaced.length, ...fresh);
  }

  /** Parses [from, to) cut at `cuts`; `reusable` segments (by text) are taken instead of parsing. */
  private parseRange(text: string, from: number, to: number, cuts: number[], reusable?: Map<string, Segment>): Segment[] {
    if (text.length > MAX_PARSE_LENGTH) return [];
    const bounds = [from, ...cuts, to];
    const out: Segment[] = [];
    for (let i = 0; i + 1 < bounds.length; i++) {
      const s = bounds[i];
      const e = bounds[i + 1];
      if (e <= s && !(s === 0 && to === 0)) continue;
      const segText = text.slice(s, e);
      const known = reusable?.get(segText);
      if (known) {
        reusable!.delete(segText);
        known.members?.forEach((run) => {
          run.start += s - known.start;
          run.end += s - known.start;
        });
        known.start = s;
        known.end = e;
        out.push(known);
        continue;
      }
      if (this.unneeded(segText, 'statement')) {
        out.push({ start: s, end: e, tree: null, syntaxCleared: clearedLast(segText) });
        continue;
      }
      const notes: ScanNotes = { reset: false };
      const split = memberCuts(text, s, e, undefined, notes);
      if (split) {
        const seg = this.parseSplit(text, s, e, memberRuns(text, e, split, notes), new Map<string, MemberRun>(), null, !notes.reset);
        if (seg) out.push(seg);
        continue;
      }
      const narrowed = this.parseInPart('', segText, 'statement');
      if (narrowed) {
        out.push({ start: s, end: e, tree: narrowed, narrowed: true });
        continue;
      }
      const tree = this.parser.parse(blankCommentLines(segText));
      if (tree) out.push({ start: s, end: e, tree });
    }
    return out;
  }

  /**
   * The tree of `header` + `text` (a `part` the filter just said needs a tree) holding only the
   * parts of `text` that ParseFilter.narrowing names, or null: it names none, or that tree has
   * errors (the parts were to parse as they do in place; a text in doubt is parsed whole).
   */
  private parseInPart(header: string, text: string, part: TextPart): Tree | null {
    const ranges = this.unneeded.narrowing?.(text, part);
    return ranges ? this.parseRanges(blankCommentLines(header + text), header, ranges) : null;
  }

  /**
   * The tree of `header` and the ranges of the text after it in `source` (header + text, as given to
   * the parser), or null when that tree has errors.
   */
  private parseRanges(source: string, header: string, ranges: readonly TextRange[]): Tree | null {
    // Rows counted once, in order: the ranges are sorted.
    let row = 0;
    let counted = 0;
    const rowAt = (offset: number): number => {
      for (let i = source.indexOf('\n', counted); i !== -1 && i < offset; i = source.indexOf('\n', i + 1)) {
        row++;
        counted = i + 1;
      }
      return row;
    };
    const included: ParsedRange[] = [];
    if (header !== '') included.push(parsedRange(source, 0, header.length, rowAt));
    for (const r of ranges) included.push(parsedRange(source, header.length + r.start, header.length + r.end, rowAt));
    const tree = this.parser.parse(source, null, { includedRanges: included });
    if (tree && !rootOf(tree).broken) return tree;
    tree?.delete();
    return null;
  }

  /**
   * The tree of a split class's head run `text` (its header and first members: a class statement of
   * its own) holding only what the filter says it needs: its headers with as little of their
   * bodies as parses (see headersSkeleton) where nothing in it matters to the caller (the class's
   * shape is all the head gives then), or the lines ParseFilter.narrowing names. Only where its
   * syntax is sure (nothing left out may hold a syntax error); null: parse it whole.
   */
  private parseClassHead(text: string): Tree | null {
    if (!this.unneeded(text, 'statement')) return this.parseInPart('', text, 'statement');
    const reading = surelyParses(text) ? readHandlers(text) : null;
    const ranges = reading ? headersSkeleton(text, reading.lines, MIN_LEFT_OUT) : null;
    return ranges ? this.parseRanges(blankCommentLines(text), '', ranges) : null;
  }

  /**
   * Re-parses a segment after an edit inside it that was (or now is) a split class: member runs whose
   * text did not change keep their trees (or their lack of one), the run holding the edit is reparsed
   * incrementally, and the segment is parsed whole when it no longer splits.
   */
  private reparseSplit(
    old: Segment,
    oldText: string,
    text: string,
    from: number,
    to: number,
    cuts: number[] | null,
    edit: { start: number; end: number; inserted: string; oldLines: LineIndex; newLines: LineIndex },
    notes: ScanNotes,
  ): Segment | null {
    const oldRuns: MemberRun[] = [
      { start: old.start, end: old.members ? old.members[0].start : old.end, header: '', tree: old.tree, narrowed: old.narrowed },
      ...(old.members ?? []),
    ];
    if (!cuts) {
      for (const r of oldRuns) r.tree?.delete();
      // Parsed as parseRange would (the filter was last asked about this text).
      const narrowed = this.parseInPart('', text.slice(from, to), 'statement');
      if (narrowed) return { start: from, end: to, tree: narrowed, narrowed: true };
      const tree = this.parser.parse(blankCommentLines(text.slice(from, to)));
      return tree ? { start: from, end: to, tree } : null;
    }
    const reusable = new Map<string, MemberRun>();
    oldRuns.forEach((r) => {
      const key = r.header + oldText.slice(r.start, r.end);
      reusable.get(key)?.tree?.delete();
      reusable.set(key, r);
    });
    // The run holding the edit, when it has a tree, is edited and reparsed incrementally if its bounds survive.
    const delta = edit.inserted.length - (edit.end - edit.start);
    const hit = old.members ? oldRuns.findIndex((r) => r.start <= edit.start && edit.end <= r.end) : -1;
    let edited: EditedRun | null = null;
    const r = hit === -1 ? null : oldRuns[hit];
    if (r?.tree && !r.narrowed) {
      const key = r.header + oldText.slice(r.start, r.end);
      if (reusable.get(key) === r) {
        reusable.delete(key);
        edited = { start: r.start, end: r.end + delta, header: r.header, tree: r.tree };
        const pad = r.header.length;
        const rows = lineCount(r.header);
        const point = (lines: LineIndex, offset: number) => {
          const p = lines.positionAt(offset);
          return { row: p.line - lines.lineAt(r.start) + rows, column: p.character };
        };
        // Offsets in the run's parsed text (header + run) and back to the document.
        const base = r.start - pad;
        const change = parsedChange(
          blankCommentLines(key),
          blankCommentLines(r.header + text.slice(r.start, r.end + delta)),
          edit.start - base,
          edit.end - base,
          edit.start + edit.inserted.length - base,
        );
        r.tree.edit({
          startIndex: change.start,
          oldEndIndex: change.oldEnd,
          newEndIndex: change.newEnd,
          startPosition: point(edit.oldLines, base + change.start),
          oldEndPosition: point(edit.oldLines, base + change.oldEnd),
          newEndPosition: point(edit.newLines, base + change.newEnd),
        });
      }
    }
    const runs = memberRuns(text, to, cuts, notes);
    const seg = this.parseSplit(text, from, to, runs, reusable, edited, !notes.reset);
    for (const run of reusable.values()) run.tree?.delete();
    edited?.tree.delete();
    return seg;
  }

  /**
   * Parses a split class: the header run [from, runs[0].start) and the member runs, taking `reusable`
   * runs' trees (keyed by header + text, the header run's header being ''; a null tree is a member
   * run known to need none). A member run taken is the same object, moved: an object keeps its text
   * (see Segment). Member runs the filter rejects get no tree.
   */
  private parseSplit(
    text: string,
    from: number,
    to: number,
    runs: RunBounds[],
    reusable: Map<string, MemberRun>,
    edited: EditedRun | null,
    cleanRuns: boolean,
  ): Segment | null {
    const all: RunBounds[] = [{ start: from, end: runs[0].start, header: '' }, ...runs];
    const out: MemberRun[] = [];
    for (const run of all) {
      const runText = text.slice(run.start, run.end);
      const key = reusable.size > 0 ? run.header + runText : '';
      const taken = reusable.size > 0 ? reusable.get(key) : undefined;
      let tree: Tree | null | undefined;
      if (taken !== undefined) {
        reusable.delete(key);
        tree = taken.tree;
        if (run.header !== '') {
          taken.start = run.start;
          taken.end = run.end;
          out.push(taken);
          continue;
        }
        if (taken.narrowed) {
          out.push({ ...run, tree, narrowed: true });
          continue;
        }
      } else if (run.header !== '' && this.unneeded(runText, run.header === MEMBER_HEADER ? 'member' : 'branch')) tree = null;
      else {
        const narrowed =
          run.header === ''
            ? this.parseClassHead(runText)
            : this.parseInPart(run.header, runText, run.header === MEMBER_HEADER ? 'member' : 'branch');
        if (narrowed) {
          out.push({ ...run, tree: narrowed, narrowed: true });
          continue;
        }
        const old =
          edited && edited.start === run.start && edited.end === run.end && edited.header === run.header ? edited.tree : undefined;
        const source = blankCommentLines(run.header + runText);
        tree = this.parser.parse(source, old);
        // As for a single statement: broken text is parsed afresh (error recovery depends on history).
        if (old && tree?.rootNode.hasError) {
          tree.delete();
          tree = this.parser.parse(source);
        }
        if (!tree) {
          for (const done of out) done.tree?.delete();
          return null;
        }
      }
      out.push({ ...run, tree });
    }
    return { start: from, end: to, tree: out[0].tree, members: out.slice(1), cleanRuns, ...(out[0].narrowed ? { narrowed: true } : {}) };
  }
}

/** The tree-sitter range of source[start, end). */
function parsedRange(source: string, start: number, end: number, rowAt: (offset: number) => number): ParsedRange {
  const point = (offset: number) => ({
    row: rowAt(offset),
    column: offset === 0 ? 0 : offset - (source.lastIndexOf('\n', offset - 1) + 1),
  });
  return { startIndex: start, endIndex: end, startPosition: point(start), endPosition: point(end) };
}

/**
 * The change from `before` to `after` (texts as given to the parser) that an edit [start, oldEnd)
 * -> [start, newEnd) made, widened where blanking comment lines changed the text around it (an
 * edit that opens a string un-blanks the comment lines after it): tree-sitter reuses whatever lies
 * outside the change it is told about.
 */
function parsedChange(
  before: string,
  after: string,
  start: number,
  oldEnd: number,
  newEnd: number,
): { start: number; oldEnd: number; newEnd: number } {
  let s = start;
  if (before.slice(0, start) !== after.slice(0, start)) {
    s = 0;
    while (s < start && before.charCodeAt(s) === after.charCodeAt(s)) s++;
  }
  let a = oldEnd;
  let b = newEnd;
  if (before.slice(oldEnd) !== after.slice(newEnd)) {
    a = before.length;
    b = after.length;
    while (a > oldEnd && b > newEnd && before.charCodeAt(a - 1) === after.charCodeAt(b - 1)) {
      a--;
      b--;
    }
  }
  return { start: s, oldEnd: a, newEnd: b };
}

function lineCount(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

/** The member run an edit was applied to, for an incremental reparse. */
interface EditedRun extends RunBounds {
  tree: Tree;
}

/**
 * How memberCuts can rescan only from the member holding an edit [start, end) of a split segment
 * (the members before it are unchanged); undefined when the edit is in the header run. Members are
 * the runs below MEMBER_HEADER (the others are cut from inside a member by memberRuns).
 */
function resumeAt(seg: Segment, oldText: string, start: number, end: number, delta: number): MemberScanResume | undefined {
  if (!seg.members) return undefined;
  const oldCuts = seg.members.filter((r) => r.header === MEMBER_HEADER).map((r) => r.start);
  const hit = oldCuts.findIndex((c, i) => c <= start && end <= (i + 1 < oldCuts.length ? oldCuts[i + 1] : seg.end));
  if (hit === -1) return undefined;
  const at = oldCuts[hit];
  let ws = at;
  while (oldText.charCodeAt(ws) === 32 || oldText.charCodeAt(ws) === 9) ws++;
  return {
    at,
    indent: oldText.slice(at, ws),
    cutsBefore: oldCuts.slice(0, hit),
    resyncAfter: start + (end - start) + delta,
    oldCutsFrom: (offset) => {
      const k = oldCuts.indexOf(offset - delta, hit + 1);
      return k === -1 ? null : oldCuts.slice(k).map((c) => c + delta);
    },
  };
}

/** Index of the segment holding `offset` (the last one for the text end). */
function segmentAt(segs: Segment[], offset: number): number {
  let lo = 0;
  let hi = segs.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (segs[mid].start <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
