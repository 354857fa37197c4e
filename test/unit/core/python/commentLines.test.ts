// The parser is given comment lines blanked (tree-sitter's Python scanner is quadratic in runs of
// them). Blanking must keep every offset and every node but the comments.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Node, Parser } from 'web-tree-sitter';
import { blankCommentLines } from '../../../../src/core/python/segments';
import { createPythonParser } from '../../../../src/core/python/wasm';
import { FULL_RUN, sized } from '../../../helpers/testSize';
import { wasmPaths } from '../diagnostics/helpers';
import { stdlibFiles } from '../diagnostics/stdlib';

/**
 * Every node but comments in document order, as "type start", and its end for leaves (a block's
 * end moves when the comment lines it ended with are blanked).
 */
function nodes(parser: Parser, text: string): string[] {
  const tree = parser.parse(text);
  if (!tree) throw new Error('parse failed');
  const out: string[] = [];
  const walk = (node: Node) => {
    // The module node starts at the first token (after a comment header that may be blanked).
    if (node.type !== 'comment' && node.type !== 'module')
      out.push(`${node.type} ${node.startIndex}${node.childCount === 0 ? `-${node.endIndex}` : ''}`);
    for (const child of node.children) if (child) walk(child);
  };
  walk(tree.rootNode);
  tree.delete();
  return out;
}

describe('python: comment lines blanked for the parser', () => {
  it('blanks runs of 16 or more comment lines, and nothing else', () => {
    const run = (indent: string) => Array.from({ length: 16 }, (_, i) => `${indent}# old line ${i}`);
    const text = [
      'x = 1  # trailing comments stay',
      ...run('    '),
      '',
      '\t#\ttab, still the same run',
      's = """',
      ...run(''),
      '"""',
      't = "# not a comment"',
      'u = 1 + \\',
      ...run(''),
      'w = 3',
      ...Array.from({ length: 15 }, () => '# too short a run'),
      'v = 2',
      '',
    ].join('\n');
    const blanked = blankCommentLines(text);
    assert.equal(blanked.length, text.length);
    const lines = blanked.split('\n');
    const original = text.split('\n');
    const changed = lines.map((l, i) => (l === original[i] ? null : i)).filter((i) => i !== null);
    // The indented run, the blank line's neighbour and the tab line: lines 1-16 and 18.
    assert.deepEqual(changed, [...Array.from({ length: 16 }, (_, i) => i + 1), 18]);
    for (const i of changed) assert.match(lines[i], /^[ \t]*$/);
    // After the continuation, the first line is joined to `u = 1 + \`: the other 15 are too few.
    const plain = 'x = 1\n' + '# short\n'.repeat(3);
    assert.equal(blankCommentLines(plain), plain, 'no long run: the very same string');
    const trailing = 'x = 1  # a trailing comment\n'.repeat(20) + '"""\n' + '# in a string\n'.repeat(20) + '"""\n';
    assert.equal(blankCommentLines(trailing), trailing, 'many comments, but no run of comment lines');
    const exactly = 'x = 1\n' + '# old\n'.repeat(16);
    assert.equal(blankCommentLines(exactly), 'x = 1\n' + '     \n'.repeat(16), 'a run of exactly 16');
  });

  it(`gives the same nodes but for comments on the standard library (${FULL_RUN ? 'every file' : 'a sample'})`, async function () {
    this.timeout(sized(120_000, 900_000));
    const parser = await createPythonParser(wasmPaths);
    const files = stdlibFiles();
    const step = sized(Math.max(1, Math.floor(files.length / 120)), 1);
    let compared = 0;
    for (let i = 0; i < files.length; i += step) {
      const text = readFileSync(files[i], 'utf8');
      const blanked = blankCommentLines(text);
      if (blanked === text) continue;
      const [a, b] = [nodes(parser, blanked), nodes(parser, text)];
      const k = a.findIndex((n, j) => n !== b[j]);
      assert.ok(
        k === -1 && a.length === b.length,
        `${files[i]}: ${a.slice(k - 2, k + 3).join(' | ')} instead of ${b.slice(k - 2, k + 3).join(' | ')}`,
      );
      compared++;
    }
    assert.ok(compared > sized(3, 30), `only ${compared} files compared`);
  });
});
