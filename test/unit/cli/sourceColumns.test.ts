import assert from 'node:assert/strict';
import { SourceColumns, sourceLinesAt, sourceLinesFor } from '../../../src/cli/sourceColumns';
import type { Position } from '../../../src/core/text';
import type { Finding } from '../../../src/core/diagnostics/types';

/** Converts `position` with only the lines it needs kept, as a report does. */
function rowColumn(text: string, position: Position): { row: number; column: number } {
  return new SourceColumns(sourceLinesAt(text, [position])).toRowColumn(position);
}

describe('SourceColumns (engine positions -> 1-based rows and character columns)', () => {
  it('counts characters, so a surrogate pair is one column', () => {
    const text = 'x = 1\nlabel = "🚀é"; run()\n';
    const utf16 = text.split('\n')[1].indexOf('run');
    assert.deepEqual(rowColumn(text, { line: 1, character: utf16 }), { row: 2, column: utf16 });
    assert.deepEqual(rowColumn(text, { line: 0, character: 4 }), { row: 1, column: 5 });
  });

  it('clamps positions past the end of a line or of the file', () => {
    assert.deepEqual(rowColumn('ab\ncd', { line: 0, character: 99 }), { row: 1, column: 3 });
    assert.deepEqual(rowColumn('ab\ncd', { line: 7, character: 1 }), { row: 2, column: 2 });
  });

  it('works with CRLF line endings and an empty text', () => {
    assert.deepEqual(rowColumn('a\r\nbc\r\n', { line: 1, character: 2 }), { row: 2, column: 3 });
    assert.deepEqual(rowColumn('', { line: 0, character: 0 }), { row: 1, column: 1 });
  });

  it("keeps only the lines a file's findings and their fixes point into, not the whole text", () => {
    const text = Array.from({ length: 10_000 }, (_, i) => `line_${i} = ${i}`).join('\n');
    const at = (line: number, character: number): Position => ({ line, character });
    const finding: Finding = {
      code: 'OPS101',
      name: 'subprocess-unchecked',
      message: 'm',
      severity: 'error',
      range: { start: at(5000, 0), end: at(5000, 9) },
      fix: { title: 'f', safe: true, edits: [{ range: { start: at(0, 0), end: at(0, 0) }, newText: 'import x\n' }] },
    };
    const lines = sourceLinesFor(text, [finding]);
    assert.deepEqual(lines, { lastLine: 9999, lines: { 0: 'line_0 = 0', 5000: 'line_5000 = 5000' } });
    assert.deepEqual(new SourceColumns(lines).toRowColumn(finding.range.end), { row: 5001, column: 10 });
    assert.throws(() => new SourceColumns(lines).toRowColumn(at(17, 0)), /line 18 was not kept/);
    assert.deepEqual(sourceLinesFor(text, []).lines, {}, 'a file without findings keeps no line');
  });

  it('keeps the same lines whatever the order of the positions, with past-the-end ones on the last line', () => {
    const at = (line: number): Position => ({ line, character: 0 });
    const text = 'a\nbb\r\n\nccc\nlast';
    const expected = { lastLine: 4, lines: { 0: 'a', 1: 'bb\r', 3: 'ccc', 4: 'last' } };
    assert.deepEqual(sourceLinesAt(text, [at(3), at(99), at(1), at(3), at(0), at(1)]), expected);
    assert.deepEqual(sourceLinesAt(text, [at(99), at(0), at(4), at(3), at(1)]), expected);
    assert.deepEqual(sourceLinesAt(text, [at(-1)]), { lastLine: 4, lines: { 0: 'a' } }, 'a line before the first is the first');
    assert.deepEqual(sourceLinesAt(`${text}\n`, [at(2)]), { lastLine: 5, lines: { 2: '' } }, 'a final newline starts an empty last line');
    assert.deepEqual(sourceLinesAt(`${text}\n`, [at(7)]), { lastLine: 5, lines: { 5: '' } });
    assert.deepEqual(sourceLinesAt('', [at(3)]), { lastLine: 0, lines: { 0: '' } });
  });
});
