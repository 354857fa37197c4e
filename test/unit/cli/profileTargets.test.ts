// pyops profile -m MODULE, --cwd and --env-file: the built CLI run as a process, profiling a real
// package with real Python (the oldest 3.8 and the newest interpreter found), and a pytest test.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { oldestAndNewestPython, pythonsWithPytest, type PythonInterpreter } from '../../helpers/pythons';
import { repoRoot } from '../../helpers/repoRoot';
import { runPyops } from './cliHarness';

const modulesDir = join(repoRoot, 'test', 'fixtures', 'profile', 'modules');

interface Facts {
  name: string;
  package: string;
  spec: string;
  argv: string[];
  path0: string;
  cwd: string;
  main_module_file: string;
  deploy_env: string | null;
  region: string | null;
}

function factsIn(stdout: string): Facts {
  const line = stdout.split('\n').find((l) => l.startsWith('FACTS '));
  assert.ok(line, `the module printed no facts:\n${stdout}`);
  return JSON.parse(line.slice('FACTS '.length)) as Facts;
}

/** The profile table's row for `name`, e.g. "opsdemo/report.py:9(crunch)". */
function row(stdout: string, name: string): string | undefined {
  return stdout.split('\n').find((l) => l.endsWith(`(${name})`));
}

describe('pyops profile -m / --cwd / --env-file (built CLI, real Python)', function () {
  this.timeout(120_000);
  let pythons: PythonInterpreter[] = [];
  let scratch: string;

  before(() => {
    pythons = oldestAndNewestPython();
    scratch = mkdtempSync(join(tmpdir(), 'pyops-targets-'));
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('runs a module as python -m does: __main__, sys.path[0] the working directory, argv[0] its file, the exit code passed on', () => {
    for (const python of pythons) {
      const result = runPyops(
        ['profile', '--python', python.path, '--top', '50', '-m', 'opsdemo.report', '--', '--target', 'eu west', '--exit', '3'],
        modulesDir,
      );
      assert.equal(result.status, 3, `${python.label}: ${result.stderr}`);
      const facts = factsIn(result.stdout);
      assert.equal(facts.name, '__main__', python.label);
      assert.equal(facts.spec, 'opsdemo.report', python.label);
      assert.equal(facts.package, 'opsdemo', python.label);
      assert.equal(facts.path0, modulesDir, python.label);
      assert.equal(facts.cwd, modulesDir, python.label);
      assert.deepEqual(facts.argv, [join(modulesDir, 'opsdemo', 'report.py'), '--target', 'eu west', '--exit', '3'], python.label);
      // The module's own functions are profiled, and the module is the root: no runpy frames.
      assert.match(row(result.stdout, 'crunch') ?? '', /^\s+1\s/, `${python.label}: no crunch row in\n${result.stdout}`);
      assert.ok(row(result.stdout, '<module>'), python.label);
      assert.ok(!/runpy|pyops_profile/.test(result.stdout), `${python.label}: launcher frames in\n${result.stdout}`);
      assert.match(result.stderr, /script exited with code 3/, python.label);
    }
  });

  it('runs a package\u2019s __main__.py for -m PACKAGE, and takes -mMODULE and --module=MODULE too', () => {
    const python = pythons[pythons.length - 1]!.path;
    for (const form of [['-m', 'opsdemo'], ['-mopsdemo'], ['--module=opsdemo'], ['--module', 'opsdemo']]) {
      const result = runPyops(['profile', '--python', python, ...form, 'plain-arg'], modulesDir);
      assert.equal(result.status, 0, `${form.join(' ')}: ${result.stderr}`);
      const facts = factsIn(result.stdout);
      assert.equal(facts.main_module_file, join(modulesDir, 'opsdemo', '__main__.py'), form.join(' '));
      assert.deepEqual(facts.argv.slice(1), ['plain-arg'], form.join(' '));
    }
  });

  it('names a module it cannot find, and the fix, without running anything', () => {
    for (const python of pythons) {
      const missing = runPyops(['profile', '--python', python.path, '-m', 'opsdemo.nope'], modulesDir);
      assert.equal(missing.status, 2, python.label);
      assert.match(missing.stderr, /No module named opsdemo\.nope/, python.label);
      assert.match(missing.stderr, /python -m looks in the working directory first/, python.label);
      // From another folder the package is not on sys.path: the same message, not a crash.
      const elsewhere = runPyops(['profile', '--python', python.path, '-m', 'opsdemo.report'], scratch);
      assert.equal(elsewhere.status, 2, python.label);
      assert.match(elsewhere.stderr, /No module named 'opsdemo'|No module named opsdemo/, `${python.label}: ${elsewhere.stderr}`);
    }
  });

  it('tells a path given as a module what to write instead', () => {
    const result = runPyops(['profile', '-m', 'opsdemo/report.py'], modulesDir);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /"opsdemo\/report\.py" is not a module name\. Did you mean opsdemo\.report\?/);
  });

  it('keeps the profile and the traceback of a module that raises while importing', () => {
    const python = pythons[pythons.length - 1]!.path;
    const result = runPyops(['profile', '--python', python, '-m', 'opsdemo.broken'], modulesDir);
    assert.equal(result.status, 1, result.stderr);
    assert.match(result.stderr, /ModuleNotFoundError: No module named 'not_installed_dependency'/);
    assert.match(result.stderr, /script raised ModuleNotFoundError/);
    assert.ok(row(result.stdout, '<module>'), result.stdout);
  });

  it('--cwd sets the working directory (and sys.path[0] of a module); SCRIPT stays relative to the current one', () => {
    const python = pythons[pythons.length - 1]!.path;
    const moduleRun = runPyops(['profile', '--python', python, '--cwd', modulesDir, '-m', 'opsdemo.report'], scratch);
    assert.equal(moduleRun.status, 0, moduleRun.stderr);
    assert.equal(factsIn(moduleRun.stdout).cwd, modulesDir);
    assert.equal(factsIn(moduleRun.stdout).path0, modulesDir);

    const scriptRun = runPyops(['profile', '--python', python, '--cwd', scratch, join('opsdemo', 'report.py')], modulesDir);
    assert.equal(scriptRun.status, 0, scriptRun.stderr);
    const facts = factsIn(scriptRun.stdout);
    assert.equal(facts.cwd, scratch);
    // A script's sys.path[0] is its own folder, wherever it runs.
    assert.equal(facts.path0, join(modulesDir, 'opsdemo'));

    const badCwd = runPyops(['profile', '--cwd', join(scratch, 'missing'), '-m', 'opsdemo'], modulesDir);
    assert.equal(badCwd.status, 2);
    assert.match(badCwd.stderr, /working directory .*missing does not exist/);
  });

  it('--env-file sets the variables of .env files, later files winning, read by the Python extension\u2019s rules', () => {
    const first = join(scratch, 'first.env');
    const second = join(scratch, 'second.env');
    writeFileSync(first, '# shared\nDEPLOY_ENV=staging\nREGION="eu-${DEPLOY_ENV}"\nexport IGNORED=1\n');
    writeFileSync(second, 'DEPLOY_ENV=production # a note stays in the value\n');
    const python = pythons[pythons.length - 1]!.path;
    const result = runPyops(['profile', '--python', python, '--env-file', first, '--env-file', second, '-m', 'opsdemo.report'], modulesDir);
    assert.equal(result.status, 0, result.stderr);
    const facts = factsIn(result.stdout);
    assert.equal(facts.deploy_env, 'production # a note stays in the value');
    assert.equal(facts.region, 'eu-staging');
    assert.match(result.stderr, /first\.env: line 4 sets nothing/);
  });

  it('profiles a pytest test with -m pytest: pytest\u2019s own functions in one <pytest> row unless --show-pytest-frames', () => {
    const python = pythonsWithPytest()[0]!.path;
    const project = join(repoRoot, 'test', 'fixtures', 'profile', 'pytest_project');
    // Enough rows for the test below the imports of pytest's plugins (hypothesis takes seconds).
    const options = ['profile', '--python', python, '--top', '80'];
    const test = ['-m', 'pytest', '--', '-p', 'no:cacheprovider', 'test_hosts.py::test_counts_every_host'];
    const folded = runPyops([...options, ...test], project);
    assert.equal(folded.status, 0, folded.stderr);
    assert.ok(row(folded.stdout, 'test_counts_every_host'), folded.stdout);
    assert.ok(row(folded.stdout, 'count_hosts'), folded.stdout);
    // Printed as pstats prints a built-in: in braces.
    assert.match(folded.stdout, /\{pytest: \d+ functions of pytest and its helpers\}/);
    assert.doesNotMatch(folded.stdout, /[\\/]_pytest[\\/]/);
    assert.match(folded.stderr, /folded into the <pytest> row; --show-pytest-frames lists them/);

    const shown = runPyops([...options, '--show-pytest-frames', ...test], project);
    assert.equal(shown.status, 0, shown.stderr);
    assert.match(shown.stdout, /[\\/]_pytest[\\/]main\.py:\d+\(pytest_cmdline_main\)/);
    assert.doesNotMatch(shown.stdout, /pytest: \d+ functions/);
    assert.doesNotMatch(shown.stderr, /folded/);
  });

  it('stops with the file\u2019s name when an --env-file is missing', () => {
    const result = runPyops(['profile', '--env-file', 'nowhere.env', '-m', 'opsdemo'], modulesDir);
    // Node.js 20 itself checks a --env-file argument it sees anywhere (nodejs/node#54232) and
    // stops with "node: nowhere.env: not found"; otherwise pyops profile says it.
    assert.notEqual(result.status, 0);
    assert.match(result.stderr, /nowhere\.env/);
    assert.ok(!result.stdout.includes('FACTS'), 'the module ran');
  });
});
