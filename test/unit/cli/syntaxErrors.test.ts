// pyops check on files that do not parse: every syntax error is a finding (OPS001) at its place,
// whatever --select says, and the rest of the file is still checked.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkJson, copyFixture, runPyops } from './cliHarness';

const BROKEN = [
  'import subprocess',
  '',
  '',
  'def rotate(path):',
  '    shutil.move(path, path + ".1"',
  '',
  '',
  'def deploy():',
  '    subprocess.run(["make"], timeout=60)',
  '',
  '',
  'print "done"',
  '',
].join('\n');

describe('pyops check: syntax errors', function () {
  this.timeout(60_000);
  let fixture: ReturnType<typeof copyFixture>;
  beforeEach(() => {
    fixture = copyFixture('project');
    writeFileSync(join(fixture.dir, 'broken.py'), BROKEN);
  });
  afterEach(() => fixture.dispose());

  it('reports each syntax error at its place, the findings of the rest of the file, and exits 1', () => {
    const r = runPyops(['check', '--no-cache', 'broken.py'], fixture.dir);
    assert.equal(r.stderr, '');
    assert.equal(r.status, 1);
    assert.equal(
      r.stdout,
      [
        "broken.py:5:16: OPS001 Syntax error: '(' was never closed",
        'broken.py:9:5: OPS101 subprocess.run() result is never checked, so a failing command goes unnoticed: pass check=True or inspect returncode',
        "broken.py:12:1: OPS001 Syntax error: Missing parentheses in call to 'print'",
        'Found 3 problems.',
        'No fixes available (1 hidden fix can be enabled with the `--unsafe-fixes` option).',
        '',
      ].join('\n'),
    );
  });

  it('reports syntax errors whatever --select says; only naming OPS001 in --ignore hides them', () => {
    const selected = checkJson(['--no-cache', '--select', 'OPS3', 'broken.py'], fixture.dir);
    assert.equal(selected.result.status, 1);
    assert.deepEqual(
      selected.findings.map((f) => [f.code, f.location.row]),
      [
        ['OPS001', 5],
        ['OPS001', 12],
      ],
    );
    const prefix = checkJson(['--no-cache', '--ignore', 'OPS', 'broken.py'], fixture.dir);
    assert.deepEqual(
      prefix.findings.map((f) => f.code),
      ['OPS001', 'OPS001'],
    );
    const ignored = runPyops(['check', '--no-cache', '--ignore', 'OPS001', 'broken.py'], fixture.dir);
    assert.doesNotMatch(ignored.stdout, /OPS001/);
    assert.match(ignored.stdout, /OPS101/);
  });
});
