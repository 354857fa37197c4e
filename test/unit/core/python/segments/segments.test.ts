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
