import assert from 'node:assert/strict';
import type { Parser } from 'web-tree-sitter';
import { Engine } from '../../../../src/core/diagnostics/engine';
import { prefilter } from '../../../../src/core/diagnostics/prefilter';
import { RULE_IMPLS } from '../../../../src/core/diagnostics/rules';
import { callsThatMatter, vocabularyOf } from '../../../../src/core/diagnostics/vocabulary';
import { createPythonParser } from '../../../../src/core/python/wasm';
import { dedent, findingsOf as findings, internalErrors, wasmPaths } from './helpers';

const sink = (error: unknown, context: string) => internalErrors.push(`${context}: ${String(error)}`);
const vocabulary = vocabularyOf(RULE_IMPLS);

/** Whether the shipped rules' prefilter parses `src` (a top-level statement) in a document that names `named` modules. */
function parses(named: readonly string[], src: string): boolean {
  return !prefilter(
    vocabulary,
    callsThatMatter(vocabulary, (m) => named.includes(m)),
  )(src, 'statement');
}

describe('diagnostics: which assigned strings are a reason to parse', () => {
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
    ]) {
      assert.equal(parses([], src), false, src);
    }
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
