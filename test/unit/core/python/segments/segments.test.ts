import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Parser } from 'web-tree-sitter';
import { ParsedDocument, topLevelCuts } from '../../../../../src/core/python/segments';
import { createPythonParser } from '../../../../../src/core/python/wasm';
import { dedent, wasmPaths } from '../../diagnostics/helpers';
import { stdlibFiles } from '../../diagnostics/stdlib';

/** 1-based line numbers where topLevelCuts starts a new segment. */
function cutLines(text: string): number[] {
  return topLevelCuts(text, 0).cuts.map((c) => text.slice(0, c).split('\n').length);
}

describe('python: top-level segments', () => {
  it('cuts where top-level statements start, not inside strings, brackets, continuations or decorators', () => {
    const src = dedent(`
      import os
      x = [
      1, 2,
      ]
      doc = """
      def not_code():
      """
      y = 1 + \\
      2
      @decorator(
          arg,
      )
      @another
      def f():
          pass
      # a comment
      if x:
          pass
      else:
          pass
      try:
          pass
      except Exception:
          pass
      s = 'unterminated
      z = 3
    `);
    assert.deepEqual(cutLines(src), [2, 5, 8, 10, 17, 21, 25, 26]);
  });

  it('lets a line starting with def/class/import end an unclosed bracket', () => {
    const src = 'x = foo(\n\ndef g():\n    pass\nclass C:\n    pass\n';
    assert.deepEqual(cutLines(src), [3, 5]);
  });

  it('passes over strings whole: quotes and backslashes in triple-quoted strings, line breaks in them, CRLF', async () => {
    const lines = [
      String.raw`a = """one "quote", two ""quotes"", \""" escaped`,
      String.raw`def not_code(): \\`,
      '"""',
      String.raw`b = '''x\\'''`,
      String.raw`c = "\"" + '\'' + """\\""" + "#" + '('`,
      'd = """"a"""',
      'e = f(1,',
      '      """',
      'def g(): pass',
      '""")',
      'class C:',
      String.raw`    x = r'''\''''`,
      "    y = '''",
      'z = 2',
      "'''",
      'g = 1',
      'h = """never closed',
      'def i(): pass',
      '',
    ];
    const src = lines.join('\n');
    assert.deepEqual(cutLines(src), [4, 5, 6, 7, 11, 16, 17]);
    assert.deepEqual(cutLines(lines.join('\r\n')), [4, 5, 6, 7, 11, 16, 17], 'CRLF line breaks');
    // The statements tree-sitter finds, up to the unterminated string.
    const parser: Parser = await createPythonParser(wasmPaths);
    const closed = lines.slice(0, 16).join('\n') + '\n';
    const tree = parser.parse(closed)!;
    assert.ok(!tree.rootNode.hasError);
    const starts = tree.rootNode.children.map((c) => closed.slice(0, c!.startIndex).split('\n').length);
    tree.delete();
    assert.deepEqual(starts.slice(1), cutLines(closed));
  });

  it('finds the same top-level statements as a whole-file parse on the standard library', async function () {
    this.timeout(120_000);
    const parser: Parser = await createPythonParser(wasmPaths);
    let compared = 0;
    for (const path of stdlibFiles().filter((_, i) => i % 4 === 0)) {
      const text = readFileSync(path, 'utf8');
      const whole = parser.parse(text)!;
      if (!whole.rootNode.hasError) {
        const expected = whole.rootNode.children.filter((c) => c && c.type !== 'comment').map((c) => `${c!.startIndex}:${c!.type}`);
        const doc = new ParsedDocument(parser, text);
        const actual = doc.segments.flatMap((s) =>
          s.tree!.rootNode.children.filter((c) => c && c.type !== 'comment').map((c) => `${s.start + c!.startIndex}:${c!.type}`),
        );
        doc.dispose();
        assert.deepEqual(actual, expected, path);
        compared++;
      }
      whole.delete();
    }
    assert.ok(compared > 200);
  });
});
