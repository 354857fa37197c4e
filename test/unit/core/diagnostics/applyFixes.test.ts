import assert from 'node:assert/strict';
import { applyFixes, type Finding, type Fix } from '../../../../src/core/diagnostics';
import { analyze, dedent, getAnalyzer } from './helpers';

function finding(line: number, fix: Fix): Finding {
  const at = { line, character: 0 };
  return { code: 'OPS999', name: 'test', message: 'm', severity: 'warning', range: { start: at, end: at }, fix };
}

function edit(line: number, from: number, to: number, newText: string) {
  return { range: { start: { line, character: from }, end: { line, character: to } }, newText };
}

describe('diagnostics: applyFixes', () => {
  const text = 'abcdef\nghijkl\n';

  it('applies non-overlapping fixes and skips one that overlaps an accepted fix', () => {
    const r = applyFixes(
      text,
      [
        finding(0, { title: 'a', safe: true, edits: [edit(0, 0, 3, 'ABC')] }),
        finding(0, { title: 'b', safe: true, edits: [edit(0, 2, 5, 'xx')] }),
        finding(1, { title: 'c', safe: true, edits: [edit(1, 0, 1, 'G')] }),
      ],
      { safeOnly: true },
    );
    assert.deepEqual(r, { text: 'ABCdef\nGhijkl\n', applied: 2 });
  });

  it('skips a whole fix when any of its edits conflicts', () => {
    const r = applyFixes(
      text,
      [
        finding(0, { title: 'a', safe: true, edits: [edit(0, 0, 2, '__')] }),
        finding(1, { title: 'b', safe: true, edits: [edit(1, 0, 1, 'G'), edit(0, 1, 3, '!!')] }),
      ],
      { safeOnly: true },
    );
    assert.deepEqual(r, { text: '__cdef\nghijkl\n', applied: 1 });
  });

  it('applies an edit shared by several fixes once, and keeps inserts at one point in order', () => {
    const shared = edit(0, 0, 0, 'import x\n');
    const r = applyFixes(
      text,
      [
        finding(1, { title: 'a', safe: true, edits: [edit(1, 0, 1, 'G'), shared] }),
        finding(1, { title: 'b', safe: true, edits: [edit(1, 5, 6, 'L'), shared] }),
        finding(0, { title: 'c', safe: true, edits: [edit(0, 0, 0, '# first\n')] }),
      ],
      { safeOnly: true },
    );
    assert.deepEqual(r, { text: '# first\nimport x\nabcdef\nGhijkL\n', applied: 3 });
  });

  it('applies unsafe fixes only when asked', () => {
    const f = [finding(0, { title: 'u', safe: false, edits: [edit(0, 0, 1, 'A')] })];
    assert.deepEqual(applyFixes(text, f, { safeOnly: true }), { text, applied: 0 });
    assert.deepEqual(applyFixes(text, f, { safeOnly: false }), { text: 'Abcdef\nghijkl\n', applied: 1 });
  });

  it('gives the same result whatever the order of the findings', async () => {
    const src = dedent(`
      import logging
      def f(x):
          logging.info(f"a {x}")
          try:
              pass
          except ValueError:
              logging.error("b %s" % (x,))
              raise RuntimeError(x)
    `);
    const findings = await analyze(src);
    assert.ok(findings.filter((f) => f.fix?.safe).length >= 4);
    const forward = applyFixes(src, findings, { safeOnly: true });
    const backward = applyFixes(src, [...findings].reverse(), { safeOnly: true });
    assert.deepEqual(backward, forward);
    assert.match(forward.text, /^logger = logging\.getLogger\(__name__\)$/m);
    assert.equal(forward.text.match(/getLogger/g)?.length, 1, 'the module logger is added once');
  });
});

describe('diagnostics: analyzer API', () => {
  it('rejects documents it did not create', async () => {
    const a = await getAnalyzer();
    assert.throws(
      () =>
        a.analyze(
          { text: '', update() {}, dispose() {}, positionAt: () => ({ line: 0, character: 0 }), offsetAt: () => 0 },
          {
            select: [],
            ignore: [],
            severity: {},
            perPathIgnores: [],
            wrappers: { loggers: [], loggingFunctions: [], checkedSubprocessHelpers: [] },
          },
        ),
      TypeError,
    );
  });

  it('returns findings sorted by position, and nothing for a disposed document', async () => {
    const a = await getAnalyzer();
    const doc = a.open('import subprocess\nsubprocess.call(["b"])\nsubprocess.run(["a"])\n');
    const cfg = {
      select: [],
      ignore: [],
      severity: {},
      perPathIgnores: [],
      wrappers: { loggers: [], loggingFunctions: [], checkedSubprocessHelpers: [] },
    };
    const found = a.analyze(doc, cfg);
    const keys = found.map((f) => f.range.start.line * 1000 + f.range.start.character);
    assert.deepEqual(
      keys,
      [...keys].sort((x, y) => x - y),
    );
    assert.ok(found.length >= 4);
    doc.dispose();
    assert.deepEqual(a.analyze(doc, cfg), []);
  });
});
