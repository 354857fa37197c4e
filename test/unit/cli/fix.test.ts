import assert from 'node:assert/strict';
import { chmodSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { checkJson, copyFixture, runPyops } from './cliHarness';

describe('pyops check --fix', function () {
  this.timeout(60_000);
  let fixture: ReturnType<typeof copyFixture>;
  beforeEach(() => {
    fixture = copyFixture('project');
  });
  afterEach(() => fixture.dispose());

  it('applies safe fixes, writes the file, and a second run finds nothing left to fix', () => {
    const file = join(fixture.dir, 'deploy.py');
    chmodSync(file, 0o754);
    const before = readFileSync(file, 'utf8');
    const first = checkJson(['deploy.py'], fixture.dir).findings;
    const safe = first.filter((f) => f.fix?.applicability === 'safe');
    assert.ok(safe.length > 0, 'the fixture has safely fixable findings');

    const fixed = runPyops(['check', '--fix', 'deploy.py'], fixture.dir);
    const summary = /Found (\d+) problems? \((\d+) fixed, (\d+) remaining\)\./.exec(fixed.stdout);
    assert.ok(summary, fixed.stdout + fixed.stderr);
    const remaining = Number(summary[3]);
    assert.ok(Number(summary[2]) >= safe.length);
    assert.equal(fixed.status, remaining > 0 ? 1 : 0);

    const after = readFileSync(file, 'utf8');
    assert.notEqual(after, before);
    assert.equal(statSync(file).mode & 0o777, 0o754, 'the file keeps its permissions');
    assert.deepEqual(
      readdirSync(fixture.dir).filter((n) => n.includes('.tmp')),
      [],
      'no temporary file is left behind',
    );

    const second = checkJson(['deploy.py'], fixture.dir).findings;
    assert.equal(second.length, remaining);
    assert.deepEqual(
      second.filter((f) => f.fix?.applicability === 'safe'),
      [],
    );
    for (const f of first.filter((x) => x.fix?.applicability !== 'safe')) {
      assert.ok(
        second.some((s) => s.code === f.code),
        `unsafe or unfixable ${f.code} is still reported, not silently changed`,
      );
    }

    const again = runPyops(['check', '--fix', 'deploy.py'], fixture.dir);
    assert.equal(readFileSync(file, 'utf8'), after, 'fixing twice changes nothing the second time');
    assert.equal(again.status, remaining > 0 ? 1 : 0);
  });

  it('leaves files without fixable findings untouched', () => {
    const file = join(fixture.dir, 'clean.py');
    const inode = statSync(file).ino;
    const r = runPyops(['check', '--fix', 'clean.py'], fixture.dir);
    assert.equal(r.status, 0);
    assert.equal(statSync(file).ino, inode, 'not rewritten');
  });

  it('does not write fixes into a file that is not UTF-8, and says why', () => {
    const file = join(fixture.dir, 'nested', 'latin1_notes.py');
    const before = readFileSync(file);
    const report = checkJson(['nested/latin1_notes.py'], fixture.dir).findings;
    const r = runPyops(['check', '--fix', 'nested/latin1_notes.py'], fixture.dir);
    assert.deepEqual(readFileSync(file), before);
    if (report.some((f) => f.fix?.applicability === 'safe')) assert.match(r.stderr, /fixes not applied: the file is encoded as/);
  });
});
