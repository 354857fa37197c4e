// `npm run bench`: builds, runs every benchmark item in its own process, prints each figure with
// its target (PASS/MISS) and writes the figures into docs/benchmarks.md.
//
// Usage: npm run bench [-- --only ITEMS] [--quick] [--no-build] [--no-doc]
//   --only 1,2,viewer   run only these items (numbers or ids)
//   --quick             fewer repetitions (a smoke run; the doc is not written)
//   --no-build          use the existing dist/ and out/test/bench/
//   --no-doc            do not update docs/benchmarks.md
// A missed target does not fail the command: benchmarks report, they are not tests. The exit
// code is 1 only when an item could not run at all (its error is printed), 2 on bad usage.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, relative } from 'node:path';
import type { BenchResult, Figure } from '../test/bench/support/result';
import { runIntegration } from './lib/integration';
import { root } from './lib/paths';
import { hostDir } from './lib/vscodeHost';

const RESULT_MARKER = 'PYOPS_BENCH_RESULT ';
const ACTIVATION_MARKER = 'PYOPS_BENCH_ACTIVATION';
const docPath = join(root, 'docs', 'benchmarks.md');

interface Item {
  number: number;
  id: string;
  title: string;
  /** The bundle under out/test/bench/, or null for the activation item, run here. */
  module: string | null;
  timeoutMs: number;
}

/**
 * The items, in the order they run. `module` is the bundle under out/test/bench/; activation
 * runs here because it drives a whole VS Code through lib/integration.ts.
 */
const ITEMS: Item[] = [
  {
    number: 1,
    id: 'throughput',
    title: 'Diagnostics throughput on the standard library vs ruff',
    module: 'throughput.js',
    timeoutMs: 420_000,
  },
  {
    number: 2,
    id: 'edit',
    title: 'Re-diagnosis after a one-character edit in a 5,000-line file',
    module: 'editLatency.js',
    timeoutMs: 120_000,
  },
  { number: 3, id: 'memory', title: 'Language server memory with 200 files open', module: 'serverMemory.js', timeoutMs: 180_000 },
  { number: 4, id: 'agreement', title: 'Agreement with ruff on the standard library', module: 'agreement.js', timeoutMs: 180_000 },
  { number: 5, id: 'profiling', title: 'One-click profiling vs python -m cProfile', module: 'profiling.js', timeoutMs: 240_000 },
  { number: 6, id: 'viewer', title: 'Profile viewer: load and render a 10,000-function profile', module: 'viewer.js', timeoutMs: 180_000 },
  { number: 7, id: 'activation', title: 'Extension activation in VS Code', module: null, timeoutMs: 300_000 },
  { number: 8, id: 'parsing', title: 'Parsing design: segments vs one tree per document', module: 'parsingDesigns.js', timeoutMs: 600_000 },
  {
    number: 9,
    id: 'cache',
    title: 'Warm re-run: pyops check over unchanged files with the result cache',
    module: 'warmRerun.js',
    timeoutMs: 420_000,
  },
  {
    number: 10,
    id: 'lsp-edit',
    title: 'Edit to fresh diagnostics over LSP: a 5,000-line file with thousands of findings',
    module: 'lspEdit.js',
    timeoutMs: 300_000,
  },
  {
    number: 11,
    id: 'memory-large',
    title: 'Language server memory with 200 large (5,000-line) files open',
    module: 'serverMemoryLarge.js',
    timeoutMs: 300_000,
  },
  {
    number: 12,
    id: 'big-tree',
    title: "A big tree: Debian's ansible collections vs ruff-wasm",
    module: 'bigTree.js',
    timeoutMs: 1_500_000,
  },
  {
    number: 13,
    id: 'sampling',
    title: 'Stack sampler overhead vs the plain script and python -m cProfile',
    module: 'sampling.js',
    timeoutMs: 600_000,
  },
  {
    number: 14,
    id: 'pathological',
    title: 'Pathological shapes: long lines, many strings, deep nesting',
    module: 'pathological.js',
    timeoutMs: 600_000,
  },
];

function usage(message: string): never {
  console.error(`bench: ${message}`);
  console.error('usage: npm run bench -- [--only ITEMS] [--quick] [--no-build] [--no-doc]');
  process.exit(2);
}

interface Options {
  only: string[] | null;
  quick: boolean;
  build: boolean;
  doc: boolean;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { only: null, quick: false, build: true, doc: true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--quick') options.quick = true;
    else if (arg === '--no-build') options.build = false;
    else if (arg === '--no-doc') options.doc = false;
    else if (arg === '--only' || arg.startsWith('--only=')) {
      const value = arg === '--only' ? argv[++i] : arg.slice('--only='.length);
      if (!value) usage('--only needs a list of items');
      options.only = value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      for (const wanted of options.only) {
        if (!ITEMS.some((item) => String(item.number) === wanted || item.id === wanted)) {
          usage(`unknown item "${wanted}" (items: ${ITEMS.map((item) => `${item.number}=${item.id}`).join(', ')})`);
        }
      }
    } else if (arg === '-h' || arg === '--help') {
      console.log(readFileSync(join(root, 'scripts/bench.ts'), 'utf8').split('\n').slice(0, 10).join('\n'));
      process.exit(0);
    } else usage(`unknown option ${arg}`);
  }
  if (options.quick) options.doc = false; // quick figures are not worth publishing
  return options;
}

// ---------------------------------------------------------------------------------------------
// Machine description: what makes the figures comparable (or not) between runs.

function commandOutput(command: string, args: string[]): string | null {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 20_000 });
  return result.status === 0 ? (result.stdout || result.stderr).trim() : null;
}

function readJson(path: string): Record<string, unknown> | null {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch {
    return null;
  }
}

interface Machine {
  cores: number;
  cpuModel: string;
  memoryGb: number;
  os: string;
  node: string;
  python: string;
  ruff: string;
  chromium: string;
  vscode: string;
  loadStart: number[];
}

function describeMachine(): Machine {
  const cpus = os.cpus();
  const osRelease = existsSync('/etc/os-release')
    ? (readFileSync('/etc/os-release', 'utf8').match(/^PRETTY_NAME="?([^"\n]*)"?/m)?.[1] ?? null)
    : null;
  return {
    cores: cpus.length,
    cpuModel: cpus[0]?.model?.trim() ?? 'unknown',
    memoryGb: os.totalmem() / 2 ** 30,
    os: `${osRelease ?? os.type()} (kernel ${os.release()})`,
    node: process.version,
    python: commandOutput(process.env.PYOPS_BENCH_PYTHON ?? 'python3', ['--version']) ?? 'python3 not found',
    ruff: String(readJson(join(root, 'node_modules/@astral-sh/ruff-wasm-nodejs/package.json'))?.version ?? 'not installed'),
    chromium: existsSync('/usr/bin/chromium') ? (commandOutput('/usr/bin/chromium', ['--version']) ?? 'installed') : 'not installed',
    vscode: String(readJson(join(hostDir, 'host-complete.json'))?.vscode ?? 'offline host not installed'),
    loadStart: os.loadavg(),
  };
}

function machineLine(machine: Machine): string {
  return (
    `${machine.cores} cores (${machine.cpuModel}), ${machine.memoryGb.toFixed(1)} GB RAM, ${machine.os}; ` +
    `node ${machine.node}, ${machine.python}, ruff-wasm ${machine.ruff}`
  );
}

function loadText(values: number[]): string {
  return values.map((v) => v.toFixed(2)).join(' / ');
}

// ---------------------------------------------------------------------------------------------
// Build.

function findTs(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const found: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) found.push(...findTs(full));
    else if (name.endsWith('.ts')) found.push(full);
  }
  return found;
}

/** The bench modules alone, with the options scripts/build.mjs uses for test bundles. */
async function bundleBenchOnly(): Promise<void> {
  const esbuild = await import('esbuild');
  const entries = findTs(join(root, 'test/bench')).map((file) => relative(root, file));
  await esbuild.build({
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: true,
    logLevel: 'warning',
    define: { 'import.meta.url': 'importMetaUrl' },
    banner: { js: "const importMetaUrl = require('url').pathToFileURL(__filename).href;" },
    entryPoints: Object.fromEntries(entries.map((file) => [file.replace(/\.ts$/, ''), file])),
    outdir: join(root, 'out'),
    external: ['vscode', 'mocha', '@astral-sh/ruff-wasm-nodejs', 'playwright-core'],
  });
}

function runBuild(args: string[]): { ok: boolean; output: string } {
  const result = spawnSync(process.execPath, [join(root, 'scripts/build.mjs'), ...args], { cwd: root, encoding: 'utf8' });
  return { ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}`.trim() };
}

async function build(): Promise<void> {
  console.log('Building (node scripts/build.mjs --tests)…');
  const full = runBuild(['--tests']);
  if (full.ok) return;
  // Someone else's test file may be mid-edit: build the bundles and the bench modules alone.
  console.log(`  the full build failed; building dist/ and the bench modules alone. Its output:\n${indent(tail(full.output, 20), '    ')}`);
  const distOnly = runBuild([]);
  if (!distOnly.ok)
    console.log(`  node scripts/build.mjs failed too; items needing dist/ will fail:\n${indent(tail(distOnly.output, 20), '    ')}`);
  await bundleBenchOnly();
}

function tail(text: string, lines: number): string {
  return text.split('\n').slice(-lines).join('\n');
}

function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((line) => prefix + line)
    .join('\n');
}

// ---------------------------------------------------------------------------------------------
// Running the items.

/** Runs one bench module in its own process group (killed whole at the deadline). */
function runModule(item: Item & { module: string }, quick: boolean): Promise<BenchResult> {
  const file = join(root, 'out/test/bench', item.module);
  if (!existsSync(file)) {
    return Promise.resolve(failed(item, `${relative(root, file)} is missing: the bench modules were not built`));
  }
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, [file, ...(quick ? ['--quick'] : [])], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let result: BenchResult | null = null;
    let buffered = '';
    let stderrTail = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (text: string) => {
      buffered += text;
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        if (line.startsWith(RESULT_MARKER)) result = JSON.parse(line.slice(RESULT_MARKER.length)) as BenchResult;
        else if (line.trim()) process.stdout.write(`  ${line}\n`);
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => {
      stderrTail = (stderrTail + text).slice(-4000);
      process.stderr.write(text);
    });
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
      result = failed(item, `did not finish within ${item.timeoutMs / 1000} s`);
    }, item.timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const done: BenchResult = result ?? failed(item, `exited (${signal ?? `code ${code}`}) without a result:\n${tail(stderrTail, 15)}`);
      done.seconds ??= (Date.now() - started) / 1000;
      resolve(done);
    });
  });
}

function failed(item: Item, reason: string): BenchResult {
  return { number: item.number, id: item.id, title: item.title, status: 'failed', reason, figures: [], notes: [] };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function ms(value: number): string {
  return value >= 10 ? `${value.toFixed(1)} ms` : `${value.toFixed(2)} ms`;
}

/** Item 7: the extension's own activationTimeMs() read in a real VS Code, once per fresh host. */
async function runActivation(item: Item, quick: boolean): Promise<BenchResult> {
  const started = Date.now();
  const suitePath = join(root, 'out/test/bench/vscode/index.js');
  const host = readJson(join(hostDir, 'host-complete.json'));
  if (!host) {
    return { ...failed(item, ''), status: 'skipped', reason: 'the offline VS Code host is not installed (npm run host installs it)' };
  }
  if (!existsSync(suitePath)) return failed(item, `${relative(root, suitePath)} is missing: the bench modules were not built`);
  if (!existsSync(join(root, 'dist/extension.js'))) return failed(item, 'dist/extension.js is missing: run node scripts/build.mjs');
  const runs = quick ? 1 : 3;
  const activation: number[] = [];
  const openToActive: number[] = [];
  for (let i = 0; i < runs; i++) {
    const lines: string[] = [];
    const outcome = await runIntegration({
      suitePath,
      print: (line) => void lines.push(line),
      timeoutMs: Math.floor(item.timeoutMs / runs),
    });
    const line = lines.find((text) => text.startsWith(ACTIVATION_MARKER));
    const figures = line
      ? (JSON.parse(line.slice(ACTIVATION_MARKER.length)) as { activationMs: number; openToActiveMs: number; error?: string })
      : null;
    if (!figures || figures.error || outcome.exitCode !== 0) {
      return failed(item, `run ${i + 1}: ${figures?.error ?? outcome.error ?? 'no figure reported'}\n${tail(lines.join('\n'), 15)}`);
    }
    activation.push(figures.activationMs);
    openToActive.push(figures.openToActiveMs);
    process.stderr.write(
      `  activation: VS Code ${i + 1}/${runs}: activate() ${ms(figures.activationMs)}, open -> active ${ms(figures.openToActiveMs)}\n`,
    );
  }
  const spread = (values: number[]): string =>
    `median of ${values.length} fresh VS Code windows; min ${ms(Math.min(...values))}, max ${ms(Math.max(...values))}`;
  const activationMedian = median(activation);
  return {
    number: item.number,
    id: item.id,
    title: item.title,
    status: 'ok',
    figures: [
      {
        label: 'activate() until it returns (the API\u2019s activationTimeMs(); server start not counted)',
        value: ms(activationMedian),
        raw: activationMedian,
        unit: 'ms',
        detail: spread(activation),
        target: '< 50 ms',
        pass: activationMedian < 50,
      },
      {
        label: 'Context: opening a .py file until the extension is active (loading dist/extension.js included)',
        value: ms(median(openToActive)),
        raw: median(openToActive),
        unit: 'ms',
        detail: spread(openToActive),
      },
    ],
    notes: [
      `VS Code ${String(host.vscode)} (offline server host) with Debian's chromium as the window, through scripts/lib/integration.ts; suite test/bench/vscode/index.ts opens test/fixtures/workspace/jobs/backup.py.`,
    ],
    seconds: (Date.now() - started) / 1000,
  };
}

// ---------------------------------------------------------------------------------------------
// Printing and the doc.

function verdict(figure: Figure): string {
  if (figure.target === undefined) return '';
  return figure.pass ? 'PASS' : 'MISS';
}

function printResult(result: BenchResult): void {
  console.log(
    `\n${result.number}. ${result.title}  [${result.status}${result.seconds !== undefined ? `, ${Math.round(result.seconds)} s` : ''}]`,
  );
  if (result.status !== 'ok') console.log(indent(result.reason ?? '', '   '));
  const width = Math.min(90, Math.max(0, ...result.figures.map((f) => f.label.length)));
  for (const figure of result.figures) {
    const target = figure.target !== undefined ? `  target ${figure.target}  ${verdict(figure)}` : '';
    console.log(`   ${figure.label.padEnd(width)}  ${figure.value}${target}`);
    if (figure.detail) console.log(`       ${figure.detail}`);
  }
  for (const note of result.notes) console.log(`   - ${note}`);
  if (result.console) console.log(indent(result.console, '   '));
}

function escapeCell(text: unknown): string {
  return String(text).replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function resultMarkdown(result: BenchResult, machine: Machine, when: string): string {
  const lines = [
    `_Measured ${when} on ${machineLine(machine)}; load average at start ${loadText(machine.loadStart)}; took ${Math.round(result.seconds ?? 0)} s._`,
    '',
  ];
  if (result.status !== 'ok') {
    lines.push(`**${result.status === 'skipped' ? 'Skipped' : 'Could not run'}:** ${escapeCell((result.reason ?? '').split('\n')[0])}`, '');
  }
  if (result.figures.length > 0) {
    lines.push('| Figure | Value | Target | Result | Spread |', '| --- | --- | --- | --- | --- |');
    for (const figure of result.figures) {
      lines.push(
        `| ${escapeCell(figure.label.trim())} | ${escapeCell(figure.value)} | ${escapeCell(figure.target ?? '')} | ${verdict(figure)} | ${escapeCell(figure.detail ?? '')} |`,
      );
    }
    lines.push('');
  }
  for (const note of result.notes) lines.push(`- ${note}`);
  if (result.notes.length > 0) lines.push('');
  if (result.markdown) lines.push(result.markdown.trim(), '');
  return lines.join('\n').trim();
}

/** Replaces each item's block between its markers (appending a section when the doc has none). */
function updateDoc(results: BenchResult[], machine: Machine, when: string): void {
  let doc = existsSync(docPath) ? readFileSync(docPath, 'utf8') : '# Benchmarks\n';
  const summaryStart = '<!-- bench:summary:start -->';
  const summaryEnd = '<!-- bench:summary:end -->';
  for (const result of results) {
    const start = `<!-- bench:${result.id}:start -->`;
    const end = `<!-- bench:${result.id}:end -->`;
    const block = `${start}\n${resultMarkdown(result, machine, when)}\n${end}`;
    const from = doc.indexOf(start);
    const to = doc.indexOf(end);
    if (from >= 0 && to > from) doc = doc.slice(0, from) + block + doc.slice(to + end.length);
    else doc = `${doc.trimEnd()}\n\n## ${result.number}. ${result.title}\n\n${block}\n`;
  }
  // The summary lists one run's figures side by side: only a run of every item replaces it.
  const from = doc.indexOf(summaryStart);
  const to = doc.indexOf(summaryEnd);
  if (from >= 0 && to > from && results.length === ITEMS.length) {
    const rows = ['| Item | Figure | Value | Target | Result |', '| --- | --- | --- | --- | --- |'];
    for (const result of results) {
      for (const figure of result.figures.filter((f) => f.target !== undefined)) {
        rows.push(
          `| ${result.number}. ${escapeCell(result.title)} | ${escapeCell(figure.label.trim())} | ${escapeCell(figure.value)} | ${escapeCell(figure.target)} | ${verdict(figure)} |`,
        );
      }
      if (result.status !== 'ok') rows.push(`| ${result.number}. ${escapeCell(result.title)} | ${result.status} | | | |`);
      else if (!result.figures.some((f) => f.target !== undefined))
        rows.push(`| ${result.number}. ${escapeCell(result.title)} | reported below, no target | | | |`);
    }
    const header = `_Last full run ${when}: ${machineLine(machine)}._`;
    doc = doc.slice(0, from) + `${summaryStart}\n${header}\n\n${rows.join('\n')}\n${summaryEnd}` + doc.slice(to + summaryEnd.length);
  }
  writeFileSync(docPath, doc.endsWith('\n') ? doc : doc + '\n');
}

// ---------------------------------------------------------------------------------------------

const options = parseArgs(process.argv.slice(2));
const selected = ITEMS.filter((item) => !options.only || options.only.some((w) => w === String(item.number) || w === item.id));
const started = Date.now();
const machine = describeMachine();
console.log(`PyOps benchmarks${options.quick ? ' (quick: fewer repetitions, figures not published)' : ''}`);
console.log(`Machine: ${machineLine(machine)}`);
console.log(`Chromium: ${machine.chromium}; VS Code host: ${machine.vscode}; load average ${loadText(machine.loadStart)}`);
console.log('Shared machines are noisy: compare each figure with its peer from the same run, not with other runs.\n');

if (options.build) await build();

const results: BenchResult[] = [];
for (const item of selected) {
  console.log(`\n== ${item.number}. ${item.title} ==`);
  const module = item.module;
  const result = module ? await runModule({ ...item, module }, options.quick) : await runActivation(item, options.quick);
  results.push(result);
  printResult(result);
}

const loadEnd = os.loadavg();
const targets = results.flatMap((r) => r.figures.filter((f) => f.target !== undefined));
const missed = targets.filter((f) => !f.pass);
const notRun = results.filter((r) => r.status !== 'ok');
console.log(`\n== Summary (${Math.round((Date.now() - started) / 1000)} s; load average at end ${loadText(loadEnd)}) ==`);
for (const result of results) {
  const marks = result.figures.filter((f) => f.target !== undefined).map((f) => `${f.value} (target ${f.target}) ${verdict(f)}`);
  console.log(
    `${result.number}. ${result.title}: ${result.status === 'ok' ? marks.join('; ') || 'reported' : result.status.toUpperCase()}`,
  );
}
console.log(
  `${targets.length - missed.length} of ${targets.length} targets met${notRun.length ? `; ${notRun.length} item(s) not run: ${notRun.map((r) => `${r.number} (${r.status})`).join(', ')}` : ''}`,
);

if (options.doc) {
  const when = new Date()
    .toISOString()
    .replace(/\.\d+Z$/, ' UTC')
    .replace('T', ' ');
  updateDoc(results, machine, when);
  console.log(`Figures written to ${relative(root, docPath)}`);
}
process.exitCode = results.some((r) => r.status === 'failed') ? 1 : 0;
