import assert from 'node:assert/strict';
import { analyze, config, dedent, lineCodes } from './helpers';

const SRC = dedent(`
  import subprocess
  import yaml
  subprocess.run(["make"])
  data = yaml.load(open("x.yml", "rb"))
`);
// Findings with the default config: OPS101 + OPS102 on line 3, OPS303 on line 4.

describe('diagnostics: configuration', () => {
  it('runs every rule by default', async () => {
    assert.deepEqual(lineCodes(await analyze(SRC)), ['3:OPS101', '3:OPS102', '4:OPS303']);
  });

  it('selects by code, prefix or name', async () => {
    assert.deepEqual(lineCodes(await analyze(SRC, config({ select: ['OPS101'] }))), ['3:OPS101']);
    assert.deepEqual(lineCodes(await analyze(SRC, config({ select: ['OPS1'] }))), ['3:OPS101', '3:OPS102']);
    assert.deepEqual(lineCodes(await analyze(SRC, config({ select: ['yaml-unsafe-load'] }))), ['4:OPS303']);
  });

  it('one configuration object checks many files: per-path ignores per path, a replaced list taken at once', async () => {
    // The engine keeps each configuration's rule list; files of one configuration share it.
    const shared = config({ perPathIgnores: [{ glob: 'tests/**', codes: ['OPS101'] }] });
    assert.deepEqual(lineCodes(await analyze(SRC, shared, 'deploy/run.py')), ['3:OPS101', '3:OPS102', '4:OPS303']);
    assert.deepEqual(lineCodes(await analyze(SRC, shared, 'tests/test_run.py')), ['3:OPS102', '4:OPS303']);
    assert.deepEqual(lineCodes(await analyze(SRC, shared, 'deploy/run.py')), ['3:OPS101', '3:OPS102', '4:OPS303']);
    // As the CLI's --ignore does to a file's configuration before it is checked.
    shared.ignore = ['OPS303'];
    assert.deepEqual(lineCodes(await analyze(SRC, shared, 'deploy/run.py')), ['3:OPS101', '3:OPS102']);
    shared.select = ['OPS1'];
    assert.deepEqual(lineCodes(await analyze(SRC, shared, 'tests/test_run.py')), ['3:OPS102']);
    shared.severity = { OPS102: 'off' };
    assert.deepEqual(lineCodes(await analyze(SRC, shared, 'deploy/run.py')), ['3:OPS101']);
  });

  it('lets ignore win over select', async () => {
    assert.deepEqual(lineCodes(await analyze(SRC, config({ select: ['OPS1'], ignore: ['OPS102'] }))), ['3:OPS101']);
    assert.deepEqual(lineCodes(await analyze(SRC, config({ select: ['OPS101'], ignore: ['OPS'] }))), []);
  });

  it('overrides severities by code or name, and "off" disables a rule', async () => {
    const found = await analyze(SRC, config({ severity: { OPS101: 'hint', 'yaml-unsafe-load': 'error', OPS102: 'off' } }));
    assert.deepEqual(
      found.map((f) => `${f.code}:${f.severity}`),
      ['OPS101:hint', 'OPS303:error'],
    );
    const defaults = await analyze(SRC);
    assert.deepEqual(
      defaults.map((f) => `${f.code}:${f.severity}`),
      ['OPS101:error', 'OPS102:warning', 'OPS303:warning'],
    );
  });

  it('applies per-path ignores with globs (and file-name globs anywhere)', async () => {
    const cfg = config({
      perPathIgnores: [
        { glob: 'tests/**', codes: ['ALL'] },
        { glob: 'scripts/*.py', codes: ['OPS10'] },
        { glob: 'conftest.py', codes: ['OPS303'] },
      ],
    });
    assert.deepEqual(lineCodes(await analyze(SRC, cfg, 'tests/unit/test_x.py')), []);
    assert.deepEqual(lineCodes(await analyze(SRC, cfg, 'scripts/deploy.py')), ['4:OPS303']);
    assert.deepEqual(lineCodes(await analyze(SRC, cfg, 'scripts/sub/deploy.py')), ['3:OPS101', '3:OPS102', '4:OPS303']);
    assert.deepEqual(lineCodes(await analyze(SRC, cfg, 'pkg/conftest.py')), ['3:OPS101', '3:OPS102']);
    assert.deepEqual(lineCodes(await analyze(SRC, cfg)), ['3:OPS101', '3:OPS102', '4:OPS303'], 'no path: no per-path ignores');
  });

  it('recognises configured logger names', async () => {
    const src = dedent(`
      import logging
      def f(reporter):
          try:
              pass
          except Exception:
              reporter.error("failed")
    `);
    assert.deepEqual(lineCodes(await analyze(src), 'OPS201'), []);
    assert.deepEqual(
      lineCodes(
        await analyze(src, config({ wrappers: { loggers: ['reporter'], loggingFunctions: [], checkedSubprocessHelpers: [] } })),
        'OPS201',
      ),
      ['6:OPS201'],
    );
  });

  it('counts configured logging functions as logging in a handler', async () => {
    const src = dedent(`
      from myapp.util import page_oncall
      def f():
          try:
              pass
          except Exception:
              page_oncall("failed")
    `);
    assert.deepEqual(lineCodes(await analyze(src)), ['5:OPS106']);
    for (const name of ['myapp.util.page_oncall', 'page_oncall']) {
      const cfg = config({ wrappers: { loggers: [], loggingFunctions: [name], checkedSubprocessHelpers: [] } });
      assert.deepEqual(lineCodes(await analyze(src, cfg)), [], name);
    }
  });

  it('trusts configured subprocess helpers to check the codes of the processes they run', async () => {
    const src = dedent(`
      import subprocess
      def run_checked(cmd):
          proc = subprocess.run(cmd, timeout=60)
          _raise_on_failure(proc.stdout)
          return proc.stdout
    `);
    assert.deepEqual(lineCodes(await analyze(src)), ['3:OPS101']);
    const cfg = config({ wrappers: { loggers: [], loggingFunctions: [], checkedSubprocessHelpers: ['utils.run_checked'] } });
    assert.deepEqual(lineCodes(await analyze(src, cfg)), []);
  });

  it('reads configured logger names for secrets written to the log (OPS206)', async () => {
    const src = dedent(`
      import logging
      def connect(audit, password):
          audit.info("connecting with %s", password)
    `);
    assert.deepEqual(lineCodes(await analyze(src), 'OPS206'), []);
    const cfg = config({ wrappers: { loggers: ['audit'], loggingFunctions: [], checkedSubprocessHelpers: [] } });
    assert.deepEqual(lineCodes(await analyze(src, cfg), 'OPS206'), ['3:OPS206']);
  });

  it('trusts configured subprocess helpers with the processes they start, and counts a process handed to one as waited for (OPS109)', async () => {
    const src = dedent(`
      import subprocess
      from utils import wait_checked
      def spawn_checked(cmd):
          proc = subprocess.Popen(cmd)
          _children.append(proc.pid)
      def deploy(cmd):
          proc = subprocess.Popen(cmd)
          wait_checked(proc)
    `);
    assert.deepEqual(lineCodes(await analyze(src), 'OPS109'), ['4:OPS109']);
    const cfg = config({
      wrappers: { loggers: [], loggingFunctions: [], checkedSubprocessHelpers: ['utils.spawn_checked', 'wait_checked'] },
    });
    assert.deepEqual(lineCodes(await analyze(src, cfg), 'OPS109'), []);
  });

  it('knows configured loggers never configure the root logger: their records leave basicConfig() working (OPS208)', async () => {
    const src = dedent(`
      #!/usr/bin/env python3
      import logging
      def main(audit):
          audit.info("starting")
          logging.basicConfig(level=logging.INFO)
          return 0
    `);
    const cfg = config({ wrappers: { loggers: ['audit'], loggingFunctions: [], checkedSubprocessHelpers: [] } });
    assert.deepEqual(lineCodes(await analyze(src, cfg), 'OPS208'), []);
    assert.deepEqual(lineCodes(await analyze(src.replace('audit.info', 'logging.info'), cfg), 'OPS208'), ['5:OPS208']);
  });
});
