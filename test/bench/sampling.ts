// Bench 13: what the stack sampler costs. On a call-heavy, an I/O-heavy and a threaded script, in
// one run: the plain script, `python -m cProfile`, PyOps sampling only and PyOps's default
// (cProfile and sampling). Rounds rotate the order so load changes hit every mode alike.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { checkInterpreterCached } from '../../src/core/profile';
import { builtFile, repoRoot } from './support/paths';
import { timePython, timeProfileRun } from './support/pythonRuns';
import { progress, runBench, targetFigure, type Figure } from './support/result';
import { describeMs, formatMs, summarize } from './support/stats';

const python = process.env.PYOPS_BENCH_PYTHON ?? 'python3';
const scripts = [
  { id: 'call-heavy', file: 'call_heavy.py' },
  { id: 'I/O-heavy', file: 'io_heavy.py' },
  { id: 'threaded', file: 'threaded.py' },
].map((entry) => ({ ...entry, path: join(repoRoot, 'test', 'fixtures', 'profile', 'bench', entry.file) }));

type Mode = 'plain' | 'cProfile' | 'sampling' | 'default';
const MODES: Mode[] = ['plain', 'cProfile', 'sampling', 'default'];

/** A PyOps run, checked to have sampled stacks. */
async function timePyOps(script: string, samplingOnly: boolean, helperDir: string, outFile: string): Promise<number> {
  const { ms, profile } = await timeProfileRun({ python, script, helperDir, outFile, samplingOnly });
  if (profile.run.exitCode !== 0 || (profile.sampling?.stacks.length ?? 0) === 0) {
    throw new Error(
      `the PyOps run of ${script} failed: ${profile.run.exitStatus} (exit code ${profile.run.exitCode}), ${profile.sampling?.stacks.length ?? 0} sampled stacks`,
    );
  }
  return ms;
}

void runBench(13, 'sampling', 'Stack sampler overhead vs the plain script and python -m cProfile', async ({ quick }) => {
  const helperDir = dirname(builtFile('python/pyops_profile.py'));
  const scratch = mkdtempSync(join(tmpdir(), 'pyops-bench-sampling-'));
  const rounds = quick ? 1 : 5;
  const figures: Figure[] = [];
  const rows: string[] = [];
  try {
    for (const script of scripts) {
      const cwd = dirname(script.path);
      const times: Record<Mode, number[]> = { plain: [], cProfile: [], sampling: [], default: [] };
      const once = async (mode: Mode, round: number): Promise<number> => {
        const out = join(scratch, `${script.file}.${mode}.${round}.prof`);
        switch (mode) {
          case 'plain':
            return timePython(python, [script.path], cwd);
          case 'cProfile':
            return timePython(python, ['-m', 'cProfile', '-o', out, script.path], cwd);
          case 'sampling':
            return timePyOps(script.path, true, helperDir, out);
          case 'default':
            return timePyOps(script.path, false, helperDir, out);
        }
      };
      progress(`sampling: ${script.id}: warm-up`);
      for (const mode of MODES) await once(mode, -1);
      for (let round = 0; round < rounds; round++) {
        await checkInterpreterCached(python, { env: { PYTHONUNBUFFERED: '1' }, cwd });
        for (let i = 0; i < MODES.length; i++) {
          const mode = MODES[(i + round) % MODES.length]!;
          times[mode].push(await once(mode, round));
        }
        progress(
          `sampling: ${script.id}: round ${round + 1}/${rounds}: ${MODES.map((mode) => `${mode} ${formatMs(times[mode].at(-1)!)}`).join(', ')}`,
        );
      }
      const plain = summarize(times.plain);
      const cprofile = summarize(times.cProfile);
      const sampling = summarize(times.sampling);
      const both = summarize(times.default);
      const samplingLimit = plain.median * 1.15 + 150;
      const defaultLimit = cprofile.median * 1.15 + 150;
      figures.push(
        targetFigure(
          {
            label: `${script.id}: sampling only, median wall time (${(sampling.median / plain.median).toFixed(2)}x plain)`,
            value: formatMs(sampling.median),
            raw: sampling.median,
            unit: 'ms',
            detail: describeMs(sampling),
          },
          '<=',
          samplingLimit,
          `${formatMs(samplingLimit)} (plain x 1.15 + 150 ms)`,
        ),
        targetFigure(
          {
            label: `${script.id}: default (cProfile + sampling), median wall time (${(both.median / cprofile.median).toFixed(2)}x python -m cProfile)`,
            value: formatMs(both.median),
            raw: both.median,
            unit: 'ms',
            detail: describeMs(both),
          },
          '<=',
          defaultLimit,
          `${formatMs(defaultLimit)} (python -m cProfile x 1.15 + 150 ms)`,
        ),
      );
      rows.push(
        `| ${script.id} | ${formatMs(plain.median)} | ${formatMs(cprofile.median)} (${(cprofile.median / plain.median).toFixed(2)}x) | ${formatMs(sampling.median)} (${(sampling.median / plain.median).toFixed(2)}x) | ${formatMs(both.median)} (${(both.median / plain.median).toFixed(2)}x) |`,
      );
    }
    return {
      status: 'ok',
      figures,
      notes: [
        `Scripts: test/fixtures/profile/bench/ (call_heavy.py: small Python calls; io_heavy.py: 40 child processes, 300 files, short sleeps; threaded.py: a pool of 8 threads hashing then sleeping), interpreter \`${python}\`.`,
        `${rounds} rounds after one warm-up of each mode, the order rotating each round; PyOps times run from the runProfile call to the parsed Profile (helper start, run, summary read), the others from spawn to exit.`,
      ],
      markdown: [
        '| Script | plain | python -m cProfile | PyOps sampling only | PyOps default |',
        '| --- | --- | --- | --- | --- |',
        ...rows,
      ].join('\n'),
      console: rows.join('\n'),
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});
