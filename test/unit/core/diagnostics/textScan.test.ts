import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_ENGINE_CONFIG, type PythonDocument } from '../../../../src/core/diagnostics';
import { FromImports } from '../../../../src/core/diagnostics/fromImports';
import { IMPORTED_MODULE } from '../../../../src/core/diagnostics/importContext';
import { NameSearch, TWO_STREAMS_FROM } from '../../../../src/core/diagnostics/nameSearch';
import { RULE_IMPLS } from '../../../../src/core/diagnostics/rules';
import { changedSpan, TextScanner, type TextScan } from '../../../../src/core/diagnostics/textScan';
import { vocabularyOf } from '../../../../src/core/diagnostics/vocabulary';
import { extractUnit } from '../../../../src/core/diagnostics/walk';
import { createPythonParser } from '../../../../src/core/python/wasm';
import { sized } from '../../../helpers/testSize';
import { dedent, getAnalyzer, random, ruleFixtures, wasmPaths } from './helpers';
import { stdlibDir } from './stdlib';

/** What a fresh reading of a text gives, written the plain way: a search per module, a regex over the text. */
function referenceAliases(text: string, callNames: ReadonlySet<string>): Map<string, string> {
  const out = new Map<string, string>();
  if (!/\sas[\s\\]/.test(text)) return out;
  for (const m of text.matchAll(/\bfrom[ \t]+[\w.]+[ \t]+import[ \t]*(\([^)]*\)|(?:[^\n;#\\]|\\\r?\n|\\)*)/g)) {
    if (!/\sas[\s\\]/.test(m[1])) continue;
    for (const part of m[1].replace(/[()]|\\(?=\r?\n)/g, ' ').split(',')) {
      const a = /^\s*([A-Za-z_]\w*)\s+as\s+([A-Za-z_]\w*)\s*$/.exec(part.replace(/#[^\n]*/g, ''));
      if (a && a[1] !== a[2] && callNames.has(a[1])) out.set(a[2], a[1]);
    }
  }
  return out;
}

/**
 * Whether `text` names module `m` where an import statement may, written the plain way: each
 * occurrence of the whole word, and regular expressions over the text before it. Blanks, brackets,
 * backslashes and line breaks are looked through for 64 characters (a longer run counts), as is a
 * line break after a line holding `#` or starting further back; then `import`, `from` or a comma
 * must come.
 */
function referenceNames(text: string, m: string): boolean {
  for (let p = text.indexOf(m); p !== -1; p = text.indexOf(m, p + 1)) if (referenceCounts(text, m, p)) return true;
  return false;
}

/** Whether the occurrence of `m` at `p` names it (see referenceNames). */
function referenceCounts(text: string, m: string, p: number): boolean {
  if (/^[A-Za-z0-9_]/.test(text.slice(p + m.length))) return false;
  // Far more text than the 64 characters looked through: a line that starts before it starts too far back.
  const from = Math.max(0, p - 200);
  const before = text.slice(from, p);
  const gap = /[\s\\()]*$/.exec(before)![0];
  if (gap.length >= 64 && p > 64) return true;
  for (let lf = before.indexOf('\n', before.length - gap.length); lf !== -1; lf = before.indexOf('\n', lf + 1)) {
    const lineStart = before.lastIndexOf('\n', lf - 1) + 1;
    if (from + lineStart < p - 64 || before.slice(lineStart, lf).includes('#')) return true;
  }
  return /(?:import|from|,)$/.test(before.slice(0, before.length - gap.length));
}

const vocabulary = vocabularyOf(RULE_IMPLS);
const modules = [...new Set([...vocabulary.callModules.values()].flat())];
const moduleWords = new RegExp(modules.join('|'), 'g');
const { makers, modules: renamable } = vocabulary.receiverWords;

/** Where the run of blanks, line breaks and backslashes after `end` ends, the plain way; -1 when it is 65 characters or longer. */
function referenceAfterGap(text: string, end: number): number {
  const gap = /^[ \t\f\v\r\n\\]*/.exec(text.slice(end))![0];
  return gap.length >= 65 ? -1 : end + gap.length;
}

/** Whether `text` may call `maker`: a whole word, then `(`, `#`, `as` or a non-ASCII character after the gap (or a long gap). */
function referenceMakes(text: string, maker: string): boolean {
  for (let p = text.indexOf(maker); p !== -1; p = text.indexOf(maker, p + 1)) {
    if (/\w/.test(text.charAt(p - 1)) || /\w/.test(text.charAt(p + maker.length))) continue;
    const i = referenceAfterGap(text, p + maker.length);
    if (i === -1 || /^(?:[(#\u0080-\uffff]|as(?!\w))/.test(text.slice(i))) return true;
  }
  return false;
}

/** Whether `text` may import module `m` under another name: its name, then `as` after the gap (or a long gap). */
function referenceRenames(text: string, m: string): boolean {
  for (let p = text.indexOf(m); p !== -1; p = text.indexOf(m, p + 1)) {
    const i = referenceAfterGap(text, p + m.length);
    if (i === -1 || /^as(?!\w)/.test(text.slice(i))) return true;
  }
  return false;
}

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
  'from subprocess import run as\tr\n',
  'from subprocess import check_call, run as \\\n    r\n',
  'from subprocess import (run\n    as r, check_call \\\n as cc)\n',
  // Makers called or renamed, modules renamed.
  ...makers,
  'Session(',
  ' (',
  'session \\\n  (',
  'from requests import Session as S\n',
  'import requests as rq\n',
  'import httpx  as\n',
  'as_',
  ' as',
  '\tas ',
  'as\t',
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
  // What may stand before a module: import forms, continuations, comments, prose, long gaps.
  'import ',
  'import os, ',
  'import os as o, ',
  ', ',
  ',',
  '\\\n    ',
  '# ',
  '"""the ',
  'the ',
  ' '.repeat(40),
  '\n'.repeat(30),
  'import (',
  '\u00a0',
  '\t',
  // Mentions of pyops in any case, whole and in part.
  '# pyops: ignore',
  'PyOps',
  'pyOPS',
  'py',
  'ops',
  'PY',
];

/** Checks a scan against a fresh reading of its text, the plain way and with a new scanner pass. */
function assertFresh(scanner: TextScanner, scan: TextScan, imports: FromImports, step: number): void {
  const text = scan.text;
  const fresh = scanner.scan(text);
  for (const m of modules) {
    const named = referenceNames(text, m);
    assert.equal(scan.names(m), named, `step ${step}: does the text name ${m}?`);
    assert.equal(fresh.names(m), named, `step ${step}: does a fresh scan say the text names ${m}?`);
  }
  for (const maker of makers) {
    const makes = referenceMakes(text, maker);
    assert.equal(scan.makes(maker), makes, `step ${step}: may the text call ${maker}?`);
    assert.equal(fresh.makes(maker), makes, `step ${step}: does a fresh scan say the text may call ${maker}?`);
  }
  for (const m of renamable) {
    const renames = referenceRenames(text, m);
    assert.equal(scan.renames(m), renames, `step ${step}: may the text rename ${m}?`);
    assert.equal(fresh.renames(m), renames, `step ${step}: does a fresh scan say the text may rename ${m}?`);
  }
  assert.equal(scan.namedKey, fresh.namedKey, `step ${step}: the key of the named modules`);
  const pyops = /pyops/i.test(text);
  assert.equal(scan.mentionsPyops, pyops, `step ${step}: does the text mention pyops?`);
  assert.equal(fresh.mentionsPyops, pyops, `step ${step}: does a fresh scan say the text mentions pyops?`);
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
      // Around an import statement (or what is left of one): its words, or where it ends; or up
      // to 72 characters before a module's name, where what comes before it decides whether it is named.
      const pattern = r < 0.2 ? /from|import| as/g : r < 0.4 ? moduleWords : /from[^\n;#)]*[\n;#)]/g;
      const marks = [...text.matchAll(pattern)].map((m) => m.index + (r < 0.4 ? 0 : m[0].length));
      const jitter = r >= 0.2 && r < 0.4 ? Math.floor(rand() * 76) - 72 : Math.floor(rand() * 8) - 4;
      if (marks.length > 0) at = marks[Math.floor(rand() * marks.length)] + jitter;
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

  it('finds every name where indexOf does for random name lists over a small alphabet (suffixes of one another, repeats)', () => {
    const rand = random(11);
    const letters = 'abc';
    const word = (max: number): string => {
      let w = '';
      const length = 1 + Math.floor(rand() * max);
      for (let i = 0; i < length; i++) w += letters[Math.floor(rand() * letters.length)];
      return w;
    };
    for (let list = 0; list < 300; list++) {
      const names = Array.from({ length: 1 + Math.floor(rand() * 8) }, () => word(5));
      const search = new NameSearch(names);
      for (let trial = 0; trial < 20; trial++) {
        const text = word(40);
        const at = search.firstOccurrences(text);
        assert.deepEqual(
          [...at],
          names.map((n) => text.indexOf(n)),
          `${JSON.stringify(names)} in ${text}`,
        );
      }
    }
  });

  it('finds a name that an edit completes or breaks, at either end of the edited span', () => {
    const scanner = new TextScanner(vocabulary, vocabulary.callNames);
    for (const name of modules) {
      for (let i = 0; i <= name.length; i++) {
        for (let j = i; j <= name.length; j++) {
          const whole = `import x, ${name}\ny`;
          const broken = `import x, ${name.slice(0, i)}${name.slice(j)}\ny`;
          for (const [before, after] of [
            [broken, whole],
            [whole, broken],
          ]) {
            const scan = scanner.scan(before).next(after);
            for (const m of modules) assert.equal(scan.names(m), referenceNames(after, m), `${m} in ${JSON.stringify(after)}`);
          }
        }
      }
    }
  });

  it('finds a module named or no longer named when an edit changes what comes before it', () => {
    const scanner = new TextScanner(vocabulary, vocabulary.callNames);
    const contexts = [
      'x = 1\nimport ',
      'x = 1\nfrom ',
      'import os, ',
      'import os as o,\\\n    ',
      '"""Run on the ',
      'x = 1\n',
      '# see the\n',
      'import os  # the\n',
      'import' + ' '.repeat(70),
      'x' + ' '.repeat(70),
      '',
    ];
    for (const name of ['fabric', 'requests', 'io', 'asyncio']) {
      for (const a of contexts) {
        for (const b of contexts) {
          for (const after of [' import x\n', '.x\n', 'x\n', '']) {
            const text = `${b}${name}${after}`;
            const scan = scanner.scan(`${a}${name}${after}`).next(text);
            for (const m of modules) assert.equal(scan.names(m), referenceNames(text, m), `${m} in ${JSON.stringify(text)}`);
            assert.equal(scan.namedKey, scanner.scan(text).namedKey, JSON.stringify(text));
          }
        }
      }
    }
  });

  it('counts a module as named only where an import statement may name it', () => {
    const scanner = new TextScanner(vocabulary, vocabulary.callNames);
    const named = (text: string) => modules.filter((m) => scanner.scan(text).names(m));
    // Every form of import statement names its modules.
    assert.deepEqual(named('import fabric\n'), ['fabric']);
    assert.deepEqual(named('import json.decoder, fabric.connection as fc\n'), ['fabric']);
    assert.deepEqual(named('import json as j, requests\n'), ['requests']);
    assert.deepEqual(named('from fabric import Connection\n'), ['fabric']);
    assert.deepEqual(named('from requests.adapters import HTTPAdapter\n'), ['requests']);
    assert.deepEqual(named('from httpx import *\n'), ['httpx']);
    assert.deepEqual(named('def f():\n    try:\n        import paramiko\n    except ImportError:\n        pass\n'), ['paramiko']);
    assert.deepEqual(named('import json, \\\n    requests\n'), ['requests']);
    assert.deepEqual(named('from \\\n  fabric \\\n  import Connection\n'), ['fabric']);
    assert.deepEqual(named('import\tjson,\f\u00a0requests\n'), ['requests']);
    // Mentions in prose, comments and code that is no import do not.
    assert.deepEqual(named('"""Talks to the security fabric of the device."""\n'), []);
    assert.deepEqual(named('# the requests library is not used here\nx = 1\n'), []);
    assert.deepEqual(named('DOCUMENTATION = """\nfabric:\n  description: the fabric name\n"""\n'), []);
    assert.deepEqual(named('self.fabric = fabric_name\nrequests_done = 0\nasyncio_loop = None\n'), []);
    assert.deepEqual(named('import fabricate\nfrom .fabric import Connection\nimport my.fabric\n'), []);
    assert.deepEqual(named('x = 1; fabric.run("x")\n'), []);
    // Loose where an import may stand: after any comma, in a comment that reads like an import,
    // after a line holding a comment (the walk drops it), after a long gap.
    assert.deepEqual(named('hosts = [a, fabric]\n'), ['fabric']);
    assert.deepEqual(named('# to use it: import fabric\n'), ['fabric']);
    assert.deepEqual(named('import json,  # and\n    fabric\n'), ['fabric']);
    assert.deepEqual(named('x = 1' + ' '.repeat(64) + 'fabric\n'), ['fabric']);
    assert.deepEqual(named('x = 1' + ' '.repeat(63) + 'fabric\n'), []);
  });

  it('counts a maker where it may be called or renamed, and a module where it may be imported under another name', () => {
    const scanner = new TextScanner(vocabulary, vocabulary.callNames);
    const made = (text: string) => makers.filter((m) => scanner.scan(text).makes(m));
    const renamed = (text: string) => renamable.filter((m) => scanner.scan(text).renames(m));
    assert.deepEqual(makers.slice().sort(), ['AsyncClient', 'Client', 'Session', 'session']);
    // The modules of methodsOn parties, and every module of one name whose functions rules read
    // (a call on a receiver resolves to one only through the module's own name or another an import gives it).
    assert.deepEqual(renamable.slice().sort(), [
      'asyncio',
      'builtins',
      'coloredlogs',
      'fabric',
      'httpx',
      'invoke',
      'io',
      'logging',
      'logzero',
      'os',
      'paramiko',
      'pathlib',
      'requests',
      'structlog',
      'subprocess',
      'sys',
      'tempfile',
      'yaml',
    ]);
    assert.deepEqual(made('s = requests.Session()\n'), ['Session']);
    assert.deepEqual(made('with httpx.AsyncClient \\\n  (timeout=None) as c:\n'), ['AsyncClient']);
    assert.deepEqual(made('from requests import Session as S\n'), ['Session']);
    assert.deepEqual(made('s = (requests.session  # shared\n     ())\n'), ['session']);
    assert.deepEqual(made('self.session.get(url)  # the Session is made elsewhere\nclient_id = Client\nMyClient()\n'), []);
    assert.deepEqual(renamed('import requests as rq\nimport httpx\n'), ['requests']);
    assert.deepEqual(renamed('import httpx \\\n    as h\n'), ['httpx']);
    assert.deepEqual(renamed('import requests\nrequests.assert_x = 1\n'), []);
    assert.deepEqual(renamed('import os, subprocess as sp\n'), ['subprocess']);
  });

  it("finds the first occurrence that meets its name's condition, in one pass", () => {
    const names = ['io', 'asyncio', 'os', ' as '];
    const search = new NameSearch(names, [IMPORTED_MODULE, IMPORTED_MODULE, IMPORTED_MODULE]);
    const rand = random(8);
    const pieces = [...names, 'import ', 'from ', ', ', ',', ' ', '\n', '#', '\\', '(', 'x', '.', ' '.repeat(30)];
    for (let trial = 0; trial < 3_000; trial++) {
      let text = '';
      const length = Math.floor(rand() * 20);
      for (let i = 0; i < length; i++) text += pieces[Math.floor(rand() * pieces.length)];
      const at = search.firstOccurrences(text);
      const expected = names.map((n, k) => {
        for (let p = text.indexOf(n); p !== -1; p = text.indexOf(n, p + 1)) if (k === 3 || referenceCounts(text, n, p)) return p;
        return -1;
      });
      assert.deepEqual([...at], expected, JSON.stringify(text));
    }
  });

  it('finds the same first occurrences in a long text, read as two halves side by side, as in one pass', () => {
    // Long texts (TWO_STREAMS_FROM characters or more) are searched as two halves: occurrences at
    // and across the middle, first in one half and again in the other, must not change the answer.
    const names = ['io', 'asyncio', 'os', 'subprocess', ' as '];
    const search = new NameSearch(names, [IMPORTED_MODULE, IMPORTED_MODULE, IMPORTED_MODULE, IMPORTED_MODULE]);
    const rand = random(21);
    const pieces = [...names, 'import ', 'from ', ', ', ' ', '\n', '#', '(', 'x', '.', 'é', ' '.repeat(30), 'y'.repeat(40)];
    for (let trial = 0; trial < 1_500; trial++) {
      let text = '';
      const length = TWO_STREAMS_FROM + Math.floor(rand() * 1_500);
      while (text.length < length) text += pieces[Math.floor(rand() * pieces.length)];
      // Often nothing but one name, placed at or across the middle.
      if (trial % 3 === 0) {
        const filler = 'x'.repeat(TWO_STREAMS_FROM + Math.floor(rand() * 100));
        const name = names[Math.floor(rand() * names.length)];
        const at = (filler.length >> 1) - Math.floor(rand() * (name.length + 8)) + 4;
        text = `${filler.slice(0, at)}${trial % 2 === 0 ? '\nimport ' : ' '}${name}\n${filler.slice(at)}${text.slice(0, Math.floor(rand() * text.length))}`;
      }
      assert.ok(text.length >= TWO_STREAMS_FROM);
      const at = search.firstOccurrences(text);
      const expected = names.map((n, k) => {
        for (let p = text.indexOf(n); p !== -1; p = text.indexOf(n, p + 1)) if (k === 4 || referenceCounts(text, n, p)) return p;
        return -1;
      });
      assert.deepEqual([...at], expected, JSON.stringify(text));
    }
  });

  it('finds the same first occurrences in a long text where names end at thousands of places', () => {
    // The search notes where names end and reads its notes in batches: many notes before the
    // occurrence that counts (and after the middle, where the second half's search reads).
    const names = ['io', 'asyncio', 'os', 'as'];
    const search = new NameSearch(names, [IMPORTED_MODULE, IMPORTED_MODULE, IMPORTED_MODULE]);
    const rand = random(5);
    const words = [
      'function ',
      'option ',
      'class ',
      'post ',
      'ratio\n',
      'cosio ',
      'x = 1\n',
      'import asyncio\n',
      'from os import path\n',
      'y as z\n',
    ];
    for (let trial = 0; trial < 40; trial++) {
      let text = '';
      const length = 2_000 + Math.floor(rand() * 20_000);
      // Mostly words holding names that do not count; rarely one that does.
      while (text.length < length) text += words[rand() < 0.999 ? Math.floor(rand() * 6) : 6 + Math.floor(rand() * 4)];
      const at = search.firstOccurrences(text);
      const expected = names.map((n, k) => {
        for (let p = text.indexOf(n); p !== -1; p = text.indexOf(n, p + 1)) if (k === 3 || referenceCounts(text, n, p)) return p;
        return -1;
      });
      assert.deepEqual([...at], expected, `trial ${trial}`);
    }
  });

  it("finds the same occurrences when it asks every condition, also after a name's last letter inside a longer word", () => {
    // A wordEnd condition says an occurrence followed by a letter, digit or `_` never counts: the
    // search then does not ask it. Asking anyway must not change an answer.
    const search = new TextScanner(vocabulary, vocabulary.callNames).search;
    const asking = new NameSearch(
      search.names,
      search.conditions.map((c) => c && { before: c.before, after: c.after, wordEnd: false, holds: c.holds }),
    );
    const rand = random(9);
    const pieces = [...search.names, 'import ', 'from ', ', ', ' as ', '(', '\n', '#', '\\\n', 'x', '_', '1', 'é', ' ', '.'];
    for (let trial = 0; trial < 2_000; trial++) {
      let text = '';
      const length = Math.floor(rand() * (trial % 4 === 0 ? 200 : 40));
      for (let i = 0; i < length; i++) text += pieces[Math.floor(rand() * pieces.length)];
      assert.deepEqual([...search.firstOccurrences(text)], [...asking.firstOccurrences(text)], JSON.stringify(text));
    }
  });

  it('names every module the walk reads from an import statement, however the statement is written', async () => {
    // The walk reads a module from an import's text (comments dropped, brackets and backslashes
    // as blanks); tree-sitter makes import statements of broken text too. Whatever it reads, the
    // scan must name: the parse filter would otherwise leave calls of its functions unparsed.
    const parser = await createPythonParser(wasmPaths);
    const scanner = new TextScanner(vocabulary, vocabulary.callNames);
    const rand = random(21);
    const pieces = [
      'import',
      'from',
      ' ',
      ' ',
      '\n',
      ',',
      '(',
      ')',
      '\\\n',
      '\\',
      '# c',
      '#',
      'fabric',
      'requests',
      'os',
      'x',
      '.',
      ' as ',
      ';',
      '\t',
      '\u00a0',
      '"',
      '\f',
      '\r\n',
      '*',
      '    ',
    ];
    let imports = 0;
    for (let trial = 0; trial < sized(3_000, 30_000); trial++) {
      // A few statements, most of them starting like an import, then anything.
      let text = '';
      for (let statements = 1 + Math.floor(rand() * 3); statements > 0; statements--) {
        text += rand() < 0.4 ? 'import ' : rand() < 0.6 ? 'from ' : '';
        for (let i = Math.floor(rand() * 8); i > 0; i--) text += pieces[Math.floor(rand() * pieces.length)];
        text += '\n';
      }
      const tree = parser.parse(text)!;
      try {
        const model = extractUnit(tree.rootNode, text, 'module', vocabulary);
        for (const imp of model.imports) {
          const root = imp.qualified.split('.')[0];
          if (!modules.includes(root)) continue;
          imports++;
          assert.ok(scanner.scan(text).names(root), `${root} in ${JSON.stringify(text)}`);
        }
      } finally {
        tree.delete();
      }
    }
    // The random texts did make imports of these modules.
    assert.ok(imports > sized(100, 1_000), `${imports} imports`);
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

  it('reads the from-import statements a regular expression finds, as that expression reads them', () => {
    const expression = /\bfrom[ \t]+[\w.]+[ \t]+import[ \t]*(\([^)]*\)|(?:[^\n;#\\]|\\\r?\n|\\)*)/g;
    const reference = (text: string) =>
      [...text.matchAll(expression)].map((m) => {
        const end = m.index + m[0].length;
        const parenthesized = m[1].startsWith('(');
        return { start: m.index, end, names: m[1], reach: parenthesized && m[1].endsWith(')') ? end : parenthesized ? Infinity : end + 1 };
      });
    const texts = [
      ...SNIPPETS,
      corpus,
      'from x import',
      'from x import ',
      'from  x\timport\t(a,\n b)',
      'xfrom x import y',
      '_from x import y',
      '\u00e9from x import y',
      '1from x import y',
      'from x import y \\',
      'from x import y \\\r',
      'from x import y \\\r\nz\\\nw\n',
      'from x import y\r\nz',
      'from x import (y\n',
      'from x import (y\n)',
      'from x import (y;z',
      'from x.y. import (',
      'from .x import y',
      'from x importy',
      'from x import y; from z import w # from a import b',
      'from x\nimport y',
      'from\tx import *',
      'fromx import y',
      'from from import import',
      'from x import from y import z',
    ];
    const rand = random(11);
    const pieces = ['from', ' ', '\t', 'x', '.', 'import', '(', ')', ',', 'as', '\\', '\n', '\r', ';', '#', 'é', '_', '1'];
    for (let i = 0; i < 3000; i++) {
      let text = '';
      for (let k = Math.floor(rand() * 16); k > 0; k--) text += pieces[Math.floor(rand() * pieces.length)];
      texts.push(text);
    }
    for (const text of texts)
      assert.deepEqual((FromImports.of(text) as unknown as { matches: unknown }).matches, reference(text), JSON.stringify(text));
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
      // Python separates `as` from the names by any blanks: a tab, a line break in parentheses.
      assert.deepEqual(edit('run as sx', 'run as\tsh'), [lineOf('sh(')]);
      assert.deepEqual(edit('check_output as co, run as\tsh', '(check_output as co,\n    run\n    as sh)'), [lineOf('sh(')]);
      assert.deepEqual(edit('as sh)', 'as sx)'), []);
      // A backslash at the end of a line joins it to the next, parentheses or not.
      assert.deepEqual(edit('(check_output as co,\n    run\n    as sx)', 'check_output as co, run as \\\n    sh'), [lineOf('sh(')]);
      assert.deepEqual(edit('run as \\\n    sh', 'run as \\\n    sx'), []);
      // `get` is requests.get once the file names requests: a request without a timeout.
      assert.deepEqual(edit('from subprocess', 'from requests import get\nfrom subprocess'), [lineOf('get(url)')]);
      assert.deepEqual(edit('from requests import get\n', ''), []);
    } finally {
      doc.dispose();
    }
  });
});
