// A parsed Python document, kept as a sequence of top-level segments (see segments.ts), each with
// its own tree-sitter tree. An edit is applied to the affected segment's tree, which is then
// reparsed incrementally; only edits that change where top-level statements begin re-segment
// (and parse afresh) the few segments involved. Whole-file incremental reparsing in wasm re-lexes
// large regions of Python files (3-20 ms per keystroke on 5,000 lines); per segment it is well under 1 ms.
import type { Edit, Parser, Tree } from 'web-tree-sitter';
import type { Range } from '../diagnostics/types';
import { LineIndex } from './lineIndex';
import { topLevelCuts } from './segments';

/** Larger inputs are not parsed (tree-sitter's wasm heap is finite); they get no findings. */
export const MAX_PARSE_LENGTH = 16_000_000;

export interface ContentChange {
  /** The replaced range; absent means the whole text is replaced. */
  range?: Range;
  text: string;
}

/** A run of top-level statements [start, end) and its tree (offsets in the tree are relative to `start`). */
export interface Segment {
  start: number;
  end: number;
  tree: Tree;
}

export class ParsedDocument {
  private currentText: string;
  private lineIndex: LineIndex | undefined;
  private segs: Segment[] = [];
  private disposed = false;
  /** Increases with every update. */
  version = 0;

  constructor(
    private readonly parser: Parser,
    text: string,
  ) {
    this.currentText = text;
    this.segs = this.parseRange(text, 0, text.length, topLevelCuts(text, 0).cuts);
  }

  get text(): string {
    return this.currentText;
  }

  /** False when the text is too large to parse or the document is disposed. */
  get parsed(): boolean {
    return !this.disposed && (this.segs.length > 0 || this.currentText.length === 0);
  }

  get segments(): readonly Segment[] {
    return this.segs;
  }

  get lines(): LineIndex {
    this.lineIndex ??= new LineIndex(this.currentText);
    return this.lineIndex;
  }

  update(changes: ContentChange[]): void {
    if (this.disposed) throw new Error('PythonDocument used after dispose()');
    for (const change of changes) {
      if (!change.range) this.replaceAll(change.text);
      else {
        const lines = this.lines;
        const start = lines.offsetAt(change.range.start);
        const end = Math.max(start, lines.offsetAt(change.range.end));
        this.applyEdit(start, end, change.text);
      }
    }
    if (changes.length > 0) this.version++;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const s of this.segs) s.tree.delete();
    this.segs = [];
  }

  private replaceAll(text: string): void {
    for (const s of this.segs) s.tree.delete();
    this.currentText = text;
    this.lineIndex = undefined;
    this.segs = this.parseRange(text, 0, text.length, topLevelCuts(text, 0).cuts);
  }

  private applyEdit(start: number, end: number, inserted: string): void {
    const oldText = this.currentText;
    const oldLines = this.lines;
    const text = oldText.slice(0, start) + inserted + oldText.slice(end);
    const delta = inserted.length - (end - start);
    this.currentText = text;
    this.lineIndex = undefined;
    if (text.length > MAX_PARSE_LENGTH || oldText.length > MAX_PARSE_LENGTH || this.segs.length === 0) {
      this.replaceAll(text);
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
    const scan = topLevelCuts(text, regionStart, text.length, resyncAfter, (o) => oldStartAfter(o) !== -1);
    const regionEnd = scan.resyncedAt === -1 ? text.length : scan.resyncedAt;
    const lastReplaced = scan.resyncedAt === -1 ? segs.length - 1 : oldStartAfter(scan.resyncedAt) - 1;
    const replaced = segs.slice(k, lastReplaced + 1);
    let fresh: Segment[];
    if (scan.cuts.length === 0 && replaced.length === 1) {
      // The common case: the edit stays inside one statement's segment. Edit its tree, reparse.
      const seg = replaced[0];
      const tree = seg.tree;
      const rel = (offset: number, lines: LineIndex, segStart: number) => {
        const p = lines.positionAt(offset);
        return { row: p.line - lines.lineAt(segStart), column: p.character };
      };
      const newLines = this.lines;
      const edit: Edit = {
        startIndex: start - seg.start,
        oldEndIndex: end - seg.start,
        newEndIndex: start + inserted.length - seg.start,
        startPosition: rel(start, oldLines, seg.start),
        oldEndPosition: rel(end, oldLines, seg.start),
        newEndPosition: rel(start + inserted.length, newLines, regionStart),
      };
      tree.edit(edit);
      const next = this.parser.parse(text.slice(regionStart, regionEnd), tree);
      tree.delete();
      fresh = next ? [{ start: regionStart, end: regionEnd, tree: next }] : [];
    } else {
      // Statements were split or joined: parse the new segments, reusing trees of unchanged text.
      const reusable = new Map<string, Tree>();
      for (const s of replaced) reusable.set(oldText.slice(s.start, s.end), s.tree);
      fresh = this.parseRange(text, regionStart, regionEnd, scan.cuts, reusable);
      for (const t of reusable.values()) t.delete();
    }
    for (let i = lastReplaced + 1; i < segs.length; i++) {
      segs[i].start += delta;
      segs[i].end += delta;
    }
    segs.splice(k, replaced.length, ...fresh);
  }

  /** Parses [from, to) cut at `cuts`; `reusable` trees (by segment text) are taken instead of parsing. */
  private parseRange(text: string, from: number, to: number, cuts: number[], reusable?: Map<string, Tree>): Segment[] {
    if (text.length > MAX_PARSE_LENGTH) return [];
    const bounds = [from, ...cuts, to];
    const out: Segment[] = [];
    for (let i = 0; i + 1 < bounds.length; i++) {
      const s = bounds[i];
      const e = bounds[i + 1];
      if (e <= s && !(s === 0 && to === 0)) continue;
      const segText = text.slice(s, e);
      let tree = reusable?.get(segText);
      if (tree) reusable!.delete(segText);
      else tree = this.parser.parse(segText) ?? undefined;
      if (tree) out.push({ start: s, end: e, tree });
    }
    return out;
  }
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
