// Line breaks as LSP counts them ("\r\n", "\n", and a lone "\r"), checked against LSP's own text
// document (vscode-languageserver-textdocument).
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LineIndex, lineStarts } from '../../../../src/core/python/lineIndex';
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

  it('after an edit, reads only the lines it touched and gives the index of the new text', () => {
    const rand = random(8);
    const pieces = ['a', 'bc', ' ', '\n', '\r', '\r\n', '\n\r', 'é😀'];
    const some = (max: number) => {
      let text = '';
      const length = Math.floor(rand() * max);
      for (let i = 0; i < length; i++) text += pieces[Math.floor(rand() * pieces.length)];
      return text;
    };
    for (let round = 0; round < 2000; round++) {
      const before = some(30);
      const start = Math.floor(rand() * (before.length + 1));
      const end = start + Math.floor(rand() * (before.length - start + 1));
      const inserted = some(4);
      const after = before.slice(0, start) + inserted + before.slice(end);
      const edited = new LineIndex(before).edited(after, start, end, inserted.length);
      const label = `${JSON.stringify(before)} [${start}, ${end}) -> ${JSON.stringify(inserted)}`;
      assert.equal(edited.text, after, label);
      assert.deepEqual(edited.lineStarts, lineStarts(after), label);
    }
  });
});
