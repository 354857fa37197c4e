// Bench 9: the result cache. `pyops check STDLIB --format json` with an empty cache (cold: every
// file checked, every result stored), then again over the unchanged files (warm: answered from the
// cache). Target: warm / cold at most 0.1 (issue #16). The same run with --no-cache is the peer
// that shows what storing the results costs a cold run. The outputs must be identical.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtFile } from './support/paths';
import { progress, runBench, targetFigure, type Figure } from './support/result';
import { formatMs, formatNumber, summarize } from './support/stats';
import { STDLIB_FLAGS, stdlibDir, stdlibFiles } from './support/stdlib';
import { timeProcess } from './support/timeProcess';

void runBench(9, 'cache', 'Warm re-run: pyops check over unchanged files with the result cache', async ({ quick }) => {
  const cli = builtFile('cli.js');
  const dir = stdlibDir();
  const files = stdlibFiles(dir).length;
  const cacheRoot = mkdtempSync(join(tmpdir(), 'pyops-bench-cache-'));
  const check = (cacheDir: string | undefined): Promise<{ ms: number; stdoutBytes: number; items: number }> =>
    // Exit 2 is expected: a couple of stdlib test files are deliberately undecodable.
    timeProcess(
      [cli, 'check', dir, '--format', 'json', ...STDLIB_FLAGS, ...(cacheDir === undefined ? ['--no-cache'] : ['--cache-dir', cacheDir])],
      [0, 1, 2],
    );
  const cold: number[] = [];
  const warm: number[] = [];
  const uncached: number[] = [];
  const ratios: number[] = [];
  let items = 0;
  try {
    const runs = quick ? 1 : 3;
    for (let i = 0; i < runs; i++) {
      const cacheDir = join(cacheRoot, `run-${i}`);
      const peer = async (): Promise<void> => void uncached.push((await check(undefined)).ms);
      // The peer alternates before and after the cold run, so load hits both alike.
      if (i % 2 === 0) await peer();
      const first = await check(cacheDir);
      const second = await check(cacheDir);
      if (i % 2 === 1) await peer();
      if (first.items !== second.items || first.stdoutBytes !== second.stdoutBytes) {
        throw new Error(
          `the warm run printed ${second.items} findings (${second.stdoutBytes} bytes), the cold run ${first.items} (${first.stdoutBytes} bytes)`,
        );
      }
      items = first.items;
      cold.push(first.ms);
      warm.push(second.ms);
      ratios.push(second.ms / first.ms);
      progress(
        `cache: run ${i + 1}/${runs}: cold ${formatMs(first.ms)}, warm ${formatMs(second.ms)}, --no-cache ${formatMs(uncached.at(-1)!)}`,
      );
    }
  } finally {
    rmSync(cacheRoot, { recursive: true, force: true });
  }
  const coldSummary = summarize(cold);
  const warmSummary = summarize(warm);
  const uncachedSummary = summarize(uncached);
  const ratio = summarize(ratios);
  const spread = (s: ReturnType<typeof summarize>): string => `median of ${s.n}; min ${formatMs(s.min)}, max ${formatMs(s.max)}`;
  const figures: Figure[] = [
    targetFigure(
      {
        label:
          'Warm re-run over unchanged files / cold run with an empty cache (`pyops check STDLIB --format json`, median of the per-run ratios)',
        value: ratio.median.toFixed(3),
        raw: ratio.median,
        unit: 'ratio',
        detail: `min ${ratio.min.toFixed(3)}, max ${ratio.max.toFixed(3)}`,
      },
      '<=',
      0.1,
      '0.10',
    ),
    {
      label: 'Cold run: every file checked, every result stored',
      value: formatMs(coldSummary.median),
      raw: coldSummary.median,
      unit: 'ms',
      detail: `${spread(coldSummary)}; ${formatNumber(items)} findings`,
    },
    {
      label: 'Warm run: every file answered from the cache (by its stamp, or read and hashed)',
      value: formatMs(warmSummary.median),
      raw: warmSummary.median,
      unit: 'ms',
      detail: spread(warmSummary),
    },
    {
      label: 'Peer: the same with `--no-cache` (cold run / this: what storing the results costs)',
      value: formatMs(uncachedSummary.median),
      raw: uncachedSummary.median,
      unit: 'ms',
      detail: `${spread(uncachedSummary)}; cold / --no-cache ${(coldSummary.median / uncachedSummary.median).toFixed(2)}x`,
    },
  ];
  const notes = [
    `Corpus: ${dir}, ${formatNumber(files)} files as \`pyops check\` finds them. Default threads (one worker per CPU for the cold run; the warm run starts none: nothing is left to check).`,
    'Each run starts with an empty cache folder; the warm run follows the cold one at once, and its output must equal the cold output byte count for byte count.',
  ];
  return { status: 'ok', figures, notes };
});
