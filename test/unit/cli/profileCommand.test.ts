import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { execa } from 'execa';
import { parseProfileArgs, runProfileCommand } from '../../../src/cli/profileCommand';
import { fixture, makeTempRoot, python, readWithPstats, removeDir, repoRoot } from '../core/profile/support';

function capture(): { stream: Writable; text: () => string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
      done();
    },
  });
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = capture();
  const err = capture();
  const code = await runProfileCommand(argv, { stdout: out.stream, stderr: err.stream });
  return { code, stdout: out.text(), stderr: err.text() };
}

/** Table rows: the lines after the pstats header line. */
function tableRows(stdout: string): string[] {
  const lines = stdout.split('\n');
  const header = lines.findIndex((line) => line.includes('ncalls  tottime  percall  cumtime  percall'));
  assert.ok(header >= 0, `no table in:\n${stdout}`);
  return lines.slice(header + 1).filter((line) => line.trim() !== '' && /^\s+\d/.test(line));
}

describe('pyops profile (runProfileCommand)', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => {
    dir = makeTempRoot();
  });
  afterEach(() => removeDir(dir));

  it('prints a pstats-style table with the hot function first and exits 0', async () => {
    const result = await run(['--python', python, '--sort', 'tottime', '--top', '5', fixture('hot.py')]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^ +\d+ function calls( \(\d+ primitive calls\))? in \d+\.\d{3} seconds$/m);
    assert.match(result.stdout, /Ordered by: internal time/);
    assert.match(result.stdout, /List reduced from \d+ to 5 due to restriction <5>/);
    const rows = tableRows(result.stdout);
    assert.equal(rows.length, 5);
    assert.match(rows[0]!, /^\s+3\s+\d+\.\d{3}.*hot\.py:5\(hot_loop\)$/);
    assert.match(result.stderr, /script completed/);
  });

  it('prints the same call counts as pstats and saves the .prof with --out', async () => {
    const out = join(dir, 'run.prof');
    const result = await run(['--python', python, '--out', out, '--top', '1000', fixture('hot.py'), '--', '4']);
    assert.equal(result.code, 0, result.stderr);
    assert.ok(existsSync(out));
    assert.match(result.stderr, /profile saved to/);
    const pstatsRows = await readWithPstats(out);
    const rows = tableRows(result.stdout);
    assert.equal(rows.length, pstatsRows.length);
    const hot = pstatsRows.find((row) => row.name === 'hot_loop')!;
    assert.equal(hot.totalCalls, 4);
    assert.ok(rows.some((row) => /^\s+4\s.*\(hot_loop\)$/.test(row)));
  });

  it("exits with the script's own code, after printing the table", async () => {
    const result = await run(['--python', python, '--top', '1000', fixture('exits3.py')]);
    assert.equal(result.code, 3);
    assert.match(result.stdout, /\(check\)/);
    assert.match(result.stderr, /check failed/);
    assert.match(result.stderr, /exited with code 3/);
  });

  it('exits 1 for a script that raises and says where', async () => {
    const result = await run(['--python', python, fixture('raises.py')]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /raised FileNotFoundError: no config at .*raises\.py:2\)/);
    assert.match(result.stdout, /^starting$/m);
  });

  it('passes arguments after the script to it untouched', async () => {
    const result = await run(['--python', python, fixture('argv_report.py'), '--top', 'x y']);
    assert.equal(result.code, 0, result.stderr);
    const line = result.stdout.split('\n').find((l) => l.startsWith('PYOPS-ARGV '))!;
    assert.deepEqual(JSON.parse(line.slice(11)).argv.slice(1), ['--top', 'x y']);
  });

  it('exits 2 with a clear message for usage errors and launch failures', async () => {
    for (const argv of [[], ['--sort', 'bogus', 'x.py'], ['--top', '-1', 'x.py'], ['--wat', 'x.py'], ['--python']]) {
      const result = await run(argv);
      assert.equal(result.code, 2, argv.join(' '));
      assert.match(result.stderr, /^pyops profile: .+/);
      assert.match(result.stderr, /Usage: pyops profile/);
    }
    const missingPython = join(dir, 'nope-python');
    const noPython = await run(['--python', missingPython, fixture('hot.py')]);
    assert.equal(noPython.code, 2);
    assert.match(noPython.stderr, new RegExp(`"${missingPython}" was not found`));
    const noScript = await run(['--python', python, join(dir, 'missing.py')]);
    assert.equal(noScript.code, 2);
    assert.match(noScript.stderr, /Script not found/);
  });

  it('prints help with -h', async () => {
    const result = await run(['-h']);
    assert.equal(result.code, 0);
    assert.match(result.stdout, /Usage: pyops profile/);
  });

  it('parses options before the script only', () => {
    assert.deepEqual(parseProfileArgs(['--top=3', '--memory', 'a.py', '--sort', 'calls']), {
      top: 3,
      sort: 'cumtime',
      memory: true,
      showPytestFrames: false,
      envFiles: [],
      samplingOnly: false,
      script: 'a.py',
      args: ['--sort', 'calls'],
    });
    assert.deepEqual(parseProfileArgs(['--', '-odd-name.py', 'x'])!.script, '-odd-name.py');
    // After -m MODULE everything is the module's, --show-pytest-frames included.
    const pytestRun = parseProfileArgs(['--show-pytest-frames', '-m', 'pytest', '--show-pytest-frames'])!;
    assert.equal(pytestRun.showPytestFrames, true);
    assert.deepEqual(pytestRun.args, ['--show-pytest-frames']);
  });

  it('works from the built bundle (dist/cli.js with the helper beside it)', async () => {
    // `npm test` builds dist/ before this layer runs; a missing bundle is a failure, not a skip.
    const cli = join(repoRoot, 'dist', 'cli.js');
    assert.ok(existsSync(cli) && existsSync(join(repoRoot, 'dist', 'python', 'pyops_profile.py')), 'dist/ is not built: run npm run build');
    const help = await execa('node', [cli, 'profile', '--help'], { reject: false });
    assert.match(help.stdout + help.stderr, /pyops profile/);
    const result = await execa('node', [cli, 'profile', '--python', python, '--top', '3', fixture('exits3.py')], {
      reject: false,
      cwd: dir,
    });
    assert.equal(result.exitCode, 3, result.stderr);
    assert.match(result.stdout, /ncalls {2}tottime/);
  });
});
