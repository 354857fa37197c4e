import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Node, Parser } from 'web-tree-sitter';
import { codeText } from '../../../../src/core/python/codeText';
import { surelyParses } from '../../../../src/core/python/quickSyntax';
import { topLevelCuts } from '../../../../src/core/python/segments';
import { createPythonParser } from '../../../../src/core/python/wasm';
import { wasmPaths } from '../diagnostics/helpers';
import { stdlibFiles } from '../diagnostics/stdlib';

/** `text` with the prose tree-sitter finds blanked: the bodies of strings that are not f-strings (nor in one), and comments. */
function treeCodeText(parser: Parser, text: string): string {
  const tree = parser.parse(text)!;
  const chars = text.split('');
  const blank = (from: number, to: number) => {
    for (let k = from; k < to; k++) if (chars[k] !== '\n' && chars[k] !== '\r') chars[k] = ' ';
  };
  const visit = (node: Node) => {
    if (node.type === 'comment') blank(node.startIndex, node.endIndex);
    else if (node.type === 'string') {
      // Its body: between the quotes after its prefix and the closing ones (an f-string is kept
      // whole, the strings in its replacement fields too: codeText reads no further).
      const open = /^([rRuUbBfFtT]*)("""|'''|"|')/.exec(node.text);
      if (open && !/[fFtT]/.test(open[1])) blank(node.startIndex + open[0].length, node.endIndex - open[2].length);
      return;
    }
    for (const child of node.children) if (child) visit(child);
  };
  visit(tree.rootNode);
  tree.delete();
  return chars.join('');
}

describe('python: the code of a text without its prose (codeText)', () => {
  let parser: Parser;
  before(async () => {
    parser = await createPythonParser(wasmPaths);
  });

  it('blanks the bodies of plain strings and comments, keeps f-strings, quotes, prefixes and line breaks', () => {
    const cases: [string, string][] = [
      ['x = open(a)  # open(b)\n', 'x = open(a)           \n'],
      ['x = "open(a)" + r\'\\\'\' + b"\\""\n', 'x = "       " + r\'  \' + b"  "\n'],
      ['x = f"{open(a)}" + rb"open(b)"\n', 'x = f"{open(a)}" + rb"       "\n'],
      ['x = """a\r\ndef f(): import y\n"""\n', 'x = """ \r\n                 \n"""\n'],
      ['x = ""; y = \'\'\n', 'x = ""; y = \'\'\n'],
      ['y = """""" + u"#"\n', 'y = """""" + u" "\n'],
    ];
    for (const [text, expected] of cases) {
      assert.equal(codeText(text), expected, text);
      assert.equal(codeText(text), treeCodeText(parser, text), text);
    }
    // Unsure: a string not closed, letters before a quote that are no prefix.
    for (const text of ['x = "open(\n', "x = '''a\n", 'x = abc"d"\n']) assert.equal(codeText(text), null, text);
  });

  it('blanks exactly the prose tree-sitter finds, in every statement of the standard library whose syntax is sure', function () {
    this.timeout(300_000);
    let read = 0;
    let unsure = 0;
    for (const path of stdlibFiles().filter((_, i) => i % 3 === 0)) {
      const text = readFileSync(path, 'latin1').replace(/\r(?!\n)/g, '\n');
      const bounds = [0, ...topLevelCuts(text, 0).cuts, text.length];
      for (let i = 0; i + 1 < bounds.length; i++) {
        const statement = text.slice(bounds[i], bounds[i + 1]);
        if (!surelyParses(statement)) continue;
        const code = codeText(statement);
        if (code === null) {
          unsure++;
          continue;
        }
        read++;
        assert.equal(code, treeCodeText(parser, statement), `${path}: ${statement.slice(0, 200)}`);
      }
    }
    assert.ok(read > 10_000 && unsure < read / 100, `${read} read, ${unsure} unsure`);
  });
});
