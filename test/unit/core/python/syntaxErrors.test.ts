// OPS001's finder keeps what it found in each unparsed statement and member run while that object
// stays in the document (see Segment): after any edit, what it reports must be what a new finder
// reports for the same document.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Parser } from 'web-tree-sitter';
import { ParsedDocument, type ParseFilter } from '../../../../src/core/python/segments';
import { SyntaxErrorFinder } from '../../../../src/core/python/syntaxErrors';
import { createPythonParser } from '../../../../src/core/python/wasm';
import { random, ruleFixtures, wasmPaths } from '../diagnostics/helpers';
import { stdlibDir } from '../diagnostics/stdlib';

/** Leaves about half of the statements and member runs unparsed, by their text alone (as a filter must). */
const everyOtherLength: ParseFilter = (text) => text.length % 2 === 0;

describe('python: syntax errors kept across edits', () => {
  for (const seed of [5, 17]) {
    it(`reports after every random edit what a new finder reports, in split classes and unparsed statements (seed ${seed})`, async function () {
      this.timeout(60_000);
      const parser: Parser = await createPythonParser(wasmPaths);
      // subprocess.py holds Popen, a class long enough to be parsed member by member.
      const corpus =
        readFileSync(join(stdlibDir(), 'subprocess.py'), 'utf8') +
        ruleFixtures()
          .map((f) => f.text)
          .join('\n');
      const snippets = [
        'x',
        '\n',
        '(',
        ')',
        '    ',
        ':',
        '"',
        '"""',
        'def f(:\n',
        '\nclass C:\n',
        'print "x"\n',
        '@',
        '\\',
        'import os\n',
        '\0',
      ];
      const rand = random(seed);
      const doc = new ParsedDocument(parser, corpus, everyOtherLength);
      const kept = new SyntaxErrorFinder(parser);
      let reference = TextDocument.create('file:///x.py', 'python', 0, corpus);
      let unparsedRuns = 0;
      try {
        kept.find(doc);
        for (let step = 0; step < 150; step++) {
          const text = reference.getText();
          const at = Math.floor(rand() * text.length);
          const len = rand() < 0.3 ? Math.floor(rand() * 60) : 0;
          const range = { start: reference.positionAt(at), end: reference.positionAt(Math.min(text.length, at + len)) };
          const insert = rand() < 0.85 ? snippets[Math.floor(rand() * snippets.length)] : '';
          reference = TextDocument.update(reference, [{ range, text: insert }], reference.version + 1);
          doc.update([{ range, text: insert }]);
          assert.equal(doc.text, reference.getText(), `text diverged at step ${step}`);
          assert.deepEqual(kept.find(doc), new SyntaxErrorFinder(parser).find(doc), `syntax errors diverged at step ${step}`);
          for (const seg of doc.segments) unparsedRuns += (seg.members ?? []).filter((r) => r.tree === null).length;
        }
      } finally {
        doc.dispose();
      }
      // The edits went through split classes with runs left unparsed.
      assert.ok(unparsedRuns > 0);
    });
  }
});
