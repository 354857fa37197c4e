// The simplest parsing design, kept here as the measured alternative to src/core/python's
// segments (see docs/parsing.md): one tree-sitter tree for the whole document, updated with
// tree.edit() and an incremental reparse after each change, tree.getChangedRanges() telling what
// the reparse restructured. The analysis reads it as a document of one segment, so the engine's
// per-statement cache (units keyed by their text) decides what is extracted again.
import type { Parser, Point, Tree } from 'web-tree-sitter';
import type { ContentChange, Segment, SegmentedText } from '../../../src/core/python/segments';
import { LineIndex } from '../../../src/core/python/lineIndex';

function point(lines: LineIndex, offset: number): Point {
  const p = lines.positionAt(offset);
  return { row: p.line, column: p.character };
}

export class WholeTreeDocument implements SegmentedText {
  private tree: Tree | null;
  private current: string;
  private lineIndex: LineIndex | undefined;
  /** Characters inside the ranges getChangedRanges() reported for the last change (context). */
  changedChars = 0;

  constructor(
    private readonly parser: Parser,
    text: string,
  ) {
    this.current = text;
    this.tree = parser.parse(text);
  }

  get parsed(): boolean {
    return this.tree !== null;
  }

  get text(): string {
    return this.current;
  }

  /** The prototype reads lone "\r" line breaks as the grammar does (the bench inputs have none). */
  get source(): string {
    return this.current;
  }

  get lines(): LineIndex {
    this.lineIndex ??= new LineIndex(this.current);
    return this.lineIndex;
  }

  get segments(): readonly Segment[] {
    return this.tree ? [{ start: 0, end: this.current.length, tree: this.tree }] : [];
  }

  update(changes: ContentChange[]): void {
    for (const change of changes) {
      const old = this.tree;
      if (!change.range || !old) {
        old?.delete();
        this.current = change.text;
        this.lineIndex = undefined;
        this.tree = this.parser.parse(change.text);
        continue;
      }
      const oldLines = this.lines;
      const start = oldLines.offsetAt(change.range.start);
      const end = Math.max(start, oldLines.offsetAt(change.range.end));
      this.current = this.current.slice(0, start) + change.text + this.current.slice(end);
      this.lineIndex = undefined;
      const newEnd = start + change.text.length;
      old.edit({
        startIndex: start,
        oldEndIndex: end,
        newEndIndex: newEnd,
        startPosition: point(oldLines, start),
        oldEndPosition: point(oldLines, end),
        newEndPosition: point(this.lines, newEnd),
      });
      const next = this.parser.parse(this.current, old);
      this.changedChars = next ? old.getChangedRanges(next).reduce((sum, r) => sum + r.endIndex - r.startIndex, 0) : 0;
      old.delete();
      this.tree = next;
    }
  }

  dispose(): void {
    this.tree?.delete();
    this.tree = null;
  }
}
