// Bench 3: resident memory of the real language server (dist/server.js --stdio) after opening 200
// different standard-library files and pulling diagnostics for each, as an editor with 200 tabs
// would. Peer: the RSS of a fresh server that has only been initialized.
import { pathToFileURL } from 'node:url';
import type { DocumentDiagnosticReport } from 'vscode-languageserver-protocol';
import { progress, runBench, targetFigure } from './support/result';
import { settledMemory, startLanguageServer } from './support/lsp';
import { loadStdlib } from './support/stdlib';
import { formatNumber } from './support/stats';

const OPEN_FILES = 200;

void runBench(3, 'memory', 'Language server memory with 200 files open', async ({ quick }) => {
  if (process.platform !== 'linux') return { status: 'skipped', reason: 'reads /proc/<pid>/status (Linux only)', figures: [], notes: [] };
  const corpus = loadStdlib();
  // Evenly spread over the sorted file list: small and large modules, tests, packages.
  const step = corpus.sources.length / OPEN_FILES;
  const chosen = Array.from({ length: Math.min(OPEN_FILES, corpus.sources.length) }, (_, i) => corpus.sources[Math.floor(i * step)]!);
  const lines = chosen.reduce((sum, s) => sum + s.lines, 0);
  const rounds = quick ? 1 : 2;
  const idle: number[] = [];
  const loaded: number[] = [];
  const peaks: number[] = [];
  let diagnostics = 0;
  let unsettled = 0;
  for (let round = 0; round < rounds; round++) {
    // The peer: a fresh server, initialized, nothing open.
    const fresh = await startLanguageServer(corpus.dir);
    try {
      const memory = await settledMemory(fresh.pid);
      idle.push(memory.rssMb);
      if (!memory.settled) unsettled++;
    } finally {
      await fresh.close();
    }

    const server = await startLanguageServer(corpus.dir);
    try {
      diagnostics = 0;
      for (const [index, source] of chosen.entries()) {
        const uri = pathToFileURL(source.path).href;
        await server.connection.sendNotification('textDocument/didOpen', {
          textDocument: { uri, languageId: 'python', version: 1, text: source.text },
        });
        const report = await server.connection.sendRequest<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri } });
        if (report.kind !== 'full') throw new Error(`expected a full diagnostic report for ${source.path}, got ${report.kind}`);
        diagnostics += report.items.length;
        if ((index + 1) % 50 === 0) progress(`memory: round ${round + 1}/${rounds}: ${index + 1}/${chosen.length} files open`);
      }
      const memory = await settledMemory(server.pid);
      loaded.push(memory.rssMb);
      peaks.push(memory.peakMb);
      if (!memory.settled) unsettled++;
    } finally {
      await server.close();
    }
  }
  const worst = Math.max(...loaded);
  const mb = (value: number): string => `${formatNumber(value, 1)} MB`;
  return {
    status: 'ok',
    figures: [
      targetFigure(
        {
          label: `RSS with ${chosen.length} files open and diagnosed (${rounds === 1 ? 'one server' : `largest of ${rounds} servers`})`,
          value: mb(worst),
          raw: worst,
          unit: 'MB',
          detail: `each server: ${loaded.map(mb).join(', ')}`,
        },
        '<',
        200,
        '200 MB',
      ),
      {
        label: 'Peer: RSS of a fresh, idle server (initialized, nothing open)',
        value: mb(Math.max(...idle)),
        raw: Math.max(...idle),
        unit: 'MB',
        detail: `each server: ${idle.map(mb).join(', ')}`,
      },
      {
        label: 'Growth for 200 open files (loaded - idle, medians)',
        value: mb(median(loaded) - median(idle)),
        raw: median(loaded) - median(idle),
        unit: 'MB',
      },
      { label: 'Context: peak RSS while opening them (VmHWM)', value: mb(Math.max(...peaks)), raw: Math.max(...peaks), unit: 'MB' },
    ],
    notes: [
      `${chosen.length} files spread evenly over the sorted standard library (${formatNumber(lines)} lines), each opened with didOpen and diagnosed with a textDocument/diagnostic pull before the next; ${formatNumber(diagnostics)} diagnostics in all. RSS read from /proc/<pid>/status (VmRSS) once three samples 100 ms apart agree within 1%${unsettled ? ` (${unsettled} reading(s) had not settled by the 10 s deadline)` : ''}.`,
    ],
  };
});

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
