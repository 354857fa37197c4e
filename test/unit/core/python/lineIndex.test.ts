// Line breaks as LSP counts them ("\r\n", "\n", and a lone "\r"), checked against LSP's own text
// document (vscode-languageserver-textdocument).
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LineIndex } from '../../../../src/core/python/lineIndex';
import { random } from '../diagnostics/helpers';

describe('LineIndex: positions as LSP counts them', () => {
  it('ends lines at "\\r\\n", "\\n" and a lone "\\r"', () => {
    const lines = new LineIndex('a\r\nb\nc\rd\r\r\ne');
    assert.deepEqual(lines.lineStarts, [0, 3, 5, 7, 9, 11]);
    assert.deepEqual(
      [0, 1, 2, 3, 4, 5].map((l) => lines.lineText(l)),
      ['a', 'b', 'c', 'd', '', 'e'],
    );
    assert.deepEqual(lines.positionAt(8), { line: 3, character: 1 });
    assert.equal(lines.offsetAt({ line: 3, character: 9 }), 8, 'a column past the end stops before the line break');
  });

  it("agrees with LSP's text document on random text full of line breaks", () => {
    const rand = random(5);
    const pieces = ['a', 'bc', ' ', '\n', '\r', '\r\n', '\n\r', 'é😀'];
    for (let round = 0; round < 200; round++) {
      let text = '';
      const length = Math.floor(rand() * 40);
      for (let i = 0; i < length; i++) text += pieces[Math.floor(rand() * pieces.length)];
      const lines = new LineIndex(text);
      const reference = TextDocument.create('file:///x.py', 'python', 0, text);
      assert.equal(lines.lineCount, reference.lineCount, JSON.stringify(text));
      for (let offset = 0; offset <= text.length; offset++) {
        assert.deepEqual(lines.positionAt(offset), reference.positionAt(offset), `${JSON.stringify(text)} @${offset}`);
      }
      for (let line = 0; line <= lines.lineCount; line++) {
        for (let character = 0; character < 6; character++) {
          assert.equal(
            lines.offsetAt({ line, character }),
            reference.offsetAt({ line, character }),
            `${JSON.stringify(text)} ${line}:${character}`,
          );
        }
      }
    }
  });
});
