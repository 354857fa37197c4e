// Fixes that would otherwise trade one finding for another do both jobs at once: a bare except
// becomes `except Exception:` that also reports the error, os.system() becomes a checked call
// with a timeout, print() to stderr in a handler keeps the traceback.
import assert from 'node:assert/strict';
import { applyFixes, type Finding } from '../../../../src/core/diagnostics';
import { analyze, dedent } from './helpers';

async function fixOnce(text: string, code: string): Promise<{ fixed: string; finding: Finding; after: Finding[] }> {
  const finding = (await analyze(text)).find((f) => f.code === code);
  assert.ok(finding?.fix, `a ${code} finding with a fix`);
  const fixed = applyFixes(text, [finding], { safeOnly: false }).text;
  return { fixed, finding, after: await analyze(fixed) };
}

describe('diagnostics: fixes leave no new finding', () => {
  it('bare except in a module that logs: catch Exception and log it with the module logger', async () => {
    const { fixed, finding, after } = await fixOnce(
      dedent(`
        import logging

        logger = logging.getLogger(__name__)


        def sync():
            try:
                rsync()
            except:
                pass
      `),
      'OPS105',
    );
    assert.equal(finding.fix!.title, 'Catch Exception and log it with logger.exception()');
    assert.equal(finding.fix!.placeholder, 'Unexpected error');
    assert.match(fixed, / {4}except Exception:\n {8}logger\.exception\("Unexpected error"\)\n/);
    assert.doesNotMatch(fixed, /pass/);
    assert.deepEqual(after, []);
  });

  it('bare except on one line in a module without logging: print the traceback', async () => {
    const { fixed, after } = await fixOnce('for host in hosts:\n    try:\n        ping(host)\n    except: continue\n', 'OPS105');
    assert.equal(
      fixed,
      'import traceback\nfor host in hosts:\n    try:\n        ping(host)\n    except Exception: traceback.print_exc(); continue\n',
    );
    assert.deepEqual(after, []);
  });

  it('bare except that already reports the error: only catch Exception', async () => {
    const { fixed, finding, after } = await fixOnce(
      'import logging\nlog = logging.getLogger(__name__)\ntry:\n    run()\nexcept:\n    log.exception("run failed")\n',
      'OPS105',
    );
    assert.equal(finding.fix!.title, 'Catch Exception instead');
    assert.match(fixed, /except Exception:\n/);
    assert.deepEqual(after, []);
  });

  it('os.system() becomes subprocess.run() with check=True and a timeout to adjust', async () => {
    const { fixed, finding, after } = await fixOnce('import os\nimport subprocess\n\nos.system("systemctl restart nginx")\n', 'OPS104');
    assert.match(fixed, /subprocess\.run\(\["systemctl", "restart", "nginx"\], check=True, timeout=60\)/);
    assert.equal(finding.fix!.placeholder, '60');
    assert.deepEqual(after, []);
  });

  it('print() to stderr while handling an error becomes logger.exception()', async () => {
    const { fixed, after } = await fixOnce(
      dedent(`
        import logging
        import sys

        logger = logging.getLogger(__name__)

        try:
            deploy()
        except OSError as err:
            print("deploy failed:", err, file=sys.stderr)
            sys.exit(1)
      `),
      'OPS202',
    );
    assert.match(fixed, /logger\.exception\("deploy failed: %s", err\)/);
    assert.deepEqual(
      after.map((f) => f.code),
      [],
    );
  });
});
