// The shipped library itself: its source is clean, its prefixes discoverable, and every snippet
// compiles as Python with its defaults and with each option of each choice.
import * as assert from 'node:assert/strict';
import { formatProblem, PREFIX_LEAD } from '../../../../src/core/snippets';
import { expansionsOf, loadLibrary } from './library';
import { OLDEST_PYTHON, pythonSyntaxErrors } from './python';

describe('snippet library', () => {
  const { families, problems } = loadLibrary();
  const snippets = families.flatMap((family) => family.snippets);

  it('has a source without problems', () => {
    assert.deepEqual(problems.map(formatProblem), []);
  });

  it('has at least 40 snippets in families of at least three', () => {
    assert.ok(snippets.length >= 40, `only ${snippets.length} snippets`);
    for (const family of families) assert.ok(family.snippets.length >= 3, `family ${family.id} has ${family.snippets.length}`);
  });

  it('gives every snippet a unique prefix made of the common lead-in and its family', () => {
    const prefixes = snippets.map((s) => s.prefix);
    assert.equal(new Set(prefixes).size, prefixes.length, 'duplicate prefixes');
    for (const family of families) {
      for (const snippet of family.snippets) assert.ok(snippet.prefix.startsWith(`${PREFIX_LEAD}${family.id}-`), snippet.prefix);
    }
  });

  it('describes every snippet in at least a few words', () => {
    for (const snippet of snippets) {
      assert.ok(snippet.description.trim().split(/\s+/).length >= 5, `${snippet.prefix}: "${snippet.description}"`);
    }
  });

  it('covers the families the issue asks for', () => {
    const has = (prefix: string): boolean => snippets.some((s) => s.prefix === prefix);
    for (const prefix of [
      'ops-script-main',
      'ops-script-subcommands',
      'ops-script-dry-run',
      'ops-log-basic',
      'ops-log-dictconfig',
      'ops-log-module',
      'ops-log-verbosity',
      'ops-log-json',
      'ops-sub-run',
      'ops-sub-stream',
      'ops-sub-pipeline',
      'ops-sub-env',
      'ops-sub-cwd',
      'ops-sub-retry',
      'ops-sub-async',
      'ops-fs-walk',
      'ops-fs-mkdir',
      'ops-fs-atomic-write',
      'ops-fs-copy',
      'ops-fs-move',
      'ops-fs-remove',
      'ops-fs-tempdir',
      'ops-fs-disk-space',
      'ops-fs-which',
      'ops-fs-lock',
      'ops-sys-env-required',
      'ops-sys-python-version',
      'ops-sys-platform',
      'ops-sys-exit-codes',
      'ops-sys-confirm',
      'ops-conc-signals',
      'ops-conc-threadpool',
      'ops-conc-timeout',
      'ops-cfg-json',
      'ops-cfg-yaml',
      'ops-net-health',
      'ops-perf-timer',
      'ops-perf-cprofile',
      'ops-perf-timeit',
    ]) {
      assert.ok(has(prefix), `missing ${prefix}`);
    }
  });

  it(`compiles with python3 (syntax of Python ${OLDEST_PYTHON.join('.')}) with defaults and with every choice`, function () {
    this.timeout(60_000);
    const expansions = snippets.flatMap(expansionsOf);
    // More expansions than snippets: the choices were exercised too.
    assert.ok(expansions.length > snippets.length);
    assert.deepEqual(pythonSyntaxErrors(expansions), {});
  });

  it('has a compile check that does catch broken code and too-new syntax', () => {
    const errors = pythonSyntaxErrors([
      { label: 'ok', code: 'x = 1\n' },
      { label: 'broken', code: 'def f(:\n' },
      { label: 'except-star', code: 'try:\n    pass\nexcept* OSError:\n    pass\n' },
    ]);
    assert.deepEqual(Object.keys(errors).sort(), ['broken', 'except-star']);
  });
});
