// Converts between string offsets and LSP positions (zero-based line, UTF-16 column). Lines end
// as LSP (and Python) say: at "\r\n", "\n" or a lone "\r".
import type { Position } from '../text';

export class LineIndex {
  /** Offset of the first character of every line. */
  readonly lineStarts: number[];

  constructor(
    readonly text: string,
    /** Already known (see edited). */
    starts?: number[],
  ) {
    this.lineStarts = starts ?? lineStarts(text);
  }

  /**
   * The index of `text`, made from this one's by an edit that replaced [start, end) of this text
   * with `insertedLength` characters (text[start, start + insertedLength)): whether a line starts
   * at an offset depends only on the characters before and at it, so only the starts from `start`
   * to the end of the inserted text are read; those before are kept and those after moved.
   */
  edited(text: string, start: number, end: number, insertedLength: number): LineIndex {
    const old = this.lineStarts;
    const insertedEnd = start + insertedLength;
    // Line 0 starts at 0 whatever the text.
    const from = Math.max(start, 1);
    const starts = old.slice(0, this.lineAt(from - 1) + 1);
    const to = Math.min(insertedEnd, text.length);
    for (let p = from; p <= to; p++) {
      const c = text.charCodeAt(p - 1);
      if (c === 10 || (c === 13 && text.charCodeAt(p) !== 10)) starts.push(p);
    }
    const delta = insertedEnd - end;
    // The first old start past `end`: from there on, the same characters before and at each start.
    for (let k = this.lineAt(end) + 1; k < old.length; k++) starts.push(old[k] + delta);
    return new LineIndex(text, starts);
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** The line holding `offset`. */
  lineAt(offset: number): number {
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  positionAt(offset: number): Position {
    let clamped = Math.max(0, Math.min(offset, this.text.length));
    const line = this.lineAt(clamped);
    // Between the "\r" and the "\n" of a line break is, to LSP, the end of the line's content.
    if (clamped > this.lineStarts[line] && this.text.charCodeAt(clamped - 1) === 13) clamped--;
    return { line, character: clamped - this.lineStarts[line] };
  }

  /** The offset of a position; out-of-range lines and columns are clamped like LSP clients do. */
  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.lineStarts.length) return this.text.length;
    const start = this.lineStarts[position.line];
    const end = this.lineEnd(position.line);
    return Math.max(start, Math.min(start + position.character, end));
  }

  /** Offset just past the line's content (before its `\r\n`, `\n` or `\r`). */
  lineEnd(line: number): number {
    if (line + 1 >= this.lineStarts.length) return this.text.length;
    const next = this.lineStarts[line + 1];
    return next - (next >= 2 && this.text.charCodeAt(next - 2) === 13 && this.text.charCodeAt(next - 1) === 10 ? 2 : 1);
  }

  lineText(line: number): string {
    return this.text.slice(this.lineStarts[line], this.lineEnd(line));
  }
}

/** Offsets where lines start: after each "\n", and after each "\r" not followed by "\n". */
export function lineStarts(text: string): number[] {
  const starts = [0];
  let cr = text.indexOf('\r');
  if (cr === -1) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    return starts;
  }
  let lf = text.indexOf('\n');
  while (cr !== -1 || lf !== -1) {
    if (lf === -1 || (cr !== -1 && cr < lf)) {
      if (cr + 1 !== lf) starts.push(cr + 1); // a lone "\r"; "\r\n" ends the line at its "\n"
      cr = text.indexOf('\r', cr + 1);
    } else {
      starts.push(lf + 1);
      lf = text.indexOf('\n', lf + 1);
    }
  }
  return starts;
}

/** Whether text[from, to) holds a "\r" that is not part of "\r\n" (a line break of its own). */
export function hasLoneCarriageReturn(text: string, from = 0, to = text.length): boolean {
  if (from === 0 && to === text.length) {
    for (let i = text.indexOf('\r'); i !== -1; i = text.indexOf('\r', i + 1)) if (text.charCodeAt(i + 1) !== 10) return true;
    return false;
  }
  // A short range (an edit): indexOf would run on to the end of a long text.
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === 13 && text.charCodeAt(i + 1) !== 10) return true;
  return false;
}

/**
 * The text with every lone "\r" turned into "\n": the same length and the same lines, in the form
 * the parser reads (tree-sitter's Python grammar ends lines only at "\n"; Python at all three).
 */
export function withLoneCarriageReturnsAsLineFeeds(text: string): string {
  return text.replace(/\r(?!\n)/g, '\n');
}

/** The text's line break, for lines added to it: the one its first line ends with ("\n" when none). */
export function lineBreakOf(text: string): string {
  return /\r\n?|\n/.exec(text)?.[0] ?? '\n';
}
