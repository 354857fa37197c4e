// The result cache of `pyops check`, through the built CLI: a second run answers from the cache,
// and nothing that changes a result (the file, the configuration, the PyOps build) ever lets an old
// entry through; a damaged or foreign cache is rebuilt, concurrent runs agree.
//
// To tell a cached answer from a fresh one, the tests forge the cache: every stored message gets a
// FORGED prefix. A run that shows FORGED answered from the cache; one that must not use it may not.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { waitFor } from '../../helpers/waitFor';
import { configHash } from '../../../src/cli/resultCache';
import { DEFAULT_ENGINE_CONFIG, type EngineConfig } from '../../../src/core/diagnostics/types';
import { cliPath, runPyops, type CliResult } from './cliHarness';

const FORGED = 'FORGED';

/** A small project: findings in every file, one of them with a safe fix (raise without from). */
function project(): { dir: string; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'pyops-cache-'));
  writeFileSync(
    join(dir, 'deploy.py'),
    'import subprocess\n\n\ndef sync(target):\n    subprocess.run(["rsync", "-a", "build/", target])\n',
  );
  writeFileSync(
    join(dir, 'cleanup.py'),
    'import os\n\n\ndef cleanup():\n    try:\n        os.remove("/tmp/x.lock")\n    except:\n        pass\n',
  );
  writeFileSync(
    join(dir, 'manifest.py'),
    'def read(path):\n    try:\n        return open(path, encoding="utf-8").read()\n    except OSError as err:\n        raise RuntimeError("no manifest")\n',
  );
  for (let i = 0; i < 12; i++) writeFileSync(join(dir, `job_${i}.py`), `import os\n\nos.system("echo ${i}")\n`);
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

function entryFiles(dir: string, suffix = '.json'): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...entryFiles(path, suffix));
    else if (name.endsWith(suffix)) out.push(path);
  }
  return out;
}

/** Prefixes every cached message with FORGED (the entries stay otherwise valid). */
function forge(cacheDir: string): number {
  const entries = entryFiles(cacheDir);
  for (const file of entries) {
    const entry = JSON.parse(readFileSync(file, 'utf8')) as { findings: { message: string }[] };
    for (const finding of entry.findings) finding.message = `${FORGED} ${finding.message}`;
    writeFileSync(file, JSON.stringify(entry));
  }
  return entries.length;
}

function check(dir: string, ...extra: string[]): CliResult {
  return runPyops(['check', '--format', 'json', ...extra, '.'], dir);
}

/** What a run without any cache says: the truth the cached runs must match. */
function truth(dir: string): CliResult {
  return check(dir, '--no-cache');
}

function assertSameAs(actual: CliResult, expected: CliResult, what: string): void {
  assert.equal(actual.stdout, expected.stdout, what);
  assert.equal(actual.status, expected.status, what);
  assert.equal(actual.stderr, expected.stderr, what);
}

describe('pyops check result cache', function () {
  this.timeout(120_000);
  let tree: ReturnType<typeof project>;
  let cacheDir: string;
  beforeEach(() => {
    tree = project();
    cacheDir = join(tree.dir, '.pyops_cache');
  });
  afterEach(() => tree.dispose());

  it('keeps results in .pyops_cache (ignored by git) and answers a second run from it, output unchanged', () => {
    const first = check(tree.dir);
    assert.equal(first.status, 1, first.stderr);
    assertSameAs(first, truth(tree.dir), 'a cold run with the cache says what a run without it says');
    assert.equal(
      readFileSync(join(cacheDir, '.gitignore'), 'utf8')
        .split('\n')
        .filter((line) => !line.startsWith('#') && line !== '')
        .join(),
      '*',
    );
    assert.ok(readFileSync(join(cacheDir, 'CACHEDIR.TAG'), 'utf8').startsWith('Signature: 8a477f597d28d172789f06886806bc55'));
    assert.equal(entryFiles(cacheDir).length, 15, 'one entry per file');
    assertSameAs(check(tree.dir), first, 'the warm run');
    assert.equal(forge(cacheDir), 15);
    const forged = JSON.parse(check(tree.dir).stdout) as { message: string }[];
    assert.equal(forged.length, (JSON.parse(first.stdout) as unknown[]).length);
    assert.ok(
      forged.every((f) => f.message.startsWith(FORGED)),
      'every finding came from the cache',
    );
    assert.doesNotMatch(check(tree.dir, '--no-cache').stdout, /FORGED/, '--no-cache reads nothing');
  });

  it('checks an edited file again and only that file', () => {
    check(tree.dir);
    forge(cacheDir);
    writeFileSync(
      join(tree.dir, 'deploy.py'),
      'import subprocess\n\nsubprocess.run(["ls"], check=True)\nsubprocess.call("make", shell=True)\n',
    );
    const after = check(tree.dir);
    const findings = JSON.parse(after.stdout) as { filename: string; message: string }[];
    const edited = findings.filter((f) => f.filename.endsWith('deploy.py'));
    assert.ok(edited.length > 0);
    assert.ok(
      edited.every((f) => !f.message.includes(FORGED)),
      'the edited file was checked again',
    );
    assert.ok(
      findings.filter((f) => !f.filename.endsWith('deploy.py')).every((f) => f.message.includes(FORGED)),
      'the others came from the cache',
    );
    const real = JSON.parse(truth(tree.dir).stdout) as { filename: string; message: string }[];
    assert.deepEqual(
      edited,
      real.filter((f) => f.filename.endsWith('deploy.py')),
    );
  });

  it('checks a file new to the cache (and one whose entry is gone), with the others still answered from it', () => {
    check(tree.dir);
    forge(cacheDir);
    writeFileSync(join(tree.dir, 'added.py'), 'import os\n\nos.system("echo added")\n');
    const entries = entryFiles(cacheDir);
    const gone = entries.find((file) => readFileSync(file, 'utf8').includes('job_3.py'));
    assert.ok(gone);
    rmSync(gone);
    const findings = JSON.parse(check(tree.dir).stdout) as { filename: string; message: string }[];
    const fresh = (name: string): boolean => name.endsWith('added.py') || name.endsWith('job_3.py');
    const real = JSON.parse(truth(tree.dir).stdout) as { filename: string; message: string }[];
    assert.deepEqual(
      findings.filter((f) => fresh(f.filename)),
      real.filter((f) => fresh(f.filename)),
    );
    assert.equal(findings.filter((f) => fresh(f.filename)).length, 2);
    assert.ok(findings.filter((f) => !fresh(f.filename)).every((f) => f.message.includes(FORGED)));
    assert.equal(entryFiles(cacheDir).length, 16, 'both are stored for the next run');
  });

  it('answers a settled, unchanged file from its stamp without reading it, and sees any change to it', async () => {
    // Stamps are stored only for files left alone for 2 s before they were read (see fileStamp).
    await new Promise((resolve) => setTimeout(resolve, 2100));
    assertSameAs(check(tree.dir), truth(tree.dir), 'a cold run that stores stamps');
    const entries = entryFiles(cacheDir).map((file) => JSON.parse(readFileSync(file, 'utf8')) as { stamp?: string; lines?: unknown });
    assert.equal(entries.length, 15);
    assert.ok(
      entries.every((e) => typeof e.stamp === 'string' && typeof e.lines === 'object'),
      'every entry has its file stamp and report lines',
    );
    forge(cacheDir);
    assert.ok(
      (JSON.parse(check(tree.dir).stdout) as { message: string }[]).every((f) => f.message.startsWith(FORGED)),
      'every settled file answered from the cache',
    );
    // Same size, other content (a different command in the same number of characters): checked again.
    const job = join(tree.dir, 'job_3.py');
    const before = readFileSync(job, 'utf8');
    writeFileSync(job, before.replace('os.system("echo 3")', 'os.system("echo 4")'));
    const edited = check(tree.dir);
    const findings = JSON.parse(edited.stdout) as { filename: string; message: string }[];
    assert.ok(findings.filter((f) => f.filename.endsWith('job_3.py')).every((f) => !f.message.includes(FORGED)));
    assert.equal(edited.stdout.replace(/FORGED /g, ''), truth(tree.dir).stdout);
    // Touched, content unchanged: a new stamp, so the content hash decides; still the cached answer.
    const now = new Date();
    utimesSync(join(tree.dir, 'deploy.py'), now, now);
    const touched = JSON.parse(check(tree.dir).stdout) as { filename: string; message: string }[];
    assert.ok(touched.filter((f) => f.filename.endsWith('deploy.py')).every((f) => f.message.startsWith(FORGED)));
  });

  it('checks everything again when the configuration changes, and when a flag changes the rules', () => {
    check(tree.dir);
    forge(cacheDir);
    assert.doesNotMatch(check(tree.dir, '--ignore', 'OPS104').stdout, /FORGED/, 'a flag that changes the configuration');
    forge(cacheDir);
    writeFileSync(join(tree.dir, '.pyops.yaml'), 'severity:\n  OPS104: error\n');
    const after = check(tree.dir);
    assert.doesNotMatch(after.stdout, /FORGED/);
    assertSameAs(after, truth(tree.dir), 'the new configuration applies');
    forge(cacheDir);
    writeFileSync(join(tree.dir, '.pyops.yaml'), 'severity:\n  OPS104: error\nper-path-ignores:\n  "job_1*.py": [OPS104]\n');
    const ignored = check(tree.dir);
    assert.doesNotMatch(ignored.stdout, /FORGED/);
    assertSameAs(ignored, truth(tree.dir), 'per-path ignores apply');
  });

  it('never uses results of another PyOps version or build', () => {
    check(tree.dir);
    forge(cacheDir);
    const copyOfPyops = (edit: (bundle: string) => string): string => {
      const dist = mkdtempSync(join(tree.dir, 'other-pyops-'));
      for (const name of readdirSync(dirname(cliPath)).filter((n) => n.endsWith('.wasm')))
        copyFileSync(join(dirname(cliPath), name), join(dist, name));
      const bundle = readFileSync(cliPath, 'utf8');
      const changed = edit(bundle);
      assert.notEqual(changed, bundle);
      writeFileSync(join(dist, 'cli.js'), changed);
      return join(dist, 'cli.js');
    };
    const version = (JSON.parse(readFileSync(join(dirname(cliPath), '..', 'package.json'), 'utf8')) as { version: string }).version;
    const otherVersion = copyOfPyops((bundle) =>
      bundle.replace(new RegExp(`(version\\s*[:=]\\s*)"${version.replace(/\./g, '\\.')}"`), `$1"${version}-next"`),
    );
    const rebuilt = copyOfPyops((bundle) => `${bundle}\n// rebuilt with a changed rule\n`);
    for (const [what, cli] of [
      ['another version', otherVersion],
      ['another build of the same version', rebuilt],
    ]) {
      const result = runPyopsWith(cli, ['check', '--format', 'json', '.'], tree.dir);
      assert.doesNotMatch(result.stdout, /FORGED/, what);
      assert.equal(result.stdout, truth(tree.dir).stdout, what);
    }
    assert.match(runPyopsWith(otherVersion, ['--version'], tree.dir).stdout, /-next/, 'the copy reports the other version');
    assert.match(check(tree.dir).stdout, /FORGED/, 'this build still finds its own entries');
  });

  it('ignores and rebuilds a corrupt or foreign cache without a crash or a wrong result', () => {
    const expected = truth(tree.dir);
    check(tree.dir);
    const entries = entryFiles(cacheDir);
    const damage = [
      '',
      '{"format":1,"path":',
      'not json at all \u0000\u00ff',
      'null',
      '[]',
      JSON.stringify({ format: 1, path: 'elsewhere.py', config: 'x', content: 'y', findings: [] }),
      ...entries.slice(0, 2).map((file) => readFileSync(file, 'utf8').replace('"findings":[', '"findings":[{"code":1},')),
      ...entries.slice(2, 4).map((file) => readFileSync(file, 'utf8').replace(/"content":"[0-9a-f]+"/, '"content":"0"')),
    ];
    entries.forEach((file, i) => writeFileSync(file, damage[i % damage.length]));
    assertSameAs(check(tree.dir), expected, 'damaged entries');
    for (const file of entryFiles(cacheDir))
      assert.equal((JSON.parse(readFileSync(file, 'utf8')) as { format: number }).format, 2, 'rewritten');
    // An entry's place taken by a folder; the whole cache folder a file; a cache folder that cannot be created.
    const [first] = entryFiles(cacheDir);
    rmSync(first);
    mkdirSync(first);
    assertSameAs(check(tree.dir), expected, 'a folder where an entry belongs');
    rmSync(cacheDir, { recursive: true });
    writeFileSync(cacheDir, 'not a folder');
    assertSameAs(check(tree.dir), expected, 'the cache folder is a file');
    assertSameAs(check(tree.dir, '--cache-dir', join(cacheDir, 'below', 'a', 'file')), expected, 'a cache folder that cannot be made');
  });

  it('gives every concurrent run the right result, and leaves a usable cache', async () => {
    const expected = truth(tree.dir);
    const runs = await Promise.all(
      [1, 2, 3, 4].map((i) => runAsync(['check', '--format', 'json', '--jobs', String(1 + (i % 2)), '.'], tree.dir)),
    );
    for (const run of runs) assertSameAs(run, expected, 'a concurrent run');
    assertSameAs(check(tree.dir), expected, 'after them');
    assert.equal(entryFiles(cacheDir).length, 15);
    assert.deepEqual(entryFiles(cacheDir, '.tmp'), [], 'no temporary files left');
  });

  it('--fix fixes files whose cached findings have fixes, and caches the fixed text', () => {
    check(tree.dir);
    const fixed = runPyops(['check', '--fix', '.'], tree.dir);
    assert.match(
      readFileSync(join(tree.dir, 'manifest.py'), 'utf8'),
      /raise RuntimeError\("no manifest"\) from err/,
      fixed.stdout + fixed.stderr,
    );
    forge(cacheDir);
    const after = JSON.parse(check(tree.dir).stdout) as { filename: string; message: string }[];
    assert.ok(after.length > 0);
    assert.ok(
      after.every((f) => f.message.includes(FORGED)),
      'every file, the fixed one included, answered from the cache',
    );
  });

  it('--cache-dir, the cache-dir option and PYOPS_CACHE_DIR choose the folder; --no-cache writes nothing', () => {
    check(tree.dir, '--no-cache');
    assert.equal(existsSync(cacheDir), false);
    check(tree.dir, '--cache-dir', 'elsewhere/cache');
    assert.equal(entryFiles(join(tree.dir, 'elsewhere', 'cache')).length, 15);
    writeFileSync(join(tree.dir, '.pyops.yaml'), 'cache-dir: .cache/pyops\n');
    check(tree.dir);
    assert.equal(entryFiles(join(tree.dir, '.cache', 'pyops')).length, 15);
    runPyopsWith(cliPath, ['check', '.'], tree.dir, { PYOPS_CACHE_DIR: join(tree.dir, 'from-env') });
    assert.equal(entryFiles(join(tree.dir, 'from-env')).length, 15);
    runPyopsWith(cliPath, ['check', '.'], tree.dir, { PYOPS_NO_CACHE: '1', PYOPS_CACHE_DIR: join(tree.dir, 'unused') });
    assert.equal(existsSync(join(tree.dir, 'unused')), false);
    assert.equal(existsSync(cacheDir), false, 'the default folder was never needed');
    const bad = runPyops(['check', '--cache-dir', '', '.'], tree.dir);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--cache-dir needs a folder path/);
  });

  it('--watch uses the cache and does not take its own writes for changes', async () => {
    const child = spawn(process.execPath, [cliPath, 'check', '--watch', '.'], { cwd: tree.dir, env: { ...process.env, NO_COLOR: '1' } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      await waitFor('the first check', () => (output.includes('Watching for file changes') ? true : undefined), {
        describeLast: () => output,
      });
      assert.equal(entryFiles(cacheDir).length, 15);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      assert.doesNotMatch(output, /File change detected/, 'writing the cache is not a change');
      forge(cacheDir);
      writeFileSync(join(tree.dir, 'cleanup.py'), 'print("clean")\n');
      await waitFor(
        'a check after the change',
        () => (/File change detected: .*cleanup\.py[\s\S]*Found \d+ problems/.test(output) ? true : undefined),
        {
          describeLast: () => output,
        },
      );
      const detected = output.indexOf('File change detected');
      const second = output.slice(output.indexOf('\n', detected));
      assert.match(second, /FORGED/, 'unchanged files answered from the cache');
      assert.doesNotMatch(second, /cleanup\.py/, 'the edited file was checked again: it is clean now');
      // Changes inside the cache folder (here: someone clears it) are not changes to the project.
      rmSync(cacheDir, { recursive: true });
      await new Promise((resolve) => setTimeout(resolve, 1000));
      assert.equal(output.split('File change detected').length - 1, 1, output);
    } finally {
      child.kill('SIGINT');
    }
    assert.equal(await exited, 0);
  });
});

function runPyopsWith(cli: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): CliResult {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', timeout: 60_000, env: { ...process.env, ...env } });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function runAsync(args: string[], cwd: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], { cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('result cache keys', () => {
  it("key a configuration by its content: a copy (a worker's) gives the same key, another setting or path another", () => {
    const config: EngineConfig = { ...DEFAULT_ENGINE_CONFIG, select: ['OPS101'] };
    const key = configHash(config, 'src/app.py');
    assert.equal(configHash(config, 'src/app.py'), key);
    assert.equal(configHash(structuredClone(config), 'src/app.py'), key);
    const plainHash = (text: string): string => createHash('sha256').update(text).digest('hex');
    for (const path of ['src/app.py', 'é/🚀 "x".py']) assert.equal(configHash(config, path), plainHash(JSON.stringify([config, path])));
    assert.notEqual(configHash(config, 'src/other.py'), key);
    assert.notEqual(configHash({ ...config, select: ['OPS102'] }, 'src/app.py'), key);
  });
});
