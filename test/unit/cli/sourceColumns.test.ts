import assert from 'node:assert/strict';
import { SourceColumns } from '../../../src/cli/sourceColumns';

describe('SourceColumns (engine positions -> 1-based rows and character columns)', () => {
  it('counts characters, so a surrogate pair is one column', () => {
    const text = 'x = 1\nlabel = "🚀é"; run()\n';
    const columns = new SourceColumns(text);
    const utf16 = text.split('\n')[1].indexOf('run');
    assert.deepEqual(columns.toRowColumn({ line: 1, character: utf16 }), { row: 2, column: utf16 });
    assert.deepEqual(columns.toRowColumn({ line: 0, character: 4 }), { row: 1, column: 5 });
  });

  it('clamps positions past the end of a line or of the file', () => {
    const columns = new SourceColumns('ab\ncd');
    assert.deepEqual(columns.toRowColumn({ line: 0, character: 99 }), { row: 1, column: 3 });
    assert.deepEqual(columns.toRowColumn({ line: 7, character: 1 }), { row: 2, column: 2 });
  });

  it('works with CRLF line endings and an empty text', () => {
    assert.deepEqual(new SourceColumns('a\r\nbc\r\n').toRowColumn({ line: 1, character: 2 }), { row: 2, column: 3 });
    assert.deepEqual(new SourceColumns('').toRowColumn({ line: 0, character: 0 }), { row: 1, column: 1 });
  });
});
