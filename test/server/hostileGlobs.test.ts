// Issue 9, item 2: a hostile glob in the pyops.diagnostics.perPathIgnores setting (or in a
// workspace's .pyops.yaml) once stopped the server answering anything. Globs are matched in linear
// time; one PyOps cannot use is reported and dropped.
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from '../helpers/waitFor';
import { serverPerTest } from './harness';

const HOSTILE = '*a'.repeat(30) + '*b';
const LONG_NAME = 'a'.repeat(120) + 'c.py';
const TEXT = 'import subprocess\nsubprocess.run(["ls"], check=True)\n'; // OPS102

describe('language server: hostile globs', function () {
  this.timeout(60_000);
  const server = serverPerTest('pyops-globs-lsp-');
  const { open, diagnostics } = server;

  it('answers at once with a 30-star perPathIgnores setting beside a long file name, and reports an unusable glob', async () => {
    server.session.settings.diagnostics = {
      enable: true,
      run: 'onType',
      perPathIgnores: { [HOSTILE]: ['ALL'], '@(jobs|bin)/*.py': ['ALL'], [`*a*a*a*a*a*a*a*c.py`]: ['OPS101'] },
    };
    const uri = server.uri(LONG_NAME);
    // OPS101 and OPS102; the last glob (which matches) ignores OPS101.
    await open(uri, 'import subprocess\nsubprocess.run(["ls"])\n');
    const started = Date.now();
    assert.deepEqual(
      (await diagnostics(uri)).map((d) => String(d.code)),
      ['OPS102'],
    );
    assert.ok(Date.now() - started < 10_000, `took ${Date.now() - started} ms`);
    const warning = await waitFor('the setting warning', () => server.session.logs.find((l) => l.message.includes('@(jobs|bin)')));
    assert.match(warning.message, /is not a usable glob: extglobs like @\(a\|b\) are not supported/);
  });

  it('answers at once with a hostile glob in the workspace .pyops.yaml, and shows an unusable one on the file', async () => {
    writeFileSync(join(server.folder, '.pyops.yaml'), `per-path-ignores:\n  "${HOSTILE}": [ALL]\n  "{unclosed": [ALL]\n`);
    const uri = server.uri(LONG_NAME);
    await open(uri, TEXT);
    const started = Date.now();
    assert.deepEqual(
      (await diagnostics(uri)).map((d) => String(d.code)),
      ['OPS102'],
    );
    assert.ok(Date.now() - started < 10_000, `took ${Date.now() - started} ms`);
    const problems = await waitFor('problems on .pyops.yaml', () => server.session.published.get(server.uri('.pyops.yaml')));
    assert.deepEqual(
      problems.map((p) => [p.range.start.line, p.message]),
      [[2, "'{unclosed' is not a usable glob: the '{' at column 1 is never closed. It is ignored."]],
    );
  });
});
