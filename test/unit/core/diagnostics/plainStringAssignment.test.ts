import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Parser } from 'web-tree-sitter';
import { Engine, needsNoTree } from '../../../../src/core/diagnostics/engine';
import { prefilter } from '../../../../src/core/diagnostics/prefilter';
import { defineRule, type RuleImpl } from '../../../../src/core/diagnostics/rule';
import { RULE_IMPLS } from '../../../../src/core/diagnostics/rules';
import { vocabularyOf, type Vocabulary } from '../../../../src/core/diagnostics/vocabulary';
import { withLoneCarriageReturnsAsLineFeeds } from '../../../../src/core/python/lineIndex';
import { plainStringAssignment } from '../../../../src/core/python/plainStringAssignment';
import { surelyParses } from '../../../../src/core/python/quickSyntax';
import { blankCommentLines, topLevelCuts } from '../../../../src/core/python/segments';
import { createPythonParser } from '../../../../src/core/python/wasm';
import { findingsOf as findings, internalErrors, random, wasmPaths } from './helpers';
import { stdlibFiles } from './stdlib';

const sink = (error: unknown, context: string) => internalErrors.push(`${context}: ${String(error)}`);
const vocabulary = vocabularyOf(RULE_IMPLS);

/** Prose that looks like code every rule reads: calls, handlers, imports, secrets, definitions, the entry point. */
const PROSE = [
  'Runs open(path) and subprocess.run(cmd, shell=True), then requests.get(url).',
  'try:',
  '    deploy()',
  'except Exception:',
  '    pass',
  'raise RuntimeError("failed")',
  'import logging',
  'password: "hunter2xyz"',
  'api_token = "abcdef123456"',
  'def helper():',
  '    print("x")',
  'if __name__ == "__main__":',
  '',
].join('\n');

/** `NAME = <quote>PROSE<quote>`. */
const doc = (name: string, quote = "'''", prefix = 'r') => `${name} = ${prefix}${quote}\n${PROSE}${quote}\n`;

/**
 * Checks what plainStringAssignment reads from `text` against tree-sitter: one statement binding
 * `name` to string literals, and nothing else the walk visits. True when the text is one the parse
 * filter leaves out (read, and its syntax sure).
 */
function compare(parser: Parser, text: string, header = ''): boolean {
  const name = plainStringAssignment(text);
  if (name === null || !surelyParses(header + text)) return false;
  const tree = parser.parse(header + blankCommentLines(text))!;
  try {
    assert.equal(tree.rootNode.hasError, false, `read, but tree-sitter finds an error: ${JSON.stringify(text)}`);
    let statements = tree.rootNode.namedChildren.filter((c) => c !== null && c.type !== 'comment');
    if (header !== '')
      statements = statements[0]!.childForFieldName('body')!.namedChildren.filter((c) => c !== null && c.type !== 'comment');
    assert.equal(statements.length, 1, JSON.stringify(text));
    const assignment = statements[0]!.namedChildren.find((c) => c !== null && c.type !== 'comment');
    assert.equal(assignment?.type, 'assignment', JSON.stringify(text));
    assert.equal(assignment.childForFieldName('left')?.text, name, JSON.stringify(text));
    assert.equal(assignment.childForFieldName('type'), null, JSON.stringify(text));
    const right = assignment.childForFieldName('right')!;
    const value = right.type === 'parenthesized_expression' ? right.namedChildren.find((c) => c !== null && c.type !== 'comment')! : right;
    assert.ok(value.type === 'string' || value.type === 'concatenated_string', `${value.type}: ${JSON.stringify(text)}`);
    assert.deepEqual(
      assignment.descendantsOfType(vocabulary.nodeTypes).map((n) => n!.type),
      ['assignment'],
      JSON.stringify(text),
    );
  } finally {
    tree.delete();
  }
  return true;
}

const NAMES = ['DOCUMENTATION', 'EXAMPLES', 'RETURN', '_usage', 'x1', 'HELP_TEXT', '__doc_extra__'];
/** Names the parser reads otherwise (keywords, soft keywords, Python 2 statements, unicode): left to the tree. */
const ODD_NAMES = ['print', 'match', 'type', 'exec', 'if', 'ünï', 'None', 'lambda'];

/** A generator of plain string assignments and near misses, with odd blanks, comments, escapes and line breaks. */
function assignmentGenerator(seed: number): () => string {
  const rand = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const eol = () => pick(['\n', '\n', '\r\n', '\r']);
  const gap = () => pick(['', ' ', ' ', '\t', ' \f ', ' \\\n  ', '\\\r\n ', ' \\\n\n']);
  const inner = () => pick(['', ' ', '\n    ', '  # note\n    ', '\r\n\t', ' \\\n ']);
  const body = (quote: string) => {
    const parts = ['abc', ' ', 'open(x)', '{y}', "\\'", '\\"', '\\\\', '\\', '\\n', '\\\n', 'é', '\0', '#', 'except:', "'", '"'];
    if (quote.length === 3) parts.push('\n', '\r\n', '""', "''", quote[0] + '\\' + quote);
    let out = '';
    for (let n = Math.floor(rand() * 6); n > 0; n--) out += pick(parts);
    return out;
  };
  const literal = () => {
    const quote = pick(['"', "'", '"""', "'''"]);
    const prefix = pick(['', '', '', 'r', 'R', 'b', 'rb', 'Br', 'u', 'f', 'rf', 't', 'ur', 'bu']);
    return `${prefix}${quote}${body(quote)}${quote}`;
  };
  return () => {
    let text = rand() < 0.15 ? `# header${eol()}${eol()}` : '';
    text += rand() < 0.05 ? pick(ODD_NAMES) : pick(NAMES);
    text += `${gap()}${pick(['=', '=', '=', ': str =', '==', '+='])}${gap()}`;
    const literals = [literal()];
    while (rand() < 0.3) literals.push(literal());
    if (rand() < 0.3) text += `(${inner()}${literals.join(inner())}${inner()}${rand() < 0.1 ? ',' : ''})`;
    else text += literals.join(gap() || ' ');
    if (rand() < 0.1) text += pick([' + x', ' % (a,)', '.format(a)', '; open(p)', ' if a else b']);
    if (rand() < 0.3) text += pick(['  # trailing', '\t#: note', '  # pyops: ignore']);
    text += eol();
    if (rand() < 0.3) text += `${eol()}# comment${eol()}    # indented comment${eol()}`;
    if (rand() < 0.05) text += `open(path)${eol()}`;
    if (rand() < 0.1) {
      // Broken text: whatever is read from it must still match the tree.
      const at = Math.floor(rand() * text.length);
      text =
        rand() < 0.5
          ? text.slice(0, at) + text.slice(at + 1)
          : text.slice(0, at) + pick(['(', ')', '"', "'", '\\', '\n ', 'x']) + text.slice(at);
    }
    return text;
  };
}

describe('diagnostics: names bound to plain string literals are not parsed for the words in them', () => {
  let parser: Parser;
  before(async () => {
    parser = await createPythonParser(wasmPaths);
  });

  it('leaves out a plain string assignment whatever its prose says, and parses every other form', () => {
    for (const [text, part] of [
      [doc('DOCUMENTATION'), 'statement'],
      [doc('EXAMPLES', '"""', '') + '\n# the next statement\n', 'statement'],
      [doc('RETURN', "'''", 'Rb'), 'statement'],
      [`RETURN = (  # values\n    "open(path) and password: 'hunter2xyz' "\n    r'except: pass'\n    u"raise")\n`, 'statement'],
      [`HELP = "open(path)" \\\n    'import logging'  # why\n`, 'statement'],
      [`    USAGE = u'''\n${PROSE}'''\n`, 'member'],
    ] as const) {
      assert.equal(needsNoTree(text, part), true, text);
    }
    for (const text of [
      // A name a rule asks about (OPS305's secret-looking names).
      doc('API_TOKEN'),
      `db_password = "hunter2xyz"  # ${PROSE.slice(0, 40)}\n`,
      // Values that are not plain literals: f- and t-strings, operators, calls, tuples.
      doc('DOCUMENTATION', '"""', 'f'),
      doc('DOCUMENTATION', '"""', 'rF'),
      doc('DOCUMENTATION', '"""', 't'),
      doc('DOCUMENTATION').replace(/\n$/, ' + EXTRA\n'),
      doc('DOCUMENTATION').replace(/\n$/, ' % (a,)\n'),
      doc('DOCUMENTATION').replace(/\n$/, '.format(a)\n'),
      `DOCUMENTATION = "open(path)" "x" + y\n`,
      // Other targets: annotated, several, attributes, subscripts, augmented.
      `DOCUMENTATION: str = r'''\n${PROSE}'''\n`,
      `A = DOCUMENTATION = r'''\n${PROSE}'''\n`,
      `self.doc = r'''\n${PROSE}'''\n`,
      `cfg["doc"] = r'''\n${PROSE}'''\n`,
      `DOCUMENTATION += r'''\n${PROSE}'''\n`,
      // A second statement, broken text.
      doc('DOCUMENTATION').replace(/\n$/, '; open(path)\n'),
      doc('DOCUMENTATION') + 'open(path)\n',
      `DOCUMENTATION = r'''\n${PROSE}\n`,
      `DOCUMENTATION = 'open(path)\n'\n`,
      doc('DOCUMENTATION').replace(/\n$/, ')\n'),
    ]) {
      assert.equal(needsNoTree(text, 'statement'), false, text);
    }
    // A form the reader declines whose code holds nothing either: the prose is no reason (see codeText).
    assert.equal(needsNoTree(`DOCUMENTATION = ("open(path)" "x", "y")\n`, 'statement'), true);
  });

  it('gives the same findings as parsing everything where strings are assigned', () => {
    const lazy = new Engine(parser, sink);
    const full = new Engine(parser, sink, () => false);
    const head = 'import logging\nimport os\nimport subprocess\n\n';
    const cases: Record<string, [string, string]> = {
      'secret in a plain literal': ['OPS305', `${head}API_TOKEN = "s3cr3t-value-42"\n`],
      'secret next to prose': ['OPS305', `${head}${doc('DOCUMENTATION')}db_password = 'hunter2xyz'\n`],
      'call in an f-string': ['OPS301', `${head}REPORT = f"""\n{open(path).read()}\n"""\n`],
      'command built by an operator': ['OPS104', `${head}CMD = "rm -rf %s" % path\n${doc('EXAMPLES')}os.system(CMD)\n`],
      'command built by concatenation': ['OPS103', `${head}CMD = "ls " + path\nsubprocess.run(CMD, shell=True, check=True, timeout=9)\n`],
      'prose between findings': ['OPS105', `${head}${doc('RETURN', '"""', '')}try:\n    x()\nexcept:\n    pass\n`],
    };
    for (const [name, [code, text]] of Object.entries(cases)) {
      const expected = findings(full, text);
      assert.ok(
        expected.some((f) => f.code === code),
        `${name}: ${code} expected, got ${expected.map((f) => f.code).join(' ')}`,
      );
      assert.deepEqual(findings(lazy, text), expected, name);
    }
    assert.deepEqual(internalErrors, []);
  });

  it('reads generated string assignments as tree-sitter does', function () {
    this.timeout(60_000);
    const next = assignmentGenerator(11);
    let read = 0;
    const total = 4000;
    for (let i = 0; i < total; i++) if (compare(parser, withLoneCarriageReturnsAsLineFeeds(next()))) read++;
    assert.ok(read > total / 20 && read < total, `${read} of ${total} read from the text`);
  });

  it('reads class-level string assignments as tree-sitter does', function () {
    const next = assignmentGenerator(23);
    let read = 0;
    for (let i = 0; i < 1000; i++) {
      const text = withLoneCarriageReturnsAsLineFeeds(next())
        .split('\n')
        .map((line) => `    ${line}`)
        .join('\n');
      if (compare(parser, text, 'class _:\n')) read++;
    }
    assert.ok(read > 100, `${read} of 1000 read from the text`);
  });

  it('reads the top-level string assignments of the standard library as tree-sitter does', function () {
    this.timeout(120_000);
    let read = 0;
    for (const path of stdlibFiles().filter((_, i) => i % 4 === 0)) {
      let text: string;
      try {
        text = withLoneCarriageReturnsAsLineFeeds(readFileSync(path, 'utf8'));
      } catch {
        continue;
      }
      const bounds = [0, ...topLevelCuts(text, 0).cuts, text.length];
      for (let k = 0; k + 1 < bounds.length; k++) if (compare(parser, text.slice(bounds[k], bounds[k + 1]))) read++;
    }
    assert.ok(read > 200, `${read} string assignments read from the text`);
  });

  it('derives what matters from the rules: a name a rule asks about, or a node type a walk visits, keeps the statement parsed', async () => {
    const rule: RuleImpl = defineRule({
      meta: {
        code: 'OPS990',
        name: 'test-documentation',
        category: 'robustness',
        summary: 'A rule that exists only in this test.',
        defaultSeverity: 'warning',
        equivalents: [],
        fixable: 'none',
      },
      message: 'documentation assigned',
      needs: { stringAssignments: (name) => name === 'DOCUMENTATION' },
      assign(a, cx) {
        if (a.kind === 'literal') cx.report(a.targetSpan);
      },
    });
    const own = vocabularyOf([rule]);
    const parses = (v: Vocabulary, text: string) => !prefilter(v)(text, 'statement');
    assert.equal(parses(own, doc('DOCUMENTATION')), true);
    assert.equal(parses(own, doc('EXAMPLES')), false);
    // Where the reader declines, the code alone decides: prose is no reason (`import logging` is read
    // by the module facts), unless the syntax is in doubt.
    assert.equal(parses(own, doc('EXAMPLES').replace(/\n$/, ' + ""\n')), false);
    assert.equal(parses(own, doc('EXAMPLES').replace(/\n$/, ' + (""\n')), true);
    // A walk that visits strings could record something in any of them.
    const visitsStrings: Vocabulary = { ...own, nodeTypes: [...own.nodeTypes, 'string'] };
    assert.equal(parses(visitsStrings, doc('EXAMPLES')), true);
    // And the rule reports what it asked for, left unparsed or not.
    const engine = new Engine(parser, sink, undefined, [rule]);
    const text = `${doc('EXAMPLES')}${doc('DOCUMENTATION')}`;
    const opened = engine.open(text);
    assert.deepEqual(
      opened.segments.map((s) => s.tree !== null),
      [false, true],
    );
    opened.dispose();
    const reported = findings(engine, text);
    assert.deepEqual(
      reported.map((f) => [f.code, f.range.start.line]),
      [['OPS990', text.split('\n').findIndex((l) => l.startsWith('DOCUMENTATION'))]],
    );
    assert.deepEqual(reported, findings(new Engine(parser, sink, () => false, [rule]), text));
    assert.deepEqual(internalErrors, []);
  });
});
