import assert from 'node:assert/strict';
import type { Parser } from 'web-tree-sitter';
import { RULE_IMPLS } from '../../../../src/core/diagnostics/rules';
import { vocabularyOf } from '../../../../src/core/diagnostics/vocabulary';
import { extractUnit } from '../../../../src/core/diagnostics/walk';
import { blankCommentLines } from '../../../../src/core/python/segments';
import { createPythonParser } from '../../../../src/core/python/wasm';
import { wasmPaths } from './helpers';
import { readableStdlibFiles } from './stdlib';

// The walk reads tree-sitter's trees with few calls into web-tree-sitter's glue (node types by id, an
// except clause by its fields, the vocabulary's type list looked up by length first): what it reads
// must be what the plain reading gives.
describe('diagnostics: the walk reads trees as plain reads of every node would', function () {
  this.timeout(600_000);
  let parser: Parser;
  const vocabulary = vocabularyOf(RULE_IMPLS);

  before(async () => {
    parser = await createPythonParser(wasmPaths);
  });

  it("answers descendantsOfType's question for every grammar symbol as a plain array of its types does", () => {
    const tree = parser.parse('x = 1\n')!;
    try {
      const names = tree.language.types;
      const plain = [...vocabulary.nodeTypes];
      // Language.types has holes (symbols without a name): includes() is asked about them too.
      for (let id = 0; id < names.length; id++)
        assert.equal(vocabulary.nodeTypes.includes(names[id]), plain.includes(names[id]), `symbol ${id}`);
      assert.equal(vocabulary.nodeTypes.includes('call_'), false);
      assert.equal(vocabulary.nodeTypes.includes('a'.repeat(40)), false);
    } finally {
      tree.delete();
    }
  });

  it('models every top-level statement of the standard library alike whether except clauses are read by field or by children', () => {
    let clauses = 0;
    for (const { path, text } of readableStdlibFiles(3)) {
      const tree = parser.parse(blankCommentLines(text));
      if (!tree) continue;
      try {
        for (const unit of tree.rootNode.children) {
          if (!unit || unit.hasError) continue;
          // Found with the vocabulary's list and with a plain array of the same names: the same nodes.
          const nodes = unit.descendantsOfType(vocabulary.nodeTypes);
          assert.deepEqual(
            nodes.map((n) => n?.id),
            unit.descendantsOfType([...vocabulary.nodeTypes]).map((n) => n?.id),
            path,
          );
          // A unit said to be broken has its clauses read from their children (nothing else differs
          // where it has no error).
          const byField = extractUnit(unit, text, 'module', vocabulary, nodes, false);
          const byChildren = extractUnit(unit, text, 'module', vocabulary, nodes, true);
          assert.deepEqual(byField, byChildren, `${path} at ${unit.startIndex}`);
          clauses += byField.handlers.length;
        }
      } finally {
        tree.delete();
      }
    }
    assert.ok(clauses > 500, `${clauses} except clauses`);
  });
});
