// What the build ships matches the source: the compiled snippet file (written by
// `node scripts/build.mjs`), the generated tables, and the build step's own behaviour on good and
// broken sources.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  readSnippetCatalog,
  renderSnippetTable,
  replaceSnippetTable,
  TABLE_END,
  TABLE_START,
  type VsCodeSnippet,
} from '../../../../src/core/snippets';
import { repoRoot } from '../../../helpers/repoRoot';
import { loadLibrary } from './library';

const COMPILED = join(repoRoot, 'dist/snippets/python.code-snippets');

describe('compiled snippet file', () => {
  const { families } = loadLibrary();

  function compiled(): Record<string, VsCodeSnippet> {
    assert.ok(existsSync(COMPILED), `${COMPILED} is missing: run node scripts/build.mjs first`);
    return JSON.parse(readFileSync(COMPILED, 'utf8')) as Record<string, VsCodeSnippet>;
  }

  it('holds every source snippet, in source order, with its prefix, description and body', () => {
    const entries = Object.entries(compiled());
    const sources = families.flatMap((family) => family.snippets.map((snippet) => ({ family, snippet })));
    assert.equal(entries.length, sources.length);
    sources.forEach(({ family, snippet }, i) => {
      const [key, entry] = entries[i] ?? assert.fail(`no compiled entry for ${snippet.prefix}`);
      assert.equal(key, `${family.title}: ${snippet.name}`);
      assert.equal(entry.prefix, snippet.prefix);
      assert.equal(entry.description, snippet.description.trim());
      assert.equal(entry.body.join('\n') + '\n', snippet.body, `${snippet.prefix}: body differs`);
      assert.equal(entry.scope, 'python');
    });
  });

  it('reads back into the picker families with their titles, in source order', () => {
    const catalog = readSnippetCatalog(readFileSync(COMPILED, 'utf8'));
    assert.deepEqual(
      catalog.map((family) => [family.id, family.title, family.snippets.length]),
      families.map((family) => [family.id, family.title, family.snippets.length]),
    );
  });
});

describe('generated snippet tables', () => {
  const table = renderSnippetTable(loadLibrary().families);

  it('docs/snippets.md has the markers and a current table', () => {
    const text = readFileSync(join(repoRoot, 'docs/snippets.md'), 'utf8');
    assert.ok(text.includes(TABLE_START) && text.includes(TABLE_END), 'docs/snippets.md lacks the table markers');
    // A boolean check: the full diff of two whole pages would bury the message.
    assert.ok(replaceSnippetTable(text, table) === text, 'stale table in docs/snippets.md: run node scripts/build-snippets.mjs --readme');
  });

  it('README.md, where it has the markers, has a current table', () => {
    const readme = join(repoRoot, 'README.md');
    const text = existsSync(readme) ? readFileSync(readme, 'utf8') : '';
    const next = replaceSnippetTable(text, table);
    if (next !== undefined) assert.ok(next === text, 'stale table in README.md: run node scripts/build-snippets.mjs --readme');
    else assert.ok(!text.includes(TABLE_START), 'README.md has a start marker without an end marker');
  });
});

describe('scripts/build-snippets.mjs', function () {
  this.timeout(60_000);
  let root: string;
  const script = pathToFileURL(join(repoRoot, 'scripts/build-snippets.mjs')).href;
  const source = `family: net
title: Network
snippets:
  - prefix: ops-net-ping
    name: ping
    description: Ping a host once with a timeout.
    body: |
      subprocess.run(["ping", "-c", "1", \${1:host}], check=True, timeout=\${2:5})
      $0
`;

  /** Runs one of the script's exported functions in a fresh Node, as scripts/build.mjs does. */
  function runScript(call: string): { status: number | null; stdout: string; stderr: string } {
    const code = `import * as m from ${JSON.stringify(script)};\nconst result = await m.${call};\nconsole.log(JSON.stringify(result));`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8', timeout: 50_000 });
    if (run.error) throw run.error;
    return { status: run.status, stdout: run.stdout, stderr: run.stderr };
  }

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'pyops-snippets-'));
    mkdirSync(join(root, 'snippets'));
    mkdirSync(join(root, 'docs'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('compiles the sources of a root into its dist/snippets/python.code-snippets', () => {
    writeFileSync(join(root, 'snippets/net.yaml'), source);
    const run = runScript(`buildSnippets({ root: ${JSON.stringify(root)}, production: true })`);
    assert.equal(run.status, 0, run.stderr);
    const written = readFileSync(join(root, 'dist/snippets/python.code-snippets'), 'utf8');
    assert.deepEqual(JSON.parse(written), {
      'Network: ping': {
        prefix: 'ops-net-ping',
        description: 'Ping a host once with a timeout.',
        body: ['subprocess.run(["ping", "-c", "1", ${1:host}], check=True, timeout=${2:5})', '$0'],
        scope: 'python',
      },
    });
  });

  it('fails the build listing every problem by file and line', () => {
    const broken = source.replace('    description: Ping a host once with a timeout.\n', '').replace('check=True', 'env="$ X", check=True');
    writeFileSync(join(root, 'snippets/net.yaml'), broken);
    writeFileSync(join(root, 'snippets/more.yaml'), source.replace('family: net', 'family: more').replace('title: Network', 'title: More'));
    const run = runScript(`buildSnippets({ root: ${JSON.stringify(root)} })`);
    assert.notEqual(run.status, 0);
    assert.match(run.stderr, /Snippet source has 3 problem\(s\):/);
    assert.match(run.stderr, /snippets\/net\.yaml:4:5: missing "description"/);
    assert.match(run.stderr, /snippets\/net\.yaml:7:\d+: ops-net-ping: a "\$" that starts no tab stop/);
    assert.match(run.stderr, /snippets\/more\.yaml:4:13: prefix "ops-net-ping" must be "ops-more-"/);
    assert.ok(!existsSync(join(root, 'dist/snippets/python.code-snippets')), 'a broken source still produced a snippet file');
  });

  it('regenerates the tables between the markers, and in check mode only reports them stale', () => {
    writeFileSync(join(root, 'snippets/net.yaml'), source);
    const readme = `# Tool\n\n${TABLE_START}\nold\n${TABLE_END}\n`;
    writeFileSync(join(root, 'README.md'), readme);
    writeFileSync(join(root, 'docs/snippets.md'), '# Snippets without markers\n');

    const check = runScript(`updateSnippetTables({ root: ${JSON.stringify(root)}, check: true })`);
    assert.equal(check.status, 0, check.stderr);
    assert.deepEqual(JSON.parse(check.stdout), { updated: [], current: [], stale: ['README.md'], missingMarkers: ['docs/snippets.md'] });
    assert.equal(readFileSync(join(root, 'README.md'), 'utf8'), readme);

    const update = runScript(`updateSnippetTables({ root: ${JSON.stringify(root)} })`);
    assert.deepEqual(JSON.parse(update.stdout), { updated: ['README.md'], current: [], stale: [], missingMarkers: ['docs/snippets.md'] });
    const text = readFileSync(join(root, 'README.md'), 'utf8');
    assert.match(text, /\| `ops-net-ping` \| 3\.8\+ \| Linux, macOS, Windows \| Ping a host once with a timeout\. \|/);
    assert.doesNotMatch(text, /\nold\n/);
  });
});
