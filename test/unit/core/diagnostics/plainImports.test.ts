import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Parser } from 'web-tree-sitter';
import { DEFAULT_ENGINE_CONFIG } from '../../../../src/core/diagnostics';
import { Engine, needsNoTree } from '../../../../src/core/diagnostics/engine';
import type { ImportRec } from '../../../../src/core/diagnostics/model';
import { RULE_IMPLS } from '../../../../src/core/diagnostics/rules';
import { vocabularyOf } from '../../../../src/core/diagnostics/vocabulary';
import { extractUnit, unitReader } from '../../../../src/core/diagnostics/walk';
import { withLoneCarriageReturnsAsLineFeeds } from '../../../../src/core/python/lineIndex';
import { plainImports, startsWithImport } from '../../../../src/core/python/plainImports';
import { surelyParses } from '../../../../src/core/python/quickSyntax';
import { blankCommentLines, topLevelCuts } from '../../../../src/core/python/segments';
import { createPythonParser } from '../../../../src/core/python/wasm';
import { findingsOf as findings, internalErrors, random, wasmPaths } from './helpers';
import { stdlibFiles } from './stdlib';

const vocabulary = vocabularyOf(RULE_IMPLS);
const reader = unitReader(vocabulary);
const sink = (error: unknown, context: string) => internalErrors.push(`${context}: ${String(error)}`);

interface Reading {
  statements: { type: string; s: number; e: number }[];
  imports: ImportRec[][];
}

/** What tree-sitter and the walk make of a top-level statement's text (as the segments parse it). */
function fromTree(parser: Parser, text: string): Reading & { broken: boolean } {
  const tree = parser.parse(blankCommentLines(text))!;
  try {
    const statements: Reading['statements'] = [];
    const imports: ImportRec[][] = [];
    for (const child of tree.rootNode.children) {
      if (!child || child.type === 'comment') continue;
      statements.push({ type: child.type, s: child.startIndex, e: child.endIndex });
      if (child.type !== ';') imports.push(extractUnit(child, text, 'module', vocabulary).imports);
    }
    return { statements, imports, broken: tree.rootNode.hasError };
  } finally {
    tree.delete();
  }
}

/** What is read from the text alone, or null when it is left to the parser (as the parse filter decides). */
function fromText(text: string): Reading | null {
  const statements = plainImports(text);
  if (!statements || !surelyParses(text)) return null;
  const imports = statements.filter((t) => t.type !== ';').map((t) => reader.statement(t.type, text.slice(t.s, t.e))?.imports ?? []);
  return { statements: statements.map((t) => ({ ...t })), imports };
}

/** Compares both readings of `text`; true when the text was read without a tree. */
function compare(parser: Parser, text: string): boolean {
  const source = withLoneCarriageReturnsAsLineFeeds(text);
  const read = fromText(source);
  if (!read) return false;
  const tree = fromTree(parser, source);
  assert.equal(tree.broken, false, `read from the text, but tree-sitter finds an error: ${JSON.stringify(text)}`);
  assert.deepEqual(read.statements, tree.statements, JSON.stringify(text));
  assert.deepEqual(read.imports, tree.imports, JSON.stringify(text));
  return true;
}

const MODULES = ['os', 'sys', 'subprocess', 'logging', 'os.path', 'logging.handlers', 'a_b', '_x9', 'Z', 'fromage', 'import_lib', 'as_'];
const NAMES = ['run', 'Popen', 'getLogger', 'x', '_', 'a1', 'as_', 'fromx'];
const ALIASES = ['sp', 'log', 'r', '_p', 'imported'];
/** Names the parser reads otherwise (keywords, soft keywords, Python 2 statements, unicode): left to the tree. */
const ODD_NAMES = ['ünï', 'print', 'match', 'type', 'exec', 'async', 'case', 'Ω', 'if', 'π', '_\u00e9'];

/** A generator of import statements in every form, with odd blanks, comments and line breaks. */
function importGenerator(seed: number): () => string {
  const rand = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const name = (xs: readonly string[]) => (rand() < 0.05 ? pick(ODD_NAMES) : pick(xs));
  const eol = () => pick(['\n', '\n', '\r\n', '\r']);
  // Between tokens on a logical line: spaces, tabs, form feeds, line continuations.
  const gap = (need = true) =>
    pick([need ? ' ' : '', ' ', ' ', '  ', '\t', rand() < 0.2 ? ' \f ' : ' ', ' \\\n  ', '\\\r\n ', ' \\\r\t', need ? ' ' : '']) ||
    (need ? ' ' : '');
  // Inside brackets: also line breaks and comments.
  const inner = () => pick(['', ' ', '\n    ', '  # note\n    ', '\r\n\t', '\r  ', ' \\\n ', '\n\n  ']);
  const dotted = (name: string) => name.split('.').join(pick(['.', '.', ' . ', '.\\\n']));
  const aliased = (bound: string) => (rand() < 0.3 ? `${bound}${gap()}as${gap()}${name(ALIASES)}` : bound);
  const list = <T>(n: number, item: () => T): T[] => Array.from({ length: n }, item);
  const statement = (): string => {
    const r = rand();
    if (r < 0.35) {
      const names = list(1 + Math.floor(rand() * 3), () => aliased(dotted(name(MODULES))));
      return `import${gap()}${names.join(`${gap(false)},${gap()}`)}`;
    }
    if (r < 0.45)
      return `from${gap()}__future__${gap()}import${gap()}${pick(['annotations', 'print_function', '(division,\n absolute_import)', '*'])}`;
    const dots = pick(['', '', '.', '..', '...', '. .', '....']);
    const module = dots && rand() < 0.4 ? '' : dotted(name(MODULES));
    const head = `from${gap()}${dots}${dots && module ? pick(['', ' ']) : ''}${module}${gap()}import${gap()}`;
    if (rand() < 0.1) return `${head}*`;
    const names = list(1 + Math.floor(rand() * 3), () => aliased(name(NAMES)));
    if (rand() < 0.4) return `${head}(${inner()}${names.join(`${inner()},${inner()}`)}${rand() < 0.3 ? ',' : ''}${inner()})`;
    return head + names.join(`${gap(false)},${gap()}`);
  };
  return () => {
    let text = rand() < 0.2 ? `# header${eol()}${eol()}` : '';
    text += statement();
    while (rand() < 0.25) text += `${pick([';', ' ;', '; ', ' ;\t'])}${statement()}`;
    if (rand() < 0.15) text += pick([';', ' ; ']);
    if (rand() < 0.3) text += pick(['  # trailing', '\t#: note', '  # pyops: ignore']);
    text += eol();
    if (rand() < 0.3) text += `${eol()}# comment${eol()}    # indented comment${eol()}`;
    if (rand() < 0.1) {
      // Broken text: whatever is read from it must still match the tree.
      const at = Math.floor(rand() * text.length);
      text =
        rand() < 0.5
          ? text.slice(0, at) + text.slice(at + 1)
          : text.slice(0, at) + pick(['(', ')', ',', 'x', '\\', '\n ', '.']) + text.slice(at);
    }
    return text;
  };
}

describe('diagnostics: module-level imports read from their text', () => {
  let parser: Parser;
  before(async () => {
    parser = await createPythonParser(wasmPaths);
  });

  it('reads generated import statements of every form as the tree does (spans, types, records)', function () {
    this.timeout(60_000);
    const next = importGenerator(7);
    let read = 0;
    const total = 4000;
    for (let i = 0; i < total; i++) if (compare(parser, next())) read++;
    // Most plain forms are read without a tree; unicode and keyword-like names are left to the parser.
    assert.ok(read > total / 3 && read < total, `${read} of ${total} read from the text`);
  });

  it('reads the top-level import statements of the standard library as the tree does', function () {
    this.timeout(120_000);
    let read = 0;
    let seen = 0;
    for (const path of stdlibFiles().filter((_, i) => i % 4 === 0)) {
      let text: string;
      try {
        text = withLoneCarriageReturnsAsLineFeeds(readFileSync(path, 'utf8'));
      } catch {
        continue;
      }
      const bounds = [0, ...topLevelCuts(text, 0).cuts, text.length];
      for (let k = 0; k + 1 < bounds.length; k++) {
        const segment = text.slice(bounds[k], bounds[k + 1]);
        if (!startsWithImport(segment)) continue;
        seen++;
        if (compare(parser, segment)) read++;
      }
    }
    assert.ok(read > 1000 && read > seen * 0.9, `${read} of ${seen} import statements read from the text`);
  });

  it('reads only plain module-level imports, and leaves every other statement to the parser', () => {
    for (const text of [
      'import os\n',
      'from . import (a,\n  b,  # why\n)\n',
      'import os; import sys  # both\n\n# next\n',
      'from __future__ import annotations\n',
      'import a \\\n  .b as c\n',
    ]) {
      assert.notEqual(plainImports(text), null, text);
      assert.equal(needsNoTree(text, 'statement'), true, text);
    }
    for (const text of [
      'import os; os.system("ls")\n',
      'import os\n    x = 1\n',
      '  import os\n',
      'import (os)\n',
      'from x import a.b\n',
      'import os,\n',
      'from x import (a, b\n',
      'import ünï\n',
      'import os \\\n\n',
      'if x:\n    import os\n',
      'try: import json\nexcept ImportError:\n    json = None\n',
    ]) {
      assert.equal(needsNoTree(text, 'statement'), false, text);
    }
    // A try statement's plain imports on lines of their own are read from its text too (see importsOfTry).
    assert.equal(needsNoTree('try:\n    import json\nexcept ImportError:\n    json = None\n', 'statement'), true);
    // A trailing comment or `;` is not part of the statement: spans end at the last name or bracket.
    assert.deepEqual(plainImports('import a as b;  # c\n'), [
      { type: 'import_statement', s: 0, e: 13 },
      { type: ';', s: 13, e: 14 },
    ]);
    assert.deepEqual(plainImports('from m import (x)  # c\r\n'), [{ type: 'import_from_statement', s: 0, e: 17 }]);
  });

  it('reads a statement asked about again the same, whole or as a range of a longer text, each time with statements of its own', () => {
    const text = 'from os import (path,\n  sep)\n';
    const first = plainImports(text);
    assert.deepEqual(first, [{ type: 'import_from_statement', s: 0, e: 28 }]);
    first![0].s = 99;
    assert.deepEqual(plainImports(text), [{ type: 'import_from_statement', s: 0, e: 28 }]);
    const document = `x = 1\n${text}y = 2\n`;
    assert.deepEqual(plainImports(document, 6, 6 + text.length), [{ type: 'import_from_statement', s: 6, e: 34 }]);
    assert.equal(plainImports(document, 0, 6 + text.length), null);
    assert.equal(plainImports('import os; x = 1\n'), null);
    assert.equal(plainImports('import os; x = 1\n'), null);
  });

  it('gives the same findings and fixes as parsing every import, including fixes that add an import and suppressions on import lines', async () => {
    const lazy = new Engine(parser, sink);
    const full = new Engine(parser, sink, () => false);
    const next = importGenerator(19);
    const bodies = [
      'subprocess.run("ls", shell=True)\n',
      'def main():\n    print("x")\n    logging.info("done %s" % 1)\n',
      'sp.call(cmd, shell=True)  # pyops: ignore[OPS301]\n',
      'logging.basicConfig(level=logging.INFO)\nlog = logging.getLogger(__name__)\ntry:\n    run()\nexcept Exception:\n    pass\n',
      'requests.get(url)\n',
      'import os; import sys\nos.system("rm -rf " + sys.argv[1])\n',
      'from subprocess import run as r\nr("ls", shell=True)\n',
      'import os  # pyops: ignore\nos.system(cmd)\n',
      'from . import (\n  x,\n  y\n)\nimport (broken\nprint("after")\n',
    ];
    let compared = 0;
    for (let i = 0; i < 300; i++) {
      const head = [next(), next(), next()].join('');
      const text = (i % 2 === 0 ? '"""Doc."""\n' : '') + head + bodies[i % bodies.length];
      const expected = findings(full, text);
      compared += expected.length;
      assert.deepEqual(findings(lazy, text), expected, JSON.stringify(text));
    }
    assert.ok(compared > 300, `only ${compared} findings compared`);
    assert.deepEqual(internalErrors, []);
  });

  it('keeps the same findings as a fresh analysis while an import is edited into something else and back', () => {
    const lazy = new Engine(parser, sink);
    const full = new Engine(parser, sink, () => false);
    const base =
      '"""Deploy."""\nimport logging\nimport subprocess as sp\nfrom os import (path,\n    sep)\n\nlog = logging.getLogger(__name__)\n\n\ndef main(cmd):\n    sp.call(cmd, shell=True)\n    log.info("ran %s" % cmd)\n';
    const doc = lazy.open(base);
    let reference = TextDocument.create('file:///x.py', 'python', 0, base);
    const type = (at: number, text: string, len = 0) => {
      const range = { start: reference.positionAt(at), end: reference.positionAt(at + len) };
      reference = TextDocument.update(reference, [{ range, text }], reference.version + 1);
      doc.update([{ range, text }]);
      assert.deepEqual(lazy.analyze(doc, DEFAULT_ENGINE_CONFIG), findings(full, doc.text), JSON.stringify(doc.text.slice(0, 120)));
    };
    try {
      const at = base.indexOf('import subprocess');
      // Keystrokes: `import subprocess as sp` -> `x = subprocess as sp` ... and back.
      for (let k = 0; k < 'import'.length; k++) type(at, '', 1);
      type(at, 'x = ');
      type(at, '', 4);
      for (const ch of 'import') type(at + 'import'.indexOf(ch), ch);
      // Break the parenthesised import and mend it.
      const paren = doc.text.indexOf('(path');
      type(paren, '', 1);
      type(paren, '(');
      // A second statement on the import's line, and a comment that hides the import.
      const eol = doc.text.indexOf('\n', doc.text.indexOf('import logging'));
      type(eol, '; sp.call("ls", shell=True)');
      type(eol, '', '; sp.call("ls", shell=True)'.length);
      const line = doc.text.indexOf('import logging');
      type(line, '# ');
      type(line, '', 2);
      assert.equal(doc.text, base);
    } finally {
      doc.dispose();
    }
    assert.deepEqual(internalErrors, []);
  });
});
