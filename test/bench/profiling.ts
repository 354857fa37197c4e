// Bench 5: the one-click profile run (the core's runProfile, interpreter check cached as the
// extension caches it) against `python -m cProfile -o out.prof script.py` on the same script.
// Runs alternate (which one goes first alternates too) so load changes hit both sides alike.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { checkInterpreterCached, clearInterpreterCache } from '../../src/core/profile';
import { builtFile, repoRoot } from './support/paths';
import { timePython, timeProfileRun } from './support/pythonRuns';
import { progress, runBench, targetFigure, type Figure } from './support/result';
import { describeMs, formatMs, summarize } from './support/stats';

const python = process.env.PYOPS_BENCH_PYTHON ?? 'python3';
const script = join(repoRoot, 'test', 'fixtures', 'profile', 'bench_workload.py');

/** Wall time of `python -m cProfile -o out.prof script.py`. */
function timePlainCProfile(outFile: string): Promise<number> {
  return timePython(python, ['-m', 'cProfile', '-o', outFile, script], dirname(script));
}

/** A one-click run, checked to have profiled functions. */
async function timeOneClick(helperDir: string, outFile: string): Promise<number> {
  const { ms, profile } = await timeProfileRun({ python, script, helperDir, outFile });
  if (profile.run.exitCode !== 0 || profile.functions.length === 0) {
    throw new Error(
      `the one-click run failed: ${profile.run.exitStatus} (exit code ${profile.run.exitCode}), ${profile.functions.length} functions`,
    );
  }
  return ms;
}

void runBench(5, 'profiling', 'One-click profiling vs python -m cProfile', async ({ quick }) => {
  const helperDir = dirname(builtFile('python/pyops_profile.py'));
  const scratch = mkdtempSync(join(tmpdir(), 'pyops-bench-profile-'));
  try {
    const pairs = quick ? 2 : 6;
    // The first run ever pays the interpreter check; reported for context, not against the target.
    clearInterpreterCache();
    progress('profiling: first run (interpreter check not cached yet)');
    const coldRun = await timeOneClick(helperDir, join(scratch, 'cold.prof'));
    progress('profiling: warm-up of the plain cProfile run');
    await timePlainCProfile(join(scratch, 'warm.prof'));

    const ours: number[] = [];
    const plain: number[] = [];
    for (let i = 0; i < pairs; i++) {
      // A click within a minute of the previous one finds the check cached, as in the extension.
      await checkInterpreterCached(python, { env: { PYTHONUNBUFFERED: '1' }, cwd: dirname(script) });
      const runOurs = async (): Promise<void> => void ours.push(await timeOneClick(helperDir, join(scratch, `run${i}.prof`)));
      const runPlain = async (): Promise<void> => void plain.push(await timePlainCProfile(join(scratch, `plain${i}.prof`)));
      if (i % 2 === 0) {
        await runOurs();
        await runPlain();
      } else {
        await runPlain();
        await runOurs();
      }
      progress(`profiling: pair ${i + 1}/${pairs}: one-click ${formatMs(ours.at(-1)!)}, python -m cProfile ${formatMs(plain.at(-1)!)}`);
    }
    const oursSummary = summarize(ours);
    const plainSummary = summarize(plain);
    const allowed = plainSummary.median * 1.1 + 150;
    const extra = oursSummary.median - plainSummary.median;
    const figures: Figure[] = [
      targetFigure(
        {
          label: 'One-click run (runProfile, interpreter check cached), median wall time',
          value: formatMs(oursSummary.median),
          raw: oursSummary.median,
          unit: 'ms',
          detail: describeMs(oursSummary),
        },
        '<=',
        allowed,
        `${formatMs(allowed)} (peer median x 1.10 + 150 ms)`,
      ),
      {
        label: 'Peer: python -m cProfile -o out.prof script.py, median wall time',
        value: formatMs(plainSummary.median),
        raw: plainSummary.median,
        unit: 'ms',
        detail: describeMs(plainSummary),
      },
      {
        label: 'Extra time of the one-click run (median difference)',
        value: `${extra >= 0 ? '+' : ''}${formatMs(extra)} (${((oursSummary.median / plainSummary.median - 1) * 100).toFixed(1)}%)`,
        raw: extra,
        unit: 'ms',
      },
      {
        label: 'First one-click run, interpreter check not cached (context)',
        value: formatMs(coldRun),
        raw: coldRun,
        unit: 'ms',
      },
    ];
    return {
      status: 'ok',
      figures,
      notes: [
        `Script: test/fixtures/profile/bench_workload.py (inventory, config files in a temp folder, checksums, regex log parsing, JSON), interpreter \`${python}\`.`,
        `${pairs} alternating pairs after one warm-up each; the one-click time runs from the runProfile call to the parsed Profile (helper start, run, .prof kept, summary read).`,
      ],
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});
