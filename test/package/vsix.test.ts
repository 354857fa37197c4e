// Opens the VSIX built by `npm run package` and checks that it holds everything the extension
// loads at run time, and nothing else (no sources, tests, node_modules or source maps).
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../helpers/repoRoot';

const vsixPath = join(repoRoot, 'out/pyops.vsix');

function listEntries(zipPath: string): string[] {
  const script = 'import sys, zipfile; print("\\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))';
  return execFileSync('python3', ['-c', script, zipPath], { encoding: 'utf8' }).split('\n').filter(Boolean);
}

function filesUnder(dir: string): string[] {
  const abs = join(repoRoot, dir);
  if (!existsSync(abs)) return [];
  return readdirSync(abs).flatMap((name) => {
    const rel = `${dir}/${name}`;
    return statSync(join(repoRoot, rel)).isDirectory() ? filesUnder(rel) : [rel];
  });
}

describe('VSIX package', () => {
  let entries: string[] = [];
  before(() => {
    assert.ok(existsSync(vsixPath), `${vsixPath} was not built`);
    entries = listEntries(vsixPath)
      .filter((e) => e.startsWith('extension/'))
      .map((e) => e.slice('extension/'.length));
  });

  it('is under 2 MB', () => {
    const size = statSync(vsixPath).size;
    assert.ok(size < 2 * 1024 * 1024, `VSIX is ${(size / 1024 / 1024).toFixed(2)} MB`);
  });

  it('holds the bundles, grammars and assets loaded at run time', () => {
    const required = [
      'package.json',
      'README.md',
      'LICENSE.txt',
      'dist/extension.js',
      'dist/server.js',
      'dist/cli.js',
      'dist/checkWorker.js',
      'dist/webview/profileView.js',
      'dist/tree-sitter.wasm',
      'dist/tree-sitter-python.wasm',
      'media/icon.png',
    ];
    // Every shipped Python helper, snippet file and rule page, as the build produces them.
    const produced = [...filesUnder('dist/python'), ...filesUnder('dist/snippets'), ...filesUnder('docs/rules')].filter(
      (f) => !f.includes('__pycache__'),
    );
    const lower = new Set(entries.map((e) => e.toLowerCase()));
    for (const file of [...required, ...produced]) assert.ok(lower.has(file.toLowerCase()), `missing ${file}`);
  });

  it('keeps out sources, tests, node_modules and source maps', () => {
    const unwanted = entries.filter(
      (e) => /^(src|test|out|scripts|node_modules|examples|\.cache|\.vscode)\//.test(e) || /\.(ts|map)$/.test(e) || e.endsWith('.vsix'),
    );
    assert.deepEqual(unwanted, []);
  });

  it('declares a manifest that VS Code accepts for a bundled extension', () => {
    const manifest = JSON.parse(
      execFileSync(
        'python3',
        ['-c', 'import sys, zipfile; sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read("extension/package.json").decode())', vsixPath],
        { encoding: 'utf8' },
      ),
    ) as {
      main: string;
      activationEvents: string[];
      engines: { vscode: string };
    };
    assert.equal(manifest.main, './dist/extension.js');
    assert.ok(!manifest.activationEvents.includes('*'), 'never activates on *');
    assert.equal(manifest.engines.vscode, '^1.100.0');
  });
});
