import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_ENGINE_CONFIG, type PythonDocument } from '../../../../src/core/diagnostics';
import { FromImports } from '../../../../src/core/diagnostics/fromImports';
import { NameSearch } from '../../../../src/core/diagnostics/nameSearch';
import { RULE_IMPLS } from '../../../../src/core/diagnostics/rules';
import { changedSpan, TextScanner, type TextScan } from '../../../../src/core/diagnostics/textScan';
import { vocabularyOf } from '../../../../src/core/diagnostics/vocabulary';
import { sized } from '../../../helpers/testSize';
import { dedent, getAnalyzer, random, ruleFixtures } from './helpers';
import { stdlibDir } from './stdlib';

/** What a fresh reading of a text gives, written the plain way: a search per module, a regex over the text. */
function referenceAliases(text: string, callNames: ReadonlySet<string>): Map<string, string> {
  const out = new Map<string, string>();
  if (!text.includes(' as ')) return out;
  for (const m of text.matchAll(/\bfrom[ \t]+[\w.]+[ \t]+import[ \t]*(\([^)]*\)|[^\n;#]*)/g)) {
    if (!m[1].includes(' as')) continue;
    for (const part of m[1].replace(/[()]/g, '').split(',')) {
      const a = /^\s*([A-Za-z_]\w*)\s+as\s+([A-Za-z_]\w*)\s*$/.exec(part.replace(/#[^\n]*/g, ''));
      if (a && a[1] !== a[2] && callNames.has(a[1])) out.set(a[2], a[1]);
    }
  }
  return out;
}

const vocabulary = vocabularyOf(RULE_IMPLS);
const modules = [...new Set([...vocabulary.callModules.values()].flat())];

/** Text an edit inserts: module names whole and in part, imports with aliases, brackets, line breaks. */
const SNIPPETS = [
  ...modules,
  ...modules.map((m) => m.slice(0, Math.ceil(m.length / 2))),
  ...modules.map((m) => m.slice(Math.ceil(m.length / 2))),
  'from subprocess import run as sh\n',
  'from subprocess import (\n    check_output as co,  # the output\n    run as r,\n)\n',
  'from os import system as s; ',
  'from shutil import rmtree as rm',
  'from logging import getLogger as gl, basicConfig as bc\n',
  'from x import (',
  'from x import (\n    y as z,  # from q import p as r\n',
  'from p import (check_call as cc)',
  ')',
  '(',
  ' as ',
  ' as',
  'as ',
  'from ',
  ' import ',
  'import',
  '\n',
  '#',
  ';',
  '    ',
  'x',
  'é',
];

/** Checks a scan against a fresh reading of its text, the plain way and with a new scanner pass. */
function assertFresh(scanner: TextScanner, scan: TextScan, imports: FromImports, step: number): void {
  const text = scan.text;
  for (const m of modules) assert.equal(scan.names(m), text.includes(m), `step ${step}: does the text name ${m}?`);
  const expected = referenceAliases(text, vocabulary.callNames);
  assert.deepEqual(scan.aliases, expected, `step ${step}: aliases`);
  assert.deepEqual(scanner.scan(text).aliases, expected, `step ${step}: aliases of a fresh scan`);
  assert.deepEqual(imports, FromImports.of(text), `step ${step}: from-import statements`);
}

/**
 * Random edits, many around import statements, each applied as an editor would; after each one the
 * scan carried across the edits must read as a fresh one.
 */
function editStorm(seed: number, steps: number, start: string): void {
  const rand = random(seed);
  const scanner = new TextScanner(vocabulary, vocabulary.callNames);
  let text = start;
  let scan = scanner.scan(text);
  let imports = FromImports.of(text);
  for (let step = 0; step < steps; step++) {
    let at = Math.floor(rand() * (text.length + 1));
    const r = rand();
    if (r < 0.6) {
      // Around an import statement (or what is left of one): its words, or where it ends.
      const marks = [...text.matchAll(r < 0.3 ? /from|import| as/g : /from[^\n;#)]*[\n;#)]/g)].map(
        (m) => m.index + (r < 0.3 ? 0 : m[0].length),
      );
      if (marks.length > 0) at = marks[Math.floor(rand() * marks.length)] + Math.floor(rand() * 8) - 4;
    }
    at = Math.max(0, Math.min(text.length, at));
    const d = rand();
    const length = d < 0.5 ? 0 : d < 0.9 ? Math.floor(rand() * 12) : Math.floor(rand() * 400);
    const end = Math.min(text.length, at + length);
    let insert = rand() < 0.8 ? SNIPPETS[Math.floor(rand() * SNIPPETS.length)] : '';
    if (rand() < 0.2) insert = insert.slice(Math.floor(rand() * insert.length));
    const before = text;
    text = text.slice(0, at) + insert + text.slice(end);
    scan = scan.next(text);
    const span = changedSpan(before, text);
    imports = imports.edited(text, span.start, span.oldEnd, span.newEnd);
    assertFresh(scanner, scan, imports, step);
  }
}

describe('diagnostics: the modules and import aliases a text names, kept across edits', () => {
  it('finds every name where indexOf does, in one pass, names inside one another included', () => {
    const names = ['os', 'io', 'asyncio', 'sys', 'syslog', 'logging', 'log', ' as '];
    const search = new NameSearch(names);
    const rand = random(3);
    const pieces = [...names, 'a', 's', 'y', 'n', 'c', 'i', 'o', ' ', 'g', 'l', '\n', 'é'];
    for (let trial = 0; trial < 2_000; trial++) {
      let text = '';
      const length = Math.floor(rand() * 30);
      for (let i = 0; i < length; i++) text += pieces[Math.floor(rand() * pieces.length)];
      const at = search.firstOccurrences(text);
      assert.deepEqual(
        names.map((_, k) => at[k]),
        names.map((n) => text.indexOf(n)),
        JSON.stringify(text),
      );
    }
    assert.throws(() => new NameSearch(['módulo']), /not ASCII/);
  });

  it('finds a name that an edit completes or breaks, at either end of the edited span', () => {
    const scanner = new TextScanner(vocabulary, vocabulary.callNames);
    for (const name of modules) {
      for (let i = 0; i <= name.length; i++) {
        for (let j = i; j <= name.length; j++) {
          const whole = `x\n${name}\ny`;
          const broken = `x\n${name.slice(0, i)}${name.slice(j)}\ny`;
          for (const [before, after] of [
            [broken, whole],
            [whole, broken],
          ]) {
            const scan = scanner.scan(before).next(after);
            for (const m of modules) assert.equal(scan.names(m), after.includes(m), `${m} in ${JSON.stringify(after)}`);
          }
        }
      }
    }
  });

  it('finds the span two texts differ in', () => {
    assert.deepEqual(changedSpan('abcdef', 'abXYef'), { start: 2, oldEnd: 4, newEnd: 4 });
    assert.deepEqual(changedSpan('abc', 'abc'), { start: 3, oldEnd: 3, newEnd: 3 });
    assert.deepEqual(changedSpan('', 'xyz'), { start: 0, oldEnd: 0, newEnd: 3 });
    assert.deepEqual(changedSpan('aaaa', 'aaa'), { start: 3, oldEnd: 4, newEnd: 3 });
    const rand = random(5);
    for (let trial = 0; trial < 500; trial++) {
      const before = Array.from({ length: Math.floor(rand() * 40) }, () => 'ab\n'[Math.floor(rand() * 3)]).join('');
      const at = Math.floor(rand() * (before.length + 1));
      const end = Math.min(before.length, at + Math.floor(rand() * 5));
      const after = before.slice(0, at) + 'ba'.slice(0, Math.floor(rand() * 3)) + before.slice(end);
      const { start, oldEnd, newEnd } = changedSpan(before, after);
      assert.equal(before.slice(0, start), after.slice(0, start));
      assert.equal(before.slice(oldEnd), after.slice(newEnd));
      assert.ok(start <= oldEnd && start <= newEnd);
      // The span is no wider than the edit that was made.
      assert.ok(oldEnd - start <= end - at && newEnd - start <= after.length - before.length + end - at);
    }
  });

  const corpus =
    ruleFixtures()
      .map((f) => f.text)
      .join('\n')
      .slice(0, 30_000) + readFileSync(join(stdlibDir(), 'subprocess.py'), 'utf8').slice(0, 10_000);
  for (const seed of sized([1, 2, 3], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10])) {
    it(`reads as a fresh scan after every random edit (seed ${seed})`, function () {
      this.timeout(sized(60_000, 600_000));
      editStorm(seed, sized(1_500, 5_000), corpus);
    });
  }

  it('reads as a fresh scan through edits of a short file that adds, breaks and removes its imports', function () {
    this.timeout(60_000);
    editStorm(4, sized(3_000, 20_000), 'import os\n\ndef main():\n    os.system("ls")\n');
  });

  it('reads as a fresh scan through edits of import lists, open brackets and aliases', function () {
    this.timeout(60_000);
    const imports = dedent(`
      from subprocess import (
          run as r,  # from os import system as s
          check_output as co
      from shutil import rmtree as rm; from os import system as sy
      from logging import getLogger as gl, basicConfig # as bc
      from tempfile import (mktemp as mk
      from x import y as z
    `);
    for (const seed of sized([5, 6], [5, 6, 7, 8, 9, 10])) editStorm(seed, sized(1_500, 5_000), imports);
  });

  it('finds what an edit adds or removes in another statement: an alias of a checked call, the only mention of a module', async () => {
    const analyzer = await getAnalyzer();
    const findings = (doc: PythonDocument) => analyzer.analyze(doc, DEFAULT_ENGINE_CONFIG).map((f) => `${f.code}@${f.range.start.line}`);
    const doc = analyzer.open(
      dedent(`
        from subprocess import check_output as co


        def deploy():
            sh(["make"])


        def fetch(url):
            return get(url)
      `),
    );
    try {
      /** Replaces `from` by `to`; returns the lines with findings, after checking they are a fresh analysis's. */
      const edit = (from: string, to: string): number[] => {
        const at = doc.text.indexOf(from);
        assert.notEqual(at, -1, from);
        doc.update([{ range: { start: doc.positionAt(at), end: doc.positionAt(at + from.length) }, text: to }]);
        const now = findings(doc);
        const fresh = analyzer.open(doc.text);
        try {
          assert.deepEqual(now, findings(fresh), `after ${JSON.stringify(from)} -> ${JSON.stringify(to)}`);
        } finally {
          fresh.dispose();
        }
        return [...new Set(now.map((f) => Number(f.split('@')[1])))];
      };
      const lineOf = (code: string) => doc.text.slice(0, doc.text.indexOf(code)).split('\n').length - 1;
      assert.deepEqual(findings(doc), []);
      // `sh` becomes subprocess.run: an unchecked, timeout-less call.
      assert.deepEqual(edit('check_output as co', 'check_output as co, run as sh'), [lineOf('sh(')]);
      assert.deepEqual(edit('run as sh', 'run as sx'), []);
      // `get` is requests.get once the file names requests: a request without a timeout.
      assert.deepEqual(edit('from subprocess', 'from requests import get\nfrom subprocess'), [lineOf('get(url)')]);
      assert.deepEqual(edit('from requests import get\n', ''), []);
    } finally {
      doc.dispose();
    }
  });
});
