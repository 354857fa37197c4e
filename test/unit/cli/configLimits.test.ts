// Issue 9, item 7: a 12 MB .pyops.yaml cost the server 7.8 s and 1 GB, a 64 MB one the CLI 72 s and
// 4 GB, and the message blamed aliases. Config files over 1 MiB are not read, and say so.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseConfigText } from '../../../src/core/config';
import { checkJson } from './cliHarness';

/** A config of about `bytes` bytes that YAML must parse value by value. */
const bigConfig = (bytes: number): string => 'ignore: [' + 'OPS305, '.repeat(Math.ceil(bytes / 8)) + 'OPS305]\n';

describe('config files too large to read', function () {
  this.timeout(120_000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pyops-bigconfig-'));
    writeFileSync(join(dir, 'job.py'), 'import subprocess\nsubprocess.run(["ls"], check=True)\n'); // OPS102
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('pyops check reports a .pyops.yaml over 1 MiB at 1:1, ignores it, and checks with the defaults at once', () => {
    writeFileSync(join(dir, '.pyops.yaml'), bigConfig(12_000_000) + 'select: [OPS101]\n');
    const started = performance.now();
    const { result, findings } = checkJson(['.'], dir);
    const ms = performance.now() - started;
    assert.match(
      result.stderr,
      /\.pyops\.yaml:1:1: error: The config file is too large \([\d,]+ bytes; the limit is 1,048,576\)\. The file is ignored: settings and defaults apply\./,
    );
    assert.doesNotMatch(result.stderr, /alias/);
    assert.deepEqual(
      findings.map((f) => f.code),
      ['OPS102'],
    );
    assert.ok(ms < 15_000, `took ${ms.toFixed(0)} ms`);
  });

  it('caps pyproject.toml the same way', () => {
    writeFileSync(join(dir, 'pyproject.toml'), '[tool.pyops]\nselect = ["OPS101"]\n' + '# padding padding padding\n'.repeat(60_000));
    const { result, findings } = checkJson(['.'], dir);
    assert.match(result.stderr, /pyproject\.toml:1:1: error: The config file is too large/);
    assert.deepEqual(
      findings.map((f) => f.code),
      ['OPS102'],
    );
  });

  it('caps the unsaved text of a config file open in the editor', () => {
    const started = performance.now();
    const parsed = parseConfigText('/w/.pyops.yaml', bigConfig(12_000_000), []);
    assert.ok(performance.now() - started < 1_000);
    assert.deepEqual(parsed.config, {});
    assert.deepEqual(
      parsed.problems.map((p) => [p.range.start.line, p.severity, /too large \([\d,]+ bytes; the limit is 1,048,576\)/.test(p.message)]),
      [[0, 'error', true]],
    );
  });

  it('names the limits when a small file expands to too many values', () => {
    const text =
      'a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n';
    const parsed = parseConfigText('/w/.pyops.yaml', text, []);
    assert.match(
      parsed.problems[0]?.message ?? '',
      /more than 20,000 values or is nested more than 64 levels deep \(an alias counts each time it is used\)/,
    );
  });
});
