// Bench 14: pathological shapes (test/helpers/pathologicalShapes.ts): very long lines, many
// strings, deep nesting, thousands of clauses and findings. For each shape, the PyOps engine
// (open + analyze + dispose, every rule) and ruff-wasm (check, the equivalent codes) take turns on
// the same input at a quarter of the size and at the full size. Figures: ruff time / PyOps time
// at the full size, and how much each one's time grows for four times the input (4 is linear,
// 16 quadratic); the target is PyOps growing linearly, give or take noise.
// Ruff runs in a child process per shape and size (this file with --ruff-child): an input that
// exhausts its wasm stack leaves that instance unusable.
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { RULES } from '../../src/core/diagnostics';
import { PATHOLOGICAL_SHAPES } from '../helpers/pathologicalShapes';
import { analyzeSource, loadAnalyzer } from './support/engine';
import { progress, runBench, targetFigure, type Figure } from './support/result';
import { ruffEquivalents, ruffVersion, ruffWorkspace } from './support/ruff';
import { formatMs, formatNumber } from './support/stats';

/** Linear growth for 4x the input is x4; this leaves room for noise, not for quadratic growth (x16). */
const MAX_GROWTH = 6;

const RUFF_CHILD = '--ruff-child';

/** In the child: time ruff on one shape and size; prints {"times": [...]} or {"error": "..."}. */
function ruffChild(shapeId: string, n: number, runs: number): void {
  const shape = PATHOLOGICAL_SHAPES.find((s) => s.id === shapeId);
  if (!shape) throw new Error(`unknown shape ${shapeId}`);
  const text = shape.make(n);
  const ruff = ruffWorkspace([...ruffEquivalents(RULES).keys()]);
  const times: number[] = [];
  try {
    ruff.workspace.check(text); // warm-up
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      ruff.workspace.check(text);
      times.push(performance.now() - started);
    }
    process.stdout.write(JSON.stringify({ times }));
  } catch (error) {
    process.stdout.write(JSON.stringify({ error: error instanceof Error ? error.message : String(error) }));
  }
}

/** Ruff's fastest time on a shape at size n, from a fresh process; NaN when ruff fails on it. */
function ruffMedian(shapeId: string, n: number, runs: number): number {
  const child = spawnSync(process.execPath, [__filename, RUFF_CHILD, shapeId, String(n), String(runs)], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  try {
    const result = JSON.parse(child.stdout) as { times?: number[]; error?: string };
    return result.times ? Math.min(...result.times) : Number.NaN;
  } catch {
    return Number.NaN; // the child crashed
  }
}

const childArgs = process.argv.indexOf(RUFF_CHILD);
if (childArgs !== -1) {
  const [shapeId, n, runs] = process.argv.slice(childArgs + 1);
  ruffChild(shapeId, Number(n), Number(runs));
} else
  void runBench(14, 'pathological', 'Pathological shapes: long lines, many strings, deep nesting', async ({ quick }) => {
    const analyzer = await loadAnalyzer();
    const runs = quick ? 1 : 3;
    const figures: Figure[] = [];
    const notes: string[] = [];
    const rows: string[] = [];
    const ruffCodes = ruffWorkspace([...ruffEquivalents(RULES).keys()]).codes.length;

    const timePyops = (text: string): number => {
      const started = performance.now();
      analyzeSource(analyzer, text);
      return performance.now() - started;
    };

    for (const [index, shape] of PATHOLOGICAL_SHAPES.entries()) {
      const smallN = Math.round(shape.benchSize / 4);
      const small = shape.make(smallN);
      const large = shape.make(shape.benchSize);
      const times = { pyopsSmall: [] as number[], pyopsLarge: [] as number[] };
      const pyopsRuns = () => {
        timePyops(small); // warm-up
        for (let i = 0; i < runs; i++) {
          times.pyopsSmall.push(timePyops(small));
          times.pyopsLarge.push(timePyops(large));
        }
      };
      // Whoever goes first alternates between shapes, so that load hits both alike.
      let peer = { small: Number.NaN, large: Number.NaN };
      const ruffRuns = () => (peer = { small: ruffMedian(shape.id, smallN, runs), large: ruffMedian(shape.id, shape.benchSize, runs) });
      for (const step of index % 2 === 0 ? [pyopsRuns, ruffRuns] : [ruffRuns, pyopsRuns]) step();
      // The fastest of the runs: the least disturbed by other work on a shared machine.
      const pyops = { small: Math.min(...times.pyopsSmall), large: Math.min(...times.pyopsLarge) };
      const pyopsGrowth = pyops.large / pyops.small;
      const ruffGrowth = peer.large / peer.small;
      const ruffOk = Number.isFinite(peer.large) && Number.isFinite(peer.small);
      progress(
        `pathological: ${shape.id}: PyOps ${formatMs(pyops.large)} (x${pyopsGrowth.toFixed(1)}), ruff ${ruffOk ? `${formatMs(peer.large)} (x${ruffGrowth.toFixed(1)})` : 'failed'}`,
      );
      const size = `${formatNumber(large.length / 1000)} k characters`;
      figures.push(
        targetFigure(
          {
            label: `${shape.title} (${size}): time for 4x the input / time for 1x, PyOps (ruff in the detail)`,
            value: `x${pyopsGrowth.toFixed(1)}`,
            raw: pyopsGrowth,
            unit: 'x',
            detail: ruffOk
              ? `PyOps ${formatMs(pyops.small)} -> ${formatMs(pyops.large)}; ruff x${ruffGrowth.toFixed(1)} (${formatMs(peer.small)} -> ${formatMs(peer.large)}); ruff time / PyOps time at full size: ${(peer.large / pyops.large).toFixed(2)}x`
              : `PyOps ${formatMs(pyops.small)} -> ${formatMs(pyops.large)}; ruff-wasm failed on this input`,
          },
          '<=',
          MAX_GROWTH,
          `x${MAX_GROWTH.toFixed(1)}`,
        ),
      );
      if (!ruffOk) notes.push(`ruff-wasm ${ruffVersion()} failed on "${shape.title}" (deeply nested input exhausts its stack).`);
      rows.push(`| ${shape.id} | ${shape.title} | ${size} | ${ruffOk ? `${(peer.large / pyops.large).toFixed(2)}x` : 'ruff failed'} |`);
    }
    notes.push(
      `${runs} runs per engine and size after a warm-up, the fastest run of each; PyOps and ruff take turns going first from one shape to the next. Ruff: ruff-wasm ${ruffVersion()} in a fresh process per shape and size, with the ${ruffCodes} codes PyOps names as equivalents; PyOps: every rule.`,
      `Targets: PyOps' time for four times the input is at most ${MAX_GROWTH} times its time for the input (linear growth is x4, quadratic x16), both measured in the same run; ruff's growth on the same inputs is given beside it.`,
    );
    const markdown = ['| Shape | Input | Size | ruff time / PyOps time |', '| --- | --- | --- | --- |', ...rows].join('\n');
    return { status: 'ok', figures, notes, markdown };
  });
