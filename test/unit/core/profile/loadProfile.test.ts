import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { ProfileError } from '../../../../src/core/profile/errors';
import { loadProfile, runTimeit } from '../../../../src/core/profile/runProfile';
import { fixture, helperDir, leftovers, makeTempRoot, python, readWithPstats, removeDir } from './support';

describe('loadProfile and runTimeit (real Python)', function () {
  this.timeout(60_000);
  let tempRoot: string;
  let work: string;
  beforeEach(() => {
    tempRoot = makeTempRoot();
    work = makeTempRoot();
  });
  afterEach(() => {
    assert.deepEqual(leftovers(tempRoot), [], 'temporary files left behind');
    removeDir(tempRoot);
    removeDir(work);
  });

  it('loads a .prof written by python -m cProfile, with the same numbers as pstats', async () => {
    const prof = join(work, 'from cprofile.prof');
    await execa(python, ['-m', 'cProfile', '-o', prof, fixture('hot.py'), '2']);
    const profile = await loadProfile(prof, python, { helperDir, tempRoot });
    assert.equal(profile.run.exitStatus, 'unknown');
    assert.equal(profile.run.script, null);
    assert.equal(profile.run.profFile, prof);
    const rows = await readWithPstats(prof);
    assert.equal(profile.functions.length, rows.length);
    const byId = new Map(profile.functions.map((fn) => [fn.id, fn]));
    for (const row of rows) {
      const fn = byId.get(`${row.file}:${row.line}(${row.name})`)!;
      assert.equal(fn.totalCalls, row.totalCalls);
      assert.equal(fn.primitiveCalls, row.primitiveCalls);
    }
    assert.equal(profile.functions.find((fn) => fn.name === 'hot_loop')!.totalCalls, 2);
  });

  it('names a file that is not a profile, and a missing one', async () => {
    const bogus = join(work, 'notes.prof');
    writeFileSync(bogus, 'this is not marshal data');
    await assert.rejects(
      loadProfile(bogus, python, { helperDir, tempRoot }),
      (error: unknown) => error instanceof ProfileError && error.kind === 'bad-profile-file' && error.message.includes(bogus),
    );
    await assert.rejects(
      loadProfile(join(work, 'none.prof'), python, { helperDir, tempRoot }),
      (error: unknown) => error instanceof ProfileError && error.kind === 'profile-not-found',
    );
  });

  it('says why a marshal file is not a valid profile: NaN times, byte-string names, malformed callers', async () => {
    const cases: Record<string, string> = {
      'nan.prof': "{('a.py', 1, 'f'): (1, 1, float('nan'), 0.5, {})}",
      'bytes.prof': "{(b'a.py', 1, 'f'): (1, 1, 0.5, 0.5, {})}",
      'callers.prof': "{('a.py', 1, 'f'): (1, 1, 0.5, 0.5, [('b.py', 2, 'g')])}",
      'edge.prof': "{('a.py', 1, 'f'): (1, 1, 0.5, 0.5, {('b.py', 2, 'g'): (1, 1, 'slow', 0.5)})}",
      'caller-key.prof': "{('a.py', 1, 'f'): (1, 1, 0.5, 0.5, {'g': (1, 1, 0.5, 0.5)})}",
    };
    const reasons: Record<string, RegExp> = {
      'nan.prof': /holds nan/,
      'bytes.prof': /has a name that is not text/,
      'callers.prof': /are \[.*\], not a table/,
      'edge.prof': /holds 'slow', not a number/,
      'caller-key.prof': /a caller of .*: a function key is 'g'/,
    };
    for (const [name, data] of Object.entries(cases)) {
      const path = join(work, name);
      await execa(python, ['-c', `import marshal, sys; open(sys.argv[1], 'wb').write(marshal.dumps(${data}))`, path]);
      await assert.rejects(loadProfile(path, python, { helperDir, tempRoot }), (error: unknown) => {
        assert.ok(error instanceof ProfileError, `${name}: ${String(error)}`);
        assert.equal(error.kind, 'bad-profile-file', `${name}: ${error.message}`);
        assert.match(error.message, new RegExp(`is not a valid profile file: `), name);
        assert.match(error.message, reasons[name], name);
        return true;
      });
    }
  });

  it('fails clearly when the helper is not installed', async () => {
    const prof = join(work, 'x.prof');
    await execa(python, ['-m', 'cProfile', '-o', prof, fixture('exits3.py')], { reject: false });
    await assert.rejects(
      loadProfile(prof, python, { helperDir: work, tempRoot }),
      (error: unknown) => error instanceof ProfileError && error.kind === 'helper-missing',
    );
  });

  it('times indented statements with autorange and reports per-loop seconds', async () => {
    const result = await runTimeit({
      python,
      helperDir,
      tempRoot,
      statements: '    total = 0\n    for i in range(1000):\n        total += i\n',
      repeat: 3,
    });
    assert.equal(result.exception, undefined);
    assert.ok(result.loops >= 1);
    assert.equal(result.perLoop.length, 3);
    assert.ok(result.perLoop.every((t) => t > 0));
    assert.equal(result.best, Math.min(...result.perLoop));
    // autorange sized the loops so one repeat took at least 0.2 s; on a loaded machine later
    // repeats can run twice as fast, so only the slowest is held to half of that.
    const slowest = Math.max(...result.perLoop);
    assert.ok(slowest * result.loops >= 0.1, `${slowest} x ${result.loops}`);
  });

  it('uses setup and the directory for imports', async () => {
    writeFileSync(join(work, 'local_mod.py'), 'def double(x):\n    return 2 * x\n');
    const result = await runTimeit({
      python,
      helperDir,
      tempRoot,
      setup: 'from local_mod import double',
      statements: 'double(21)',
      directory: work,
      repeat: 2,
    });
    assert.equal(result.exception, undefined);
    assert.equal(result.perLoop.length, 2);
  });

  it('reports an exception raised by the statements', async () => {
    const result = await runTimeit({ python, helperDir, tempRoot, statements: 'x = 1 / 0', onStderr: () => {} });
    assert.equal(result.exception?.type, 'ZeroDivisionError');
    assert.deepEqual(result.perLoop, []);
  });
});
