import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Parser } from 'web-tree-sitter';
import { Engine } from '../../../../src/core/diagnostics/engine';
import { prefilter } from '../../../../src/core/diagnostics/prefilter';
import { RULE_IMPLS } from '../../../../src/core/diagnostics/rules';
import { callsThatMatter, vocabularyOf } from '../../../../src/core/diagnostics/vocabulary';
import { createPythonParser } from '../../../../src/core/python/wasm';
import { dedent, findingsOf as findings, internalErrors, random, wasmPaths } from './helpers';

const sink = (error: unknown, context: string) => internalErrors.push(`${context}: ${String(error)}`);
const vocabulary = vocabularyOf(RULE_IMPLS);

/** Whether the shipped rules' prefilter parses `src` (a top-level statement) in a document that names `named` modules. */
function parses(named: readonly string[], src: string): boolean {
  return !prefilter(
    vocabulary,
    callsThatMatter(vocabulary, (m) => named.includes(m)),
  )(src, 'statement');
}

/** V8's full collection, exposed for this test only. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

describe('diagnostics: which assigned strings are a reason to parse', () => {
  it('keeps no text alive in its memory of the names it asked about', () => {
    const filter = prefilter(
      vocabulary,
      callsThatMatter(vocabulary, () => false),
    );
    collectGarbage();
    const before = process.memoryUsage().heapUsed;
    // 40 statements of a megabyte each, each assigning a string to a long name of its own: a memo
    // that kept the name as a slice of its statement would keep all 40 megabytes.
    for (let i = 0; i < 40; i++)
      filter(`if DEBUG:\n    configuration_value_${i} = "x"\n    # ${'padding '.repeat(131_072)}\n`, 'statement');
    collectGarbage();
    const kept = process.memoryUsage().heapUsed - before;
    assert.ok(kept < 10_000_000, `${kept} bytes kept`);
  });

  let parser: Parser;
  before(async () => {
    parser = await createPythonParser(wasmPaths);
  });

  it('parses a string built from variables only in a document where a call that runs a command may matter', () => {
    // At module level (in an `if`) and in a class body, a built string may be the command of a call
    // in another statement: os.system (OPS104), subprocess with shell=True or asyncio's shell (OPS103).
    const built = [
      'if DEBUG:\n    CMD = "rm -rf %s" % path\n',
      'class Job:\n    CMD = "tar czf " + target\n\n    def run(self):\n        return 1\n',
      'try:\n    CMD = f"ls {path}"\nexcept NameError:\n    CMD = None\n',
    ];
    for (const src of built) {
      for (const named of [['os'], ['subprocess'], ['asyncio']]) assert.equal(parses(named, src), true, `${src} naming ${named[0]}`);
      assert.equal(parses(['json', 'requests'], src), false, src);
    }
    // A literal assigned to a secret-looking name matters in any document.
    assert.equal(parses([], 'if DEBUG:\n    API_TOKEN = "abcdef123"\n'), true);
  });

  it('parses a dict entry only for a quoted key a rule asks about, however the entry is laid out', () => {
    for (const src of [
      'CONFIG = {"password": "hunter2xyz"}\n',
      "CONFIG = {\n    'api-key' :\n        r'abcdef123',\n}\n",
      'CONFIG = {"db_password"\n          : "hunter2xyz"}\n',
    ]) {
      assert.equal(parses([], src), true, src);
    }
    for (const src of [
      // A secret-looking word elsewhere on the line is no reason.
      'CONFIG = {"token": get_token(), "user": "bob"}\n',
      'CONFIG = {"user": "bob"}  # the password is read later\n',
      'CONFIG = {"password_file": "/etc/secret", "mode": "ro"}\n',
      // A value OPS305 never reports, read where the syntax is sure: a template, a placeholder, an f-string.
      'PARSERS = [{"password": "{{ password }}", "key": \'<key>\', "token": f"{token}"}]\n',
    ]) {
      assert.equal(parses([], src), false, src);
    }
  });

  it('parses a literal assigned, passed or compared only for the name it is stored under', () => {
    for (const src of [
      'password = "hunter2xyz"\n',
      'self.db_password = "hunter2xyz"\n',
      'connect(host, password="hunter2xyz")\n',
      "connect(\n    api_token='abcdef123')\n",
      'if token == "abcdef123":\n    pass\n',
      'x = 1; secret = "abcdef123"\n',
      // More names may count: a chain, an annotation, a subscript.
      'password = user = "hunter2xyz"\n',
      'password: str = "hunter2xyz"\n',
      'cfg["token"] = "abcdef123"\n',
      // A placeholder in text whose syntax is in doubt.
      'password = "changeme"; x = (\n',
      'CONFIG = {"password": "{{ password }}"\n',
    ]) {
      assert.equal(parses([], src), true, src);
    }
    for (const src of [
      // A secret-looking word elsewhere on the line is no reason.
      'ARGS = dict(api_password=dict(type="str", no_log=True))\n',
      'connect(password=read_secret(), mode="r")\n',
      'token = read_token(); mode = "r"\n',
      'if token_file == "/etc/token":\n    pass\n',
      // A value OPS305 never reports.
      'password = "changeme"\n',
      'connect(host, password="${PASSWORD}", token=\'\')\n',
      'if token == "<token>":\n    pass\n',
      'db_password = """\n    read it from the vault\n"""\n',
    ]) {
      assert.equal(parses([], src), false, src);
    }
  });

  it('reports literals stored under secret-looking names as parsing everything does, on generated statements', function () {
    this.timeout(30_000);
    const lazy = new Engine(parser, sink);
    const full = new Engine(parser, sink, () => false);
    const rand = random(5);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
    const names = ['password', 'api_token', 'mode', 'user', 'self.secret', 'cfg.db_password', 'password_file', 'x'];
    const values = ['"hunter2xyz"', "'abcdef123'", 'read()', 'u"s3cr3t-value"', 'None'];
    const gap = () => pick(['', ' ', '  ', '\t', ' \\\n    ']);
    const statement = (): string => {
      switch (Math.floor(rand() * 7)) {
        case 0:
          return `${pick(names)}${gap()}=${gap()}${pick(values)}`;
        case 1:
          return `${pick(names)} = ${pick(names)} = ${pick(values)}`;
        case 2:
          return `call(${pick(names).replace(/\./g, '_')}=${pick(values)},${pick(['', '\n    '])}${pick(names).replace(/\./g, '_')}=${pick(values)})`;
        case 3:
          return `if ${pick(names)} ${pick(['==', '!='])} ${pick(values)}: pass`;
        case 4:
          return `${pick(names).replace(/\./g, '_')}: ${pick(['str', 'Final[str]'])} = ${pick(values)}`;
        case 5:
          return `x = 1; ${pick(names)} = ${pick(values)}`;
        default:
          return `ARGS = dict(${pick(names).replace(/\./g, '_')}=dict(type=${pick(values)}, no_log=True))`;
      }
    };
    let compared = 0;
    for (let n = 0; n < 400; n++) {
      const lines = [statement(), statement(), statement()];
      const text =
        rand() < 0.5 ? lines.join('\n') + '\n' : `def f():\n    ${lines.map((l) => l.replace(/\n/g, '\n    ')).join('\n    ')}\n`;
      const expected = findings(full, text);
      compared += expected.filter((f) => f.code === 'OPS305').length;
      assert.deepEqual(findings(lazy, text), expected, JSON.stringify(text));
    }
    assert.ok(compared > 200, `only ${compared} OPS305 findings compared`);
    assert.deepEqual(internalErrors, []);
  });

  it('reports secrets and built commands as parsing everything does, including dict entries across lines', () => {
    const lazy = new Engine(parser, sink);
    const full = new Engine(parser, sink, () => false);
    const cases: Record<string, [string, string]> = {
      'command built in an if block': [
        'OPS104',
        dedent(`
          import os
          if DEBUG:
              CMD = "rm -rf %s" % path
          os.system(CMD)
        `),
      ],
      'command built in a try block, run by subprocess': [
        'OPS103',
        dedent(`
          import subprocess
          try:
              CMD = "ls " + path
          except NameError:
              CMD = "ls"
          subprocess.run(CMD, shell=True, check=True, timeout=9)
        `),
      ],
      'secret value on the line after its key': ['OPS305', 'CONFIG = {"password":\n    "hunter2xyz"}\n'],
      'secret key on the line before its colon': ['OPS305', 'CONFIG = {"db_password"\n          : "hunter2xyz"}\n'],
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
});
