// The unit cache keeps what it read of each unparsed statement (plain imports, definitions) while
// that segment object stays in the document (see Segment), and each parsed segment's units while
// its tree does: after any edit, what it builds must be what a new cache builds for the same document.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Parser } from 'web-tree-sitter';
import { needsNoTree } from '../../../../../src/core/diagnostics/engine';
import { RULE_IMPLS } from '../../../../../src/core/diagnostics/rules';
import { vocabularyOf } from '../../../../../src/core/diagnostics/vocabulary';
import { unitReader } from '../../../../../src/core/diagnostics/walk';
import { ParsedDocument, UnitCache, type DocumentUnits, type ParseFilter } from '../../../../../src/core/python/segments';
import { createPythonParser } from '../../../../../src/core/python/wasm';
import { random, wasmPaths } from '../../diagnostics/helpers';
import { stdlibDir } from '../../diagnostics/stdlib';

/** What a build gives, without the cache's own bookkeeping. */
function built<M>(units: DocumentUnits<M>): { units: { base: number; model: M }[]; top: DocumentUnits<M>['top'] } {
  return { units: units.units.map((u) => ({ base: u.base, model: u.model })), top: units.top };
}

describe('python: units kept across edits', () => {
  for (const seed of [4, 19]) {
    it(`builds after every random edit what a new cache builds, unparsed imports and definitions included (seed ${seed})`, async function () {
      this.timeout(60_000);
      const parser: Parser = await createPythonParser(wasmPaths);
      const reader = unitReader(vocabularyOf(RULE_IMPLS));
      const corpus = readFileSync(join(stdlibDir(), 'shutil.py'), 'utf8');
      const snippets = [
        'x',
        '\n',
        '(',
        ')',
        '    ',
        ':',
        '"',
        'import os\n',
        'from a import (b,\n',
        ' as c',
        ';',
        '\ndef g():\n    pass\n',
        '@',
        '#',
      ];
      const rand = random(seed);
      const doc = new ParsedDocument(parser, corpus, needsNoTree);
      const kept = new UnitCache(parser, reader);
      let reference = TextDocument.create('file:///x.py', 'python', 0, corpus);
      let unparsedImports = 0;
      try {
        kept.build(doc.segments, doc.source);
        for (let step = 0; step < 60; step++) {
          const text = reference.getText();
          const at = Math.floor(rand() * text.length);
          const len = rand() < 0.3 ? Math.floor(rand() * 40) : 0;
          const range = { start: reference.positionAt(at), end: reference.positionAt(Math.min(text.length, at + len)) };
          const insert = rand() < 0.85 ? snippets[Math.floor(rand() * snippets.length)] : '';
          reference = TextDocument.update(reference, [{ range, text: insert }], reference.version + 1);
          doc.update([{ range, text: insert }]);
          assert.equal(doc.text, reference.getText(), `text diverged at step ${step}`);
          const fresh = new UnitCache(parser, reader).build(doc.segments, doc.source);
          assert.deepEqual(built(kept.build(doc.segments, doc.source)), built(fresh), `units diverged at step ${step}`);
          unparsedImports += doc.segments.filter(
            (s) => s.tree === null && /^(import|from) /m.test(doc.source.slice(s.start, s.end)),
          ).length;
        }
      } finally {
        doc.dispose();
      }
      // The edits went through statements read without a tree.
      assert.ok(unparsedImports > 0);
    });
  }

  it('gives a top-level statement read without a tree the type its tree gives, whatever its first word', async () => {
    const parser: Parser = await createPythonParser(wasmPaths);
    const reader = unitReader(vocabularyOf(RULE_IMPLS));
    // Words that name properties of every JavaScript object, beside the keywords read from the text.
    const words = ['constructor', 'toString', 'valueOf', 'hasOwnProperty', '__proto__', 'isPrototypeOf', 'pass', 'del', 'global'];
    const text = words
      .map((word) => (word === 'del' || word === 'global' ? `${word} x\n` : word === 'pass' ? 'pass\n' : `${word} = 1\n${word}()\n`))
      .join('');
    const typesOf = (filter: ParseFilter): string[] => {
      const doc = new ParsedDocument(parser, text, filter);
      try {
        return new UnitCache(parser, reader).build(doc.segments, doc.source).top.map((t) => t.type);
      } finally {
        doc.dispose();
      }
    };
    // The filter says which text needs no tree: false parses every statement, true none.
    const parsedWhole = typesOf(() => false);
    assert.ok(parsedWhole.includes('expression_statement') && parsedWhole.includes('delete_statement'));
    assert.deepEqual(
      typesOf(() => true),
      parsedWhole,
    );
  });
});
