import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Parser } from 'web-tree-sitter';
import { DEFAULT_ENGINE_CONFIG, type EngineConfig } from '../../../../src/core/diagnostics';
import { Engine, needsNoTree } from '../../../../src/core/diagnostics/engine';
import { hasNestedDefinition } from '../../../../src/core/diagnostics/prefilter';
import { mainBlockFromText, mainBlockOf } from '../../../../src/core/diagnostics/pythonNames';
import { surelyParses } from '../../../../src/core/python/quickSyntax';
import { ParsedDocument, type Segment } from '../../../../src/core/python/segments';
import { RULE_IMPLS } from '../../../../src/core/diagnostics/rules';
import { vocabularyOf } from '../../../../src/core/diagnostics/vocabulary';
import { unitReader } from '../../../../src/core/diagnostics/walk';
import { createPythonParser } from '../../../../src/core/python/wasm';
import { config, dedent, findingsOf as findings, internalErrors, lineCodes, random, ruleFixtures, wasmPaths } from './helpers';
import { readableStdlibFiles, stdlibFiles } from './stdlib';

const sink = (error: unknown, context: string) => internalErrors.push(`${context}: ${String(error)}`);

/** The same engine twice: one leaves text no rule can use unparsed (as shipped), one parses everything. */
async function engines(): Promise<{ lazy: Engine; full: Engine; parser: Parser }> {
  const parser = await createPythonParser(wasmPaths);
  return { lazy: new Engine(parser, sink), full: new Engine(parser, sink, () => false), parser };
}

/** Which top-level statements the engine parsed for its analysis with `cfg`. */
function parsedStatements(engine: Engine, text: string, cfg: EngineConfig = DEFAULT_ENGINE_CONFIG): boolean[] {
  const doc = engine.open(text);
  try {
    engine.analyze(doc, cfg);
    return doc.segments.map((s) => s.tree !== null);
  } finally {
    doc.dispose();
  }
}

/** Which top-level statements got a tree when the document was opened (before any analysis). */
function openedStatements(engine: Engine, text: string): boolean[] {
  const doc = engine.open(text);
  try {
    return doc.segments.map((s) => s.tree !== null);
  } finally {
    doc.dispose();
  }
}

/** How a document is cut, and which parts went unparsed ('-') or were parsed in part ('~'). */
function layout(segs: readonly Segment[]): string[] {
  const run = (r: { start: number; end: number; tree: unknown; narrowed?: boolean }) =>
    `${r.start}-${r.end}${r.tree ? '' : '-'}${r.narrowed ? '~' : ''}`;
  return segs.map((s) => run(s) + (s.members ?? []).map((m) => ' ' + run(m)).join(''));
}

describe('diagnostics: text no rule can use is not parsed', () => {
  it('leaves out members and definitions with nothing a rule reads, and keeps the rest', () => {
    const method = '    def area(self):\n        return self.w * self.h\n';
    assert.equal(needsNoTree(method, 'member'), true);
    for (const body of [
      '        try:\n            pass\n        except OSError:\n            pass\n',
      '        import logging\n',
      '        with open(path) as f:\n            pass\n',
      '        subprocess.run(cmd)\n',
      '        self.log.info("x")\n',
      '        api_token = "s3cr3t-value"\n',
      // The callee's name ends the line above the parenthesis.
      '        x = (print\n             ("hi"))\n',
      // ...even with a comment after it.
      '        x = (print  # note\n             ("hi"))\n',
    ]) {
      assert.equal(needsNoTree(method + body, 'member'), false, body);
    }
    // A string assigned in a method matters only as a secret (built commands need a command call),
    // and an import there only when it is logging (other names serve that method's own calls).
    assert.equal(needsNoTree('    def f(self):\n        label = f"done {self}"\n        return label\n', 'member'), true);
    assert.equal(needsNoTree(method + '        import json\n        return json.dumps(self)\n', 'member'), true);
    assert.equal(needsNoTree(method + '        x = (foo  # print\n             (1))\n', 'member'), true);
    // At the top level: definitions and plain statements can go, unless they define names or hold the entry point.
    assert.equal(needsNoTree('def area(w, h):\n    return w * h\n', 'statement'), true);
    assert.equal(needsNoTree('TABLE = {1: 2, 3: 4}\n', 'statement'), true);
    assert.equal(needsNoTree('if sys.platform == "win32":\n    def f():\n        pass\n', 'statement'), false);
    // The entry point's block is read from its text where its header is one line; the tree tells the rest.
    assert.equal(needsNoTree('if __name__ == "__main__":\n    main()\n', 'statement'), true);
    assert.equal(needsNoTree('if (__name__ == "__main__"):\n    main()\n', 'statement'), false);
    // A module-level string built from variables may be a command used elsewhere in the file; a plain one is not.
    assert.equal(needsNoTree('CMD = "rm -rf " + path\n', 'statement'), false);
    assert.equal(needsNoTree('CMD = "rm -rf {}".format(path)\n', 'statement'), false);
    assert.equal(needsNoTree('CMD = f"rm -rf {path}"\n', 'statement'), false);
    assert.equal(
      needsNoTree('HELP = ' + "'''" + 'Usage: deploy HOST\n\n  Words such as class and def are prose here\n' + "'''" + '\n', 'statement'),
      true,
    );
    assert.equal(needsNoTree('API_TOKEN = "abc123"\n', 'statement'), false);
  });

  it('gives the same findings and fixes as parsing everything, on the rule fixtures and the standard library', async function () {
    this.timeout(240_000);
    const { lazy, full } = await engines();
    const texts = ruleFixtures().map((f) => f.text);
    for (const { text } of readableStdlibFiles(3)) texts.push(text);
    let total = 0;
    for (const text of texts) {
      const expected = findings(full, text);
      total += expected.length;
      assert.deepEqual(findings(lazy, text), expected);
    }
    assert.ok(total > 500, `only ${total} findings compared`);
    assert.deepEqual(internalErrors, []);
  });

  it('gives the same findings as parsing everything on tricky input', async () => {
    const { lazy, full } = await engines();
    let methods = '';
    for (let i = 0; methods.length < 2200; i++) methods += `        def m${i}(self):\n            return self.x + ${i}\n\n`;
    const cases: Record<string, string> = {
      // A branch run of a long class-level `if` starts with a def but holds the else branch too.
      'built command after a def in a branch run': `import os\nimport sys\n\n\nclass C:\n    x = 1\n    if sys.platform == "win32":\n${methods}        def g(self):\n            pass\n    else:\n        CMD = "rm -rf " + path\n        os.system(CMD)\n`,
      'indented comment after the module docstring': '"""Doc."""\n    # note\nX = 1\nimport os\nos.system("ls")\n',
      'form feed before a secret': '\ftoken = "abcdef"\n',
      // Broken code: what error recovery makes of it must not depend on what is left unparsed.
      'secret glued to a string': 'a = "x"token = "abcdef"\n',
      'secret after a stray bracket': ')token="abcdef"\n',
      'import in a broken def line': 'def import subprocess\nsubprocess.run(["ls"])\n',
      // Python refuses a NUL byte anywhere, in a string or a comment too.
      'NUL byte in a statement no rule reads': 'X = 1\0\nY = 2\n',
      'NUL byte in a comment': '# note\0\nX = "a"\n',
      // Statements the parse filter clears with the quick syntax check are not checked again, but for NUL bytes.
      'NUL byte in a comment after a plain import': 'import os  # note\0\nX = 2\n',
      'NUL byte in a documentation string': 'DOC = """a\0b"""\nX = 2\n',
      // The __main__ block read from its text, in the shapes scripts write it (OPS110 reads where its body starts).
      ...Object.fromEntries(
        [
          'if __name__ == "__main__":\n    main()\n',
          "if __name__=='__main__':  # entry point\n\n    # run it\n    main()\n",
          'if "__main__" == __name__:\r\n\tmain()\r\n',
          'if __name__ == "__main__" :\n  # note\n# at column 0\n  main()\nelse:\n  pass\n',
        ].map((block) => [`main block ${JSON.stringify(block)}`, `import sys\n\n\ndef main():\n    return 1\n\n\n${block}`]),
      ),
    };
    for (const [name, text] of Object.entries(cases)) {
      const expected = findings(full, text);
      assert.ok(expected.length > 0, `${name}: the case should have findings`);
      assert.deepEqual(findings(lazy, text), expected, name);
    }
    assert.deepEqual(internalErrors, []);
  });

  it('reads calls, imports, nested definitions and __main__ from the code where the syntax is sure, not from its prose', () => {
    for (const [text, part] of [
      ['HELP = {"open": "call open(path), then import logging", "b": 1}\n', 'statement'],
      ['x = compute()  # open(path); import logging\n', 'statement'],
      ["TABLE = [rb\"print(x)\", u'''\nimport os\n''']\n", 'statement'],
      ['EXAMPLE = ["""\ndef f():\n    pass\n""", 1]\n', 'statement'],
      ['MODULES = ["__main__", "builtins"]\n', 'statement'],
      ['    def f(self):\n        # open(path)\n        return "import logging"\n', 'member'],
      // A main block whose header is one line: its text tells the block.
      ['if __name__ == "__main__":\n    main()\n', 'statement'],
      ["# why\nif '__main__' == __name__:  # entry\n\n    # run\n    main()\n", 'statement'],
    ] as const) {
      assert.equal(needsNoTree(text, part), true, text);
    }
    for (const [text, part] of [
      // Code: an f-string's replacement field, a real call, import, definition or main block.
      ['x = f"{open(path)}"\n', 'statement'],
      ['HELP = {"open": open(path)}  # open\n', 'statement'],
      ['if x:\n    import logging  # "\n', 'statement'],
      ['if x:\n    def f():\n        """def g(): pass"""\n', 'statement'],
      ['if __name__ == \\\n        "__main__":\n    main()\n', 'statement'],
      ['if __name__ == "__main__" and not TESTING:\n    main()\n', 'statement'],
      ['if __name__ == "__main__":\n    def f():\n        pass\n', 'statement'],
      // Syntax in doubt: the prose counts.
      ['HELP = {"open": "open(path)"\n', 'statement'],
      ['MODULES = ["__main__"\n', 'statement'],
      ['    def f(self):\n        # open(path)\n        return (\n', 'member'],
    ] as const) {
      assert.equal(needsNoTree(text, part), false, text);
    }
  });

  it('reads the __main__ block from its text as from its tree, or leaves it to the tree', async function () {
    this.timeout(60_000);
    const parser = await createPythonParser(wasmPaths);
    const compare = (text: string, label: string): 'told' | 'left' => {
      const tree = parser.parse(text);
      assert.ok(tree, label);
      try {
        const node = tree.rootNode.children.find((c) => c?.type === 'if_statement');
        assert.ok(node, label);
        const source = text.slice(node.startIndex, node.endIndex);
        const told = mainBlockFromText(source);
        if (told === undefined) return 'left';
        assert.deepEqual(told, mainBlockOf(node, text), `${label}: ${JSON.stringify(source.slice(0, 200))}`);
        return 'told';
      } finally {
        tree.delete();
      }
    };
    for (const text of [
      'if __name__ == "__main__":\n    main()\n',
      'if __name__ == "__main__": main(); cleanup()\n',
      "if '__main__'==__name__ :  # entry\r\n\r\n    # run\r\n\tmain()\r\n",
      'if __name__ == "__main__":\n# at column 0\n        main()\nelse:\n    pass\n',
      'if __name__ == "__main__":\n    """Docstring first."""\n    main()\n',
    ])
      assert.equal(compare(text, 'case'), 'told', text);
    // Conditions the tree must read (brackets, more than one line, more than the comparison).
    for (const text of [
      'if (__name__ == "__main__"):\n    main()\n',
      'if __name__ == \\\n        "__main__":\n    main()\n',
      'if __name__ == "__main__" and not TESTING:\n    main()\n',
      'if __name__ == u"__main__":\n    main()\n',
    ])
      assert.equal(compare(text, 'case'), 'left', text);
    let told = 0;
    for (const { path, text } of readableStdlibFiles()) {
      const at = text.search(/^if .*__main__/m);
      if (at === -1) continue;
      const end = text.indexOf('\n\n', at);
      // The statement alone (up to a blank line), parsed on its own as the parse filter sees it.
      const statement = text.slice(at, end === -1 ? text.length : end + 1);
      if (surelyParses(statement) && compare(statement, path) === 'told') told++;
    }
    assert.ok(told > 300, `only ${told} main blocks compared`);
  });

  it('reads the imports of a try statement from its text as from its tree, or leaves it to the tree', async function () {
    this.timeout(60_000);
    const parser = await createPythonParser(wasmPaths);
    const reader = unitReader(vocabularyOf(RULE_IMPLS));
    /**
     * 'told' where the text gives the statement's imports (the same as its tree's), 'left' where it
     * gives none, 'unsure' where the syntax is in doubt (the parse filter then asks for the tree).
     */
    const compare = (text: string, label: string): 'told' | 'left' | 'unsure' => {
      if (!surelyParses(text)) {
        assert.equal(needsNoTree(text, 'statement'), false, label);
        return 'unsure';
      }
      const tree = parser.parse(text);
      assert.ok(tree, label);
      try {
        const node = tree.rootNode.children.find((c) => c?.type === 'try_statement');
        assert.ok(node, label);
        const source = text.slice(node.startIndex, node.endIndex);
        const told = reader.statement('try_statement', source);
        const fromTree = reader.read(node, text, 'module').imports;
        if (told === null) return 'left';
        assert.deepEqual(told.imports, fromTree, `${label}: ${JSON.stringify(source.slice(0, 200))}`);
        return 'told';
      } finally {
        tree.delete();
      }
    };
    for (const text of [
      'try:\n    import botocore\nexcept ImportError:\n    pass  # Handled by AnsibleAWSModule\n',
      'try:\n    from ansible_collections.x.y.plugins.module_utils.z import a, b\n    HAS_X = True\nexcept ImportError:\n    HAS_X = False\n    X_IMP_ERR = traceback.format_exc()\n',
      // Else and finally clauses, nested tries, imports below other statements.
      'try:\n    import json\nexcept ImportError:\n    import simplejson as json\nelse:\n    import json.decoder\nfinally:\n    from os import path as p, sep\n',
      'try:\n    try:\n        import a.b.c\n    except (ImportError, AttributeError):\n        from x import (\n            y,  # why\n            z,\n        )\nexcept Exception as e:\n    log.error("no: %s", e)\n    raise RuntimeError("x") from e\n',
      'try:\n    if sys.version_info[0] > 2:\n        import queue\n    else:\n        import Queue as queue\n    for m in mods:\n        pass\nexcept:\n    module.fail_json(msg=missing_required_lib("x"))\n',
      // Comments, line continuations, `;`, tabs, carriage returns, a header comment.
      'try:  # optional\n    # import nothing here\n    import a, \\\n        b.c as d  # note\n    import e; import f;\nexcept ImportError:\n    sys.exit(1)\n',
      'try:\r\n\tfrom . import sibling\r\n\tfrom .. import parent\r\nexcept ImportError:\r\n\tsibling = None\r\n',
      'try:\n    from m import *\nexcept ImportError:\n    raise\n',
      // No import at all: nothing to tell.
    ])
      assert.equal(compare(text, 'case'), 'told', text);
    for (const text of [
      'try:\n    x = 1\nexcept ImportError:\n    pass\n',
      // Imports elsewhere than at the start of a logical line, or not the module's.
      'try: import a\nexcept ImportError: pass\n',
      'try:\n    import a\nexcept ImportError: import b\n',
      'try:\n    x = 1; import a\nexcept ImportError:\n    pass\n',
      'try:\n    import a; x = 1\nexcept ImportError:\n    pass\n',
      'try:\n    def f():\n        import a\nexcept ImportError:\n    pass\n',
      'try:\n    import a\n    class C:\n        import b\nexcept ImportError:\n    pass\n',
      'try:\n    import a\n    @dec\n    def f():\n        pass\nexcept ImportError:\n    pass\n',
      'try:\n    from __future__ import annotations\nexcept ImportError:\n    pass\n',
      'try:\n    import a\n    """Then import b."""\nexcept ImportError:\n    pass\n',
      'try:\n    import a\n    mod = importlib.import_module("b")\nexcept ImportError:\n    pass\n',
      'try:\n    import a\nexcept ImportError:\n    HAS_A = False  # the import failed\n',
    ])
      assert.equal(compare(text, 'case'), 'left', text);
    // Broken syntax, or syntax the quick check does not vouch for: the tree decides.
    for (const text of [
      'try:\n    import é\nexcept ImportError:\n    pass\n',
      'try:\n    import a as print\nexcept ImportError:\n    pass\n',
      'try:\n    import a,\nexcept ImportError:\n    pass\n',
      'try:\n    import a\n\fexcept ImportError:\n    pass\n',
      'try:\n    from x import (a,\n        b\nexcept ImportError:\n    pass\n',
      'try:\n    import a\n  import b\nexcept ImportError:\n    pass\n',
      'try:\n    import a\nexcept ImportError\n    pass\n',
    ])
      assert.equal(compare(text, 'case'), 'unsure', text);
    let told = 0;
    for (const { path, text } of readableStdlibFiles()) {
      for (let at = text.search(/^try:/m); at !== -1;) {
        // The statement alone (up to the next line at column 0 that starts no clause), as the parse filter sees it.
        const rest = /\n(?![ \t\n#]|except\b|else\b|finally\b)/.exec(text.slice(at + 1));
        const end = rest ? at + 1 + rest.index + 1 : text.length;
        const statement = text.slice(at, end);
        if (statement.includes('import') && surelyParses(statement) && compare(statement, path) === 'told') told++;
        const next = text.slice(end).search(/^try:/m);
        at = next === -1 ? -1 : end + next;
      }
    }
    assert.ok(told > 200, `only ${told} try statements compared`);
  });

  it('leaves a try statement unparsed where its imports are all it records that a rule reads, with the same findings', async () => {
    const { lazy, full } = await engines();
    const head = 'try:\n    import subprocess as sp\n    from logging import getLogger\nexcept ImportError:\n    sp = None  # optional\n';
    const text = `${head}\n\ndef f(cmd):\n    print(cmd)\n    return sp.run(cmd, shell=True)\n`;
    assert.deepEqual(openedStatements(lazy, text), [false, true]);
    const expected = findings(full, text);
    assert.ok(expected.length > 0);
    assert.deepEqual(findings(lazy, text), expected);
    // A handler that only passes is no reason to parse where it catches only expected exceptions (OPS107 never reports them).
    // Read up to the statement's end as the parse filter read it, not only to its last line that does not start with `#`.
    const ending =
      'try:\n    import subprocess\nexcept ImportError:\n    HELP = """\n# a line of prose"""\n\n\nsubprocess.call("ls", shell=True)\n';
    assert.deepEqual(openedStatements(lazy, ending), [false, true]);
    assert.deepEqual(findings(lazy, ending), findings(full, ending));
    assert.ok(findings(full, ending).length > 0);
    const guarded =
      'try:\n    import subprocess\nexcept ImportError:\n    pass  # Handled by AnsibleAWSModule\n\n\nsubprocess.call("ls", shell=True)\n';
    assert.deepEqual(openedStatements(lazy, guarded), [false, true]);
    assert.deepEqual(findings(lazy, guarded), findings(full, guarded));
    assert.ok(findings(full, guarded).length > 0);
    for (const other of [
      // A handler a rule reads, a nested definition, syntax in doubt, an import not at a line start: the tree.
      'try:\n    import subprocess as sp\nexcept Exception:\n    pass\n',
      'try:\n    import subprocess as sp\nexcept (ImportError, ValueError):\n    pass\n',
      'try:\n    import subprocess as sp\nexcept ImportError:\n    def sp():\n        pass\n',
      'try:\n    import subprocess as sp\nexcept ImportError:\n    sp = (\n',
      'try:\n    import os\nexcept ImportError: import subprocess as sp\n',
    ]) {
      const t = `${other}\n\ndef f(cmd):\n    return sp.run(cmd, shell=True)\n`;
      assert.equal(openedStatements(lazy, t)[0], true, other);
      assert.deepEqual(findings(lazy, t), findings(full, t), other);
    }
    assert.deepEqual(internalErrors, []);
  });

  it('finds a line that starts a nested def or class exactly where a multiline expression does', () => {
    // The reference: a definition line, as `^` finds line starts in a multiline expression.
    const reference = /^[ \t\f]*(?:async[ \t]+)?(?:def|class)\b/m;
    const texts = [
      'x = 1\n    def f(): pass\n',
      'x = 1\r    class C: pass\n',
      'x = 1\u2028async  def f(): pass\n',
      '\f\tasync\tdef f(): pass',
      'asyncdef f(): pass\n',
      'y = "default"\nclass_ = 1\nxdef f(): pass\n',
      '# def f\nz = 2  # class C\n',
      'TEXT = """\n    default: no\n    the class of a value\n"""\n',
    ];
    for (const path of stdlibFiles().filter((_, i) => i % 10 === 0)) {
      const text = readFileSync(path, 'latin1');
      for (let at = 0; at < text.length; at += 1500) texts.push(text.slice(at, at + 1500));
    }
    let found = 0;
    for (const text of texts) {
      const expected = reference.test(text);
      if (expected) found++;
      assert.equal(hasNestedDefinition(text), expected, JSON.stringify(text.slice(0, 120)));
    }
    assert.ok(found > 100 && found < texts.length - 100, `${found} of ${texts.length} pieces hold a definition line`);
  });

  it('parses only the statements of a module that a rule needs', async () => {
    const { parser } = await engines();
    const text = dedent(`
      """Tools."""
      import subprocess


      def area(w, h):
          return w * h


      def deploy(host):
          subprocess.run(["ssh", host])
    `);
    const doc = new ParsedDocument(parser, text, needsNoTree);
    // The docstring, the import (read from its text) and area() need no tree; deploy() does.
    assert.deepEqual(
      doc.segments.map((s) => s.tree !== null),
      [false, false, false, true],
    );
    doc.dispose();
  });

  it('parses calls of HTTP methods (get, post...) only in a module that names requests or httpx', async () => {
    const { lazy, full } = await engines();
    const body = dedent(`
      def option(params):
          return params.get("name")


      def fetch(session, url):
          return session.get(url)
    `);
    const parsed = (text: string) => openedStatements(lazy, text);
    // Nothing here can be an HTTP request: `get` is a dict's or an unknown object's.
    assert.deepEqual(parsed(body), [false, false]);
    // With requests imported (the import itself is read from its text), a session's get() may be one.
    const withRequests = 'import requests\n\nSESSION = requests.Session()\n\n\n' + body + '\n\nSESSION.get("https://example.com")\n';
    assert.deepEqual(parsed(withRequests), [false, true, true, true, true]);
    const codes = (text: string) => lineCodes(findings(lazy, text));
    assert.deepEqual(codes(withRequests), ['14:OPS111', '14:OPS302']);
    for (const text of [body, withRequests]) assert.deepEqual(findings(lazy, text), findings(full, text));
  });

  it('parses HTTP method calls on a receiver only where it may be requests, httpx or a session the module makes, with the same findings', async () => {
    const { lazy, full } = await engines();
    const parsed = (text: string) => openedStatements(lazy, text);
    const codes = (text: string) => lineCodes(findings(lazy, text));
    const options = dedent(`
      def options(module, cfg):
          name = module.params.get("name")
          return cfg["hosts"].get(name), "x".join(cfg.get("y")), build().get(name)
    `);
    const fetch = 'def fetch(url):\n    return requests.get(url).json()\n';
    // requests imported, no session made: a dict's get() is no request, requests.get() is.
    const plain = `import requests\n\n\n${options}\n\n${fetch}`;
    assert.deepEqual(parsed(plain), [false, false, true]);
    assert.deepEqual(codes(plain), ['10:OPS111', '10:OPS302']);
    // Under another name, any plain name may be the module.
    const renamed = `import requests as rq\n\n\n${options}\n\n${fetch.replace('requests.get', 'rq.get')}`;
    assert.deepEqual(parsed(renamed), [false, true, true]);
    assert.deepEqual(codes(renamed), ['10:OPS111', '10:OPS302']);
    // A session made anywhere in the module (by its name or an alias) may be any receiver.
    const sessions = [
      'import requests\n\n\nclass Api:\n    def __init__(self):\n        self.http = requests.Session()\n\n    def fetch(self, url):\n        return self.http.get(url)\n',
      'from requests import Session as S\n\nHTTP = S()\n\n\ndef fetch(url):\n    return HTTP.get(url)\n',
      'import requests\n\n\ndef fetch(url):\n    s = requests.Session \\\n        ()\n    return s.get(url)\n',
      'import httpx\n\n\ndef fetch(url):\n    r = httpx.Client(timeout=None).post(url)\n',
      'import requests\n\n\ndef fetch(url):\n    return requests \\\n        .get(url)\n',
    ];
    for (const text of sessions)
      assert.ok(
        codes(text).some((c) => c.endsWith('OPS302')),
        text,
      );
    // A comment between a maker and its parenthesis: no session the facts know, but parsed all the same.
    const commented = 'import requests\n\n\ndef fetch(url):\n    s = (requests.Session  # shared\n         ())\n    return s.get(url)\n';
    for (const text of [plain, renamed, ...sessions, commented, options, `import httpx\n${options}`])
      assert.deepEqual(findings(lazy, text), findings(full, text), text);
  });

  it("parses a module's function called on a receiver only where the receiver may be the module, with the same findings", async () => {
    const { lazy, full } = await engines();
    const parsed = (text: string) => openedStatements(lazy, text);
    const codes = (text: string) => lineCodes(findings(lazy, text));
    // call(), check_output() and check_call() are subprocess's functions, never a method a rule reads.
    const worker = dedent(`
      class Worker:
          def start(self, cmd):
              self.call(cmd)
              return self.runner.check_output(cmd), make().check_call(cmd)
    `);
    const deploy = 'def deploy(cmd):\n    subprocess.call(cmd)\n';
    const plain = `import subprocess\n\n\n${worker}\n\n${deploy}`;
    assert.deepEqual(parsed(plain), [false, false, true]);
    assert.deepEqual(codes(plain), ['11:OPS101', '11:OPS102']);
    // Under another name, any plain name may be the module: self.call() is parsed, self.runner's never.
    const renamed = `import subprocess as sp\n\n\n${worker}\n\n${deploy.replace('subprocess.', 'sp.')}`;
    assert.deepEqual(parsed(renamed), [false, true, true]);
    assert.deepEqual(codes(renamed), ['11:OPS101', '11:OPS102']);
    const asyncios = 'from asyncio import subprocess\n\n\ndef deploy(cmd):\n    subprocess.call(cmd)\n';
    const local = 'def deploy(cmd):\n    import subprocess as sp\n    sp.call(cmd)\n    self.call(cmd)\n';
    for (const text of [plain, renamed, asyncios, local, worker]) assert.deepEqual(findings(lazy, text), findings(full, text), text);
    assert.deepEqual(codes(local), ['3:OPS101', '3:OPS102']);
  });

  it('parses a def or a class member whose calls, imports, string assignments and dict entries are its only reasons around those alone, with the same findings', async () => {
    const { lazy, full } = await engines();
    const shape = (text: string) => {
      const doc = lazy.open(text);
      try {
        return layout(doc.segments).map((s) => s.replace(/^\d+-\d+/, '').replace(/ \d+-\d+/g, ' '));
      } finally {
        doc.dispose();
      }
    };
    const codes = (text: string) => lineCodes(findings(lazy, text));
    const body = dedent(`
      """Copy the build to a host and restart it."""
      items = collect(host)
      total = sum(len(item) for item in items)
      report(total, items, host)
      CMD
      return total
    `);
    const deploy = (cmd: string) =>
      `import os\nimport subprocess\n\n\ndef deploy(host):\n${body.replace('CMD', cmd).replace(/^/gm, '    ')}`;
    // Only the call's line, the header and the last line are parsed.
    const narrowed = deploy('subprocess.run(["ssh", host, "restart"])');
    assert.deepEqual(shape(narrowed), ['-', '-', '~']);
    assert.deepEqual(codes(narrowed), ['10:OPS101', '10:OPS102']);
    // A string built from variables in the function may be the command a call runs: its line is kept too.
    const built = deploy('cmd = "ssh " + host\nos.system(cmd)');
    assert.deepEqual(shape(built), ['-', '-', '~']);
    assert.ok(findings(lazy, built).some((f) => f.code === 'OPS104' && f.message.includes('built from variables')));
    // So are a secret stored in a name and a secret in a dict entry.
    const secrets = deploy('password = "hunter2-but-longer"\ntoken = {"api_key": "s3cr3t-value-here"}');
    assert.deepEqual(shape(secrets), ['-', '-', '~']);
    assert.deepEqual(
      codes(secrets).filter((c) => c.endsWith('OPS305')),
      ['10:OPS305', '11:OPS305'],
    );
    // Text whose syntax is in doubt, or too short to leave much out: parsed whole.
    const broken = deploy('subprocess.run(["ssh", host, "restart"]').replace('return total', 'return total]');
    assert.deepEqual(shape(broken), ['-', '-', '']);
    const short = 'import subprocess\n\n\ndef deploy(host):\n    subprocess.run(["ssh", host])\n';
    assert.deepEqual(shape(short), ['-', '']);
    // A class's member, and a method with an import of its own.
    const member = (inner: string) =>
      `import subprocess\n\n\nclass Deployer:\n${Array.from({ length: 60 }, (_, i) => `    def step${i}(self):\n        return ${i}\n`).join('')}    def deploy(self, host):\n${body.replace('CMD', inner).replace(/^/gm, '        ')}`;
    const members = shape(member('subprocess.call(["ssh", host])'));
    assert.equal(members[1].split(' ').at(-1), '~');
    const importing = member('import shlex\nsubprocess.call(shlex.split(host))');
    assert.equal(shape(importing)[1].split(' ').at(-1), '~');
    // A class whose only reason is a string built from variables (a command a call elsewhere in the module may run).
    const builtInClass = `import os\n\n\nclass Deployer:\n    def deploy(self, host):\n${body.replace('CMD', 'cmd = "ssh %s" % host').replace(/^/gm, '        ')}`;
    assert.deepEqual(shape(builtInClass), ['-', '~']);
    for (const text of [narrowed, built, secrets, builtInClass, broken, short, member('subprocess.call(["ssh", host])'), importing])
      assert.deepEqual(findings(lazy, text), findings(full, text), text);
  });

  it('parses a top-level statement around what may matter in it, keeping its defs and classes, but never a __main__ block', async () => {
    const { lazy, full } = await engines();
    const shape = (text: string) => {
      const doc = lazy.open(text);
      try {
        return layout(doc.segments).map((s) => s.replace(/^\d+-\d+/, ''));
      } finally {
        doc.dispose();
      }
    };
    const codes = (text: string) => lineCodes(findings(lazy, text));
    const filler = ['WIDTH = 80', 'HEIGHT = 24', 'COLORS = ("red", "green", "blue")', 'DEPTH = WIDTH * HEIGHT * len(COLORS)'];
    const block = (head: string, lines: string[]) => `${head}\n${[...filler, ...lines].map((l) => `    ${l}`).join('\n')}\n`;
    // An import in an `if`, a def in it (a module-level name), a call a rule reads.
    const conditional = `import os\n\n${block('if os.name == "posix":', ['import subprocess', 'def run(cmd):', '    return helper(cmd)', 'subprocess.call(["ls"], timeout=9)'])}`;
    assert.deepEqual(shape(conditional), ['-', '~']);
    assert.deepEqual(codes(conditional), ['11:OPS101']);
    // A try whose except clause a handler rule may report.
    const guarded = `import logging\n\n${block('try:', ['import yaml'])}except Exception:\n    pass\n`;
    assert.deepEqual(shape(guarded), ['-', '~']);
    assert.deepEqual(codes(guarded), ['9:OPS106']);
    // A __main__ block is parsed whole (its first statement is read), and so is broken text.
    const main = `import subprocess\n\n${block('if __name__ == "__main__":', ['subprocess.call(["ls"])'])}`;
    assert.deepEqual(shape(main), ['-', '']);
    const broken = conditional.replace('return helper', 'return (helper');
    assert.deepEqual(shape(broken), ['-', '']);
    // The module-level name defined in the block is known: a call of it is no call of subprocess's.
    const named = `from subprocess import *\n${conditional}\n\ndef deploy():\n    run(["ls"])\n`;
    assert.deepEqual(shape(named), ['-', '-', '~', '']);
    assert.deepEqual(codes(named), ['12:OPS101']);
    for (const text of [conditional, guarded, main, broken, named]) assert.deepEqual(findings(lazy, text), findings(full, text), text);
  });

  it('parses open() only where its arguments may leave the encoding to the locale, with the same findings', async () => {
    const { lazy, full } = await engines();
    const parsed = (text: string) => openedStatements(lazy, text);
    const codes = (text: string) => lineCodes(findings(lazy, text));
    const reads = (args: string) => `def read(path, mode):\n    with open(${args}) as f:\n        return f.read()\n`;
    const skipped = ['path, "rb"', 'path, mode', 'path, encoding="utf-8"', 'path, mode="wb"', '*args', 'path, "r", -1, "utf-8"'];
    const kept = ['path', 'path, "r"', 'path, encoding=None', 'path, mode="w"', 'path,  # the file\n              "r"'];
    for (const args of skipped) assert.deepEqual(parsed(reads(args)), [false], args);
    for (const args of kept) {
      assert.deepEqual(parsed(reads(args)), [true], args);
      assert.deepEqual(codes(reads(args)), ['2:OPS301'], args);
    }
    // One call that may report is enough; an alias of open is read as open; text in doubt is parsed.
    const mixed = 'def copy(a, b):\n    data = open(a, "rb").read()\n    open(b, "w").write(data.decode())\n';
    assert.deepEqual(parsed(mixed), [true]);
    const aliased = 'from io import open as io_open\n\n\ndef read(p):\n    return io_open(p, "rb").read(), io_open(p).read()\n';
    const broken = 'def read(p):\n    return open(p, "rb").read(\n';
    assert.deepEqual(parsed(reads('path, f"{mode}"')), [true]);
    for (const text of [...[...skipped, ...kept].map(reads), mixed, aliased, broken])
      assert.deepEqual(findings(lazy, text), findings(full, text), text);
    assert.deepEqual(codes(aliased), ['5:OPS301']);
    // Written with a receiver: tempfile's files are binary unless a text mode is given; io.open as open.
    const withReceiver = (call: string) => `import io\nimport pathlib\nimport tempfile\n\n\ndef make(p):\n    return ${call}\n`;
    for (const call of [
      'tempfile.TemporaryFile()',
      'tempfile.NamedTemporaryFile("w+b")',
      'io.open(p, "rb")',
      'io.TextIOWrapper(p, "utf-8")',
    ]) {
      assert.deepEqual(parsed(withReceiver(call)), [false, false, false, false], call);
      assert.deepEqual(findings(lazy, withReceiver(call)), findings(full, withReceiver(call)), call);
    }
    for (const call of ['tempfile.NamedTemporaryFile("w")', 'io.open(p)', 'io.TextIOWrapper(p)', 'pathlib.Path(p).read_text()']) {
      assert.deepEqual(parsed(withReceiver(call)), [false, false, false, true], call);
      assert.deepEqual(codes(withReceiver(call)), ['7:OPS301'], call);
      assert.deepEqual(findings(lazy, withReceiver(call)), findings(full, withReceiver(call)), call);
    }
  });

  it("parses calls of a module's functions only where the module is imported, not where a docstring or comment mentions it", async () => {
    const { lazy, full } = await engines();
    const body = dedent(`
      def connect(host):
          conn = Connection(host)
          conn.run("uptime", warn=True)


      def fetch(session, url):
          return session.get(url)
    `);
    const mentions =
      '"""Runs commands over the security fabric (see the requests docs)."""\n# fabric and requests are set up elsewhere\n\n\n';
    const imports = 'from fabric import Connection\n\n\n';
    const parsed = (text: string) => openedStatements(lazy, text);
    const codes = (text: string) => lineCodes(findings(lazy, text));
    // Mentioned only: Connection and get cannot be fabric's or requests', so nothing needs a tree.
    assert.deepEqual(parsed(mentions + body), [false, false, false]);
    assert.deepEqual(codes(mentions + body), []);
    // Imported: the connection's run(warn=True) is a remote command whose failure goes unnoticed.
    assert.deepEqual(parsed(imports + body), [false, true, false]);
    assert.deepEqual(codes(imports + body), ['6:OPS101']);
    for (const text of [mentions + body, imports + body, mentions + imports + body])
      assert.deepEqual(findings(lazy, text), findings(full, text));
  });

  it('parses log calls only in a module that imports logging or has configured logging wrappers, with the same findings', async () => {
    const { lazy, full } = await engines();
    const text = dedent(`
      class Reporter:
          def run(self, module):
              module.warn("deprecated option %s" % self.name)
              display.warning(f"skipped {self.host}")


      def helper(display, value, token):
          display.error("bad value: " + value)
          display.debug(f"using token {token}")
    `);
    // Nothing can log here: no logging import, no configured logger.
    assert.deepEqual(parsedStatements(lazy, text), [false, false]);
    assert.deepEqual(findings(lazy, text), []);
    assert.deepEqual(findings(full, text), []);
    // `display` configured as a logger: its calls log, eagerly formatted and with a secret.
    const loggers = config({ wrappers: { loggers: ['display'], loggingFunctions: [], checkedSubprocessHelpers: [] } });
    assert.deepEqual(parsedStatements(lazy, text, loggers), [true, true]);
    const expected = findings(full, text, loggers);
    assert.deepEqual(lineCodes(expected), ['4:OPS204', '8:OPS204', '9:OPS204', '9:OPS206']);
    assert.deepEqual(findings(lazy, text, loggers), expected);
    // A configured logging function: a secret in its message is found.
    const functions = config({ wrappers: { loggers: [], loggingFunctions: ['display.debug'], checkedSubprocessHelpers: [] } });
    const byFunction = findings(full, text, functions);
    assert.deepEqual(lineCodes(byFunction), ['9:OPS206']);
    assert.deepEqual(findings(lazy, text, functions), byFunction);
    // And once logging is imported, its calls are parsed again (the import is read from its text).
    const imported = 'import logging\n\nlog = logging.getLogger(__name__)\n\n\n' + text.replaceAll('display.', 'log.');
    assert.deepEqual(parsedStatements(lazy, imported), [false, true, true, true]);
    assert.deepEqual(lineCodes(findings(lazy, imported)), ['9:OPS204', '13:OPS204', '14:OPS204', '14:OPS206']);
    assert.deepEqual(findings(lazy, imported), findings(full, imported));
    assert.deepEqual(internalErrors, []);
  });

  it('parses except clauses only where a handler rule could report on them, with the same findings', async () => {
    const { lazy, full } = await engines();
    // Specific types, handled: no handler rule can report (and fail_json is no call a rule reads).
    const quiet = dedent(`
      def remove(module, path):
          try:
              os.unlink(path)
          except OSError as e:
              module.fail_json(msg="cannot remove %s: %s" % (path, e))


      def size(module, path):
          try:
              return os.path.getsize(path)
          except (IOError, ValueError) as err:
              return module.warn_and_default(err)
    `);
    assert.deepEqual(parsedStatements(lazy, quiet), [false, false]);
    assert.deepEqual(findings(full, quiet), []);
    // Each handler rule's case is parsed and found: bare,
    // BaseException, Exception, a body that only passes (a string), a new exception raised
    // without `from`; a clause with no body is a syntax error (Python's IndentationError).
    const cases: [string, string][] = [
      ['try:\n    run()\nexcept :\n    cleanup()\n', 'OPS105'],
      ['try:\n    run()\nexcept BaseException:\n    cleanup()\n', 'OPS105'],
      ['try:\n    run()\nexcept Exception:\n    cleanup()\n', 'OPS106'],
      ['try:\n    run()\nexcept ValueError:  # c\n    # why\n    r"""ignored"""\n', 'OPS107'],
      ['try:\n    run()\nexcept ValueError: "ignored"\n', 'OPS107'],
      ['def f():\n    try:\n        run()\n    except ValueError:\n        # nothing yet\n    cleanup()\n', 'OPS001'],
      ['def f():\n    try:\n        run()\n    except ValueError:\n', 'OPS001'],
      ['try:\n    run()\nexcept ValueError as e:\n    raise DeployError(str(e))\n', 'OPS108'],
    ];
    for (const [text, code] of cases) {
      const expected = findings(full, text);
      assert.ok(
        expected.some((f) => f.code === code),
        `${code} in ${JSON.stringify(text)}: ${lineCodes(expected).join(' ')}`,
      );
      assert.deepEqual(findings(lazy, text), expected, text);
    }
    assert.deepEqual(internalErrors, []);
  });

  it('parses exceptions, print() and sys.exit() for secrets only where a statement may show one', async () => {
    const { lazy, full } = await engines();
    const text = dedent(`
      import os
      import sys


      def login(module, host):
          password = module.params["password"]
          raise F5ModuleError("cannot log in to %s with %s" % (host, password))


      def from_environment(host):
          raise ValueError("no such host for " + os.environ["DEPLOY_API_KEY"])


      def leave():
          sys.exit("giving up on " + os.getenv("Deploy Token"))


      def fetch_token(host):
          auth = fetch(host)
          raise RuntimeError(f"login failed for {auth.accessKey}")


      def check(value):
          if value is None:
              raise ValueError("bad value %s in %s" % (value, os.environ["HOME"]))
          print("checked", value)
          sys.exit(1)
    `);
    // check() shows no secret (an environment read counts only with a secret-looking name): nothing in it is a reason to parse.
    // The imports are read from their text.
    assert.deepEqual(parsedStatements(lazy, text), [false, false, true, true, true, true, false]);
    const expected = findings(full, text);
    assert.deepEqual(lineCodes(expected, 'OPS206'), ['7:OPS206', '11:OPS206', '15:OPS206', '20:OPS206']);
    assert.deepEqual(findings(lazy, text), expected);
    // print() of a secret, with or without logging.
    const printed = text.replace('print("checked", value)', 'print("checked", value, api_key)');
    assert.deepEqual(parsedStatements(lazy, printed), [false, false, true, true, true, true, true]);
    assert.deepEqual(lineCodes(findings(lazy, printed), 'OPS206'), ['7:OPS206', '11:OPS206', '15:OPS206', '20:OPS206', '26:OPS206']);
    assert.deepEqual(findings(lazy, printed), findings(full, printed));
    assert.deepEqual(internalErrors, []);
  });

  it('parses a class an edit makes too short to split as a fresh open does: only around its except clauses', async () => {
    const { lazy, full } = await engines();
    let methods = '';
    for (let i = 0; methods.length < 2400; i++) methods += `    def m${i}(self):\n        return self.x + ${i}\n\n`;
    const handler =
      '    def run(self):\n        try:\n            self.copy()\n        except OSError as e:\n            raise DeployError(str(e))\n';
    const text = `class Deployer:\n${methods}${handler}`;
    const doc = lazy.open(text);
    try {
      lazy.analyze(doc, DEFAULT_ENGINE_CONFIG);
      assert.ok(doc.segments[0].members, 'split before the edit');
      // Delete half of the methods: the class no longer splits.
      const cut = text.indexOf('    def m', text.length / 2);
      doc.update([{ range: { start: doc.positionAt(text.indexOf('    def m')), end: doc.positionAt(cut) }, text: '' }]);
      const found = lazy.analyze(doc, DEFAULT_ENGINE_CONFIG);
      const fresh = lazy.open(doc.text);
      assert.deepEqual(layout(doc.segments), layout(fresh.segments));
      assert.match(layout(doc.segments)[0], /~$/);
      fresh.dispose();
      assert.deepEqual(lineCodes(found), lineCodes(findings(full, doc.text)));
      assert.ok(found.some((f) => f.code === 'OPS108'));
    } finally {
      doc.dispose();
    }
    assert.deepEqual(internalErrors, []);
  });

  for (const last of [
    'try:\n    import subprocess\nexcept OSError:\n    log.error("no subprocess")',
    'if __name__ == "__main__":\n    try:\n        f()\n    except OSError:\n        log.error("failed")',
  ])
    it(`keeps the findings of a statement read from its text through edits that change what it needs: ${JSON.stringify(last.slice(0, 30))}`, async () => {
      const { lazy, full } = await engines();
      // The statement last, its text to the end: its tree's unit has the same text as the statement read from text.
      const base = `import subprocess\n\n\ndef f():\n    subprocess.call("ls", shell=True)\n\n\n${last}`;
      const doc = lazy.open(base);
      try {
        assert.deepEqual(openedStatements(lazy, base), [false, true, false]);
        assert.deepEqual(lazy.analyze(doc, DEFAULT_ENGINE_CONFIG), findings(full, base));
        let text = base;
        // An edit elsewhere (the next builds key their units), then one that makes the handler's log call matter, and back.
        const logging = 'import logging\nlog = logging.getLogger()\n';
        for (const [at, insert, removed] of [
          [0, 'x = 1\n', 0],
          [0, logging, 0],
          [0, '', logging.length],
          [0, logging, 0],
        ] as const) {
          const lines = TextDocument.create('file:///x.py', 'python', 0, text);
          const range = { start: lines.positionAt(at), end: lines.positionAt(at + removed) };
          doc.update([{ range, text: insert }]);
          text = text.slice(0, at) + insert + text.slice(at + removed);
          assert.equal(doc.text, text);
          assert.deepEqual(lazy.analyze(doc, DEFAULT_ENGINE_CONFIG), findings(full, text), JSON.stringify(text));
        }
      } finally {
        doc.dispose();
      }
      assert.deepEqual(internalErrors, []);
    });

  for (const seed of [3, 11]) {
    it(`keeps the same layout and findings as a fresh parse through random edits (seed ${seed})`, async function () {
      this.timeout(60_000);
      const { lazy, full } = await engines();
      const base = readFileSync(
        stdlibFiles().find((p) => p.endsWith('/shutil.py'))!,
        'utf8',
      );
      const snippets = [
        'x',
        '\n',
        '(',
        ')',
        '    ',
        ':',
        '"',
        'except',
        ' import os\n',
        'open(',
        '\ndef g():\n    pass\n',
        'token = "abcdef"\n',
        '#',
        '@',
      ];
      const rand = random(seed);
      const doc = lazy.open(base);
      let reference = TextDocument.create('file:///x.py', 'python', 0, base);
      try {
        for (let step = 0; step < 60; step++) {
          const text = reference.getText();
          const at = Math.floor(rand() * text.length);
          const len = rand() < 0.3 ? Math.floor(rand() * 40) : 0;
          const range = { start: reference.positionAt(at), end: reference.positionAt(Math.min(text.length, at + len)) };
          const insert = snippets[Math.floor(rand() * snippets.length)];
          reference = TextDocument.update(reference, [{ range, text: insert }], reference.version + 1);
          doc.update([{ range, text: insert }]);
          // analyze() settles what may be left unparsed for the edited text (imports, names of modules).
          const found = lazy.analyze(doc, DEFAULT_ENGINE_CONFIG);
          const fresh = lazy.open(doc.text);
          assert.deepEqual(layout(doc.segments), layout(fresh.segments), `layout diverged at step ${step}`);
          fresh.dispose();
          assert.deepEqual(found, findings(full, doc.text), `findings diverged at step ${step}`);
        }
      } finally {
        doc.dispose();
      }
      assert.deepEqual(internalErrors, []);
    });
  }
});
