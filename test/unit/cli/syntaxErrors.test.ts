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
  it('reports a block with no statement in it, as Python does (IndentationError), and no handler finding there', () => {
    // Methods enough that the class is parsed in member runs (segments/scan.ts SPLIT_CHARS).
    const methods = Array.from({ length: 120 }, (_, i) => [`    def m${i}(self):`, `        return ${i}`]).flat();
    const lines = [
      'import subprocess',
      '',
      'try:',
      '    subprocess.run(["make"], check=True, timeout=600)',
      'except ValueError:',
      'print("next")',
      '',
      'def later():',
      '    # to do',
      '',
      'if ready:  # why',
      '',
      'else:',
      '    pass',
      'class Big:',
      ...methods,
      '    def broken(self):',
      '',
      '    def after(self):',
      '        return 1',
      'match command:',
      'case = 1',
      'for host in hosts:',
    ];
    writeFileSync(join(fixture.dir, 'empty.py'), lines.join('\n'));
    const r = checkJson(['--no-cache', 'empty.py'], fixture.dir);
    const row = (text: string) => lines.indexOf(text) + 1;
    const expected = (text: string, what: string) => ['OPS001', row(text), `Syntax error: expected an indented block after ${what}`];
    assert.deepEqual(
      r.findings.map((f) => [f.code, f.location.row, f.message]),
      [
        expected('except ValueError:', "'except' statement"),
        expected('def later():', 'function definition'),
        expected('if ready:  # why', "'if' statement"),
        expected('    def broken(self):', 'function definition'),
        expected('match command:', "'match' statement"),
        expected('for host in hosts:', "'for' statement"),
      ],
    );
  });

  it('takes a colon at the end of a line for a missing block only where Python would', () => {
    const source = [
      'import shutil',
      'settings = {"retries":',
      '3}',
      'def copy(',
      '    source,',
      '    target,',
      ') -> None:  # black style',
      '    shutil.copy(source, target)',
      'class Job:',
      "    '''Runs a job.",
      '',
      'Example:',
      '    >>> Job()',
      "    '''",
      '    def run(self): pass',
      'if settings: copy(1, 2)',
      'else:',
      '\tpass',
      'items = list(settings)[1:',
      ']',
      '',
    ].join('\n');
    writeFileSync(join(fixture.dir, 'fine.py'), source);
    const r = runPyops(['check', '--no-cache', '--select', 'OPS001', 'fine.py'], fixture.dir);
    assert.equal(r.stdout, 'All checks passed!\n');
    assert.equal(r.status, 0);
  });
});
