import * as assert from 'node:assert/strict';
import {
  compileSnippets,
  formatProblem,
  loadSnippetSources,
  readSnippetCatalog,
  renderSnippetTable,
  replaceSnippetTable,
  TABLE_END,
  TABLE_START,
  type SourceFile,
} from '../../../../src/core/snippets';

const GOOD = `family: sub
title: Subprocess
snippets:
  - prefix: ops-sub-run
    name: run a command
    description: Run with check and a timeout.
    body: |
      subprocess.run(\${1:cmd}, check=True, timeout=\${2:60})
      $0
  - prefix: ops-sub-stream
    name: stream output
    description: Stream | log lines.
    body: |
      for line in proc.stdout:
          logger.\${1|info,debug|}("%s", line)
      $0
`;

function load(...files: SourceFile[]): string[] {
  return loadSnippetSources(files).problems.map(formatProblem);
}

describe('snippet sources: loading', () => {
  it('loads families and snippets in source order, with where each snippet starts', () => {
    const { families, problems } = loadSnippetSources([{ path: 'snippets/sub.yaml', text: GOOD }]);
    assert.deepEqual(problems, []);
    assert.equal(families.length, 1);
    assert.equal(families[0]?.title, 'Subprocess');
    assert.deepEqual(
      families[0]?.snippets.map((s) => [s.prefix, s.line]),
      [
        ['ops-sub-run', 4],
        ['ops-sub-stream', 10],
      ],
    );
    assert.equal(families[0]?.snippets[0]?.body, 'subprocess.run(${1:cmd}, check=True, timeout=${2:60})\n$0\n');
  });

  it('reports a malformed body at its line and column in the YAML file', () => {
    const text = GOOD.replace('check=True, timeout', 'check=True, env="$ X", timeout');
    assert.deepEqual(load({ path: 'snippets/sub.yaml', text }), [
      `snippets/sub.yaml:8:49: ops-sub-run: a "$" that starts no tab stop or variable; write "\\$" for a literal dollar sign`,
    ]);
  });

  it('reports a missing description and an empty one', () => {
    const missing = GOOD.replace('    description: Run with check and a timeout.\n', '');
    assert.deepEqual(load({ path: 'a.yaml', text: missing }), ['a.yaml:4:5: missing "description"']);
    const empty = GOOD.replace('description: Run with check and a timeout.', 'description: "  "');
    assert.deepEqual(load({ path: 'a.yaml', text: empty }), ['a.yaml:6:18: "description" must be a non-empty string']);
  });

  it('reports a prefix used twice, in one file or across files', () => {
    const twice = GOOD.replace('prefix: ops-sub-stream', 'prefix: ops-sub-run');
    assert.deepEqual(load({ path: 'a.yaml', text: twice }), ['a.yaml:10:5: duplicate prefix "ops-sub-run" (first defined at a.yaml:4)']);
    const other = GOOD.replace('family: sub', 'family: sub2')
      .replace('title: Subprocess', 'title: More')
      .replace(/ops-sub-/g, 'ops-sub2-');
    assert.deepEqual(load({ path: 'a.yaml', text: GOOD }, { path: 'b.yaml', text: other }), []);
    const clash = other.replace('prefix: ops-sub2-run', 'prefix: ops-sub-run');
    assert.deepEqual(load({ path: 'a.yaml', text: GOOD }, { path: 'b.yaml', text: clash }), [
      'b.yaml:4:13: prefix "ops-sub-run" must be "ops-sub2-" followed by lower-case words joined by "-"',
      'b.yaml:4:5: duplicate prefix "ops-sub-run" (first defined at a.yaml:4)',
    ]);
  });

  it('reports a family id or title used by two files', () => {
    assert.deepEqual(load({ path: 'a.yaml', text: GOOD }, { path: 'b.yaml', text: GOOD.replace(/ops-sub-/g, 'ops-sub-x') }), [
      'b.yaml:1:1: family "sub" is also defined in a.yaml',
      'b.yaml:1:1: title "Subprocess" is also used in a.yaml',
    ]);
  });

  it('requires the family lead-in on every prefix', () => {
    const wrong = GOOD.replace('prefix: ops-sub-run', 'prefix: sub-run');
    assert.deepEqual(load({ path: 'a.yaml', text: wrong }), [
      'a.yaml:4:13: prefix "sub-run" must be "ops-sub-" followed by lower-case words joined by "-"',
    ]);
  });

  it('reports YAML errors, unknown keys, tabs in bodies and a name that would break the key', () => {
    assert.match(load({ path: 'a.yaml', text: 'family: [unclosed' })[0] ?? '', /^a\.yaml:1:\d+: /);
    const typo = GOOD.replace('    name: run a command', '    name: run a command\n    descripton: typo');
    assert.deepEqual(load({ path: 'a.yaml', text: typo }), [
      'a.yaml:6:5: unknown key "descripton" (expected prefix, name, description, body, python, platforms)',
    ]);
    const tab = GOOD.replace('          logger.', '          \tlogger.');
    assert.deepEqual(load({ path: 'a.yaml', text: tab }), [
      'a.yaml:15:11: ops-sub-stream: body contains a tab character; indent with spaces',
    ]);
    const colon = GOOD.replace('name: run a command', 'name: "run: a command"');
    assert.deepEqual(load({ path: 'a.yaml', text: colon }), [
      'a.yaml:5:11: name must not contain ": " (it separates the family title in the compiled file)',
    ]);
  });

  it('reports a file without snippets', () => {
    assert.deepEqual(load({ path: 'a.yaml', text: 'family: sub\ntitle: Subprocess\nsnippets: []\n' }), [
      'a.yaml:3:11: "snippets" must be a non-empty list',
    ]);
  });
});

describe('snippet sources: compiling', () => {
  const { families } = loadSnippetSources([{ path: 'snippets/sub.yaml', text: GOOD }]);

  it('writes VS Code snippet entries keyed "<title>: <name>", bodies as lines without the final newline', () => {
    assert.deepEqual(compileSnippets(families), {
      'Subprocess: run a command': {
        prefix: 'ops-sub-run',
        description: 'Run with check and a timeout.',
        body: ['subprocess.run(${1:cmd}, check=True, timeout=${2:60})', '$0'],
        scope: 'python',
      },
      'Subprocess: stream output': {
        prefix: 'ops-sub-stream',
        description: 'Stream | log lines.',
        body: ['for line in proc.stdout:', '    logger.${1|info,debug|}("%s", line)', '$0'],
        scope: 'python',
      },
    });
  });

  it('reads the compiled file back into families for the picker', () => {
    const catalog = readSnippetCatalog(JSON.stringify(compileSnippets(families)));
    assert.deepEqual(catalog, [
      {
        id: 'sub',
        title: 'Subprocess',
        snippets: [
          {
            prefix: 'ops-sub-run',
            name: 'run a command',
            description: 'Run with check and a timeout.',
            body: 'subprocess.run(${1:cmd}, check=True, timeout=${2:60})\n$0',
          },
          {
            prefix: 'ops-sub-stream',
            name: 'stream output',
            description: 'Stream | log lines.',
            body: 'for line in proc.stdout:\n    logger.${1|info,debug|}("%s", line)\n$0',
          },
        ],
      },
    ]);
  });

  it('gives a clear error for a damaged compiled file', () => {
    assert.throws(() => readSnippetCatalog('{"a": '), /not valid JSON/);
    assert.throws(() => readSnippetCatalog('[]'), /object of named snippets/);
    assert.throws(() => readSnippetCatalog('{"X: y": {"prefix": "run", "body": "x"}}'), /no "ops-…" prefix/);
    assert.throws(() => readSnippetCatalog('{"X: y": {"prefix": "ops-a-b", "body": 3}}'), /has no body/);
  });

  it('renders a Markdown table with every prefix, escaping what Markdown would format', () => {
    const table = renderSnippetTable(families);
    assert.match(table, /^\| `ops-sub-run` \| 3\.8\+ \| Linux, macOS, Windows \| Run with check and a timeout\. \|$/m);
    assert.match(table, /^\| `ops-sub-stream` \| 3\.8\+ \| Linux, macOS, Windows \| Stream \\\| log lines\. \|$/m);
    assert.match(table, /^\| \*\*Subprocess\*\* \| \| \| \|$/m);
    assert.match(table, /^2 snippets in 1 family\.$/m);
  });

  it('replaces only what lies between the table markers', () => {
    const readme = `# Title\n\n${TABLE_START}\nold\n${TABLE_END}\n\n## After\n`;
    assert.equal(replaceSnippetTable(readme, 'NEW'), `# Title\n\n${TABLE_START}\nNEW\n${TABLE_END}\n\n## After\n`);
    assert.equal(replaceSnippetTable('# No markers\n', 'NEW'), undefined);
  });
});
