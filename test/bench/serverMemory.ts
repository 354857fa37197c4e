// Bench 3: resident memory of the real language server (dist/server.js --stdio) after opening 200
// different standard-library files and pulling diagnostics for each, as an editor with 200 tabs
// would. Peer: the RSS of a fresh server that has only been initialized.
import { pathToFileURL } from 'node:url';
import { runBench } from './support/result';
import { IDLE_READ_AFTER_MS, measureServerMemory, memoryFigures, rssNote } from './support/serverMemory';
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
  const memory = await measureServerMemory(
    'memory',
    corpus.dir,
    { count: chosen.length, at: (index) => ({ uri: pathToFileURL(chosen[index]!.path).href, text: chosen[index]!.text }) },
    quick ? 1 : 2,
  );
  return {
    status: 'ok',
    figures: memoryFigures(memory, {
      loaded: `RSS with ${chosen.length} files open and diagnosed, after ${IDLE_READ_AFTER_MS / 1000} s idle`,
      growth: 'Growth for 200 open files (loaded - idle, medians)',
    }),
    notes: [
      `${chosen.length} files spread evenly over the sorted standard library (${formatNumber(lines)} lines), each opened with didOpen and diagnosed with a textDocument/diagnostic pull before the next; ${formatNumber(memory.diagnostics)} diagnostics in all. ${rssNote(memory)}`,
    ],
  };
});
