import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliPath } from './cliHarness';

/** Runs the built CLI with its stdout and stderr piped, reading them only after `readAfterMs` (the pipes fill up meanwhile). */
function runPiped(args: string[], cwd: string, readAfterMs: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.pause();
    child.stderr.pause();
    setTimeout(() => {
      child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
      child.stdout.resume();
      child.stderr.resume();
    }, readAfterMs);
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }),
    );
  });
}

describe('pyops check ends once its output is written', function () {
  this.timeout(120_000);
  let dir: string;
  const FILES = 120;
  const CALLS = 25;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'pyops-exit-'));
    const calls = Array.from({ length: CALLS }, (_, i) => `subprocess.run(["make", "target${i}"])\n`).join('');
    for (let f = 0; f < FILES; f++) writeFileSync(join(dir, `job_${f}.py`), `import subprocess\n${calls}`);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('delivers every finding through a pipe read late, with the exit status of a run with findings', async () => {
    // Several megabytes of JSON: far more than a pipe holds, so most of it is written after the run has answered.
    const { code, stdout } = await runPiped(['check', '.', '--format', 'json', '--no-cache', '--jobs', '2'], dir, 500);
    assert.ok(stdout.length > 1_000_000, `${stdout.length} characters`);
    const findings = JSON.parse(stdout) as { code: string }[];
    assert.equal(findings.length, FILES * CALLS * 2);
    assert.equal(code, 1);
  });

  it('delivers the text report to its last line, the summary after every finding', async () => {
    const { code, stdout } = await runPiped(['check', '.', '--no-cache'], dir, 300);
    assert.equal(code, 1);
    const lines = stdout.trimEnd().split('\n');
    assert.equal(lines.filter((line) => / OPS10[12] /.test(line)).length, FILES * CALLS * 2);
    assert.match(stdout, new RegExp(`Found ${FILES * CALLS * 2} problems\\.\\n`));
  });
});
