// Bench 10: edit to fresh diagnostics over LSP, as an editor sees it. The real server
// (dist/server.js --stdio) has a 5,000-line script with thousands of findings open; the client
// sends a one-character didChange and at once pulls diagnostics (textDocument/diagnostic with the
// previous result id); the time runs from sending the change to holding the answer, "full" (every
// diagnostic, serialized, sent and parsed) or "unchanged". Edits insert a character at a seeded
// random position, then delete it. Peer and floor: a trivial server that keeps the document in step
// and answers every pull with nothing, given the same edits in turn.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { DocumentDiagnosticReport } from 'vscode-languageserver-protocol';
import { randomSource } from './support/bigFile';
import { findingHeavyFile } from './support/findingHeavyFile';
import { startLanguageServer, type ServerProcess } from './support/lsp';
import { repoRoot } from './support/paths';
import { progress, runBench, targetFigure } from './support/result';
import { describeMs, formatMs, formatNumber, summarize } from './support/stats';

interface Side {
  name: string;
  server: ServerProcess;
  version: number;
  resultId: string | undefined;
  times: number[];
  unchanged: number;
}

void runBench(10, 'lsp-edit', 'Edit to fresh diagnostics over LSP: a 5,000-line file with thousands of findings', async ({ quick }) => {
  const text = findingHeavyFile(5000);
  const lines = text.split('\n');
  const folder = mkdtempSync(join(tmpdir(), 'pyops-bench-lsp-'));
  const file = join(folder, 'legacy_deploy.py');
  writeFileSync(file, text);
  const uri = pathToFileURL(file).href;
  const sides: Side[] = [];
  let findings = 0;
  try {
    for (const [name, script] of [
      ['PyOps', undefined],
      ['trivial server', join(repoRoot, 'out', 'test', 'bench', 'support', 'trivialServer.js')],
    ] as const) {
      const server = await startLanguageServer(folder, script);
      sides.push({ name, server, version: 1, resultId: undefined, times: [], unchanged: 0 });
      await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text } });
    }
    const pull = async (side: Side): Promise<DocumentDiagnosticReport> => {
      const report = await side.server.connection.sendRequest<DocumentDiagnosticReport>('textDocument/diagnostic', {
        textDocument: { uri },
        ...(side.resultId ? { previousResultId: side.resultId } : {}),
      });
      if (report.kind === 'unchanged') side.unchanged++;
      side.resultId = report.resultId;
      return report;
    };
    const first = await pull(sides[0]!);
    findings = first.kind === 'full' ? first.items.length : 0;
    if (findings < 1000) throw new Error(`expected thousands of findings, got ${findings}`);
    await pull(sides[1]!);

    const random = randomSource(10_000);
    const editable = lines.map((line, index) => (line.trim() ? index : -1)).filter((index) => index >= 0);
    const warmup = 20;
    const measured = quick ? 40 : 300;
    for (let i = 0; i < warmup + measured; i++) {
      const line = editable[Math.floor(random() * editable.length)]!;
      const character = Math.floor(random() * (lines[line]!.length + 1));
      const at = { line, character };
      for (const change of [
        { range: { start: at, end: at }, text: 'x' },
        { range: { start: at, end: { line, character: character + 1 } }, text: '' },
      ]) {
        // Who goes first alternates, so load and caches hit both alike.
        const order = i % 2 === 0 ? sides : [...sides].reverse();
        for (const side of order) {
          side.version++;
          const started = performance.now();
          await side.server.connection.sendNotification('textDocument/didChange', {
            textDocument: { uri, version: side.version },
            contentChanges: [change],
          });
          await pull(side);
          if (i >= warmup) side.times.push(performance.now() - started);
        }
      }
      if ((i + 1) % 100 === 0) progress(`lsp-edit: ${i + 1}/${warmup + measured} edit pairs`);
    }
  } finally {
    for (const side of sides) await side.server.close();
    rmSync(folder, { recursive: true, force: true });
  }
  const [pyops, trivial] = sides.map((side) => ({ ...side, summary: summarize(side.times) }));
  return {
    status: 'ok',
    figures: [
      targetFigure(
        {
          label: 'PyOps: didChange sent -> diagnostics report received, p95',
          value: formatMs(pyops!.summary.p95),
          raw: pyops!.summary.p95,
          unit: 'ms',
          detail: `${describeMs(pyops!.summary)}; ${formatNumber(pyops!.unchanged)} of ${formatNumber(pyops!.times.length + 1)} answers "unchanged"`,
        },
        '<=',
        25,
        '25 ms',
      ),
      { label: 'PyOps, p50', value: formatMs(pyops!.summary.median), raw: pyops!.summary.median, unit: 'ms' },
      {
        label: 'Floor: a trivial server (documents kept in step, empty report), p95',
        value: formatMs(trivial!.summary.p95),
        raw: trivial!.summary.p95,
        unit: 'ms',
        detail: describeMs(trivial!.summary),
      },
      { label: 'Floor, p50', value: formatMs(trivial!.summary.median), raw: trivial!.summary.median, unit: 'ms' },
      {
        label: 'PyOps p95 / floor p95',
        value: `${(pyops!.summary.p95 / trivial!.summary.p95).toFixed(1)}x`,
        raw: pyops!.summary.p95 / trivial!.summary.p95,
        unit: 'x',
      },
    ],
    notes: [
      `The file: ${formatNumber(lines.length - 1)} lines, the same ten-line job repeated (unchecked subprocess.run, os.system, bare except: pass, print, eager logging); ${formatNumber(findings)} diagnostics in a full report.`,
      `${quick ? 40 : 300} insert+delete pairs at seeded random positions after 20 warm-up pairs; each edit goes to both servers in turn (which one first alternates). Both servers run with the client's default settings (every rule, diagnostics on type).`,
    ],
  };
});
