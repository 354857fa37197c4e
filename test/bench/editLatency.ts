// Bench 2: re-diagnosis after a one-character edit in a 5,000-line file. The file is real code:
// whole standard-library modules a DevOps script leans on (subprocess, shutil, tempfile,
// logging...), concatenated and cut at a top-level statement near line 5,000. Each edit is an
// LSP-style change given to PythonDocument.update (incremental reparse), then analyze().
// Edits alternate: insert one character at a seeded random position, then delete it again, so
// the file stays the same size and every position is fresh. Peer: ruff-wasm linting the whole
// edited text, as a linter without incremental state must.
import { performance } from 'node:perf_hooks';
import { RULES, type Range } from '../../src/core/diagnostics';
import { buildFile, randomSource } from './support/bigFile';
import { analyzeSource, DEFAULT_ENGINE_CONFIG, loadAnalyzer } from './support/engine';
import { progress, runBench, targetFigure } from './support/result';
import { ruffEquivalents, ruffWorkspace } from './support/ruff';
import { describeMs, formatMs, formatNumber, summarize } from './support/stats';
import { stdlibDir } from './support/stdlib';

void runBench(2, 'edit', 'Re-diagnosis after a one-character edit in a 5,000-line file', async ({ quick }) => {
  const { text, modules } = buildFile(stdlibDir());
  const lines = text.split('\n');
  const lineStarts: number[] = [];
  for (let offset = 0, i = 0; i < lines.length; i++) {
    lineStarts.push(offset);
    offset += lines[i]!.length + 1;
  }
  const analyzer = await loadAnalyzer();
  const ruff = ruffWorkspace([...ruffEquivalents(RULES).keys()]);

  // Context: the first analysis of the file, and ruff's whole-file lint of the unedited file.
  const fromScratch: number[] = [];
  const ruffScratch: number[] = [];
  for (let i = 0; i < (quick ? 2 : 5); i++) {
    let started = performance.now();
    analyzeSource(analyzer, text, DEFAULT_ENGINE_CONFIG);
    fromScratch.push(performance.now() - started);
    started = performance.now();
    ruff.workspace.check(text);
    ruffScratch.push(performance.now() - started);
  }

  const doc = analyzer.open(text);
  const baseline = analyzer.analyze(doc, DEFAULT_ENGINE_CONFIG).length;
  const random = randomSource(5000);
  const editable = lines.map((line, index) => (line.trim() ? index : -1)).filter((index) => index >= 0);
  const warmup = 20;
  const measured = quick ? 40 : 300;
  const ours: number[] = [];
  const updates: number[] = [];
  const analyses: number[] = [];
  const peer: number[] = [];
  let findingsSeen = 0;
  for (let i = 0; i < warmup + measured; i++) {
    const line = editable[Math.floor(random() * editable.length)]!;
    const character = Math.floor(random() * (lines[line]!.length + 1));
    const offset = lineStarts[line]! + character;
    const inserted = text.slice(0, offset) + 'x' + text.slice(offset);
    const at = { line, character };
    const insertRange: Range = { start: at, end: at };
    const deleteRange: Range = { start: at, end: { line, character: character + 1 } };
    for (const [range, newText, after] of [
      [insertRange, 'x', inserted],
      [deleteRange, '', text],
    ] as const) {
      const editStarted = performance.now();
      doc.update([{ range, text: newText }]);
      const updated = performance.now();
      const findings = analyzer.analyze(doc, DEFAULT_ENGINE_CONFIG);
      const analyzed = performance.now();
      ruff.workspace.check(after);
      const peerMs = performance.now() - analyzed;
      const ourMs = analyzed - editStarted;
      if (i >= warmup) {
        ours.push(ourMs);
        updates.push(updated - editStarted);
        analyses.push(analyzed - updated);
        peer.push(peerMs);
        findingsSeen += findings.length;
      }
    }
    if ((i + 1) % 100 === 0) progress(`edit: ${i + 1}/${warmup + measured} insert+delete pairs`);
  }
  if (doc.text !== text) throw new Error('after inserting and deleting the same characters the document text differs from the original');
  doc.dispose();

  const oursSummary = summarize(ours);
  const updateSummary = summarize(updates);
  const analyzeSummary = summarize(analyses);
  const peerSummary = summarize(peer);
  const scratch = summarize(fromScratch);
  const ruffScratchSummary = summarize(ruffScratch);
  return {
    status: 'ok',
    figures: [
      targetFigure(
        {
          label: 'PyOps: update() + analyze() after a one-character edit, p95',
          value: formatMs(oursSummary.p95),
          raw: oursSummary.p95,
          unit: 'ms',
          detail: describeMs(oursSummary),
        },
        '<',
        5,
        '5 ms',
      ),
      { label: 'PyOps: same, p50', value: formatMs(oursSummary.median), raw: oursSummary.median, unit: 'ms' },
      {
        label: '  of which update() (tree edit + incremental reparse), p50 / p95',
        value: `${formatMs(updateSummary.median)} / ${formatMs(updateSummary.p95)}`,
        raw: updateSummary.p95,
        unit: 'ms',
      },
      {
        label: '  of which analyze() (every rule), p50 / p95',
        value: `${formatMs(analyzeSummary.median)} / ${formatMs(analyzeSummary.p95)}`,
        raw: analyzeSummary.p95,
        unit: 'ms',
      },
      {
        label: 'Peer: ruff-wasm re-linting the whole edited file, p95',
        value: formatMs(peerSummary.p95),
        raw: peerSummary.p95,
        unit: 'ms',
        detail: describeMs(peerSummary),
      },
      { label: 'Peer: same, p50', value: formatMs(peerSummary.median), raw: peerSummary.median, unit: 'ms' },
      {
        label: 'Ratio ruff / PyOps at p95',
        value: `${(peerSummary.p95 / oursSummary.p95).toFixed(2)}x`,
        raw: peerSummary.p95 / oursSummary.p95,
        unit: 'x',
      },
      {
        label: 'Context: PyOps first analysis of the file (parse from scratch)',
        value: formatMs(scratch.median),
        raw: scratch.median,
        unit: 'ms',
        detail: describeMs(scratch),
      },
      {
        label: 'Context: ruff-wasm lint of the unedited file',
        value: formatMs(ruffScratchSummary.median),
        raw: ruffScratchSummary.median,
        unit: 'ms',
        detail: describeMs(ruffScratchSummary),
      },
    ],
    notes: [
      `File: ${formatNumber(lines.length - 1)} lines, ${formatNumber(text.length / 1000)} k characters built from ${modules.join(', ')} (whole modules, cut at a top-level definition); ${baseline} PyOps findings before editing.`,
      `${measured} insert+delete pairs (${ours.length} edits) at seeded random positions after ${warmup} warm-up pairs; each timing covers PythonDocument.update (tree edit + incremental reparse) and analyze() with every rule. Average findings per edit: ${formatNumber(findingsSeen / Math.max(1, ours.length), 1)}.`,
    ],
  };
});
