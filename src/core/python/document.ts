// A parsed Python document that can be edited incrementally.
import type { Edit, Parser, Point, Tree } from 'web-tree-sitter';
import type { Range } from '../diagnostics/types';
import { LineIndex } from './lineIndex';

/** Larger inputs are not parsed (tree-sitter's wasm heap is finite); they get no findings. */
export const MAX_PARSE_LENGTH = 16_000_000;

export interface ContentChange {
  /** The replaced range; absent means the whole text is replaced. */
  range?: Range;
  text: string;
}

export class ParsedDocument {
  private currentText: string;
  private currentTree: Tree | null;
  private lineIndex: LineIndex | undefined;
  private disposed = false;
  /** Increases with every update; lets callers cache per state. */
  version = 0;

  constructor(
    private readonly parser: Parser,
    text: string,
  ) {
    this.currentText = text;
    this.currentTree = this.parse(text, null);
  }

  get text(): string {
    return this.currentText;
  }

  /** The syntax tree, or null when the text is too large to parse or the document is disposed. */
  get tree(): Tree | null {
    return this.currentTree;
  }

  get lines(): LineIndex {
    this.lineIndex ??= new LineIndex(this.currentText);
    return this.lineIndex;
  }

  update(changes: ContentChange[]): void {
    if (this.disposed) throw new Error('PythonDocument used after dispose()');
    if (changes.length === 0) return;
    let text = this.currentText;
    let lines = this.lines;
    let tree = this.currentTree;
    for (const change of changes) {
      if (!change.range) {
        tree?.delete();
        tree = null;
        text = change.text;
        lines = new LineIndex(text);
        continue;
      }
      const start = lines.offsetAt(change.range.start);
      const end = Math.max(start, lines.offsetAt(change.range.end));
      const startPoint = pointAt(lines, start);
      const oldEndPoint = pointAt(lines, end);
      text = text.slice(0, start) + change.text + text.slice(end);
      lines = new LineIndex(text);
      if (tree) {
        const edit: Edit = {
          startIndex: start,
          oldEndIndex: end,
          newEndIndex: start + change.text.length,
          startPosition: startPoint,
          oldEndPosition: oldEndPoint,
          newEndPosition: pointAt(lines, start + change.text.length),
        };
        tree.edit(edit);
      }
    }
    this.currentText = text;
    this.lineIndex = lines;
    // `tree` is the old tree edited in place (or null after a whole-text change): reparse from it, then free it.
    const next = this.parse(text, tree);
    tree?.delete();
    this.currentTree = next;
    this.version++;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.currentTree?.delete();
    this.currentTree = null;
  }

  private parse(text: string, old: Tree | null): Tree | null {
    if (text.length > MAX_PARSE_LENGTH) return null;
    return this.parser.parse(text, old);
  }
}

function pointAt(lines: LineIndex, offset: number): Point {
  const p = lines.positionAt(offset);
  return { row: p.line, column: p.character };
}
