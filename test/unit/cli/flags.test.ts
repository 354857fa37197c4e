// The command line ruff users expect, run as a process: each flag behaves as ruff's does.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '../../helpers/waitFor';
import { cliPath } from './cliHarness';

// OPS204 and OPS205 have safe fixes, OPS101 and OPS102 unsafe ones.
const SCRIPT = 'import logging\nimport subprocess\nlogging.info("x %s" % 1)\nsubprocess.run(["ls"])\n';
/** An ANSI escape sequence. */
const COLOUR = new RegExp(String.fromCharCode(27) + '\\[');

describe('pyops check: ruff-style flags', function () {
  this.timeout(60_000);
  let root: string;
  const pyops = (args: string[], options: { env?: NodeJS.ProcessEnv; input?: string } = {}): SpawnSyncReturns<string> => {
    const env = { ...process.env, FORCE_COLOR: '', NO_COLOR: '', PYOPS_OUTPUT_FORMAT: '', ...options.env };
    const r = spawnSync(process.execPath, [cliPath, 'check', ...args], {
      cwd: root,
      encoding: 'utf8',
      env,
      input: options.input ?? '',
      timeout: 60_000,
    });
    if (r.error) throw r.error;
    return r;
  };
  beforeEach(() => {
    root = realpathSync(mkdtempSync(join(tmpdir(), 'pyops-flags-')));
    writeFileSync(join(root, 'job.py'), SCRIPT);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('takes the output format from --output-format, else PYOPS_OUTPUT_FORMAT', () => {
    const fromEnv = pyops(['job.py'], { env: { PYOPS_OUTPUT_FORMAT: 'json' } });
    assert.equal((JSON.parse(fromEnv.stdout) as unknown[]).length, 4);
    assert.match(pyops(['--output-format', 'text', 'job.py'], { env: { PYOPS_OUTPUT_FORMAT: 'json' } }).stdout, /^job\.py:3:1: OPS205/m);
    const bad = pyops(['job.py'], { env: { PYOPS_OUTPUT_FORMAT: 'xml' } });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /PYOPS_OUTPUT_FORMAT must be one of/);
  });

  it('--exit-zero exits 0 with findings; --quiet prints findings only; --silent prints nothing', () => {
    const r = pyops(['--exit-zero', 'job.py']);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /Found 4 problems\./);
    const quiet = pyops(['-q', 'job.py']);
    assert.equal(quiet.stdout.split('\n').filter(Boolean).length, 4);
    const silent = pyops(['--silent', 'job.py']);
    assert.deepEqual([silent.status, silent.stdout, silent.stderr], [1, '', '']);
  });

  it('--statistics counts findings per rule, in text and JSON', () => {
    writeFileSync(join(root, 'more.py'), 'import subprocess\nsubprocess.run(["a"])\nsubprocess.run(["b"])\n');
    const text = pyops(['--statistics', '.']);
    assert.equal(text.status, 1);
    assert.equal(
      text.stdout,
      '3\tOPS101\t[ ] subprocess-unchecked\n3\tOPS102\t[ ] subprocess-no-timeout\n1\tOPS204\t[*] log-eager-formatting\n1\tOPS205\t[*] root-logger-call\n',
    );
    const json = JSON.parse(pyops(['--statistics', '--output-format', 'json', '.']).stdout) as {
      code: string;
      count: number;
      fixable: boolean;
    }[];
    assert.deepEqual(json[0], { code: 'OPS101', name: 'subprocess-unchecked', count: 3, fixable: false });
  });

  it('--diff prints the safe fixes as a unified diff that git apply accepts, writes nothing, exits 1', () => {
    const r = pyops(['--diff', 'job.py']);
    assert.equal(r.status, 1, r.stderr);
    assert.equal(readFileSync(join(root, 'job.py'), 'utf8'), SCRIPT, 'nothing written');
    assert.match(r.stdout, /^--- job\.py\n\+\+\+ job\.py\n@@ /);
    assert.match(r.stderr, /Would fix 2 problems\./);
    writeFileSync(join(root, 'fix.patch'), r.stdout);
    const apply = spawnSync('git', ['apply', 'fix.patch'], { cwd: root, encoding: 'utf8' });
    assert.equal(apply.status, 0, apply.stderr);
    const applied = readFileSync(join(root, 'job.py'), 'utf8');
    writeFileSync(join(root, 'job.py'), SCRIPT);
    assert.equal(pyops(['--fix', 'job.py']).status, 1);
    assert.equal(readFileSync(join(root, 'job.py'), 'utf8'), applied, 'the diff is what --fix writes');
    assert.equal(pyops(['--diff', 'job.py']).status, 0, 'nothing left to fix');
  });

  it('--unsafe-fixes counts and applies the fixes that may change behaviour', () => {
    assert.match(
      pyops(['job.py']).stdout,
      /\[\*\] 2 fixable with the `--fix` option \(2 hidden fixes can be enabled with the `--unsafe-fixes` option\)\./,
    );
    assert.match(pyops(['--unsafe-fixes', 'job.py']).stdout, /\[\*\] 4 fixable with the `--fix --unsafe-fixes` option\./);
    const r = pyops(['--fix', '--unsafe-fixes', 'job.py']);
    assert.equal(r.status, 0, r.stdout);
    assert.match(readFileSync(join(root, 'job.py'), 'utf8'), /subprocess\.run\(\["ls"\], check=True, timeout=\d+\)/);
  });

  it('--extend-select adds rules to the select in force', () => {
    writeFileSync(join(root, '.pyops.yaml'), 'select: [OPS1]\n');
    const codes = (args: string[]): string[] =>
      (JSON.parse(pyops(['--output-format', 'json', ...args, 'job.py']).stdout) as { code: string }[]).map((f) => f.code);
    assert.deepEqual(codes([]), ['OPS101', 'OPS102']);
    assert.deepEqual(codes(['--extend-select', 'OPS204']), ['OPS204', 'OPS101', 'OPS102']);
  });

  it('--output-file writes the report there, creating its folder, and nothing to stdout', () => {
    const r = pyops(['--output-format', 'sarif', '-o', 'reports/pyops.sarif', 'job.py']);
    assert.equal(r.status, 1);
    assert.equal(r.stdout, '');
    const log = JSON.parse(readFileSync(join(root, 'reports', 'pyops.sarif'), 'utf8')) as { version: string };
    assert.equal(log.version, '2.1.0');
  });

  it('checks stdin as the file --stdin-filename names, with its config', () => {
    mkdirSync(join(root, 'tests'));
    writeFileSync(join(root, '.pyops.yaml'), 'per-path-ignores:\n  "tests/**": [OPS101, OPS102]\n');
    const r = pyops(['--stdin-filename', 'tests/test_job.py', '-'], { input: SCRIPT });
    assert.equal(r.status, 1);
    assert.equal(r.stdout.split('\n').filter((l) => l.startsWith('tests/test_job.py:')).length, 2, r.stdout);
    assert.doesNotMatch(r.stdout, /OPS10[12]/);
    assert.ok(!existsSync(join(root, 'tests', 'test_job.py')));
  });

  it('with --fix on stdin, prints the fixed text on stdout and what remains on stderr', () => {
    const r = pyops(['--fix', '--stdin-filename', 'job.py', '-'], { input: SCRIPT });
    assert.equal(r.status, 1);
    assert.match(r.stdout, /^import logging\nimport subprocess\nlogger = logging\.getLogger\(__name__\)\nlogger\.info\("x %s", 1\)\n/);
    assert.match(r.stderr, /^job\.py:5:1: OPS101 /m);
    assert.equal(readFileSync(join(root, 'job.py'), 'utf8'), SCRIPT, 'the file on disk is not touched');
  });

  it('passes stdin through untouched for a file excluded under --force-exclude', () => {
    writeFileSync(join(root, '.pyops.yaml'), 'extend-exclude: [generated]\n');
    const r = pyops(['--fix', '--force-exclude', '--stdin-filename', 'generated/api.py', '-'], { input: SCRIPT });
    assert.deepEqual([r.status, r.stdout, r.stderr], [0, SCRIPT, '']);
  });

  it('colours a terminal unless NO_COLOR is set, and anything when FORCE_COLOR is', () => {
    assert.doesNotMatch(pyops(['job.py']).stdout, COLOUR, 'a pipe gets no colour');
    assert.match(pyops(['job.py'], { env: { FORCE_COLOR: '1' } }).stdout, COLOUR);
    // `script` runs the CLI on a pseudo-terminal.
    const onTerminal = (env: NodeJS.ProcessEnv): string =>
      spawnSync('script', ['-qec', `${process.execPath} ${cliPath} check job.py`, '/dev/null'], {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, FORCE_COLOR: '', NO_COLOR: '', ...env },
      }).stdout;
    assert.match(onTerminal({}), COLOUR);
    assert.doesNotMatch(onTerminal({ NO_COLOR: '1' }), COLOUR);
  });

  it('--watch checks again when a file changes, until interrupted', async () => {
    const child = spawn(process.execPath, [cliPath, 'check', '--watch', '.'], {
      cwd: root,
      env: { ...process.env, FORCE_COLOR: '', NO_COLOR: '' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      await waitFor('the first check', () => (stderr.includes('Watching for file changes') ? true : undefined), {
        describeLast: () => stdout + stderr,
      });
      assert.match(stdout, /Found 4 problems\./);
      writeFileSync(join(root, 'job.py'), 'print("clean")\n');
      await waitFor('a check after the change', () => (stdout.includes('All checks passed!') ? true : undefined), {
        describeLast: () => stdout + stderr,
      });
      assert.match(stderr, /File change detected: .*job\.py/);
    } finally {
      child.kill('SIGINT');
    }
    assert.equal(await exited, 0);
  });
});
