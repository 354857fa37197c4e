// Bench 12: a big tree. `pyops check --no-cache --format json` over the collections of Debian's
// `ansible` package (about 11,600 Python files, 6 M lines) against the ruff-wasm peer process of
// item 1 (ruffFiles.js: the same files, the PyOps-equivalent codes, JSON out), alternating. Wall
// time, CPU time and peak memory (GNU time's maximum resident set size) of each. Target: PyOps
// throughput at least 1.5x ruff-wasm's (issue #16), and a lower peak. The corpus is installed
// here, never in tests: `apt-get install ansible` when it is missing and the bench runs as root.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { RULES } from '../../src/core/diagnostics';
import { builtFile, repoRoot } from './support/paths';
import { progress, runBench, targetFigure, type Figure } from './support/result';
import { ruffEquivalents, ruffVersion } from './support/ruff';
import { formatMs, formatNumber, summarize } from './support/stats';
import { STDLIB_FLAGS } from './support/stdlib';

const CORPUS = process.env.PYOPS_BENCH_BIG_TREE ?? '/usr/lib/python3/dist-packages/ansible_collections';
const GNU_TIME = '/usr/bin/time';

interface Run {
  wallMs: number;
  cpuMs: number;
  peakMb: number;
  items: number;
}

/** Runs node with args under GNU time; the JSON array it prints is counted so a crash cannot pass for speed. */
function measured(args: string[], okCodes: number[]): Run {
  const dir = mkdtempSync(join(tmpdir(), 'pyops-bench-time-'));
  const report = join(dir, 'time.txt');
  try {
    const started = performance.now();
    const result = spawnSync(GNU_TIME, ['-o', report, '-f', '%U %S %M', process.execPath, ...args], {
      cwd: repoRoot,
      encoding: 'utf8',
      maxBuffer: 1 << 30,
    });
    const wallMs = performance.now() - started;
    if (result.status === null || !okCodes.includes(result.status))
      throw new Error(`node ${args.join(' ').slice(0, 200)} exited with ${result.status}: ${result.stderr.slice(-2000)}`);
    const parsed: unknown = JSON.parse(result.stdout);
    if (!Array.isArray(parsed)) throw new Error(`node ${args[0]} did not print a JSON array`);
    const [user, system, maxKb] = readFileSync(report, 'utf8').trim().split('\n').at(-1)!.split(' ').map(Number);
    return { wallMs, cpuMs: (user! + system!) * 1000, peakMb: maxKb! / 1024, items: parsed.length };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function ensureCorpus(): string | undefined {
  if (existsSync(CORPUS)) return undefined;
  if (process.env.PYOPS_BENCH_BIG_TREE) return `${CORPUS} does not exist`;
  if (process.getuid?.() !== 0) return `${CORPUS} is missing: install it with \`sudo apt-get install ansible\``;
  progress("big-tree: installing Debian's ansible package (apt-get install ansible)");
  const install = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'ansible'], {
    encoding: 'utf8',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    timeout: 900_000,
  });
  if (install.status !== 0 || !existsSync(CORPUS))
    return `apt-get install ansible failed: ${(install.stderr || install.stdout || '').slice(-500)}`;
  return undefined;
}

void runBench(12, 'big-tree', "A big tree: Debian's ansible collections vs ruff-wasm", async ({ quick }) => {
  if (!existsSync(GNU_TIME))
    return { status: 'skipped', reason: `${GNU_TIME} (GNU time) is needed for peak memory: apt-get install time`, figures: [], notes: [] };
  const missing = ensureCorpus();
  if (missing) return { status: 'skipped', reason: missing, figures: [], notes: [] };
  const cli = builtFile('cli.js');
  const ruffPeer = join(repoRoot, 'out', 'test', 'bench', 'ruffFiles.js');
  const codes = [...ruffEquivalents(RULES).keys()];
  const files = spawnSync(process.execPath, [cli, 'check', '--show-files', ...STDLIB_FLAGS, CORPUS], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  })
    .stdout.split('\n')
    .filter(Boolean).length;
  const ours: Run[] = [];
  const peers: Run[] = [];
  const runs = quick ? 1 : 3;
  for (let i = 0; i < runs; i++) {
    const runOurs = (): void =>
      void ours.push(measured([cli, 'check', CORPUS, '--format', 'json', '--no-cache', ...STDLIB_FLAGS], [0, 1, 2]));
    const runPeer = (): void => void peers.push(measured([ruffPeer, CORPUS, ...codes], [0]));
    for (const step of i % 2 === 0 ? [runOurs, runPeer] : [runPeer, runOurs]) step();
    progress(`big-tree: run ${i + 1}/${runs}: pyops check ${formatMs(ours.at(-1)!.wallMs)}, ruff-wasm ${formatMs(peers.at(-1)!.wallMs)}`);
  }
  const wall = summarize(ours.map((r) => r.wallMs));
  const peerWall = summarize(peers.map((r) => r.wallMs));
  const cpu = summarize(ours.map((r) => r.cpuMs));
  const peerCpu = summarize(peers.map((r) => r.cpuMs));
  const peak = Math.max(...ours.map((r) => r.peakMb));
  const peerPeak = Math.max(...peers.map((r) => r.peakMb));
  const ratio = peerWall.median / wall.median;
  const threads = availableParallelism();
  const mb = (value: number): string => `${formatNumber(value, 1)} MB`;
  const figures: Figure[] = [
    targetFigure(
      {
        label: `Throughput: ruff-wasm process time / \`pyops check\` time (medians; PyOps on ${threads} threads, the main thread and ${threads - 1} worker${threads === 2 ? '' : 's'}, ruff-wasm on one)`,
        value: `${ratio.toFixed(2)}x`,
        raw: ratio,
        unit: 'x',
        detail: `pyops check ${formatMs(wall.median)}, ruff-wasm ${formatMs(peerWall.median)}`,
      },
      '>=',
      1.5,
      '1.50x',
    ),
    targetFigure(
      {
        label: 'Peak memory (maximum RSS): PyOps / ruff-wasm',
        value: `${(peak / peerPeak).toFixed(2)}x`,
        raw: peak / peerPeak,
        unit: 'x',
        detail: `PyOps ${mb(peak)}, ruff-wasm ${mb(peerPeak)}`,
      },
      '<',
      1,
      '1.00x',
    ),
    {
      label: 'Per thread: ruff-wasm CPU time / PyOps CPU time (user + system, medians)',
      value: `${(peerCpu.median / cpu.median).toFixed(2)}x`,
      raw: peerCpu.median / cpu.median,
      unit: 'x',
      detail: `PyOps ${formatMs(cpu.median)} CPU, ruff-wasm ${formatMs(peerCpu.median)} CPU`,
    },
    {
      label: '`pyops check --no-cache --format json`, wall',
      value: formatMs(wall.median),
      raw: wall.median,
      unit: 'ms',
      detail: `median of ${wall.n}; min ${formatMs(wall.min)}, max ${formatMs(wall.max)}; ${formatNumber(ours.at(-1)!.items)} findings`,
    },
    {
      label: `Peer: ruff-wasm ${ruffVersion()} process (same files, ${codes.length} equivalent codes), wall`,
      value: formatMs(peerWall.median),
      raw: peerWall.median,
      unit: 'ms',
      detail: `median of ${peerWall.n}; min ${formatMs(peerWall.min)}, max ${formatMs(peerWall.max)}; ${formatNumber(peers.at(-1)!.items)} diagnostics`,
    },
  ];
  return {
    status: 'ok',
    figures,
    notes: [
      `Corpus: ${CORPUS}, ${formatNumber(files)} files as \`pyops check\` finds them. ${runs} alternating runs; the result cache is off (--no-cache): item 9 measures it.`,
      'CPU time and peak memory from GNU time (`/usr/bin/time -f "%U %S %M"`); PyOps\'s worker threads are in its process, so both figures cover them.',
    ],
  };
});
