// `[tool.pyops]` in pyproject.toml from `pyops check`: the nearest configuration wins, `.pyops.yaml`
// before `pyproject.toml` in one folder, a pyproject.toml without the table is passed over.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { checkJson, runPyops } from './cliHarness';

const BOTH = 'import subprocess\nsubprocess.run(["ls"])\n'; // OPS101 and OPS102

describe('pyops check with pyproject.toml', function () {
  this.timeout(60_000);
  let root: string;
  const write = (path: string, text: string): void => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  beforeEach(() => {
    root = realpathSync(mkdtempSync(join(tmpdir(), 'pyops-pyproject-')));
    write('app.py', BOTH);
    write('svc/job.py', BOTH);
    write('lib/util.py', BOTH);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const codesByFile = (): Record<string, string[]> => {
    const { findings } = checkJson(['.'], root);
    const out: Record<string, string[]> = {};
    for (const f of findings) (out[relative(root, f.filename)] ??= []).push(f.code);
    return out;
  };

  it('applies [tool.pyops]; the nearest config wins; .pyops.yaml wins over pyproject.toml in one folder', () => {
    write('pyproject.toml', '[project]\nname = "ops"\n\n[tool.pyops]\nignore = ["OPS102"]\n');
    write('svc/.pyops.yaml', 'ignore: [OPS101]\n');
    // No [tool.pyops]: not a PyOps config, the search goes on to the folder above.
    write('lib/pyproject.toml', '[tool.ruff]\nline-length = 100\n');
    assert.deepEqual(codesByFile(), { 'app.py': ['OPS101'], 'lib/util.py': ['OPS101'], 'svc/job.py': ['OPS102'] });
    write('svc/pyproject.toml', '[tool.pyops]\nignore = []\n');
    assert.deepEqual(codesByFile()['svc/job.py'], ['OPS102'], '.pyops.yaml wins over pyproject.toml in the same folder');
  });

  it('reports problems in [tool.pyops] at their line and still applies the rest', () => {
    write('pyproject.toml', '[tool.pyops]\nignore = ["OPS102"]\nignor = ["OPS101"]\n');
    const r = runPyops(['check', '.'], root);
    assert.match(r.stderr, /^pyproject\.toml:3:1: warning: Unknown option 'ignor'\. Did you mean 'ignore'\?/m);
    assert.doesNotMatch(r.stdout, /OPS102/);
    write('pyproject.toml', '[tool.pyops]\nignore = [OPS102]\n');
    const broken = runPyops(['check', '.'], root);
    assert.match(broken.stderr, /^pyproject\.toml:2:\d+: error: TOML syntax error/m);
    assert.match(broken.stdout, /OPS102/, 'a broken file applies nothing');
  });

  it('takes a pyproject.toml with --config, and warns when it has no [tool.pyops]', () => {
    write('conf/pyproject.toml', '[tool.pyops]\nselect = ["OPS102"]\n');
    const { findings } = checkJson(['--config', 'conf/pyproject.toml', '.'], root);
    assert.deepEqual([...new Set(findings.map((f) => f.code))], ['OPS102']);
    write('other/pyproject.toml', '[project]\nname = "x"\n');
    const r = runPyops(['check', '--config', 'other/pyproject.toml', 'app.py'], root);
    assert.match(r.stderr, /other\/pyproject\.toml:1:1: warning: This pyproject\.toml has no \[tool\.pyops\] table/);
  });
});

describe('pyops check --report-unused-suppressions', function () {
  this.timeout(60_000);
  let root: string;
  beforeEach(() => {
    root = realpathSync(mkdtempSync(join(tmpdir(), 'pyops-unused-')));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('reports suppressions that silence nothing, and --fix removes them', () => {
    writeFileSync(join(root, 'job.py'), 'import subprocess\nsubprocess.run(["ls"], check=True, timeout=5)  # pyops: ignore[OPS101]\n');
    assert.equal(runPyops(['check', 'job.py'], root).status, 0, 'off by default');
    const r = runPyops(['check', '--report-unused-suppressions', 'job.py'], root);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /^job\.py:2:48: OPS002 \[\*\] Unused suppression: OPS101 is not reported on this line\.$/m);
    const fixed = runPyops(['check', '--report-unused-suppressions', '--fix', 'job.py'], root);
    assert.equal(fixed.status, 0, fixed.stdout);
    assert.equal(readFileSync(join(root, 'job.py'), 'utf8'), 'import subprocess\nsubprocess.run(["ls"], check=True, timeout=5)\n');
  });

  it('is also a config option, and # pyops: ignore-file silences a whole file', () => {
    writeFileSync(join(root, 'pyproject.toml'), '[tool.pyops]\nreport-unused-suppressions = true\n');
    writeFileSync(join(root, 'gen.py'), '# pyops: ignore-file\nimport subprocess\nsubprocess.run(["ls"])\n');
    writeFileSync(join(root, 'clean.py'), '# pyops: ignore-file[OPS101]\nprint("hi")\n');
    const r = runPyops(['check', '.'], root);
    assert.equal(
      r.stdout,
      'clean.py:1:1: OPS002 [*] Unused suppression: OPS101 is not reported in this file.\nFound 1 problem.\n[*] 1 fixable with the `--fix` option.\n',
    );
  });
});
