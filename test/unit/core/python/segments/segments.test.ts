import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Parser } from 'web-tree-sitter';
import { DOCUMENT_UNITS } from '../../../../../src/core/python/codeUnits';
import { blankCommentLines, memberCuts, ParsedDocument, topLevelCuts } from '../../../../../src/core/python/segments';
import { createPythonParser } from '../../../../../src/core/python/wasm';
import { dedent, random, wasmPaths } from '../../diagnostics/helpers';
import { stdlibFiles } from '../../diagnostics/stdlib';

/** Makes DOCUMENT_UNITS hold `text`'s code units, or not (then the scanners read the string itself). */
function holdUnits(text: string, units: boolean): void {
  if (units) DOCUMENT_UNITS.of(text);
  else {
    // The units of two other texts: `text`'s are not held.
    DOCUMENT_UNITS.of(`${text}a`);
    DOCUMENT_UNITS.of(`${text}b`);
  }
}

/** What the scanners make of `text` read from the string itself, or from the document's code units. */
function scanned(text: string, units: boolean): string {
  holdUnits(text, units);
  const cuts = topLevelCuts(text, 0).cuts;
  // Exits (none here) make the scan stop at every line start, not only at lines starting with code.
  const withExits = topLevelCuts(text, 0, text.length, Infinity, undefined, { at: new Set(), resyncedAt: -1 }).cuts;
  const half = text.lastIndexOf('\n', text.length >> 1) + 1;
  const toHalf = topLevelCuts(text, 0, half).cuts;
  const blanked = blankCommentLines(text);
  const padded = `class C:\n${' '.repeat(2_000)}\n${text}`;
  holdUnits(padded, units);
  const members = memberCuts(padded, 0, padded.length);
  // A body indented by four spaces: the scan passes over lines indented otherwise.
  const body = `class C:\n    def m(self):\n        pass\n#${'-'.repeat(2_000)}\n${text}`;
  holdUnits(body, units);
  const bodyMembers = memberCuts(body, 0, body.length);
  return JSON.stringify({ cuts, withExits, toHalf, members, bodyMembers, blanked });
}

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

  it("reads the same from the document's code units as from the string, stopping only at lines it may act at or at every line", () => {
    const pieces = [
      'def f(x):\n',
      'class C:\n',
      '    ',
      '\t',
      'x = ',
      '(',
      ')',
      '[',
      ']',
      '{',
      '}',
      '"',
      "'",
      '"""',
      "'''",
      '\\',
      '\\\n',
      '\\\r\n',
      '\n',
      '\r\n',
      '\r',
      '\f',
      '# c\n',
      '#',
      '@d\n',
      'else:\n',
      'elif y:\n',
      'import os\n',
      'from a import b\n',
      'é',
      '𝒳',
      'y',
      ' ',
    ];
    // Whole lines, mostly closed: statements and members to cut, indented in several ways.
    const lines = [
      'x = 1\n',
      '    def m(self):\n',
      '        return (1,\n',
      '            2)\n',
      '    x = 1\n',
      '    @d\n',
      '    else:\n',
      '  y = 2\n',
      '\tz = 3\n',
      '     w = 4\n',
      '    # c\n',
      '\n',
      '   \n',
      '    s = """\n',
      '    """\n',
      '    t = [\n',
      '    ]\n',
      '    u = 1 + \\\n',
      '\f    v = 5\n',
      '    a = 1\r\n',
      'def f():\n',
    ];
    const rand = random(16);
    for (let trial = 0; trial < 3_000; trial++) {
      let text = '';
      const length = Math.floor(rand() * 60);
      const from = trial % 2 === 0 ? pieces : lines;
      for (let i = 0; i < length; i++) text += from[Math.floor(rand() * from.length)];
      // Sometimes enough comment lines for blankCommentLines to blank them.
      if (trial % 5 === 0) text = `${'# line\n'.repeat(17)}${text}`;
      const fromString = scanned(text, false);
      assert.equal(scanned(text, true), fromString, JSON.stringify(text));
      const parsed = JSON.parse(fromString) as { cuts: number[]; withExits: number[] };
      assert.deepEqual(parsed.withExits, parsed.cuts, JSON.stringify(text));
    }
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
