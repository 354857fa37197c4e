import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { openMayLackEncoding } from '../../../../src/core/diagnostics/rules/openWithoutEncoding';
import { callArguments } from '../../../../src/core/python/callArguments';
import { createPythonParser } from '../../../../src/core/python/wasm';
import { sized } from '../../../helpers/testSize';
import { wasmPaths } from './helpers';
import { stdlibFiles } from './stdlib';

describe('python: the arguments of a call read from its text (callArguments)', () => {
  it('splits them as the tree does, on the standard library', async function () {
    this.timeout(120_000);
    const parser = await createPythonParser(wasmPaths);
    let compared = 0;
    let unsure = 0;
    const every = sized(7, 1);
    for (const [i, path] of stdlibFiles().entries()) {
      if (i % every !== 0) continue;
      const text = readFileSync(path, 'utf8');
      const tree = parser.parse(text);
      if (!tree) continue;
      try {
        if (tree.rootNode.hasError) continue;
        for (const call of tree.rootNode.descendantsOfType('call')) {
          const list = call?.childForFieldName('arguments');
          if (!list || list.type !== 'argument_list') continue;
          const read = callArguments(text, list.startIndex);
          if (read === null) {
            unsure++;
            continue;
          }
          const expected = list.namedChildren.filter((n) => n !== null && n.type !== 'comment').map((n) => n!.text);
          assert.deepEqual(read, expected, `${path}:${call!.startPosition.row + 1}`);
          compared++;
        }
      } finally {
        tree.delete();
      }
    }
    assert.ok(compared > sized(10_000, 70_000), `${compared} calls compared`);
    assert.ok(unsure < compared / 5, `${unsure} unsure of ${compared}`);
  });

  it('is unsure where a plain reading may split them otherwise', () => {
    for (const src of [
      'f(a,  # note\n  b)',
      'f(a, \\\n  b)',
      'f(x for x in y)',
      'f(lambda a, b: a)',
      'f(f"{a, b}")',
      'f(T"{a, b}")',
      'f(a, "b',
      'f(a, (b, c)',
      'f(a, b]',
      'f(`a, b`)',
    ]) {
      assert.equal(callArguments(src, 1), null, src);
    }
    assert.deepEqual(callArguments('f()', 1), []);
    assert.deepEqual(callArguments('f( a , )', 1), ['a']);
    assert.deepEqual(callArguments('f(a, "x, y", b"(", [1, 2], {3: (4, 5)}, format=1)', 1), [
      'a',
      '"x, y"',
      'b"("',
      '[1, 2]',
      '{3: (4, 5)}',
      'format=1',
    ]);
    assert.deepEqual(callArguments("f('''a,\n)''', rb'\\'', forward)", 1), ["'''a,\n)'''", "rb'\\''", 'forward']);
  });
});

describe('diagnostics: which arguments of open() OPS301 may report (openMayLackEncoding)', () => {
  it('accepts text-mode opens without an encoding, and rejects the rest', () => {
    const cases: [string[], boolean][] = [
      [['p'], true],
      [['p', '"r"'], true],
      [['p', "'w+'"], true],
      [['p', 'mode="a"'], true],
      [['p', 'encoding=None'], true],
      [['p', '"r"', '-1'], true],
      // Unsure what the mode is: yes.
      [['p', 'r"\\x62"'], true],
      [['p', '"r" "b"'], true],
      [['p', 'MODES[0]'], true],
      [['p', 'f"{m}b"'], true],
      // The first of a repeated keyword is the one read.
      [['p', 'encoding=None', 'encoding="utf-8"'], true],
      [['p', 'mode="r"', 'mode="rb"'], true],
      // No finding possible.
      [[], false],
      [['p', '"rb"'], false],
      [['p', "mode='wb'"], false],
      [['p', 'mode'], false],
      [['p', 'self.mode'], false],
      [['p', 'None'], false],
      [['p', 'encoding="utf-8"'], false],
      [['p', 'encoding=enc'], false],
      [['p', '*rest'], false],
      [['p', '**kw'], false],
      [['p', '"r"', '-1', '"utf-8"'], false],
      [['p', 'mode="rb"', 'encoding=None'], false],
    ];
    for (const [args, expected] of cases) assert.equal(openMayLackEncoding('open', args), expected, args.join(', '));
    // With a receiver, open may be a Path's (its mode first, encoding third).
    assert.equal(openMayLackEncoding('open', ['"r"'], true), true);
    assert.equal(openMayLackEncoding('open', [], true), true);
    assert.equal(openMayLackEncoding('open', ['"rb"'], true), true);
    assert.equal(openMayLackEncoding('open', ['mode="rb"'], true), false);
    assert.equal(openMayLackEncoding('open', ['"r"', 'x', 'None'], true), false);
    assert.equal(openMayLackEncoding('open', ['p', '"rb"'], true), false);
    assert.equal(openMayLackEncoding('open', ['p', '"r"'], true), true);
    // tempfile's files are binary unless a text mode is given; TextIOWrapper reads one positional argument.
    const others: [string, string[], boolean][] = [
      ['NamedTemporaryFile', [], false],
      ['NamedTemporaryFile', ['"w+b"'], false],
      ['NamedTemporaryFile', ['"w"'], true],
      ['NamedTemporaryFile', ['mode="w+"', 'suffix=".txt"'], true],
      ['TemporaryFile', ['"w"', '-1', 'None', 'None'], false],
      ['SpooledTemporaryFile', ['"w"', '0', '-1', 'None', 'x'], false],
      ['SpooledTemporaryFile', ['max_size=10', 'mode="w"'], true],
      ['TextIOWrapper', ['buf'], true],
      ['TextIOWrapper', ['buf', '"utf-8"'], false],
      ['TextIOWrapper', ['buf', 'encoding="utf-8"'], false],
      ['read_text', [], true],
      ['read_text', ['"utf-8"'], false],
      ['write_text', ['data'], true],
      ['write_text', ['data', 'encoding=None'], true],
      ['write_text', ['data', '"utf-8"'], false],
      ['constructor', ['x'], true],
    ];
    for (const [name, args, expected] of others) {
      for (const receiver of [false, true])
        assert.equal(openMayLackEncoding(name, args, receiver), expected, `${name}(${args.join(', ')})`);
    }
  });
});
