import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkJson, copyFixture, runPyops } from './cliHarness';

const TEXT_LINE = /^(.+):(\d+):(\d+): (\S+)( \[\*\])? (.+)$/;

describe('pyops check: paths and exit codes', function () {
  this.timeout(60_000);
  let fixture: ReturnType<typeof copyFixture>;
  beforeEach(() => {
    fixture = copyFixture('project');
  });
  afterEach(() => fixture.dispose());

  it('exits 0 and says all checks passed for a clean file', () => {
    const r = runPyops(['check', 'clean.py'], fixture.dir);
    assert.equal(r.stdout, 'All checks passed!\n', r.stdout + r.stderr);
    assert.equal(r.status, 0);
  });

  it('exits 1 and reports findings as path:row:col: CODE message with a summary', () => {
    const r = runPyops(['check', 'deploy.py'], fixture.dir);
    assert.equal(r.status, 1, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    const findingLines = lines.filter((l) => TEXT_LINE.test(l));
    assert.ok(findingLines.length >= 2, r.stdout);
    for (const line of findingLines) assert.equal(TEXT_LINE.exec(line)?.[1], 'deploy.py');
    assert.ok(lines.includes(`Found ${findingLines.length} problem${findingLines.length === 1 ? '' : 's'}.`), r.stdout);
    const fixable = findingLines.filter((l) => TEXT_LINE.exec(l)?.[5]).length;
    if (fixable > 0)
      assert.ok(
        lines.some((l) => l.startsWith(`[*] ${fixable} fixable with the \`--fix\` option`)),
        r.stdout,
      );
  });

  it('walks folders recursively, skipping virtualenvs, caches and vendored code', () => {
    const skipped = [
      '.git/hooks',
      'venv/lib',
      '.venv/lib',
      'node_modules/pkg',
      '__pycache__',
      'lib/python3.11/site-packages/pkg',
      'custom-env',
    ];
    for (const dir of skipped) {
      mkdirSync(join(fixture.dir, dir), { recursive: true });
      writeFileSync(join(fixture.dir, dir, 'vendored.py'), 'import subprocess\nsubprocess.run(["x"])\ntry:\n    pass\nexcept:\n    pass\n');
    }
    writeFileSync(join(fixture.dir, 'custom-env', 'pyvenv.cfg'), 'home = /usr/bin\n');
    const { result, findings } = checkJson(['.'], fixture.dir);
    assert.equal(result.status, 1, result.stderr);
    const files = new Set(findings.map((f) => f.filename));
    assert.ok(files.has(join(fixture.dir, 'deploy.py')));
    assert.ok(files.has(join(fixture.dir, 'nested', 'tool.py')), 'nested folders are searched');
    assert.ok(![...files].some((f) => f.includes('vendored.py')), [...files].join('\n'));
    assert.ok(files.has(join(fixture.dir, 'bin', 'backup')), 'an extensionless script with a python3 shebang is checked');
  });

  it('checks a file named explicitly whatever its extension', () => {
    const { result, findings } = checkJson([join('bin', 'backup')], fixture.dir);
    assert.equal(result.status, 1, result.stderr);
    assert.ok(findings.length > 0);
    assert.ok(findings.every((f) => f.filename === join(fixture.dir, 'bin', 'backup')));
  });

  it('expands quoted globs and warns about a glob that matches nothing', () => {
    const { findings } = checkJson(['nested/**/*.py'], fixture.dir);
    const files = new Set(findings.map((f) => f.filename));
    assert.ok(files.size > 0);
    for (const file of files) assert.ok(file.startsWith(join(fixture.dir, 'nested')), file);
    const none = runPyops(['check', 'nothing/*.py'], fixture.dir);
    assert.equal(none.status, 0);
    assert.match(none.stderr, /nothing\/\*\.py: no Python files match/);
  });

  it('reports each file once even when named twice', () => {
    const once = checkJson(['deploy.py'], fixture.dir).findings;
    const twice = checkJson(['deploy.py', '.', './deploy.py'], fixture.dir).findings.filter((f) => f.filename.endsWith('deploy.py'));
    assert.deepEqual(twice, once);
  });

  it('narrows with --select and widens the ignore list with --ignore', () => {
    const all = checkJson(['deploy.py'], fixture.dir).findings;
    const codes = [...new Set(all.map((f) => f.code))];
    assert.ok(codes.length >= 2, `the fixture should trigger two rules: ${codes.join(', ')}`);
    const selected = checkJson(['--select', codes[0], 'deploy.py'], fixture.dir).findings;
    assert.deepEqual(
      selected,
      all.filter((f) => f.code === codes[0]),
    );
    const ignored = checkJson(['--ignore', `${codes[0]},${codes[1]}`, 'deploy.py'], fixture.dir).findings;
    assert.deepEqual(
      ignored,
      all.filter((f) => f.code !== codes[0] && f.code !== codes[1]),
    );
  });

  it('prints findings only with --quiet', () => {
    const r = runPyops(['check', '--quiet', 'deploy.py'], fixture.dir);
    assert.equal(r.status, 1);
    for (const line of r.stdout.trimEnd().split('\n')) assert.match(line, TEXT_LINE);
    const clean = runPyops(['check', '-q', 'clean.py'], fixture.dir);
    assert.equal(clean.status, 0);
    assert.equal(clean.stdout, '');
  });
});
