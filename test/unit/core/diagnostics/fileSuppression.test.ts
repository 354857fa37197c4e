// `# pyops: ignore-file[...]` and the opt-in report of suppressions that silence nothing (OPS002).
import assert from 'node:assert/strict';
import { applyFixes } from '../../../../src/core/diagnostics';
import { analyze, config, dedent, hasSyntaxError, lineCodes } from './helpers';

const SCRIPT = dedent(`
  import subprocess
  subprocess.run(["make"])
  try:
      subprocess.run(["make"], check=True, timeout=5)
  except:
      pass
`);

const report = config({ reportUnusedSuppressions: true });

describe('diagnostics: file-level suppression', () => {
  it('silences every rule with # pyops: ignore-file, anywhere on a line of its own', async () => {
    assert.deepEqual(lineCodes(await analyze(SCRIPT)), ['2:OPS101', '2:OPS102', '5:OPS105']);
    assert.deepEqual(await analyze(`${SCRIPT}# pyops: ignore-file\n`), []);
    assert.deepEqual(await analyze(`#!/usr/bin/env python3\n  #  PyOps: ignore-file  (generated)\n${SCRIPT}`), []);
  });

  it('silences the listed rules only, by code, name or equivalent code', async () => {
    assert.deepEqual(lineCodes(await analyze(`# pyops: ignore-file[OPS102, bare-except]\n${SCRIPT}`)), ['3:OPS101']);
    assert.deepEqual(lineCodes(await analyze(`# pyops: ignore-file[PLW1510]\n${SCRIPT}`)), ['3:OPS102', '6:OPS105']);
  });

  it('is not a file-level suppression after code, or inside a string', async () => {
    const afterCode = SCRIPT.replace('import subprocess', 'import subprocess  # pyops: ignore-file');
    assert.deepEqual(lineCodes(await analyze(afterCode)), ['2:OPS101', '2:OPS102', '5:OPS105']);
    const inString = `NOTE = """\n# pyops: ignore-file\n"""\n${SCRIPT}`;
    assert.equal((await analyze(inString)).length, 3);
  });
});

describe('diagnostics: unused suppressions (OPS002)', () => {
  it('are not reported unless asked for', async () => {
    assert.deepEqual(lineCodes(await analyze('x = 1  # pyops: ignore[OPS101]\n')), []);
  });

  it('reports a line suppression that silences nothing, or names an unknown rule', async () => {
    const text = dedent(`
      import subprocess
      subprocess.run(["make"], check=True, timeout=5)  # pyops: ignore[OPS101]
      subprocess.run(["make"], timeout=5)  # pyops: ignore[OPS101, OPS102]
      x = 1  # pyops: ignore
      y = 2  # pyops: ignore[NOPE1]
      subprocess.run(["make"], timeout=5)  # noqa: E999
    `);
    const all = await analyze(text, report);
    assert.deepEqual(lineCodes(all), ['2:OPS002', '3:OPS002', '4:OPS002', '5:OPS002', '6:OPS101']);
    const findings = all.filter((f) => f.code === 'OPS002');
    assert.deepEqual(
      findings.map((f) => f.message),
      [
        'Unused suppression: OPS101 is not reported on this line.',
        'Unused suppression: OPS102 is not reported on this line.',
        'Unused suppression: `# pyops: ignore` silences nothing on this line.',
        'Unused suppression: no PyOps rule is named NOPE1.',
      ],
    );
    // Its range is the directive; noqa comments (which other tools read) are never reported.
    assert.deepEqual(findings[0].range.start, { line: 1, character: 49 });
  });

  it('reports file-level suppressions that silence nothing, and leaves alone rules that are off', async () => {
    const text = `# pyops: ignore-file[OPS105, OPS303]\n${SCRIPT}`;
    assert.deepEqual(lineCodes(await analyze(text, report)), ['1:OPS002', '3:OPS101', '3:OPS102']);
    assert.match((await analyze(text, report))[0].message, /OPS303 is not reported in this file/);
    const off = config({ reportUnusedSuppressions: true, ignore: ['OPS303'] });
    assert.deepEqual(lineCodes(await analyze(text, off)), ['3:OPS101', '3:OPS102']);
  });

  it('removes what is unused with a safe fix that keeps the code and any other comment', async () => {
    const cases: [string, string][] = [
      ['x = 1  # pyops: ignore[OPS101]\n', 'x = 1\n'],
      ['x = 1  # pyops: ignore  # keep this\n', 'x = 1  # keep this\n'],
      ['x = 1  # pyops: ignore because flaky\n', 'x = 1  # because flaky\n'],
      ['x = 1  # noqa: E501  # pyops: ignore\n', 'x = 1  # noqa: E501\n'],
      ['# pyops: ignore-file[OPS303]\nx = 1\n', 'x = 1\n'],
      [
        'import subprocess\nsubprocess.run(["ls"], timeout=5)  # pyops: ignore[OPS101,OPS303]\n',
        'import subprocess\nsubprocess.run(["ls"], timeout=5)  # pyops: ignore[OPS101]\n',
      ],
    ];
    for (const [before, after] of cases) {
      const findings = await analyze(before, report);
      assert.ok(
        findings.every((f) => f.code !== 'OPS002' || f.fix?.safe),
        before,
      );
      const fixed = applyFixes(
        before,
        findings.filter((f) => f.code === 'OPS002'),
        { safeOnly: true },
      ).text;
      assert.equal(fixed, after, before);
      assert.equal(await hasSyntaxError(fixed), false);
    }
  });
});
