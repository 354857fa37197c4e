import assert from 'node:assert/strict';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkJson, copyFixture, runPyops } from './cliHarness';

describe('pyops check: files that cannot be checked', function () {
  this.timeout(60_000);
  let fixture: ReturnType<typeof copyFixture>;
  beforeEach(() => {
    fixture = copyFixture('project');
  });
  afterEach(() => fixture.dispose());

  it('reports a binary file, still checks the others, and exits 2', () => {
    const garbage = Buffer.alloc(4096);
    for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 7919 + 13) % 256;
    writeFileSync(join(fixture.dir, 'garbage.py'), garbage);
    const { result, findings } = checkJson(['.'], fixture.dir);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /^error: garbage\.py: binary file/m);
    assert.doesNotMatch(result.stderr, /internal error/);
    assert.ok(findings.some((f) => f.filename === join(fixture.dir, 'deploy.py')), 'the other files are still reported');
  });

  it('reports a file that is not valid UTF-8', () => {
    writeFileSync(join(fixture.dir, 'mojibake.py'), Buffer.from([0x78, 0x20, 0x3d, 0x20, 0x22, 0xff, 0xfe, 0xc3, 0x22, 0x0a]));
    const r = runPyops(['check', 'mojibake.py', 'clean.py'], fixture.dir);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^error: mojibake\.py: not valid utf-8 text/m);
    assert.equal(r.stdout, 'The check is incomplete: 1 error (see above).\n', 'no "All checks passed!" when a file was skipped');
  });

  it('reports a missing path, still checks the rest, and marks a SARIF run unsuccessful', () => {
    const r = runPyops(['check', '--format', 'sarif', 'deploy.py', 'gone.py'], fixture.dir);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^error: gone\.py: no such file or folder/m);
    const log = JSON.parse(r.stdout) as {
      runs: { results: unknown[]; invocations: { executionSuccessful: boolean; toolExecutionNotifications: { level: string; message: { text: string } }[] }[] }[];
    };
    const invocation = log.runs[0].invocations[0];
    assert.equal(invocation.executionSuccessful, false);
    assert.deepEqual(invocation.toolExecutionNotifications.map((n) => [n.level, n.message.text]), [['error', 'Not checked: no such file or folder']]);
    assert.ok(log.runs[0].results.length > 0, 'deploy.py is still reported');
  });

  it('reads a file in the encoding its coding comment declares', () => {
    const r = runPyops(['check', join('nested', 'latin1_notes.py')], fixture.dir);
    assert.equal(r.stderr, '');
    assert.ok(r.status === 0 || r.status === 1);
  });

  it('reports an unreadable file', function () {
    if (process.getuid?.() === 0) this.skip(); // root reads any file regardless of permissions
    const file = join(fixture.dir, 'locked.py');
    writeFileSync(file, 'print("x")\n');
    chmodSync(file, 0o000);
    const r = runPyops(['check', 'locked.py'], fixture.dir);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^error: locked\.py: permission denied/m);
  });

  it('checks empty files and files with syntax errors without failing', () => {
    writeFileSync(join(fixture.dir, 'empty.py'), '');
    writeFileSync(join(fixture.dir, 'broken.py'), 'def f(:\n    import subprocess\nsubprocess.run(["x"])\n');
    const r = runPyops(['check', 'empty.py', 'broken.py'], fixture.dir);
    assert.ok(r.status === 0 || r.status === 1, r.stderr);
    assert.equal(r.stderr, '');
  });
});
