import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DEFAULT_ENGINE_CONFIG, type Finding, type Range } from '../../../../src/core/diagnostics';
import { sized } from '../../../helpers/testSize';
import { config, getAnalyzer, internalErrors, random, ruleFixtures } from './helpers';
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

/**
 * What LSP also counts as line breaks, and edits around them (a "\r" typed before a "\n", a "\n"
 * deleted after one); comment lines, which the parser is given blanked (see blankCommentLines).
 */
const LINE_BREAK_SNIPPETS = [
  '\r',
  '\r\n',
  '\n\r',
  'x\ry',
  '\r    ',
  '"""\r',
  'except:\r    pass\r',
  '#',
  '\n# x\n',
  '    # y()\r\n',
  "'".repeat(3),
];

/** `text` with its line breaks turned, at random, into "\r\n" or a lone "\r" (old Mac files). */
function mixLineBreaks(text: string, rand: () => number): string {
  return text.replace(/\n/g, () => {
    const r = rand();
    return r < 0.2 ? '\r\n' : r < 0.3 ? '\r' : '\n';
  });
}

interface StormOptions {
  seed: number;
  steps: number;
  snippets: string[];
  /** Share of ranges sent with their end before their start (LSP reads them swapped). */
  reversed: number;
  lineBreaks: boolean;
}

/**
 * Random edits, a few per update as LSP batches them, applied both to the engine's document and to
 * LSP's reference text document (vscode-languageserver-textdocument); after each update the texts
 * must be equal and the findings those of a fresh parse.
 */
async function editStorm(corpus: string, o: StormOptions): Promise<void> {
  const analyzer = await getAnalyzer();
  const rand = random(o.seed);
  const start = o.lineBreaks ? mixLineBreaks(corpus, rand) : corpus;
  const doc = analyzer.open(start);
  let reference = TextDocument.create('file:///x.py', 'python', 0, start);
  try {
    for (let step = 0; step < o.steps; step++) {
      const changes: { range: Range; text: string }[] = [];
      const count = 1 + Math.floor(rand() * 3);
      for (let c = 0; c < count; c++) {
        // Each change is expressed in the text as it is after the previous changes (LSP semantics).
        const text = reference.getText();
        const at = Math.floor(rand() * text.length);
        const len = rand() < 0.4 ? Math.floor(rand() * 40) : 0;
        const a = reference.positionAt(at);
        const b = reference.positionAt(Math.min(text.length, at + len));
        const range = rand() < o.reversed ? { start: b, end: a } : { start: a, end: b };
        const insert = rand() < 0.8 ? o.snippets[Math.floor(rand() * o.snippets.length)] : '';
        changes.push({ range, text: insert });
        reference = TextDocument.update(reference, [{ range, text: insert }], reference.version + 1);
      }
      doc.update(changes);
      assert.equal(doc.text, reference.getText(), `text diverged at step ${step}`);
      const incremental = analyzer.analyze(doc, DEFAULT_ENGINE_CONFIG);
      const fresh = analyzer.open(doc.text);
      try {
        const expected = analyzer.analyze(fresh, DEFAULT_ENGINE_CONFIG);
        // tree-sitter's error recovery after an incremental reparse can place an error node a few
        // columns from where a fresh parse puts it: syntax errors are held to being found in both
        // or neither, every rule's findings to being the same.
        const isSyntaxError = (f: Finding) => f.name === 'syntax-error';
        assert.deepEqual(
          incremental.filter((f) => !isSyntaxError(f)),
          expected.filter((f) => !isSyntaxError(f)),
          `findings diverged at step ${step}`,
        );
        assert.equal(
          incremental.some(isSyntaxError),
          expected.some(isSyntaxError),
          `syntax errors found in one and not the other at step ${step}`,
        );
      } finally {
        fresh.dispose();
      }
      for (const f of incremental) {
        // Positions as LSP counts them: the same offsets in the reference document.
        const s = reference.offsetAt(f.range.start);
        assert.deepEqual(reference.positionAt(s), f.range.start, `finding ${f.code} at a position LSP does not have, step ${step}`);
      }
    }
  } finally {
    doc.dispose();
  }
  assert.deepEqual(internalErrors, []);
}

describe('diagnostics: incremental updates (edit storms)', () => {
  const corpus =
    ruleFixtures()
      .map((f) => f.text)
      .join('\n') + readFileSync(join(stdlibDir(), 'subprocess.py'), 'utf8').slice(0, 20_000);
  const steps = sized(100, 1_000);

  // Seed 11 once exposed an edit on a segment's first line that changed where statements begin.
  for (const seed of sized([42, 11], [42, 11, 1, 2, 3, 4, 5, 6])) {
    it(`gives the same findings as a fresh parse after every random edit (seed ${seed}, ${steps} updates)`, async function () {
      this.timeout(sized(60_000, 900_000));
      await editStorm(corpus, { seed, steps, snippets: SNIPPETS, reversed: 0, lineBreaks: false });
    });
  }

  for (const seed of sized([7], [7, 8, 9, 10, 12, 13])) {
    it(`keeps LSP's text through "\\r\\n" and lone "\\r" line breaks, comment lines and reversed ranges (seed ${seed}, ${steps} updates)`, async function () {
      this.timeout(sized(60_000, 900_000));
      await editStorm(corpus, { seed, steps, snippets: [...SNIPPETS, ...LINE_BREAK_SNIPPETS], reversed: 0.2, lineBreaks: true });
    });
  }

  it('honours pyops comments typed or deleted one character at a time, in any case, as a fresh analysis does', async () => {
    const analyzer = await getAnalyzer();
    // Unused suppressions reported: every pyops comment counts, not only file-level ones.
    for (const cfg of [DEFAULT_ENGINE_CONFIG, config({ reportUnusedSuppressions: true })]) {
      const doc = analyzer.open(['import subprocess', 'subprocess.run(["x"])', '', 'x = 1  ', ''].join('\n'));
      const expectFresh = (label: string) => {
        const fresh = analyzer.open(doc.text);
        assert.deepEqual(analyzer.analyze(doc, cfg), analyzer.analyze(fresh, cfg), label);
        fresh.dispose();
      };
      const type = (line: number, at: number, text: string) => {
        for (let i = 0; i < text.length; i++) {
          doc.update([{ range: { start: { line, character: at + i }, end: { line, character: at + i } }, text: text[i] }]);
          expectFresh(`typing ${JSON.stringify(text.slice(0, i + 1))} on line ${line}`);
        }
      };
      const remove = (line: number, at: number) => {
        doc.update([{ range: { start: { line, character: at }, end: { line, character: at + 1 } }, text: '' }]);
        expectFresh(`deleting at ${line}:${at}`);
      };
      try {
        expectFresh('before any edit');
        // A file-level suppression typed in order, its word deleted from the middle out, typed
        // again completed at its start, and a letter in its middle replaced.
        type(2, 0, '# pyops: ignore-file');
        for (const at of [4, 3, 3, 2, 2]) remove(2, at);
        type(2, 2, 'yops');
        type(2, 2, 'P');
        remove(2, 4);
        type(2, 4, 'O');
        assert.equal(doc.text.split('\n')[2], '# PyOps: ignore-file');
        // A line suppression that silences nothing (reported when unused suppressions are).
        type(3, 7, '# PyOps: ignore[OPS101]');
      } finally {
        doc.dispose();
      }
    }
  });

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

  it("reads a range whose end comes before its start with the two swapped, as LSP's text document does", async () => {
    const analyzer = await getAnalyzer();
    const doc = analyzer.open('import subprocess\nsubprocess.run(["x"], check=True, timeout=1)\n');
    doc.update([{ range: { start: { line: 1, character: 33 }, end: { line: 1, character: 21 } }, text: '' }]);
    assert.equal(doc.text, 'import subprocess\nsubprocess.run(["x"], timeout=1)\n');
    assert.deepEqual(
      analyzer.analyze(doc, DEFAULT_ENGINE_CONFIG).map((f) => `${f.range.start.line}:${f.code}`),
      ['1:OPS101'],
    );
    doc.dispose();
  });

  it('finds in a broken statement after an edit what a fresh parse finds (error recovery never depends on history)', async () => {
    // Found by the edit storm (seed 5): reparsed incrementally, the unterminated string below was
    // recovered into an `except ValueError:` handler that a fresh parse does not see.
    const analyzer = await getAnalyzer();
    const text = [
      '            def f(:',
      'es.é😀tive = []',
      '            if res is not None:',
      '                try:',
      '                "except ValueError:',
    ].join('\n');
    const doc = analyzer.open(text);
    analyzer.analyze(doc, DEFAULT_ENGINE_CONFIG);
    doc.update([{ range: { start: { line: 1, character: 15 }, end: { line: 1, character: 15 } }, text: '\n' }]);
    const fresh = analyzer.open(doc.text);
    const rules = (d: typeof doc) => analyzer.analyze(d, DEFAULT_ENGINE_CONFIG).filter((f) => f.name !== 'syntax-error');
    assert.deepEqual(rules(doc), rules(fresh));
    fresh.dispose();
    doc.dispose();
  });

  it('counts a lone "\\r" as a line break, as LSP and Python do, in positions and in parsing', async () => {
    const analyzer = await getAnalyzer();
    const text = 'import subprocess\rx = 1\r\nsubprocess.run(["x"])\r';
    const doc = analyzer.open(text);
    assert.deepEqual(
      analyzer.analyze(doc, DEFAULT_ENGINE_CONFIG).map((f) => `${f.range.start.line}:${f.range.start.character}:${f.code}`),
      ['2:0:OPS101', '2:0:OPS102'],
    );
    // An edit typed after the lone "\r" lands on LSP's line 1.
    doc.update([{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: 'y = 2\r' }]);
    assert.equal(doc.text, 'import subprocess\ry = 2\rx = 1\r\nsubprocess.run(["x"])\r');
    assert.deepEqual(
      analyzer.analyze(doc, DEFAULT_ENGINE_CONFIG).map((f) => `${f.range.start.line}:${f.code}`),
      ['3:OPS101', '3:OPS102'],
    );
    doc.dispose();
  });
});
