import assert from 'node:assert/strict';
import { WARM_UP_TEXTS, warmUp } from '../../../src/cli/warmUp';
import { DEFAULT_ENGINE_CONFIG } from '../../../src/core/diagnostics';
import { getAnalyzer, hasSyntaxError, internalErrors } from '../core/diagnostics/helpers';

describe('warm-up texts of a parallel check', () => {
  it('are Python 3 that parses without errors, but for the one written in Python 2 on purpose', async () => {
    const [modern, modernCrlf, python2, rare] = WARM_UP_TEXTS;
    assert.equal(await hasSyntaxError(modern), false);
    assert.equal(await hasSyntaxError(modernCrlf), false);
    assert.equal(await hasSyntaxError(rare), false);
    // tree-sitter-python parses print and exec statements; the engine reports them as syntax errors.
    const analyzer = await getAnalyzer();
    const doc = analyzer.open(python2);
    try {
      assert.ok(analyzer.analyze(doc, DEFAULT_ENGINE_CONFIG).some((f) => f.code === 'OPS001'));
    } finally {
      doc.dispose();
    }
  });

  it('run through every rule without a rule error, and leave the engine checking files as before', async () => {
    const analyzer = await getAnalyzer();
    const before = internalErrors.length;
    warmUp(analyzer);
    assert.deepEqual(internalErrors.slice(before), []);
    const doc = analyzer.open('import subprocess\nsubprocess.run(["make"])\n');
    try {
      assert.deepEqual(
        analyzer.analyze(doc, DEFAULT_ENGINE_CONFIG).map((f) => f.code),
        ['OPS101', 'OPS102'],
      );
    } finally {
      doc.dispose();
    }
  });
});
