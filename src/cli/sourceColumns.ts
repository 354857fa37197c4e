// Converts engine positions (zero-based, UTF-16 code units) to what people and tools read:
// one-based rows and one-based columns counted in characters (Unicode code points), as ruff does.
import type { Position } from '../core/text';

export interface RowColumn {
  row: number;
  column: number;
}

export class SourceColumns {
  private lineStarts: number[] | undefined;

  constructor(private readonly text: string) {}

  private starts(): number[] {
    if (!this.lineStarts) {
      const starts = [0];
      for (let i = 0; i < this.text.length; i++) if (this.text.charCodeAt(i) === 10) starts.push(i + 1);
      this.lineStarts = starts;
    }
    return this.lineStarts;
  }

  toRowColumn(position: Position): RowColumn {
    const starts = this.starts();
    const line = Math.max(0, Math.min(position.line, starts.length - 1));
    const lineStart = starts[line];
    // Positions past the end of a line stop before its newline.
    const lineEnd = line + 1 < starts.length ? starts[line + 1] - 1 : this.text.length;
    const end = Math.min(lineStart + Math.max(0, position.character), lineEnd);
    let column = 1;
    for (let i = lineStart; i < end; i++) {
      const unit = this.text.charCodeAt(i);
      // A surrogate pair is one character: count the high half, skip the low half.
      if (unit >= 0xdc00 && unit <= 0xdfff && i > lineStart) {
        const previous = this.text.charCodeAt(i - 1);
        if (previous >= 0xd800 && previous <= 0xdbff) continue;
      }
      column++;
    }
    return { row: line + 1, column };
  }
}
