import assert from 'node:assert/strict';
import { chmodSync, cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { checkJson, cliPath, copyFixture, runPyops } from './cliHarness';

describe('pyops check: files that cannot be read', function () {
  this.timeout(60_000);
  let fixture: ReturnType<typeof copyFixture>;
  beforeEach(() => {
    fixture = copyFixture('project');
  });
  afterEach(() => fixture.dispose());

  it('reports a binary file as an OPS003 finding, still checks the others, and exits 1', () => {
    const garbage = Buffer.alloc(4096);
    for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 7919 + 13) % 256;
    writeFileSync(join(fixture.dir, 'garbage.py'), garbage);
    const { result, findings } = checkJson(['.'], fixture.dir);
    assert.equal(result.status, 1, result.stderr);
    assert.equal(result.stderr, '');
    const notChecked = findings.filter((f) => f.code === 'OPS003');
    assert.deepEqual(
      notChecked.map((f) => [f.filename, f.location.row, f.location.column]),
      [[join(fixture.dir, 'garbage.py'), 1, 1]],
    );
    assert.match(notChecked[0].message, /^Not checked: Binary file/);
    assert.ok(
      findings.some((f) => f.filename === join(fixture.dir, 'deploy.py')),
      'the other files are still reported',
    );
  });

  it('reports a file that is not valid UTF-8 like a finding, in the text output too', () => {
    writeFileSync(join(fixture.dir, 'mojibake.py'), Buffer.from([0x78, 0x20, 0x3d, 0x20, 0x22, 0xff, 0xfe, 0xc3, 0x22, 0x0a]));
    const r = runPyops(['check', 'mojibake.py', 'clean.py'], fixture.dir);
    assert.equal(r.status, 1);
    assert.equal(r.stderr, '');
    assert.equal(r.stdout, 'mojibake.py:1:1: OPS003 Not checked: Not valid utf-8 text (binary file?)\nFound 1 problem.\n');
  });

  it('reports a missing path as a finding in SARIF, with the rule and its help, and a successful run', () => {
    const r = runPyops(['check', '--format', 'sarif', 'deploy.py', 'gone.py'], fixture.dir);
    assert.equal(r.status, 1);
    const log = JSON.parse(r.stdout) as {
      runs: {
        tool: { driver: { rules: { id: string; help?: { markdown: string } }[] } };
        results: { ruleId: string; message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[];
        invocations: { executionSuccessful: boolean }[];
      }[];
    };
    const run = log.runs[0];
    assert.equal(run.invocations[0].executionSuccessful, true);
    const missing = run.results.filter((result) => result.ruleId === 'OPS003');
    assert.deepEqual(
      missing.map((m) => [m.locations[0].physicalLocation.artifactLocation.uri, m.message.text]),
      [['gone.py', 'Not checked: No such file or folder']],
    );
    assert.match(run.tool.driver.rules.find((rule) => rule.id === 'OPS003')?.help?.markdown ?? '', /# OPS003/);
    assert.ok(
      run.results.some((result) => result.ruleId !== 'OPS003'),
      'deploy.py is still reported',
    );
  });

  it('reads a file in the encoding its PEP 263 coding comment declares, and reports an unknown one', () => {
    const r = runPyops(['check', join('nested', 'latin1_notes.py')], fixture.dir);
    assert.equal(r.stderr, '');
    assert.doesNotMatch(r.stdout, /OPS003/);
    // "café" in cp1252 is not valid UTF-8: only the coding comment makes it readable.
    writeFileSync(
      join(fixture.dir, 'cp1252.py'),
      Buffer.concat([
        Buffer.from('# -*- coding: cp1252 -*-\nname = "caf'),
        Buffer.from([0xe9]),
        Buffer.from('"\nimport subprocess\nsubprocess.run(["ls"], check=True, timeout=5)\n'),
      ]),
    );
    assert.equal(runPyops(['check', 'cp1252.py'], fixture.dir).stdout, 'All checks passed!\n');
    writeFileSync(join(fixture.dir, 'klingon.py'), '# coding: klingon-8\nx = 1\n');
    const unknown = runPyops(['check', 'klingon.py'], fixture.dir);
    assert.equal(unknown.status, 1);
    assert.match(unknown.stdout, /^klingon\.py:1:1: OPS003 Not checked: Unknown encoding 'klingon-8'/m);
  });

  it('reports a file it has no permission to read', () => {
    const file = join(fixture.dir, 'locked.py');
    writeFileSync(file, 'print("x")\n');
    chmodSync(file, 0o000);
    // Root reads any file: run the CLI as an unprivileged user then, from a copy that user can
    // read wherever the checkout is (the bundle and the grammars beside it).
    const asRoot = process.getuid?.() === 0;
    let cli = cliPath;
    if (asRoot) {
      chmodSync(fixture.dir, 0o755);
      const copy = join(fixture.dir, '.cli');
      mkdirSync(copy, { mode: 0o755 });
      for (const name of ['cli.js', 'tree-sitter.wasm', 'tree-sitter-python.wasm']) cpSync(join(dirname(cliPath), name), join(copy, name));
      chmodSync(copy, 0o755);
      cli = join(copy, 'cli.js');
    }
    const r = spawnSync(process.execPath, [cli, 'check', 'locked.py'], {
      cwd: fixture.dir,
      encoding: 'utf8',
      ...(asRoot ? { uid: 65534, gid: 65534 } : {}),
    });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /^locked\.py:1:1: OPS003 Not checked: Permission denied/m);
  });

  it('checks empty files and files with syntax errors without failing', () => {
    writeFileSync(join(fixture.dir, 'empty.py'), '');
    writeFileSync(join(fixture.dir, 'broken.py'), 'def f(:\n    import subprocess\nsubprocess.run(["x"])\n');
    const r = runPyops(['check', 'empty.py', 'broken.py'], fixture.dir);
    assert.ok(r.status === 0 || r.status === 1, r.stderr);
    assert.equal(r.stderr, '');
  });
});
