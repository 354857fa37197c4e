// Issue 9, item 2: a 95-byte .pyops.yaml whose per-path-ignores glob has 30 stars made picomatch
// backtrack for ever next to a file with a long name. Globs are now matched in linear time, and
// one PyOps cannot match is reported where it was written.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { checkJson, runPyops } from './cliHarness';

const HOSTILE = '*a'.repeat(30) + '*b';
/** A name that makes a backtracking matcher try every way of placing 30 stars. */
const LONG_NAME = 'a'.repeat(120) + 'c.py';
const FINDING = 'import subprocess\nsubprocess.run(["ls"], check=True)\n'; // OPS102

describe('pyops check: hostile globs', function () {
  this.timeout(120_000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pyops-globs-'));
    mkdirSync(join(dir, 'jobs'));
    writeFileSync(join(dir, LONG_NAME), FINDING);
    writeFileSync(join(dir, 'jobs', LONG_NAME), FINDING);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const timed = <T>(run: () => T): { value: T; ms: number } => {
    const started = performance.now();
    const value = run();
    return { value, ms: performance.now() - started };
  };

  it('checks with a 30-star per-path-ignores glob beside a long file name, at once', () => {
    writeFileSync(join(dir, '.pyops.yaml'), `per-path-ignores:\n  "${HOSTILE}": [ALL]\n  "jobs/*a*a*a*a*a*a*a*a*c.py": [ALL]\n`);
    const { value, ms } = timed(() => checkJson(['.'], dir));
    assert.equal(value.result.stderr, '');
    // The hostile glob matches nothing (the names end in .py); the second one ignores the file in jobs/.
    assert.deepEqual(
      value.findings.map((f) => [f.filename.slice(dir.length + 1), f.code]),
      [[LONG_NAME, 'OPS102']],
    );
    assert.ok(ms < 20_000, `took ${ms.toFixed(0)} ms`);
  });

  it('walks with hostile exclude globs from the config and the command line, at once', () => {
    writeFileSync(join(dir, '.pyops.yaml'), `extend-exclude: ["${HOSTILE}", "jobs/${HOSTILE}"]\n`);
    const { value, ms } = timed(() => checkJson(['--extend-exclude', `${HOSTILE},x/${HOSTILE}`, '.'], dir));
    assert.equal(value.result.stderr, '');
    assert.equal(value.findings.length, 2);
    const glob = timed(() => runPyops(['check', '--show-files', `**/${HOSTILE}`], dir));
    assert.match(glob.value.stderr, /no Python files match this glob/);
    assert.ok(ms + glob.ms < 30_000, `took ${(ms + glob.ms).toFixed(0)} ms`);
  });

  it('reports a glob it cannot use at its line in the config, and checks with the rest', () => {
    writeFileSync(
      join(dir, '.pyops.yaml'),
      `per-path-ignores:\n  "@(jobs|bin)/**": [ALL]\n  "${'x'.repeat(1001)}": [ALL]\nextend-exclude: ["{jobs"]\n`,
    );
    const { result, findings } = checkJson(['.'], dir);
    assert.match(
      result.stderr,
      /\.pyops\.yaml:2:3: warning: '@\(jobs\|bin\)\/\*\*' is not a usable glob: extglobs like @\(a\|b\) are not supported: use \{a,b\}\. It is ignored\./,
    );
    assert.match(
      result.stderr,
      /\.pyops\.yaml:3:3: warning: 'x+' is not a usable glob: it is longer than 1,000 characters\. It is ignored\./,
    );
    assert.match(
      result.stderr,
      /\.pyops\.yaml:4:\d+: warning: '\{jobs' is not a usable pattern: the '\{' at column 1 is never closed\. It is ignored\./,
    );
    assert.equal(findings.length, 2);
  });

  it('refuses an unusable --exclude or PATH glob with a message', () => {
    const exclude = runPyops(['check', '--exclude', 'build,@(a|b)', '.'], dir);
    assert.equal(exclude.status, 2);
    assert.match(exclude.stderr, /--exclude: '@\(a\|b\)' is not a usable pattern: extglobs/);
    const path = runPyops(['check', 'jobs/{a,b'], dir);
    assert.equal(path.status, 1);
    assert.match(path.stderr + path.stdout, /jobs\/\{a,b.*not a usable glob: the '\{' at column 6 is never closed/i);
  });
});
