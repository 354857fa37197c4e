// Globs (per-path-ignores, exclude, --exclude, PATH globs) are matched in time linear in the path:
// a hostile glob next to a long file name once made picomatch backtrack for minutes.
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { compileGlob, globBase, hasGlobSyntax } from '../../../../src/core/files/glob';

function matches(glob: string, path: string, dot = true): boolean {
  const compiled = compileGlob(glob, { dot });
  assert.ok(compiled.ok, `${glob}: ${compiled.ok ? '' : compiled.reason}`);
  return compiled.glob.matches(path);
}

describe('globs', () => {
  it('matches the syntax the docs promise: *, **, ?, [...], {a,b}, ranges, escapes, !', () => {
    const cases: [string, string, boolean][] = [
      ['*.py', 'job.py', true],
      ['*.py', 'jobs/job.py', false],
      ['tests/**', 'tests/a/b.py', true],
      ['tests/**', 'tests', true],
      ['tests/**', 'testsuite/a.py', false],
      ['**/test_*.py', 'test_x.py', true],
      ['**/test_*.py', 'a/b/test_x.py', true],
      ['**/test_*.py', 'a/b/x_test.py', false],
      ['jobs/**/*.py', 'jobs/a.py', true],
      ['jobs/**/*.py', 'jobs/x/y/a.py', true],
      ['a/**/b/**/c', 'a/b/c', true],
      ['a/**/b/**/c', 'a/x/b/y/z/c', true],
      ['a**b', 'axxb', true],
      ['a**b', 'ax/xb', false],
      ['job?.py', 'job1.py', true],
      ['job?.py', 'job12.py', false],
      ['a?c', 'a/c', false],
      ['[ab]x.py', 'bx.py', true],
      ['[!ab]x.py', 'bx.py', false],
      ['[!ab]x.py', 'cx.py', true],
      ['[^ab]x.py', 'cx.py', true],
      ['[a-c]x.py', 'bx.py', true],
      ['[[:digit:]]x.py', '5x.py', true],
      ['{jobs,bin}/*.py', 'bin/a.py', true],
      ['{jobs,bin}/*.py', 'lib/a.py', false],
      ['{a,{b,c}d}.py', 'cd.py', true],
      ['f{1..3}.py', 'f2.py', true],
      ['f{1..3}.py', 'f4.py', false],
      ['{a}.py', '{a}.py', true],
      ['a\\*b', 'a*b', true],
      ['a\\*b', 'axb', false],
      ['[unclosed', '[unclosed', true],
      ['!tests/**', 'tests/a.py', false],
      ['!tests/**', 'src/a.py', true],
    ];
    for (const [glob, path, expected] of cases) assert.equal(matches(glob, path), expected, `${glob} against ${path}`);
  });

  it('lets wildcards match a leading dot only when dot is on', () => {
    assert.equal(matches('*.py', '.hidden.py'), true);
    assert.equal(matches('*.py', '.hidden.py', false), false);
    assert.equal(matches('**/*.py', 'a/.cache/x.py', false), false);
    assert.equal(matches('**/.cache/*.py', 'a/.cache/x.py', false), true);
  });

  it('refuses what it cannot match, with the reason', () => {
    const reasons: [string, RegExp][] = [
      ['@(a|b).py', /extglobs like @\(a\|b\) are not supported: use \{a,b\}/],
      ['!(x).py', /extglobs/],
      ['{a,b', /the '\{' at column 1 is never closed/],
      ['[[:nope:]]', /unknown character class \[:nope:\]/],
      ['x'.repeat(1001), /longer than 1,000 characters/],
      ['f{1..5000}.py', /more than 1000 items/],
      ['a\\', /lone backslash/],
    ];
    for (const [glob, reason] of reasons) {
      const compiled = compileGlob(glob);
      assert.equal(compiled.ok, false, glob);
      if (!compiled.ok) assert.match(compiled.reason, reason, glob);
    }
  });

  it('matches a hostile glob against a long name in linear time (picomatch: minutes)', () => {
    // 30 stars, the 95-byte .pyops.yaml of issue 9; then 300 stars.
    for (const stars of [30, 300]) {
      const glob = '*a'.repeat(stars) + '*b';
      const compiled = compileGlob(glob);
      assert.ok(compiled.ok);
      const name = 'a'.repeat(250) + '.py';
      const deep = 'a/'.repeat(500) + name;
      const started = performance.now();
      for (let i = 0; i < 20; i++) {
        assert.equal(compiled.glob.matches(name), false);
        assert.equal(compiled.glob.matches(deep), false);
      }
      const elapsed = performance.now() - started;
      assert.ok(elapsed < 10_000, `${stars} stars: 40 matches took ${elapsed.toFixed(0)} ms`);
    }
    const globstars = compileGlob('**/'.repeat(200) + 'x');
    assert.ok(globstars.ok);
    const started = performance.now();
    assert.equal(globstars.glob.matches('a/'.repeat(2000) + 'y'), false);
    assert.ok(performance.now() - started < 10_000);
  });

  it('tells globs from plain names and finds their fixed leading folders', () => {
    assert.equal(hasGlobSyntax('build'), false);
    assert.equal(hasGlobSyntax('scripts/legacy'), false);
    assert.equal(hasGlobSyntax('*_pb2.py'), true);
    assert.equal(hasGlobSyntax('{a,b}'), true);
    assert.equal(globBase('jobs/nightly/**/*.py'), 'jobs/nightly');
    assert.equal(globBase('*.py'), '');
    assert.equal(globBase('/srv/jobs/*.py'), '/srv/jobs');
  });
});
