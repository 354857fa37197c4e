// A file too large to check is reported as not checked (OPS003, exit 1), never as clean.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkJson, runPyops } from './cliHarness';

describe('pyops check: files too large to check', function () {
  this.timeout(120_000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pyops-large-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reports a file over 16,000,000 characters as not checked, with the limit, and fails the run', () => {
    const line = 'value = 1  # padding padding padding padding padding padding padding\n';
    const text = line.repeat(Math.ceil(16_000_001 / line.length));
    writeFileSync(join(dir, 'generated.py'), text);
    writeFileSync(join(dir, 'small.py'), 'import subprocess\nsubprocess.run(["ls"], check=True, timeout=5)\n');
    const result = runPyops(['check', '.'], dir);
    assert.equal(result.status, 1, result.stdout + result.stderr);
    assert.match(
      result.stdout,
      new RegExp(
        `generated\\.py:1:1: OPS003 Not checked: Too large \\(${text.length.toLocaleString('en-US')} characters; the limit is 16,000,000\\)`,
      ),
    );
    assert.doesNotMatch(result.stdout, /All checks passed/);
    const json = checkJson(['generated.py'], dir);
    assert.deepEqual(
      json.findings.map((f) => f.code),
      ['OPS003'],
    );
  });

  it('refuses a file too large to be read at all without reading it', () => {
    // A sparse file: 60 MB that take no disk space (and would be refused as binary if read).
    const path = join(dir, 'huge.py');
    writeFileSync(path, '');
    truncateSync(path, 60_000_000);
    // With the result cache (which stamps each file read) and without.
    for (const flags of [[], ['--no-cache']]) {
      const result = runPyops(['check', 'huge.py', ...flags], dir);
      assert.equal(result.status, 1, result.stderr);
      assert.match(result.stdout, /huge\.py:1:1: OPS003 Not checked: Too large \(60,000,000 bytes; the limit is 16,000,000 characters\)/);
    }
  });

  it('checks a file larger than a megabyte whole, with and without the result cache', () => {
    const padding = 'value = "padding padding padding padding padding padding padding padding"\n';
    const lines = Math.ceil(1_500_000 / padding.length);
    writeFileSync(join(dir, 'big.py'), `import subprocess\n${padding.repeat(lines)}subprocess.run(["ls"])\n`);
    for (const flags of [['--no-cache'], [], []]) {
      const result = runPyops(['check', 'big.py', '--select', 'OPS101', ...flags], dir);
      assert.equal(result.status, 1, result.stderr);
      assert.match(result.stdout, new RegExp(`^big\\.py:${lines + 2}:1: OPS101 `, 'm'), flags.join(' '));
    }
  });
});
