// Converts engine positions (zero-based, UTF-16 code units) to what people and tools read:
// one-based rows and one-based columns counted in characters (Unicode code points), as ruff does.
// A report needs only the lines its findings point into, so a checked file keeps those lines
// (SourceLines) rather than its whole text until the report is written: on a big tree the texts
// would otherwise be most of the memory `pyops check` holds.
import type { Finding } from '../core/diagnostics/types';
import type { Position } from '../core/text';

export interface RowColumn {
  row: number;
  column: number;
}

/** The lines of a file that some positions fall on (plain data: workers send it to the main thread). */
export interface SourceLines {
  /** Index of the file's last line: positions past it are reported on it. */
  lastLine: number;
  /** Text of each line a position falls on, by index, without its newline (a CR before it stays). */
  lines: Record<number, string>;
}

/** No line: for a file without findings (converting any position of it is a bug). */
export const NO_LINES: SourceLines = { lastLine: 0, lines: {} };

/** The lines of `text` that `positions` fall on (after clamping past-the-end lines to the last one). */
export function sourceLinesAt(text: string, positions: Iterable<Position>): SourceLines {
  const wanted: number[] = [];
  for (const position of positions) wanted.push(position.line);
  return keptLines(text, wanted);
}

/**
 * The lines of `text` whose indexes are `wanted` (any order, repeats allowed), read in one pass
 * that stops collecting at the last one wanted and only counts the lines after it: no table of
 * every line's start is built.
 */
function keptLines(text: string, wanted: number[]): SourceLines {
  if (wanted.length === 0) return NO_LINES;
  wanted.sort((a, b) => a - b);
  const lines: Record<number, string> = {};
  let line = 0;
  let start = 0;
  let next = 0;
  for (;;) {
    const end = text.indexOf('\n', start);
    // A wanted line, or the last one, which positions past the end (and before the start) fall on too.
    if (wanted[next] <= line || end === -1) {
      // A copy, not a slice sharing the whole text's memory (V8 keeps the parent of a sliced string alive).
      lines[line] = Buffer.from(text.slice(start, end === -1 ? text.length : end), 'utf16le').toString('utf16le');
      while (next < wanted.length && wanted[next] <= line) next++;
    }
    if (end === -1) return { lastLine: line, lines };
    line++;
    start = end + 1;
    if (next === wanted.length) return { lastLine: line + newlinesFrom(text, start), lines };
  }
}

/** How many line feeds `text` holds from `start` on. */
function newlinesFrom(text: string, start: number): number {
  let count = 0;
  for (let at = text.indexOf('\n', start); at !== -1; at = text.indexOf('\n', at + 1)) count++;
  return count;
}

/**
 * Whether `source` holds every line the reports of `findings` need (as sourceLinesFor keeps them):
 * lines read back from a cache entry must, or a report would fail on a missing one.
 */
export function coversFindings(source: SourceLines, findings: readonly Finding[]): boolean {
  for (const position of findingPositions(findings)) {
    if (typeof source.lines[Math.max(0, Math.min(position.line, source.lastLine))] !== 'string') return false;
  }
  return true;
}

/** Every position a report converts: each finding's range and the ranges of its fix's edits. */
function* findingPositions(findings: readonly Finding[]): Iterable<Position> {
  for (const finding of findings) {
    yield finding.range.start;
    yield finding.range.end;
    for (const edit of finding.fix?.edits ?? []) {
      yield edit.range.start;
      yield edit.range.end;
    }
  }
}

/** The lines of `text` that the reports of `findings` need (the positions findingPositions gives). */
export function sourceLinesFor(text: string, findings: readonly Finding[]): SourceLines {
  // A plain loop: this runs for every checked file, the generator only on cache hits.
  const wanted: number[] = [];
  for (const finding of findings) {
    wanted.push(finding.range.start.line, finding.range.end.line);
    const edits = finding.fix?.edits;
    if (edits) for (const edit of edits) wanted.push(edit.range.start.line, edit.range.end.line);
  }
  return keptLines(text, wanted);
}

export class SourceColumns {
  constructor(private readonly source: SourceLines) {}

  toRowColumn(position: Position): RowColumn {
    const line = Math.max(0, Math.min(position.line, this.source.lastLine));
    const text = this.source.lines[line];
    if (text === undefined) throw new Error(`line ${line + 1} was not kept for the report`);
    // Positions past the end of a line stop before its newline.
    const end = Math.min(Math.max(0, position.character), text.length);
    let column = 1;
    for (let i = 0; i < end; i++) {
      const unit = text.charCodeAt(i);
      // A surrogate pair is one character: count the high half, skip the low half.
      if (unit >= 0xdc00 && unit <= 0xdfff && i > 0) {
        const previous = text.charCodeAt(i - 1);
        if (previous >= 0xd800 && previous <= 0xdbff) continue;
      }
      column++;
    }
    return { row: line + 1, column };
  }
}
