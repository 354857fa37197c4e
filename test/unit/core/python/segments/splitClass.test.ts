import assert from 'node:assert/strict';
import { sized } from '../../../../helpers/testSize';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Node, Parser } from 'web-tree-sitter';
import { DEFAULT_ENGINE_CONFIG } from '../../../../../src/core/diagnostics';
import { MEMBER_HEADER, memberCuts, ParsedDocument, SPLIT_CHARS, type Segment } from '../../../../../src/core/python/segments';
import { createPythonParser } from '../../../../../src/core/python/wasm';
import { dedent, getAnalyzer, internalErrors, random, ruleFixtures, wasmPaths } from '../../diagnostics/helpers';
import { stdlibDir } from '../../diagnostics/stdlib';

/** A class whose body is long enough to be parsed member by member. */
function bigClass(minChars = SPLIT_CHARS): string {
  let body = '';
  for (let i = 0; body.length <= minChars; i++) {
    body += `    @property\n    def m${i}(self):\n        """Doc.\n\ndef not_a_member():\n"""\n        return (\n    1)\n\n`;
  }
  return `@decorator\nclass Big(Base):\n    x = [\n        1,\n    ]\n${body}`;
}

function popen(): string {
  const text = readFileSync(join(stdlibDir(), 'subprocess.py'), 'utf8');
  const start = text.indexOf('\nclass Popen') + 1;
  return text.slice(start);
}

/** Segment layout: where each segment and member run starts and ends. */
function layout(segs: readonly Segment[]): string[] {
  return segs.map(
    (s) =>
      `${s.start}-${s.end}` + (s.members ?? []).map((m) => ` ${m.start}-${m.end}${m.header === MEMBER_HEADER ? '' : ' (branch)'}`).join(''),
  );
}

describe('python: large classes parsed member by member', () => {
  it('cuts at body-level members, keeping decorators with their def and skipping strings and brackets', () => {
    const text = bigClass();
    const cuts = memberCuts(text, 0, text.length)!;
    assert.ok(cuts.length > 10);
    assert.equal(text.slice(cuts[0], cuts[0] + 17), '    @property\n   ');
    for (const c of cuts) assert.ok(text.startsWith('    @property\n    def m', c), text.slice(c, c + 30));
  });

  it('splits the class when a character typed at the start of a member line makes it top-level', async () => {
    const parser: Parser = await createPythonParser(wasmPaths);
    const text = bigClass(3 * SPLIT_CHARS) + 'x = 1\n';
    const doc = new ParsedDocument(parser, text);
    const members = doc.segments[0].members!;
    const run = members[members.length - 2];
    const at = doc.lines.positionAt(run.start);
    // Column 0 of an indented member line: the member's first character itself.
    doc.update([{ range: { start: at, end: at }, text: 'y' }]);
    const fresh = new ParsedDocument(parser, doc.text);
    assert.deepEqual(layout(doc.segments), layout(fresh.segments));
    assert.ok(doc.segments.length > 2, 'the typed line starts a new top-level statement');
    // A character typed further into a member line does not.
    const inside = doc.lines.positionAt(doc.segments[0].members![1].start + 4);
    doc.update([{ range: { start: inside, end: inside }, text: 'z' }]);
    const fresh2 = new ParsedDocument(parser, doc.text);
    assert.deepEqual(layout(doc.segments), layout(fresh2.segments));
    for (const d of [doc, fresh, fresh2]) d.dispose();
  });

  it('rescans past the rest of the class when a decorator typed at column 0 takes the next definition', async () => {
    const parser: Parser = await createPythonParser(wasmPaths);
    const text = bigClass(3 * SPLIT_CHARS) + 'def after():\n    pass\n';
    const doc = new ParsedDocument(parser, text);
    const runs = doc.segments[0].members!;
    // A new line `@x` at column 0 in the middle of the class: it starts a statement that owns the
    // next column-0 def/class, so `def after()` is no longer a statement of its own.
    const at = doc.lines.positionAt(runs[Math.floor(runs.length / 2)].start);
    doc.update([{ range: { start: at, end: at }, text: '@x\n' }]);
    const fresh = new ParsedDocument(parser, doc.text);
    assert.deepEqual(layout(doc.segments), layout(fresh.segments));
    doc.dispose();
    fresh.dispose();
  });

  it('does not resume a member scan at a cut that a def line made inside an open bracket', async () => {
    const parser: Parser = await createPythonParser(wasmPaths);
    const text =
      'class C:\n    """' +
      'x'.repeat(2000) +
      '"""\n    def a(self):\n        return (\n    def b(self):\n        pass\n    y = 2\n    z = 3\n';
    const doc = new ParsedDocument(parser, text);
    // Typing into `def b` leaves the bracket of `return (` open for everything below it.
    const at = doc.lines.positionAt(text.indexOf('    def b') + 4);
    doc.update([{ range: { start: at, end: at }, text: 'x' }]);
    const fresh = new ParsedDocument(parser, doc.text);
    assert.deepEqual(layout(doc.segments), layout(fresh.segments));
    doc.dispose();
    fresh.dispose();
  });

  it('keeps a decorator with its def when cutting a long class-level if into branch runs', async () => {
    const parser: Parser = await createPythonParser(wasmPaths);
    let methods = '';
    for (let i = 0; methods.length < 2200; i++) methods += `        def m${i}(self):\n            return ${i}\n\n`;
    const text = `class C:\n    x = 1\n    if FLAG:\n        @staticmethod\n        def g():\n            pass\n\n${methods}`;
    const doc = new ParsedDocument(parser, text);
    const runs = doc.segments[0].members!;
    assert.ok(
      runs.some((r) => r.header !== MEMBER_HEADER),
      'the if is cut into branch runs',
    );
    for (const r of runs) assert.equal(r.tree!.rootNode.hasError, false, text.slice(r.start, r.start + 60));
    doc.dispose();
  });

  it('does not split small classes, functions or other statements', () => {
    const fn = bigClass().replace('class Big(Base):', 'def big():');
    assert.equal(memberCuts(fn, 0, fn.length), null);
    const small = dedent(`
      class Small:
          def a(self):
              pass
          def b(self):
              pass
    `);
    assert.equal(memberCuts(small, 0, small.length), null);
  });

  it('maps every member of subprocess.Popen, and the methods in its `if _mswindows:` branches, to where a whole-file parse finds them', async () => {
    const parser: Parser = await createPythonParser(wasmPaths);
    const text = popen();
    const whole = parser.parse(text)!;
    const cls = whole.rootNode.child(0)!;
    const expected = cls
      .childForFieldName('body')!
      .children.filter((c) => c && c.type !== 'comment')
      .map((c) => `${c!.startIndex}:${c!.type}`);
    /** The node a whole-file parse has at `offset` with this type, if any. */
    const wholeNodeAt = (offset: number, type: string) => {
      for (let n: Node | null = whole.rootNode.descendantForIndex(offset); n; n = n.parent)
        if (n.startIndex === offset && n.type === type) return n;
      return null;
    };
    const doc = new ParsedDocument(parser, text);
    const seg = doc.segments[0];
    assert.ok(seg.members && seg.members.length > 5, 'Popen is split into member runs');
    const branchRuns = seg.members.filter((r) => r.header !== MEMBER_HEADER);
    assert.ok(branchRuns.length > 10, 'the long `if _mswindows:` member is cut at its branch statements');
    const actual = seg
      .tree!.rootNode.child(0)!
      .childForFieldName('body')!
      .children.filter((c) => c && c.type !== 'comment')
      .map((c) => `${seg.start + c!.startIndex}:${c!.type}`);
    for (const run of seg.members) {
      const base = run.start - run.header.length;
      const body = run.tree!.rootNode.child(0)!.childForFieldName('body')!;
      if (run.header === MEMBER_HEADER) {
        for (const c of body.children) if (c && c.type !== 'comment') actual.push(`${base + c.startIndex}:${c.type}`);
        continue;
      }
      // A branch run parses as the body of a stand-in `if`: its statements are the real if's statements.
      const stand = body.children.find((c) => c && c.type !== 'comment')!;
      assert.equal(stand.type, 'if_statement');
      assert.equal(stand.hasError, false, text.slice(run.start, run.start + 80));
      for (const c of stand.descendantsOfType(['function_definition', 'decorated_definition'])) {
        if (c!.parent?.parent !== stand && c!.parent?.parent?.parent !== stand) continue;
        assert.ok(wholeNodeAt(base + c!.startIndex, c!.type), `${c!.type} at ${base + c!.startIndex} not found in the whole parse`);
      }
    }
    assert.deepEqual(actual, expected);
    doc.dispose();
    whole.delete();
  });

  for (const seed of [7, 23]) {
    it(`matches a fresh parse in layout and findings after random edits inside a split class (seed ${seed})`, async function () {
      // A minute unloaded for the sample; a loaded machine (tests running side by side) takes longer.
      this.timeout(sized(180_000, 600_000));
      const analyzer = await getAnalyzer();
      const parser: Parser = await createPythonParser(wasmPaths);
      const corpus =
        popen() +
        '\n' +
        bigClass() +
        '\n' +
        ruleFixtures()
          .map((f) => f.text)
          .join('\n');
      const snippets = [
        'x',
        '\n',
        '(',
        ')',
        '    ',
        ':',
        '"',
        '"""',
        'def f(:\n',
        '\nclass C:\n',
        '\n    def g(self):\n        subprocess.run(["a"])\n',
        '@',
        '\\',
      ];
      const rand = random(seed);
      const doc = analyzer.open(corpus);
      const mirror = new ParsedDocument(parser, corpus);
      let reference = TextDocument.create('file:///x.py', 'python', 0, corpus);
      try {
        for (let step = 0, steps = sized(50, 120); step < steps; step++) {
          const text = reference.getText();
          // Mostly inside the first class, where the member runs are.
          const at = Math.floor(rand() * (rand() < 0.8 ? Math.min(text.length, 70_000) : text.length));
          const len = rand() < 0.3 ? Math.floor(rand() * 60) : 0;
          const range = { start: reference.positionAt(at), end: reference.positionAt(Math.min(text.length, at + len)) };
          const insert = rand() < 0.85 ? snippets[Math.floor(rand() * snippets.length)] : '';
          reference = TextDocument.update(reference, [{ range, text: insert }], reference.version + 1);
          doc.update([{ range, text: insert }]);
          mirror.update([{ range, text: insert }]);
          assert.equal(doc.text, reference.getText(), `text diverged at step ${step}`);
          const fresh = new ParsedDocument(parser, mirror.text);
          assert.deepEqual(layout(mirror.segments), layout(fresh.segments), `layout diverged at step ${step}`);
          for (let i = 0; i < fresh.segments.length; i++) {
            const a = mirror.segments[i];
            const b = fresh.segments[i];
            assert.equal(a.tree!.rootNode.toString(), b.tree!.rootNode.toString(), `tree diverged at step ${step}`);
            (a.members ?? []).forEach((m, j) =>
              assert.equal(m.tree!.rootNode.toString(), b.members![j].tree!.rootNode.toString(), `member tree diverged at step ${step}`),
            );
          }
          fresh.dispose();
          const again = analyzer.open(doc.text);
          try {
            assert.deepEqual(
              analyzer.analyze(doc, DEFAULT_ENGINE_CONFIG),
              analyzer.analyze(again, DEFAULT_ENGINE_CONFIG),
              `findings diverged at step ${step}`,
            );
          } finally {
            again.dispose();
          }
        }
      } finally {
        doc.dispose();
        mirror.dispose();
      }
      assert.deepEqual(internalErrors, []);
    });
  }
});
