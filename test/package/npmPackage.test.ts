// The npm package as a user gets it: `npm pack`, installed into an empty folder with no network and
// an empty npm cache, then `npx pyops check`, `npx pyops profile` and `npx pyops server --stdio` there.
import * as assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../helpers/repoRoot';
import { waitFor } from '../helpers/waitFor';
import { startServer } from '../server/lspClient';

describe('npm package', function () {
  this.timeout(180_000);
  let work: string;
  let tarball: string;
  let packStdout: string;
  let project: string;
  /** npm and npx with no network and a cache of their own (empty), so nothing can be fetched. */
  let offlineEnv: NodeJS.ProcessEnv;

  function run(command: string, args: string[], cwd: string): SpawnSyncReturns<string> {
    const result = spawnSync(command, args, { cwd, env: offlineEnv, encoding: 'utf8', timeout: 120_000 });
    if (result.error) throw result.error;
    return result;
  }

  before(() => {
    work = mkdtempSync(join(tmpdir(), 'pyops-npm-'));
    offlineEnv = {
      ...process.env,
      npm_config_cache: join(work, 'npm-cache'),
      npm_config_offline: 'true',
      npm_config_audit: 'false',
      npm_config_fund: 'false',
      npm_config_update_notifier: 'false',
    };
    const pack = run('npm', ['pack', '--pack-destination', work], repoRoot);
    assert.equal(pack.status, 0, `npm pack failed:\n${pack.stderr}`);
    packStdout = pack.stdout;
    tarball = join(
      work,
      readdirSync(work).find((name) => name.endsWith('.tgz'))!,
    );
    project = join(work, 'project');
    mkdirSync(project);
    const install = run('npm', ['install', tarball], project);
    assert.equal(install.status, 0, `npm install of the tarball failed offline:\n${install.stdout}\n${install.stderr}`);
  });

  after(() => rmSync(work, { recursive: true, force: true }));

  it('prints only the tarball name on stdout when packed (pre-commit installs hooks from that line)', () => {
    const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { name: string; version: string };
    assert.equal(packStdout, `${manifest.name}-${manifest.version}.tgz\n`);
  });

  it('is a tarball under 3 MB holding the CLI, the server, the grammars, the profiler helper and the rule pages', () => {
    const size = statSync(tarball).size;
    assert.ok(size < 3 * 1024 * 1024, `tarball is ${(size / 1024 / 1024).toFixed(2)} MB`);
    const entries = run('tar', ['-tzf', tarball], work)
      .stdout.split('\n')
      .filter(Boolean)
      .map((e) => e.replace(/^package\//, ''));
    for (const file of [
      'package.json',
      'README.md',
      'LICENSE',
      'dist/cli.js',
      'dist/checkWorker.js',
      'dist/server.js',
      'dist/tree-sitter.wasm',
      'dist/tree-sitter-python.wasm',
      'dist/python/pyops_profile.py',
      'docs/rules/OPS101.md',
    ]) {
      assert.ok(entries.includes(file), `missing ${file}`);
    }
    assert.deepEqual(
      entries.filter((e) => /^(src|test|out|scripts|node_modules)\//.test(e) || /\.(ts|map)$/.test(e)),
      [],
    );
  });

  it('installs into an empty folder offline and pulls in no other package', () => {
    assert.deepEqual(
      readdirSync(join(project, 'node_modules')).filter((name) => !name.startsWith('.')),
      ['pyops'],
    );
  });

  it('runs npx pyops check there', () => {
    writeFileSync(join(project, 'deploy.py'), 'import subprocess\n\nsubprocess.run(["ls"], timeout=60)\n');
    const check = run('npx', ['pyops', 'check'], project);
    assert.equal(check.status, 1, check.stderr);
    assert.match(check.stdout, /^deploy\.py:3:1: OPS101 /m);
    assert.doesNotMatch(check.stdout + check.stderr, /file:\/\//);
  });

  it('checks on a worker thread there (--jobs 2), with the worker bundle the package ships', () => {
    writeFileSync(join(project, 'release.py'), 'import subprocess\n\nsubprocess.run(["make"], timeout=60)\n');
    const check = run('npx', ['pyops', 'check', '--jobs', '2', '--no-cache', 'deploy.py', 'release.py'], project);
    assert.equal(check.status, 1, check.stderr);
    assert.match(check.stdout, /^deploy\.py:3:1: OPS101 /m);
    assert.match(check.stdout, /^release\.py:3:1: OPS101 /m);
    assert.equal(check.stderr, '');
  });

  it('runs npx pyops profile there', () => {
    writeFileSync(join(project, 'busy.py'), 'def busy():\n    return sum(range(10000))\n\nbusy()\nprint("done")\n');
    const profile = run('npx', ['pyops', 'profile', '--top', '5', 'busy.py'], project);
    assert.equal(profile.status, 0, profile.stderr);
    assert.match(profile.stdout, /^done$/m);
    assert.match(profile.stdout, /busy\.py:1\(busy\)/);
  });

  it('runs npx pyops server --stdio there, publishing diagnostics to a minimal client', async () => {
    const session = await startServer({
      executable: 'npx',
      command: ['pyops', 'server', '--stdio'],
      cwd: project,
      env: offlineEnv,
      minimal: {},
    });
    try {
      const uri = pathToFileURL(join(project, 'deploy.py')).href;
      await session.connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri, languageId: 'python', version: 1, text: 'import subprocess\n\nsubprocess.run(["ls"], timeout=60)\n' },
      });
      const diagnostics = await waitFor('published diagnostics', () => session.published.get(uri), { timeoutMs: 30_000 });
      assert.deepEqual(
        diagnostics.map((d) => d.code),
        ['OPS101'],
      );
    } finally {
      assert.equal(await session.close(), 0, session.stderr());
    }
  });
});
