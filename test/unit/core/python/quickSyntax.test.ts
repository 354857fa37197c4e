// OPS001 clears text no rule needs a tree for with a quick check (quickSyntax.ts) and leaves the
// rest to tree-sitter. The quick check may only say "parses" where tree-sitter finds no error, so
// the reports are the same either way: compared here on hand-written cases, the rule fixtures and
// the standard library with random single-character deletions.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Parser } from 'web-tree-sitter';
import { Backslashes, forgetShortTexts, surelyParses } from '../../../../src/core/python/quickSyntax';
import { WARM_UP_CLEARED, WARM_UP_UNDECIDED } from '../../../../src/core/python/warmUpTexts';
import { ParsedDocument } from '../../../../src/core/python/segments';
import { SyntaxErrorFinder } from '../../../../src/core/python/syntaxErrors';
import { createPythonParser } from '../../../../src/core/python/wasm';
import { FULL_RUN, sized } from '../../../helpers/testSize';
import { fixturesDir, wasmPaths } from '../diagnostics/helpers';
import { stdlibFiles } from '../diagnostics/stdlib';

let parserPromise: Promise<Parser> | undefined;
const getParser = () => (parserPromise ??= createPythonParser(wasmPaths));

/** Whether tree-sitter reports something in `source`: an ERROR or MISSING node, or a Python 2 print/exec statement. */
function treeSitterObjects(parser: Parser, source: string): boolean {
  const tree = parser.parse(source);
  if (!tree) throw new Error('parse failed');
  const broken = tree.rootNode.hasError || tree.rootNode.descendantsOfType(['print_statement', 'exec_statement']).length > 0;
  tree.delete();
  return broken;
}

/** A text the syntax-error finder checks, and where it is in the document when it has no header. */
interface Piece {
  text: string;
  range?: [number, number];
}

/** The texts the syntax-error finder checks when nothing is parsed: each top-level statement, and each member run below its stand-in header. */
function pieces(doc: ParsedDocument): Piece[] {
  const out: Piece[] = [];
  const text = doc.source;
  for (const seg of doc.segments) {
    const end = seg.members ? seg.members[0].start : seg.end;
    out.push({ text: text.slice(seg.start, end), range: [seg.start, end] });
    for (const run of seg.members ?? []) out.push({ text: run.header + text.slice(run.start, run.end) });
  }
  return out;
}

/** Opens `text` with nothing parsed for the rules, so every statement goes through the syntax-error finder's own check. */
function openUnparsed(parser: Parser, text: string): ParsedDocument {
  return new ParsedDocument(parser, text, () => true);
}

interface Comparison {
  pieces: number;
  /** Pieces the quick check cleared, and their characters. */
  cleared: number;
  clearedChars: number;
  /** Characters of pieces tree-sitter finds nothing in. */
  cleanChars: number;
}

/**
 * Checks one text both ways: the quick check never clears a piece tree-sitter objects to, and the
 * finder reports the same errors with and without it.
 */
function compareBothWays(parser: Parser, text: string, label: string, totals: Comparison): void {
  const doc = openUnparsed(parser, text);
  const backslashes = new Backslashes(doc.source);
  try {
    for (const { text: piece, range } of pieces(doc)) {
      const cleared = surelyParses(piece);
      // Read in place, the statement gets the same answer as copied out.
      if (range) assert.equal(surelyParses(doc.source, range[0], range[1], backslashes), cleared, `${label}: in place at ${range[0]}`);
      const objects = treeSitterObjects(parser, piece);
      assert.ok(!(cleared && objects), `${label}: the quick check cleared a statement tree-sitter reports:\n${piece.slice(0, 600)}`);
      totals.pieces++;
      if (cleared) {
        totals.cleared++;
        totals.clearedChars += piece.length;
      }
      if (!objects) totals.cleanChars += piece.length;
    }
    const quick = new SyntaxErrorFinder(parser, true).find(doc);
    const full = new SyntaxErrorFinder(parser, false).find(doc);
    assert.deepEqual(quick, full, `${label}: OPS001 reports differ`);
  } finally {
    doc.dispose();
  }
}

const emptyTotals = (): Comparison => ({ pieces: 0, cleared: 0, clearedChars: 0, cleanChars: 0 });

function pythonFilesUnder(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) pythonFilesUnder(path, out);
    else if (entry.name.endsWith('.py')) out.push(path);
  }
  return out;
}

describe('python: quick syntax check (OPS001 without a parse)', () => {
  it('clears common Python 3 that tree-sitter parses without error', async () => {
    const parser = await getParser();
    const valid = [
      'x = 1\n',
      'a, *b = c = d\n',
      '[a, (b, c)] = e\nx.y[0] = z\n',
      'x: int = 1\ny: "list[str]"\nself.z: int\n',
      'x += 1; y <<= 2; z //= 3; w **= 4; v @= m\n',
      'def f(a, b=1, /, c: int = 2, *args: str, d, e=3, **kw) -> None:\n    pass\n',
      'async def f():\n    async with a as b, c:\n        await g()\n    async for x in y:\n        yield x\n',
      '@decorator\n@a.b(c=1)\nclass C(Base, metaclass=M):\n    """Doc."""\n    x = 1\n\n    def m(self): return self.x\n',
      'if a:\n    pass\nelif b:\n    pass\nelse:\n    pass\n',
      'while x:\n    break\nelse:\n    continue\n',
      'for i, (a, b) in enumerate(pairs):\n    pass\nelse:\n    pass\n',
      'try:\n    x()\nexcept (A, B) as e:\n    raise C("x") from e\nexcept D:\n    raise\nelse:\n    pass\nfinally:\n    del x, y[0]\n',
      'with open(p) as f, open(q) as (a, b):\n    pass\n',
      'import os, os.path as osp\nfrom . import x\nfrom ..a.b import (c as d, e,)\nfrom __future__ import annotations\nfrom m import *\n',
      'global a, b\nassert x, "message"\nreturn_value = lambda x, *y, z=1, **w: (x, y)\n',
      'y = [x for x in range(3) if x if not x] + [a for a, b in c for d in a]\n',
      's = {k: v for k, v in d.items()} | {*a, b} | {**d, "k": 1}\n',
      'g = (x async for x in y)\nf(x for x in y)\nf(*a, *b, c=1, **d)\n',
      'z = a if b else c if d else e\nw = not a and b or c\nv = a is not b and c not in d < e <= f\n',
      'n = -x ** -2 + ~y // 3 % 4 @ m >> 1 & 2 ^ 3 | 4\n',
      'k = 0xff_ff if 0 else 0o17 + 0b1 + 1_000.5e-3 + .5 + 5. + 1j + 00\n',
      's = a[1:2, ::3, :, x:y:z][...]\n',
      'if (n := len(a)) > 10:\n    print(f"{n}")\n',
      "f\"{a!r:>10} {b=} {c:%Y-%m-%d} {{literal}} {d['key']} {e('x')} {f'{g}'}\"\n",
      "x = f'{a}' f\"{b}\" rb'\\x00' Rb\"x\" u'x' '''multi\nline''' \"\"\"a\"b\"\"\"\n",
      'x = (1 +\n     2)  # comment\ny = 1 + \\\n    2\n',
      'print("a", file=sys.stderr)\nexec(code)\n',
      'class _:\n    if _:\n        def a(self): pass\n    else:\n        def b(self): pass\n',
      'x = yield\ny = yield from z\nz = (yield)\n',
      '# only a comment\n\n',
      'x = 1\r\ny = 2\r\n',
      'def f():\n\tif x:\n\t\treturn 1\n',
      'def f(\n    a,\n    b,\n):\n    return a\n',
      // Names that start like keywords or like the words read specially.
      'classy = iffy + printer + exec_ + matches + type_ + cases + nonlocals + Nonez + r + rb + f + u\nimport_ = def_\n',
      'print(x); exec(y)\n',
      // Soft keywords used as names at a statement start (common in scripts: `match = re.match(...)`).
      'match = re.match(p, s)\nmatch, diffs = f()\nmatch: Field = m\nmatch += 1\nmatch.group(1)\nmatch[0] = 1\n',
      'type = params.get("type")\ntype(self).x = 1\ntype //= 2\ncase = 1\ncase.x **= 2\nif x:\n    type >>= 1\n',
      // Continuation lines: indented with tabs, CRLF, comments, a backslash.
      'f(\n\ta,\n\t\tb,  # comment\n)\n',
      'x = {\r\n    "a": [1,\r\n          2],\r\n}\r\ny = 1 + \\\r\n    2\r\n',
      'def f():\n    return (a,\n            b) + \\\n        c\n',
      // Nested brackets and f-strings.
      'x = ' + '('.repeat(30) + '1' + ')'.repeat(30) + '\n',
      "x = f\"{a['b'] + f'{c!r:>3}' if d else {'e': 1}}\"\n",
    ];
    for (const text of valid) {
      assert.ok(surelyParses(text), `not cleared: ${JSON.stringify(text)}`);
      assert.ok(!treeSitterObjects(parser, text), `tree-sitter objects to: ${JSON.stringify(text)}`);
    }
  });

  it('leaves broken text, and text it does not know, to tree-sitter', () => {
    const undecided = [
      // Broken.
      'f(a b)\n',
      'x = (1, 2\n',
      'x = 1)\n',
      'def f(:\n    pass\n',
      'if x\n    pass\n',
      'if x:\npass\n',
      'x = "unterminated\n',
      'x = """unterminated\n',
      'f() = 1\n',
      'a + 1 = 2\n',
      'x += y += 1\n',
      'for x in :\n    pass\n',
      'try:\n    pass\n',
      'def f():\n        x = 1\n    y = 2\n',
      'x = 1\n  y = 2\n',
      'class C\n    pass\n',
      'f"{}"\n',
      'f"{a b}"\n',
      'f"}"\n',
      'x = 1if y else 2\n',
      'x = 0777\n',
      'x = a <> b\n',
      'x = `a`\n',
      // Python 2.
      'print "hello"\n',
      'print >>sys.stderr, "x"\n',
      'exec "code"\n',
      'except A, e:\n',
      // Known to tree-sitter, left to it.
      'match x:\n    case 1:\n        pass\n',
      'type X = int\n',
      'def f[T](x: T) -> T:\n    return x\n',
      'try:\n    pass\nexcept* ValueError:\n    pass\n',
      'with (open(a) as f, open(b) as g):\n    pass\n',
      'x = a[*b]\n',
      'naïve = 1\n',
      'x = 1\n\fy = 2\n',
      'f"{x:{width}}"\n',
      'f"{a if b else c!r:{d}}"\n',
      'from __future__ import *\n',
      'def f():\n    x = (bar.\n  baz)\n',
      // Continuation lines left to tree-sitter: into a blank or comment line or the end, after a form feed or a lone CR.
      'x = 1 + \\\n\ny = 2\n',
      'x = 1 + \\\n# comment\n2\n',
      'x = 1 + \\\n',
      'x = 1 + \\\n    ',
      'f(\n\f a)\n',
      'f(a,\r b)\n',
      'x = (1,\n',
      // Soft keywords at a statement start that may begin a match or type statement, and nesting deeper than the recognizer goes.
      'match x:\n    case 1:\n        pass\n',
      'match (x):\n    case 1:\n        pass\n',
      'match [x]:\n    case 1:\n        pass\n',
      'match (x): y\n',
      'match == 1\n',
      'match := 1\n',
      'match ...\n',
      'type X[T] = list[T]\n',
      'x = ' + '('.repeat(150) + '1' + ')'.repeat(150) + '\n',
    ];
    for (const text of undecided) assert.ok(!surelyParses(text), `cleared: ${JSON.stringify(text)}`);
  });

  it('reads operands and operators, numbers, prefixed strings and words the same up to the end of the text', async () => {
    // An expression's first operand is read without the calls that only pass it on (test); tokens
    // are read from the text's code units, which hold a line feed, not NaN, at the text's end.
    const parser = await getParser();
    const cases: [string, boolean][] = [
      ['x = a if b else c if d else e\ny = a or b and not c or not not d\n', true],
      ['x = a not in b is not c in d < e != f\ny = a is b\n', true],
      ['x = None if a else True or False\ny = -a + +b - ~c ** -d\nz = (a)(b)[c].d.e(f)[g:h]\n', true],
      ['x = None.real\ny = [a, *b] + (c,) + {d: e}\nz = ...\n', true],
      ['async def f():\n    x = await a.b(c) + await d\n    return await e if f else -await g\n', true],
      ['f = lambda: a if b else c\ng = lambda x=a or b: not x\nh = lambda *a, b=1, **c: 0\ni = lambda *, a=1: a\n', true],
      ['def f(a, /, b: int = 1, *args: str, c, d: int = 2, **kw: dict) -> None:\n    pass\n', true],
      ['def f(*, a: int = 1, b):\n    pass\n', true],
      ['def f(*a=1):\n    pass\n', false],
      ['def f(**k=1):\n    pass\n', false],
      ['def f(**k: int = 1):\n    pass\n', false],
      ['def f(*, **k):\n    pass\n', true],
      ['def f(/):\n    pass\n', true],
      ['def f(a, *: int):\n    pass\n', false],
      ['x = 1_000_000 + 0xf_f + 0o1_7 + 0b1_0 + 1e-10 + 1E+5 + 1_0.0_1e1_0 + 0_0 + 1_0j + 0.e0 + 00.5\n', true],
      ['x = 0x_ff\n', false],
      ['x = 1__0\n', false],
      ['x = 1e1_\n', false],
      ["x = rb'a' + Rb'b' + BR'c' + rf'{a}' + Fr'{b!s}' + U'x' + b'\\x00' + r'\\\\'\n", true],
      ["x = ur'a'\n", false],
      ['x = f\'{a["b"]:>{10}}\' if 0 else f\'{f"{c!a}"}\'\n', false],
      ['x = f"{a + f\'{b}\' * 2!r:<5} {{c}} {d=}"\n', true],
      ['x = 1 + \\\n    2 + \\\n    3\n', true],
      ['x = "naïve" + \'ü\'\n', true],
      ['x = ñ\n', false],
      ['x = a.ñ\n', false],
      ['x = aß\n', false],
      // The last token at the very end, with no line break after it.
      ['x = 1', true],
      ['x = 1.5e3', true],
      ['x = 0xff', true],
      ['x = a ** b', true],
      ['x = a >>= b', false],
      ['x >>= b', true],
      ['x = ...', true],
      ["x = b'x'", true],
      ['x = rb', true],
      ['print(x)', true],
      ['x = a.b', true],
      ['x = 1e', false],
      ['x = 1e+', false],
      ['x = 0x', false],
      ['x = 1_', false],
      ['x = a **', false],
      ['x = "a', false],
      ['x = rb"a', false],
      ['x = f"{a', false],
      ['x = f"{a!r', false],
      ['x = 1 + \\', false],
      ['print', false],
      ['print ', false],
      ['match', false],
      ['x = a <', false],
      ['x = a.', false],
      ['x = .5', true],
      ['x = 5.', true],
    ];
    for (const [text, expected] of cases) {
      forgetShortTexts();
      assert.equal(surelyParses(text), expected, JSON.stringify(text));
      // Read in place at the end of a longer text, and copied out.
      const longer = 'y = 0\n' + text;
      assert.equal(surelyParses(longer, 6, longer.length), expected, `${JSON.stringify(text)} at the end of a text`);
      if (expected) assert.ok(!treeSitterObjects(parser, text), `tree-sitter objects to: ${JSON.stringify(text)}`);
    }
  });

  it('warms up on texts it reads whole (and on some it leaves to tree-sitter)', async () => {
    // Warm-up text the recognizer stops reading early would leave the branches after that point cold.
    const parser = await getParser();
    for (const text of WARM_UP_CLEARED) {
      assert.ok(surelyParses(text), `not cleared: ${JSON.stringify(text.slice(0, 200))}`);
      assert.ok(!treeSitterObjects(parser, text), `tree-sitter objects to: ${JSON.stringify(text.slice(0, 200))}`);
    }
    for (const text of WARM_UP_UNDECIDED) assert.ok(!surelyParses(text), `cleared: ${JSON.stringify(text)}`);
  });

  it('reads a range of a text as if it were the whole text', () => {
    const ranges: [string, number, number, boolean][] = [
      // What follows the range is not read: a string closed, a bracket closed, a line continued after it.
      ['x = """abc\n"""\n', 0, 11, false],
      ['x = (1,\n2)\n', 0, 8, false],
      ['x = f"""{a}\n"""\n', 0, 12, false],
      ['x = 1 + \\\n2\n', 0, 10, false],
      ['x = 1  # comment\n"""\n', 0, 17, true],
      ['def f():\n    pass\n    return\n', 0, 18, true],
      // Nor what comes before it.
      ['x = (\ny = 1\n', 6, 12, true],
      ['"""\ny = 1\n"""\n', 4, 10, true],
      // A range that does not end at a line break.
      ['x = 1\ny = (2)', 0, 11, false],
      ['x = 1\ny = (2)', 6, 13, true],
      ['x = "a\\"b"\n', 0, 9, false],
    ];
    const other = new Backslashes('');
    for (const [text, start, end, expected] of ranges) {
      const label = `${JSON.stringify(text)} [${start}, ${end})`;
      // Each read afresh: a short text asked again is answered from memory.
      forgetShortTexts();
      assert.equal(surelyParses(text.slice(start, end)), expected, `${label} copied out`);
      forgetShortTexts();
      assert.equal(surelyParses(text, start, end), expected, label);
      forgetShortTexts();
      assert.equal(surelyParses(text, start, end, other), expected, `${label} with another text's backslashes`);
      // And from memory, whole or as a range.
      assert.equal(surelyParses(text.slice(start, end)), expected, `${label} remembered`);
      assert.equal(surelyParses(text, start, end), expected, `${label} remembered as a range`);
    }
    // Ranges of one text read in order share where its backslashes are.
    const text = 'a = """\\n"""\n' + 'b = """x"""\n'.repeat(3) + 'c = "\\""\n' + 'd = """\\\\"""\n';
    const shared = new Backslashes(text);
    forgetShortTexts();
    let start = 0;
    for (const line of text.split(/(?<=\n)/)) {
      assert.ok(surelyParses(text, start, start + line.length, shared), line);
      start += line.length;
    }
  });

  it('answers the same whether its memory of short texts is used or paused (few repeats)', () => {
    forgetShortTexts();
    // Hundreds of texts that never recur: the memory pauses, and texts are read afresh.
    for (let i = 0; i < 1500; i++) {
      assert.ok(surelyParses(`x${i} = f(${i})\n`), `x${i}`);
      assert.equal(surelyParses(`x${i} = (${i}\n`), false, `x${i} unclosed`);
    }
    // Repeats, remembered again once the pause ends: the same answers.
    for (let i = 0; i < 6000; i++) {
      assert.ok(surelyParses('import os\n'));
      assert.equal(surelyParses('print "x"\n'), false);
    }
    forgetShortTexts();
  });

  it('reports the same syntax errors as tree-sitter alone on the rule fixtures', async () => {
    const parser = await getParser();
    const totals = emptyTotals();
    const files = pythonFilesUnder(join(fixturesDir));
    assert.ok(files.length > 40, `only ${files.length} fixtures`);
    for (const file of files) compareBothWays(parser, readFileSync(file, 'utf8'), file, totals);
  });

  it(`reports the same syntax errors as tree-sitter alone on the standard library with random deletions (${FULL_RUN ? 'every file' : 'a sample'})`, async function () {
    this.timeout(sized(120_000, 3_600_000));
    const parser = await getParser();
    const files = stdlibFiles().sort();
    const step = sized(Math.max(1, Math.floor(files.length / 40)), 1);
    const deletions = sized(3, 4);
    const original = emptyTotals();
    const mutated = emptyTotals();
    let seed = 20261205;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let i = 0; i < files.length; i += step) {
      let text: string;
      try {
        text = readFileSync(files[i], 'utf8');
      } catch {
        continue;
      }
      compareBothWays(parser, text, files[i], original);
      for (let k = 0; k < deletions && text.length > 0; k++) {
        const at = random(text.length);
        compareBothWays(parser, text.slice(0, at) + text.slice(at + 1), `${files[i]} without the character at ${at}`, mutated);
      }
    }
    assert.ok(original.pieces > sized(500, 20_000), `only ${original.pieces} statements compared`);
    // The quick check must keep earning its place: most valid text is cleared without tree-sitter.
    const share = original.clearedChars / original.cleanChars;
    assert.ok(share > 0.8, `the quick check cleared only ${(share * 100).toFixed(1)}% of the valid text`);
  });
});
