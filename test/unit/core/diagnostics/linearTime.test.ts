// Analysis time grows linearly with the input, whatever its shape: long lines, many strings, deep
// nesting, thousands of clauses or findings. Timings are compared within the same run (a plain
// file of the same size, or the same shape at a quarter of the size), taking the fastest of
// several runs, so a loaded machine slows both sides alike; the limits leave room for noise but
// not for quadratic growth.
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { DEFAULT_ENGINE_CONFIG } from '../../../../src/core/diagnostics';
import { PATHOLOGICAL_SHAPES, plainFile } from '../../../helpers/pathologicalShapes';
import { getAnalyzer, internalErrors } from './helpers';

async function analysisMs(text: string): Promise<number> {
  const analyzer = await getAnalyzer();
  const started = performance.now();
  const doc = analyzer.open(text);
  try {
    analyzer.analyze(doc, DEFAULT_ENGINE_CONFIG);
  } finally {
    doc.dispose();
  }
  return performance.now() - started;
}

/**
 * The fastest of alternating timings of two inputs: on a shared machine, other work only ever adds
 * time, so the fastest run is the one closest to the real cost.
 */
async function compare(a: string, b: string, runs = 5): Promise<[number, number]> {
  const ta: number[] = [];
  const tb: number[] = [];
  await analysisMs(a);
  await analysisMs(b);
  for (let i = 0; i < runs; i++) {
    ta.push(await analysisMs(a));
    tb.push(await analysisMs(b));
  }
  return [Math.min(...ta), Math.min(...tb)];
}

describe('diagnostics: analysis time is linear in the input', function () {
  this.timeout(180_000);

  it('checks a 240 KB line of `x="a";` within a constant factor of a plain file of that size (it took 28 s)', async () => {
    const line = 'x="a";'.repeat(40_000) + '\n';
    const [pathological, plain] = await compare(line, plainFile(line.length));
    // The syntax-error check parses every file, and tree-sitter takes about ten times longer per
    // character for one 240 KB line of statements than for short lines; the quadratic scan this
    // guards against took 130 times as long as the plain file.
    assert.ok(pathological < 30 * plain + 200, `${pathological.toFixed(0)} ms against ${plain.toFixed(0)} ms for a plain file`);
  });

  for (const shape of PATHOLOGICAL_SHAPES) {
    it(`${shape.id}: four times the input takes about four times as long (${shape.title})`, async () => {
      const size = Math.max(1, Math.round(shape.benchSize / 2));
      const [small, large] = await compare(shape.make(Math.round(size / 4)), shape.make(size));
      // Linear growth gives 4, quadratic 16.
      assert.ok(large < 8 * small + 100, `${small.toFixed(1)} ms -> ${large.toFixed(1)} ms`);
    });
  }

  it('follows the calls of thousands of logging functions, each calling the one before, in linear time (OPS208)', async () => {
    // Every function logs, calls the previous one and configures logging; the module calls them all.
    const chain = (n: number): string =>
      '#!/usr/bin/env python3\nimport logging\n' +
      Array.from(
        { length: n },
        (_, i) => `def f${i}():\n    logging.info("step")\n    ${i > 0 ? `f${i - 1}()` : 'pass'}\n    logging.basicConfig()\n`,
      ).join('') +
      'logging.info("start")\n' +
      Array.from({ length: n }, (_, i) => `f${i}()\n`).join('');
    const [small, large] = await compare(chain(500), chain(2_000), 3);
    // Linear growth gives 4, quadratic 16.
    assert.ok(large < 8 * small + 100, `${small.toFixed(1)} ms -> ${large.toFixed(1)} ms`);
  });

  // Rules that look at a whole scope for each finding (the module logger's name, uses of a result,
  // a free name for the caught exception) must not rescan it for every finding.
  // Full of near-misses for the names those rules look for (logger, r, err...), each costing a look.
  const BIG_DOCSTRING = '"""' + 'logger_ r_ err_ exc_ error_ caught_ '.repeat(30_000) + '"""\n';
  const FINDINGS: { rule: string; head: string; body: string }[] = [
    { rule: 'root-logger calls (OPS205)', head: 'import logging\n', body: 'logging.info("x")\n'.repeat(2_000) },
    {
      rule: 'unchecked subprocess results (OPS101)',
      head: 'import subprocess\n',
      body: 'r = subprocess.run(["a"], timeout=5)\n'.repeat(2_000),
    },
    {
      rule: 'raises without from in module-level handlers (OPS108)',
      head: '',
      body: 'try:\n    pass\nexcept OSError:\n    raise ValueError("x")\n'.repeat(1_000),
    },
  ];
  for (const { rule, head, body } of FINDINGS) {
    it(`does not rescan a 1 MB module for each of thousands of ${rule}`, async () => {
      const [both, findingsOnly] = await compare(head + BIG_DOCSTRING + body, head + body, 2);
      const [docstringOnly] = await compare(head + BIG_DOCSTRING, '', 2);
      assert.ok(
        both < 3 * (findingsOnly + docstringOnly) + 100,
        `${both.toFixed(0)} ms against ${findingsOnly.toFixed(0)} + ${docstringOnly.toFixed(0)} ms apart`,
      );
    });
  }

  after(() => assert.deepEqual(internalErrors, []));
});
