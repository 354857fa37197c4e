// Bench 11: resident memory of the real language server (dist/server.js --stdio) with 200 large
// files open: 200 copies of the 5,000-line file of the edit benchmarks (whole standard-library
// modules), each made distinct by its first line, opened and diagnosed one after another as an
// editor restoring 200 tabs would. Peer: the RSS of a fresh server that has only been initialized.
// What is kept per file: its text and last findings; syntax trees only for the few documents most
// recently used (see src/server/documents.ts), the others are parsed again when next needed.
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { buildFile } from './support/bigFile';
import { runBench } from './support/result';
import { IDLE_READ_AFTER_MS, measureServerMemory, memoryFigures, rssNote } from './support/serverMemory';
import { formatNumber } from './support/stats';
import { stdlibDir } from './support/stdlib';

const OPEN_FILES = 200;

void runBench(11, 'memory-large', 'Language server memory with 200 large (5,000-line) files open', async ({ quick }) => {
  if (process.platform !== 'linux') return { status: 'skipped', reason: 'reads /proc/<pid>/status (Linux only)', figures: [], notes: [] };
  const dir = stdlibDir();
  const { text, modules } = buildFile(dir);
  const lines = text.split('\n').length - 1;
  const memory = await measureServerMemory(
    'memory-large',
    dir,
    { count: OPEN_FILES, at: (index) => ({ uri: pathToFileURL(join(dir, `large_${index}.py`)).href, text: `# copy ${index}\n${text}` }) },
    quick ? 1 : 2,
  );
  return {
    status: 'ok',
    figures: memoryFigures(memory, {
      loaded: `RSS with ${OPEN_FILES} files of ${formatNumber(lines)} lines open and diagnosed, after ${IDLE_READ_AFTER_MS / 1000} s idle`,
      growth: `Growth for ${OPEN_FILES} large files (loaded - idle, medians)`,
    }),
    notes: [
      `Each file: ${modules.join(', ')} concatenated and cut near line 5,000 (${formatNumber(text.length / 1e3)} k characters), with a distinct first line; ${formatNumber(memory.diagnostics)} diagnostics over the ${OPEN_FILES} files. Opened with didOpen and diagnosed with a textDocument/diagnostic pull before the next. ${rssNote(memory)}`,
    ],
  };
});
