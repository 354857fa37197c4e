// Builds every bundle into dist/ (and, with --tests, the test bundles into out/).
// Usage: node scripts/build.mjs [--production] [--watch] [--tests]
//        node scripts/build.mjs --scripts   only the TypeScript scripts (scripts/*.ts -> out/scripts/*.mjs)
// This file and build-snippets.mjs stay JavaScript: they build everything else, scripts included.
import * as esbuild from 'esbuild';
import { cpSync, mkdirSync, rmSync, existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const production = args.has('--production');
const watch = args.has('--watch');
const withTests = args.has('--tests');
const onlyScripts = args.has('--scripts');

// web-tree-sitter's ESM build reads import.meta.url, which is empty once bundled to CommonJS.
const importMetaShim = {
  define: { 'import.meta.url': 'importMetaUrl' },
  banner: { js: "const importMetaUrl = require('url').pathToFileURL(__filename).href;" },
};

const nodeCommon = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  external: ['vscode'],
  ...importMetaShim,
};

/** @type {import('esbuild').BuildOptions[]} */
const builds = [
  { ...nodeCommon, entryPoints: { extension: 'src/extension/extension.ts' }, outdir: 'dist' },
  { ...nodeCommon, entryPoints: { server: 'src/server/server.ts' }, outdir: 'dist' },
  {
    ...nodeCommon,
    entryPoints: { cli: 'src/cli/main.ts' },
    outdir: 'dist',
    banner: { js: '#!/usr/bin/env node\n' + importMetaShim.banner.js },
  },
  { ...nodeCommon, entryPoints: { checkWorker: 'src/cli/checkWorkerMain.ts' }, outdir: 'dist' },
  {
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    sourcemap: !production,
    minify: production,
    logLevel: 'warning',
    entryPoints: { profileView: 'src/webview/profileView.ts' },
    outdir: 'dist/webview',
  },
];

function findTests(dir, pattern) {
  if (!existsSync(join(root, dir))) return [];
  const found = [];
  for (const name of readdirSync(join(root, dir))) {
    const rel = join(dir, name);
    if (statSync(join(root, rel)).isDirectory()) found.push(...findTests(rel, pattern));
    else if (pattern.test(name)) found.push(rel);
  }
  return found;
}

if (withTests) {
  const testEntries = [
    ...findTests('test/unit', /\.test\.ts$/),
    ...findTests('test/server', /\.test\.ts$/),
    ...findTests('test/package', /\.test\.ts$/),
    ...findTests('test/integration', /\.ts$/),
    ...findTests('test/vsix', /\.ts$/),
    ...findTests('test/bench', /\.ts$/),
  ];
  if (testEntries.length > 0) {
    builds.push({
      ...nodeCommon,
      sourcemap: true,
      minify: false,
      entryPoints: Object.fromEntries(testEntries.map((f) => [relative('.', f).replace(/\.ts$/, ''), f])),
      outdir: 'out',
      // Test frameworks and peers stay in node_modules; the code under test is bundled.
      external: ['vscode', 'mocha', '@astral-sh/ruff-wasm-nodejs', 'playwright-core'],
    });
  }
}

function copyAssets() {
  mkdirSync(join(root, 'dist'), { recursive: true });
  cpSync(join(root, 'node_modules/web-tree-sitter/tree-sitter.wasm'), join(root, 'dist/tree-sitter.wasm'));
  cpSync(join(root, 'node_modules/tree-sitter-python/tree-sitter-python.wasm'), join(root, 'dist/tree-sitter-python.wasm'));
  rmSync(join(root, 'dist/python'), { recursive: true, force: true });
  cpSync(join(root, 'src/python'), join(root, 'dist/python'), {
    recursive: true,
    filter: (src) => !src.includes('__pycache__'),
  });
}

/**
 * The scripts in TypeScript (the test runner, the bench, the VS Code host...): each scripts/*.ts is
 * an entry point, bundled with the repository code it imports into an ES module in out/scripts/;
 * npm packages stay external. scripts/lib/ holds what they share.
 */
const scriptsBuild = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  packages: 'external',
  entryPoints: readdirSync(join(root, 'scripts'))
    .filter((name) => name.endsWith('.ts'))
    .map((name) => join(root, 'scripts', name)),
  outdir: join(root, 'out/scripts'),
  outExtension: { '.js': '.mjs' },
};

/** Mocha loads reporters with require() and wants the class itself as the module's export. */
const reporterBuild = {
  ...scriptsBuild,
  format: 'cjs',
  entryPoints: { 'mocha-stats-reporter': join(root, 'scripts/lib/mochaStatsReporter.ts') },
  outExtension: { '.js': '.cjs' },
  footer: { js: 'module.exports = module.exports.SpecWithStats;' },
};

process.chdir(root);
if (onlyScripts) {
  await Promise.all([esbuild.build(scriptsBuild), esbuild.build(reporterBuild)]);
  process.exit(0);
}
if (withTests) builds.push(scriptsBuild, reporterBuild);
if (!watch) rmSync(join(root, 'dist'), { recursive: true, force: true });
// Bundles of test files that were moved or deleted must not run: start out/test afresh.
if (withTests && !watch) rmSync(join(root, 'out/test'), { recursive: true, force: true });
copyAssets();
const extraSteps = [];
if (existsSync(join(root, 'scripts/build-snippets.mjs'))) {
  const { buildSnippets } = await import('./build-snippets.mjs');
  extraSteps.push(buildSnippets);
}
for (const step of extraSteps) await step({ root, production });

if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('[watch] build finished, watching for changes…');
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
