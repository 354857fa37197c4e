import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DEFAULT_ENGINE_CONFIG, type Range } from '../../../../src/core/diagnostics';
import { getAnalyzer, internalErrors, random, ruleFixtures } from './helpers';
import { stdlibDir } from './stdlib';

const SNIPPETS = [
  'x',
  '\n',
  '(',
  ')',
  '    ',
  ':',
  '"',
  'é😀',
  '\nsubprocess.run(["make"])\n',
  'except:\n    pass\n',
  'try:\n',
  'logger.error(f"{x}")',
  '# pyops: ignore',
  ', check=True',
  'def f(:\n',
  '"""',
];

describe('diagnostics: incremental updates', () => {
  const corpus = ruleFixtures().map((f) => f.text).join('\n') + readFileSync(join(stdlibDir(), 'subprocess.py'), 'utf8').slice(0, 20_000);

  // Seed 11 once exposed an edit on a segment's first line that changed where statements begin.
  for (const seed of [42, 11]) {
  it(`gives the same findings as a fresh parse after every random edit (seed ${seed})`, async function () {
    this.timeout(60_000);
    const analyzer = await getAnalyzer();
    const rand = random(seed);
    const doc = analyzer.open(corpus);
    let reference = TextDocument.create('file:///x.py', 'python', 0, corpus);
    try {
      for (let step = 0; step < 100; step++) {
        const changes: { range: Range; text: string }[] = [];
        const count = 1 + Math.floor(rand() * 3);
        for (let c = 0; c < count; c++) {
          // Each change is expressed in the text as it is after the previous changes (LSP semantics).
          const text = c === 0 ? reference.getText() : TextDocument.applyEdits(reference, []);
          const at = Math.floor(rand() * text.length);
          const len = rand() < 0.4 ? Math.floor(rand() * 40) : 0;
          const range = { start: reference.positionAt(at), end: reference.positionAt(Math.min(text.length, at + len)) };
          const insert = rand() < 0.8 ? SNIPPETS[Math.floor(rand() * SNIPPETS.length)] : '';
          changes.push({ range, text: insert });
          reference = TextDocument.update(reference, [{ range, text: insert }], reference.version + 1);
        }
        doc.update(changes);
        assert.equal(doc.text, reference.getText(), `text diverged at step ${step}`);
        const incremental = analyzer.analyze(doc, DEFAULT_ENGINE_CONFIG);
        const fresh = analyzer.open(doc.text);
        try {
          assert.deepEqual(incremental, analyzer.analyze(fresh, DEFAULT_ENGINE_CONFIG), `findings diverged at step ${step}`);
        } finally {
          fresh.dispose();
        }
      }
    } finally {
      doc.dispose();
    }
    assert.deepEqual(internalErrors, []);
  });
  }

  it('handles a whole-text change and an empty change list', async () => {
    const analyzer = await getAnalyzer();
    const doc = analyzer.open('import subprocess\n');
    doc.update([]);
    doc.update([{ text: 'import subprocess\nsubprocess.run(["x"], timeout=1)\n' }]);
    assert.deepEqual(
      analyzer.analyze(doc, DEFAULT_ENGINE_CONFIG).map((f) => f.code),
      ['OPS101'],
    );
    doc.dispose();
    assert.throws(() => doc.update([{ text: 'x' }]), /dispose/);
  });

  it('clamps positions past the end of a line or the document like LSP clients', async () => {
    const analyzer = await getAnalyzer();
    const doc = analyzer.open('a = 1\nb = 2\n');
    doc.update([{ range: { start: { line: 0, character: 99 }, end: { line: 0, character: 99 } }, text: '0' }]);
    doc.update([{ range: { start: { line: 9, character: 0 }, end: { line: 9, character: 0 } }, text: 'c = 3\n' }]);
    assert.equal(doc.text, 'a = 10\nb = 2\nc = 3\n');
    doc.dispose();
  });
});
