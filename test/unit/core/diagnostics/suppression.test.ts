import assert from 'node:assert/strict';
import { applyFixes, suppressionEdit, type TextEdit } from '../../../../src/core/diagnostics';
import { LineIndex } from '../../../../src/core/python/lineIndex';
import { analyze, dedent, lineCodes } from './helpers';

const BASE = dedent(`
  import subprocess
  def f():
      try:
          subprocess.run(["make"], check=True, timeout=5)
      except:
          pass
`);

/** The module above with a comment added to the `except:` line (line 5). */
function withComment(comment: string): string {
  return BASE.replace('except:', `except:  ${comment}`);
}

function apply(text: string, edit: TextEdit): string {
  const lines = new LineIndex(text);
  return text.slice(0, lines.offsetAt(edit.range.start)) + edit.newText + text.slice(lines.offsetAt(edit.range.end));
}

describe('diagnostics: suppression comments', () => {
  it('reports the unsuppressed finding', async () => {
    assert.deepEqual(lineCodes(await analyze(BASE)), ['5:OPS105']);
  });

  const silenced: [string, string][] = [
    ['# pyops: ignore', 'every PyOps rule'],
    ['# pyops: ignore[OPS105]', 'by code'],
    ['# pyops: ignore[ops105]', 'by code in any case'],
    ['# pyops:ignore[OPS101, bare-except]', 'by rule name in a list'],
    ['# noqa: E722', "by ruff's equivalent code"],
    ['# noqa: W0702', "by pylint's equivalent code"],
    ['# noqa:OPS105', 'by PyOps code in noqa'],
    ['# noqa', 'bare noqa (like flake8 and ruff)'],
    ['# noqa: S110', 'by the ruff except-pass code'],
    ['# nosec', 'bare nosec for rules with a bandit equivalent'],
    ['# nosec B110', 'nosec with the bandit code'],
    ['# type: ignore  # noqa: E722', 'after another comment'],
  ];
  for (const [comment, why] of silenced) {
    it(`is silenced ${why}: ${comment}`, async () => {
      assert.deepEqual(lineCodes(await analyze(withComment(comment))), []);
    });
  }

  const notSilenced: [string, string][] = [
    ['# pyops: ignore[OPS101]', 'another rule'],
    ['# noqa: E501', 'an unrelated noqa code'],
    ['# nosec B602', 'an unrelated bandit code'],
    ['# pyops ignore', 'a malformed comment'],
  ];
  for (const [comment, why] of notSilenced) {
    it(`is not silenced by ${why}: ${comment}`, async () => {
      assert.deepEqual(lineCodes(await analyze(withComment(comment))), ['5:OPS105']);
    });
  }

  it('ignores suppression text inside a string on the line', async () => {
    const src = dedent(`
      import subprocess
      subprocess.run(["echo", "# noqa"], check=True)
    `);
    assert.deepEqual(lineCodes(await analyze(src)), ['2:OPS102']);
  });

  it('applies to the line where the finding starts', async () => {
    const src = dedent(`
      import subprocess
      subprocess.run(  # pyops: ignore[OPS102]
          ["make"],
          check=True,
      )
      subprocess.run(
          ["make"],  # pyops: ignore[OPS102]
          check=True,
      )
    `);
    assert.deepEqual(lineCodes(await analyze(src)), ['6:OPS102']);
  });
});

describe('diagnostics: suppressionEdit', () => {
  it('adds a pyops comment that silences exactly that rule', async () => {
    const text = apply(BASE, suppressionEdit(BASE, 4, 'OPS105'));
    assert.match(text.split('\n')[4], /^ {4}except: {2}# pyops: ignore\[OPS105\]$/);
    assert.deepEqual(lineCodes(await analyze(text)), []);
  });

  it('extends an existing pyops list instead of adding a second comment', () => {
    const src = 'x = 1  # pyops: ignore[OPS101]\n';
    assert.equal(apply(src, suppressionEdit(src, 0, 'OPS102')), 'x = 1  # pyops: ignore[OPS101, OPS102]\n');
  });

  it('changes nothing when the code is already listed or everything is ignored', () => {
    for (const src of ['x = 1  # pyops: ignore[OPS102]\n', 'x = 1  # pyops: ignore\n']) {
      assert.equal(apply(src, suppressionEdit(src, 0, 'OPS102')), src);
    }
  });

  it('appends after an existing comment and replaces trailing spaces', () => {
    assert.equal(
      apply('x = 1  # type: ignore   \n', suppressionEdit('x = 1  # type: ignore   \n', 0, 'OPS1')),
      'x = 1  # type: ignore  # pyops: ignore[OPS1]\n',
    );
    assert.equal(
      apply('x = 1   \r\ny = 2\r\n', suppressionEdit('x = 1   \r\ny = 2\r\n', 0, 'OPS1')),
      'x = 1  # pyops: ignore[OPS1]\r\ny = 2\r\n',
    );
  });

  it('does not put a comment where Python would not read one', () => {
    for (const src of ['x = 1 + \\\n    2\n', 's = """open\nstill open"""\n']) {
      assert.equal(apply(src, suppressionEdit(src, 0, 'OPS1')), src);
    }
  });

  it('is what the quick fix applies: the result analyses clean and fix-all leaves it alone', async () => {
    const text = apply(BASE, suppressionEdit(BASE, 4, 'OPS105'));
    const findings = await analyze(text);
    assert.equal(applyFixes(text, findings, { safeOnly: true }).applied, 0);
  });
});
