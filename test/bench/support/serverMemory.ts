// What the two memory benches (items 3 and 11) measure alike: per round, the RSS of a fresh server
// that has only been initialized (the peer), then of one with every file opened and diagnosed, one
// after another as an editor restoring its tabs would, read at once and again once the server has
// been idle a while (what it holds while the user reads); and the figures they report from that.
import type { DocumentDiagnosticReport } from 'vscode-languageserver-protocol';
import { settledMemory, startLanguageServer } from './lsp';
import { progress, targetFigure, type Figure } from './result';
import { formatNumber, median } from './stats';

/** The files to open: `count` of them, the one at an index made when it is opened. */
export interface OpenFiles {
  count: number;
  at(index: number): { uri: string; text: string };
}

/**
 * How long a server with every file open is left without requests before its RSS is read: the
 * user reading what was opened. PyOps's server collects a burst's garbage after 5 s quiet, and
 * once more 5 s later if its young generation stayed large (src/server/idleCollector.ts).
 */
export const IDLE_READ_AFTER_MS = 20_000;

export interface MemoryRounds {
  rounds: number;
  /** RSS (MB) of each fresh, idle server. */
  idle: number[];
  /** RSS (MB) of each server with every file open, IDLE_READ_AFTER_MS after the last request. */
  loaded: number[];
  /** RSS (MB) of each server with every file open, as soon as the last file's diagnostics arrived. */
  atOnce: number[];
  /** Peak RSS (MB, VmHWM) of each loaded server. */
  peaks: number[];
  /** Diagnostics over the files, in the last round. */
  diagnostics: number;
  /** Readings that had not settled by the deadline. */
  unsettled: number;
}

export async function measureServerMemory(id: string, workspaceFolder: string, files: OpenFiles, rounds: number): Promise<MemoryRounds> {
  const result: MemoryRounds = { rounds, idle: [], loaded: [], atOnce: [], peaks: [], diagnostics: 0, unsettled: 0 };
  for (let round = 0; round < rounds; round++) {
    const fresh = await startLanguageServer(workspaceFolder);
    try {
      const memory = await settledMemory(fresh.pid);
      result.idle.push(memory.rssMb);
      if (!memory.settled) result.unsettled++;
    } finally {
      await fresh.close();
    }
    const server = await startLanguageServer(workspaceFolder);
    try {
      result.diagnostics = 0;
      for (let index = 0; index < files.count; index++) {
        const { uri, text } = files.at(index);
        await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text } });
        const report = await server.connection.sendRequest<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri } });
        if (report.kind !== 'full') throw new Error(`expected a full diagnostic report for ${uri}, got ${report.kind}`);
        result.diagnostics += report.items.length;
        if ((index + 1) % 50 === 0) progress(`${id}: round ${round + 1}/${rounds}: ${index + 1}/${files.count} files open`);
      }
      const atOnce = await settledMemory(server.pid);
      result.atOnce.push(atOnce.rssMb);
      if (!atOnce.settled) result.unsettled++;
      progress(
        `${id}: round ${round + 1}/${rounds}: ${formatNumber(atOnce.rssMb, 1)} MB at once; reading again after ${IDLE_READ_AFTER_MS / 1000} s idle`,
      );
      await new Promise((resolve) => setTimeout(resolve, IDLE_READ_AFTER_MS));
      const memory = await settledMemory(server.pid);
      result.loaded.push(memory.rssMb);
      result.peaks.push(memory.peakMb);
      if (!memory.settled) result.unsettled++;
    } finally {
      await server.close();
    }
  }
  return result;
}

const mb = (value: number): string => `${formatNumber(value, 1)} MB`;

/** The loaded RSS against its 200 MB target, the idle peer, the growth and the peak. */
export function memoryFigures(memory: MemoryRounds, labels: { loaded: string; growth: string }): Figure[] {
  const worst = Math.max(...memory.loaded);
  const idle = Math.max(...memory.idle);
  const growth = median(memory.loaded) - median(memory.idle);
  const peak = Math.max(...memory.peaks);
  const atOnce = Math.max(...memory.atOnce);
  return [
    targetFigure(
      {
        label: `${labels.loaded} (${memory.rounds === 1 ? 'one server' : `largest of ${memory.rounds} servers`})`,
        value: mb(worst),
        raw: worst,
        unit: 'MB',
        detail: `each server: ${memory.loaded.map(mb).join(', ')}`,
      },
      '<',
      200,
      '200 MB',
    ),
    {
      label: 'Peer: RSS of a fresh, idle server (initialized, nothing open)',
      value: mb(idle),
      raw: idle,
      unit: 'MB',
      detail: `each server: ${memory.idle.map(mb).join(', ')}`,
    },
    { label: labels.growth, value: mb(growth), raw: growth, unit: 'MB' },
    {
      label: 'Context: RSS as soon as the last file was diagnosed (largest)',
      value: mb(atOnce),
      raw: atOnce,
      unit: 'MB',
      detail: `each server: ${memory.atOnce.map(mb).join(', ')}`,
    },
    { label: 'Context: peak RSS while opening them (VmHWM)', value: mb(peak), raw: peak, unit: 'MB' },
  ];
}

/** How RSS was read, for the notes. */
export function rssNote(memory: MemoryRounds): string {
  const unsettled = memory.unsettled ? ` (${memory.unsettled} reading(s) had not settled by the 10 s deadline)` : '';
  return `RSS read from /proc/<pid>/status (VmRSS) once three samples 100 ms apart agree within 1%${unsettled}; the loaded server's ${IDLE_READ_AFTER_MS / 1000} s after its last request.`;
}
