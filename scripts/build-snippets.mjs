// Compiles snippets/*.yaml into dist/snippets/python.code-snippets, failing on any problem in the
// source. The checks live in src/core/snippets (TypeScript, unit-tested); this script bundles that
// module in memory with esbuild so the build and the tests share one implementation.
//
// Called by scripts/build.mjs. Run directly to rebuild the snippet file and, with --readme, the
// snippet table between the markers in README.md and docs/snippets.md:
//   node scripts/build-snippets.mjs [--readme] [--check-readme]
// --check-readme exits 1 when a table is out of date (for CI), without writing it.
import * as esbuild from 'esbuild';
import { mkdirSync, readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const SNIPPET_OUTPUT = 'dist/snippets/python.code-snippets';
/** This repository, which holds the checking code (the sources may come from another root). */
const toolRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Files whose snippet table is regenerated, relative to the root; README.md is the lead's. */
export const TABLE_FILES = ['README.md', 'docs/snippets.md'];

/** Loads src/core/snippets/index.ts, compiled on the fly. */
async function loadSnippetLib() {
  const result = await esbuild.build({
    entryPoints: [join(toolRoot, 'src/core/snippets/index.ts')],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'silent',
    // Bundled CommonJS dependencies may require() Node built-ins, which ESM lacks.
    banner: { js: `import { createRequire } from 'node:module'; const require = createRequire(${JSON.stringify(import.meta.url)});` },
  });
  const code = result.outputFiles[0].text;
  return import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
}

/** Reads every snippets/*.yaml in name order and checks it; throws listing all problems. */
async function loadChecked(root) {
  const lib = await loadSnippetLib();
  const dir = join(root, 'snippets');
  const names = existsSync(dir)
    ? readdirSync(dir)
        .filter((n) => /\.ya?ml$/.test(n))
        .sort()
    : [];
  if (names.length === 0) throw new Error(`No snippet sources: expected snippets/*.yaml under ${root}`);
  const files = names.map((name) => ({ path: `snippets/${name}`, text: readFileSync(join(dir, name), 'utf8') }));
  const { families, problems } = lib.loadSnippetSources(files);
  if (problems.length > 0) {
    const list = problems.map((p) => `  ${lib.formatProblem(p)}`).join('\n');
    throw new Error(`Snippet source has ${problems.length} problem(s):\n${list}`);
  }
  return { lib, families };
}

/** The build step: writes dist/snippets/python.code-snippets. */
export async function buildSnippets({ root, production = false }) {
  const { lib, families } = await loadChecked(root);
  const json = lib.compileSnippets(families);
  const out = join(root, SNIPPET_OUTPUT);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(json, null, production ? 0 : 2)}\n`);
  return { families, count: Object.keys(json).length, output: out };
}

/**
 * Regenerates (or, with check, compares) the snippet table in each of TABLE_FILES that has the
 * markers. Returns the files it updated, those already current, and those without markers.
 */
export async function updateSnippetTables({ root, check = false }) {
  const { lib, families } = await loadChecked(root);
  const table = lib.renderSnippetTable(families);
  const report = { updated: [], current: [], stale: [], missingMarkers: [] };
  for (const rel of TABLE_FILES) {
    const file = join(root, rel);
    const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
    const next = lib.replaceSnippetTable(text, table);
    if (next === undefined) report.missingMarkers.push(rel);
    else if (next === text) report.current.push(rel);
    else if (check) report.stale.push(rel);
    else {
      writeFileSync(file, next);
      report.updated.push(rel);
    }
  }
  return report;
}

async function cli(argv) {
  const root = toolRoot;
  const { count, output } = await buildSnippets({ root, production: false });
  console.log(`Compiled ${count} snippets into ${output}`);
  if (!argv.includes('--readme') && !argv.includes('--check-readme')) return 0;
  const check = argv.includes('--check-readme');
  const report = await updateSnippetTables({ root, check });
  for (const rel of report.updated) console.log(`Updated the snippet table in ${rel}`);
  for (const rel of report.current) console.log(`The snippet table in ${rel} is current`);
  for (const rel of report.missingMarkers) {
    console.warn(`${rel} has no <!-- snippets:start --> / <!-- snippets:end --> markers; its table was not written`);
  }
  for (const rel of report.stale) console.error(`The snippet table in ${rel} is out of date: run node scripts/build-snippets.mjs --readme`);
  return report.stale.length > 0 ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  cli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      console.error(err.message);
      process.exit(1);
    },
  );
}
