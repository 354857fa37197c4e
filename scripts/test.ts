// Runs every test layer (unit, server, package, vsix, integration in a real VS Code) and prints
// one closing line "N passed, N failed". Usage: npm test [-- unit|server|package|vsix|integration ...]
// (that is, node out/scripts/test.mjs after node scripts/build.mjs --scripts).
// The `corpus` layer (not part of a plain run) runs the heavy tests in full: see HEAVY_TESTS.
import { spawnSync } from 'node:child_process';
import { accessSync, constants as fsConstants, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { runIntegration } from './lib/integration';
import { root } from './lib/paths';
import { ensureHost, installVsix } from './lib/vscodeHost';

interface LayerResult {
  layer: string;
  passed: number;
  failed: number;
}

const requested = process.argv.slice(2);
const layers = requested.length > 0 ? requested : ['unit', 'server', 'package', 'vsix', 'integration'];

/** Whether an executable is on PATH (or, for an absolute name, exists). */
function onPath(name: string): boolean {
  const candidates = name.startsWith('/')
    ? [name]
    : (process.env.PATH ?? '')
        .split(delimiter)
        .filter(Boolean)
        .map((dir) => join(dir, name));
  return candidates.some((file) => {
    try {
      accessSync(file, fsConstants.X_OK);
      return statSync(file).isFile();
    } catch {
      return false;
    }
  });
}

/**
 * What the requested layers need from the machine, checked before anything runs, so a missing
 * package is reported at once rather than after the other layers. `bash .ci/run` installs them.
 */
function missingTools(): { tool: string; pkg: string; why: string }[] {
  const needs = [{ tool: 'python3', pkg: 'python3', why: 'the profiler and snippet tests run real Python' }];
  if (layers.some((layer) => layer === 'vsix' || layer === 'integration')) {
    needs.push(
      { tool: '/usr/bin/chromium', pkg: 'chromium', why: 'the real VS Code layers show VS Code in Chromium' },
      { tool: 'rg', pkg: 'ripgrep', why: "VS Code's search needs ripgrep" },
    );
  }
  return needs.filter((need) => !onPath(need.tool));
}

const missing = missingTools();
if (missing.length > 0) {
  console.error('npm test needs these Debian packages, which are not installed:');
  for (const need of missing) console.error(`  ${need.pkg.padEnd(10)} ${need.why}`);
  console.error(`Install them with: sudo apt-get install -y ${missing.map((need) => need.pkg).join(' ')}`);
  console.error('or run `bash .ci/run`, which installs them (as root or through sudo) and then runs every test.');
  console.error('To run only the layers that need none of them: npm run test:unit, npm run test:server.');
  console.log('0 passed, 1 failed');
  process.exit(1);
}

function run(command: string, args: string[], extraEnv: Record<string, string> = {}): number {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...extraEnv } });
  return result.status ?? 1;
}

function step(title: string, command: string, args: string[]): void {
  console.log(`\n== ${title} ==`);
  if (run(command, args) !== 0) {
    console.error(`${title} failed.`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
}

/** Tests that run on a sample in the unit layer and on everything in the `corpus` layer (PYOPS_TEST_FULL=1). */
const HEAVY_TESTS = [
  'out/test/unit/cli/fixCorpus.test.js',
  'out/test/unit/core/diagnostics/incremental.test.js',
  'out/test/unit/core/python/commentLines.test.js',
  'out/test/unit/core/python/quickSyntax.test.js',
];

function runMocha(layer: string, pattern: string | string[], extraEnv: Record<string, string> = {}): LayerResult {
  const statsDir = mkdtempSync(join(tmpdir(), 'pyops-stats-'));
  const statsFile = join(statsDir, 'stats.json');
  const status = run(
    process.execPath,
    [
      join(root, 'node_modules/mocha/bin/mocha.js'),
      '--reporter',
      join(root, 'out/scripts/mocha-stats-reporter.cjs'),
      '--timeout',
      '60000',
      ...[pattern].flat(),
    ],
    { PYOPS_MOCHA_STATS: statsFile, ...extraEnv },
  );
  const stats = existsSync(statsFile)
    ? (JSON.parse(readFileSync(statsFile, 'utf8')) as { passed: number; failed: number })
    : { passed: 0, failed: 1 };
  rmSync(statsDir, { recursive: true, force: true });
  if (status !== 0 && stats.failed === 0) stats.failed = 1; // mocha itself failed (e.g. a load error)
  return { layer, ...stats };
}

step('Type check', process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', '.']);
step('Lint', process.execPath, [join(root, 'node_modules/eslint/bin/eslint.js'), '.']);
step('Format', process.execPath, [join(root, 'node_modules/prettier/bin/prettier.cjs'), '--check', '.']);
step('Build', process.execPath, [join(root, 'scripts/build.mjs'), '--tests']);

const results: LayerResult[] = [];
for (const layer of layers) {
  console.log(`\n== ${layer} tests ==`);
  if (layer === 'unit') results.push(runMocha(layer, 'out/test/unit/**/*.test.js'));
  else if (layer === 'server') results.push(runMocha(layer, 'out/test/server/**/*.test.js'));
  else if (layer === 'corpus') results.push(runMocha(layer, HEAVY_TESTS, { PYOPS_TEST_FULL: '1' }));
  else if (layer === 'package') {
    // Builds the production bundles and the VSIX that the package tests inspect.
    if (run('npm', ['run', 'package', '--', '--out', 'out/pyops.vsix']) !== 0) results.push({ layer, passed: 0, failed: 1 });
    else results.push(runMocha(layer, 'out/test/package/**/*.test.js'));
  } else if (layer === 'vsix') {
    // Installs the packaged VSIX into a fresh extensions folder and runs a suite against that copy.
    const extensionsDir = mkdtempSync(join(tmpdir(), 'pyops-vsix-'));
    try {
      await ensureHost();
      await installVsix(join(root, 'out/pyops.vsix'), extensionsDir);
      const installed = readdirSync(extensionsDir).find((name) => name.startsWith('pyops.pyops-'));
      if (!installed) throw new Error(`the VSIX did not install into ${extensionsDir}`);
      const outcome = await runIntegration({
        extensionPath: join(extensionsDir, installed),
        suitePath: join(root, 'out/test/vsix/index.js'),
        workspace: join(root, 'test/fixtures/workspace'),
      });
      results.push({ layer, passed: outcome.passed, failed: outcome.exitCode !== 0 && outcome.failed === 0 ? 1 : outcome.failed });
    } catch (error) {
      console.error(`vsix layer: ${error instanceof Error ? error.message : String(error)}`);
      results.push({ layer, passed: 0, failed: 1 });
    } finally {
      rmSync(extensionsDir, { recursive: true, force: true });
    }
  } else if (layer === 'integration') {
    const outcome = await runIntegration({
      extensionPath: root,
      suitePath: join(root, 'out/test/integration/index.js'),
      workspace: join(root, 'test/fixtures/workspace'),
    });
    results.push({ layer, passed: outcome.passed, failed: outcome.exitCode !== 0 && outcome.failed === 0 ? 1 : outcome.failed });
  } else {
    console.error(`Unknown test layer "${layer}". Use unit, server, package, vsix, integration or corpus.`);
    process.exit(2);
  }
}

console.log('\n== Summary ==');
let passed = 0;
let failed = 0;
let empty = false;
for (const r of results) {
  console.log(`${r.layer}: ${r.passed} passed, ${r.failed} failed`);
  passed += r.passed;
  failed += r.failed;
  if (r.passed + r.failed === 0) {
    console.error(`The ${r.layer} layer ran no test.`);
    empty = true;
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || empty ? 1 : 0);
