// Bench 11: resident memory of the real language server (dist/server.js --stdio) with 200 large
// files open: 200 copies of the 5,000-line file of the edit benchmarks (whole standard-library
// modules), each made distinct by its first line, opened and diagnosed one after another as an
// editor restoring 200 tabs would. Peer: the RSS of a fresh server that has only been initialized.
// What is kept per file: its text and last findings; syntax trees only for the few documents most
// recently used (see src/server/documents.ts), the others are parsed again when next needed.
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import type { DocumentDiagnosticReport } from 'vscode-languageserver-protocol';
import { buildFile } from './support/bigFile';
import { settledMemory, startLanguageServer } from './support/lsp';
import { progress, runBench, targetFigure } from './support/result';
import { formatNumber, median } from './support/stats';
import { stdlibDir } from './support/stdlib';

const OPEN_FILES = 200;

void runBench(11, 'memory-large', 'Language server memory with 200 large (5,000-line) files open', async ({ quick }) => {
  if (process.platform !== 'linux') return { status: 'skipped', reason: 'reads /proc/<pid>/status (Linux only)', figures: [], notes: [] };
  const dir = stdlibDir();
  const { text, modules } = buildFile(dir);
  const lines = text.split('\n').length - 1;
  const rounds = quick ? 1 : 2;
  const idle: number[] = [];
  const loaded: number[] = [];
  const peaks: number[] = [];
  let diagnostics = 0;
  let unsettled = 0;
  for (let round = 0; round < rounds; round++) {
    const fresh = await startLanguageServer(dir);
    try {
      const memory = await settledMemory(fresh.pid);
      idle.push(memory.rssMb);
      if (!memory.settled) unsettled++;
    } finally {
      await fresh.close();
    }
    const server = await startLanguageServer(dir);
    try {
      diagnostics = 0;
      for (let index = 0; index < OPEN_FILES; index++) {
        const uri = pathToFileURL(join(dir, `large_${index}.py`)).href;
        await server.connection.sendNotification('textDocument/didOpen', {
          textDocument: { uri, languageId: 'python', version: 1, text: `# copy ${index}\n${text}` },
        });
        const report = await server.connection.sendRequest<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri } });
        if (report.kind !== 'full') throw new Error(`expected a full diagnostic report for ${uri}, got ${report.kind}`);
        diagnostics += report.items.length;
        if ((index + 1) % 50 === 0) progress(`memory-large: round ${round + 1}/${rounds}: ${index + 1}/${OPEN_FILES} files open`);
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
          label: `RSS with ${OPEN_FILES} files of ${formatNumber(lines)} lines open and diagnosed (${rounds === 1 ? 'one server' : `largest of ${rounds} servers`})`,
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
        label: `Growth for ${OPEN_FILES} large files (loaded - idle, medians)`,
        value: mb(median(loaded) - median(idle)),
        raw: median(loaded) - median(idle),
        unit: 'MB',
      },
      { label: 'Context: peak RSS while opening them (VmHWM)', value: mb(Math.max(...peaks)), raw: Math.max(...peaks), unit: 'MB' },
    ],
    notes: [
      `Each file: ${modules.join(', ')} concatenated and cut near line 5,000 (${formatNumber(text.length / 1e3)} k characters), with a distinct first line; ${formatNumber(diagnostics)} diagnostics over the ${OPEN_FILES} files. Opened with didOpen and diagnosed with a textDocument/diagnostic pull before the next. RSS from /proc/<pid>/status (VmRSS) once three samples 100 ms apart agree within 1%${unsettled ? ` (${unsettled} reading(s) had not settled by the 10 s deadline)` : ''}.`,
    ],
  };
});
