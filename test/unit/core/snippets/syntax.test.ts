import * as assert from 'node:assert/strict';
import {
  collectChoices,
  collectTabStops,
  collectVariables,
  escapeSnippetText,
  expandSnippet,
  parseSnippet,
  SnippetSyntaxError,
  validateSnippetBody,
} from '../../../../src/core/snippets';

function expand(body: string, choices?: Record<number, string>, variables?: Record<string, string>): string {
  return expandSnippet(parseSnippet(body), {
    ...(choices ? { choices: new Map(Object.entries(choices).map(([k, v]) => [Number(k), v])) } : {}),
    ...(variables ? { variables } : {}),
  });
}

function syntaxError(body: string): SnippetSyntaxError {
  try {
    parseSnippet(body);
  } catch (err) {
    if (err instanceof SnippetSyntaxError) return err;
    throw err;
  }
  assert.fail(`expected a syntax error in ${JSON.stringify(body)}`);
}

describe('snippet syntax: parsing', () => {
  it('parses tab stops, placeholders, choices and variables into nodes', () => {
    assert.deepEqual(parseSnippet('a $1 ${2} ${3:x} ${4|p,q|} $TM_FILENAME ${CLIPBOARD:d}'), [
      { kind: 'text', value: 'a ' },
      { kind: 'tabstop', index: 1 },
      { kind: 'text', value: ' ' },
      { kind: 'tabstop', index: 2 },
      { kind: 'text', value: ' ' },
      { kind: 'placeholder', index: 3, children: [{ kind: 'text', value: 'x' }] },
      { kind: 'text', value: ' ' },
      { kind: 'choice', index: 4, options: ['p', 'q'] },
      { kind: 'text', value: ' ' },
      { kind: 'variable', name: 'TM_FILENAME', children: undefined },
      { kind: 'text', value: ' ' },
      { kind: 'variable', name: 'CLIPBOARD', children: [{ kind: 'text', value: 'd' }] },
    ]);
  });

  it('parses nested placeholders', () => {
    assert.deepEqual(parseSnippet('${1:run(${2:cmd}, timeout=${3:60})}'), [
      {
        kind: 'placeholder',
        index: 1,
        children: [
          { kind: 'text', value: 'run(' },
          { kind: 'placeholder', index: 2, children: [{ kind: 'text', value: 'cmd' }] },
          { kind: 'text', value: ', timeout=' },
          { kind: 'placeholder', index: 3, children: [{ kind: 'text', value: '60' }] },
          { kind: 'text', value: ')' },
        ],
      },
    ]);
  });

  it('reads a tab stop number greedily and the text after it as text', () => {
    assert.deepEqual(parseSnippet('$12_parser'), [
      { kind: 'tabstop', index: 12 },
      { kind: 'text', value: '_parser' },
    ]);
  });

  it('treats a closing brace outside any placeholder as text, so Python dicts need no escape', () => {
    assert.equal(expand('d = {"a": {"b": 1}}\n$0'), 'd = {"a": {"b": 1}}\n');
  });

  it('unescapes \\$, \\} and \\\\ and keeps any other backslash', () => {
    assert.equal(expand('cost \\$5 \\} \\\\ "\\n" \\d'), 'cost $5 } \\ "\\n" \\d');
    assert.equal(expand('${1:{"k": 1\\}}'), '{"k": 1}');
  });

  it('unescapes commas, bars and backslashes inside choice options, and keeps $ and } as text there', () => {
    assert.deepEqual(parseSnippet('${1|a\\,b,c\\|d,e\\\\f,$x}|}'), [{ kind: 'choice', index: 1, options: ['a,b', 'c|d', 'e\\f', '$x}'] }]);
  });

  it('rejects a bare dollar with its position, saying how to escape it', () => {
    const err = syntaxError('x = 1\necho "$ HOME"');
    assert.equal(err.line, 1);
    assert.equal(err.column, 6);
    assert.match(err.message, /\\\$/);
  });

  it('rejects a placeholder that is not closed, naming the escape for a brace', () => {
    const err = syntaxError('a\n  ${1:run(${2:cmd})');
    assert.equal(err.line, 1);
    assert.equal(err.column, 2);
    assert.match(err.message, /not closed/);
  });

  it('rejects unterminated and malformed choices and empty options', () => {
    assert.match(syntaxError('${1|a,b').message, /not closed/);
    assert.match(syntaxError('${1|a,b|x').message, /must end with "\|}"/);
    assert.match(syntaxError('${1|a,,b|}').message, /empty option/);
  });

  it('rejects transforms, which our bodies do not use', () => {
    assert.match(syntaxError('${1/a/b/}').message, /transforms/);
    assert.match(syntaxError('${TM_FILENAME/a/b/}').message, /transforms/);
  });

  it('rejects "${" followed by neither a number nor a name', () => {
    assert.match(syntaxError('f"${ x}"').message, /starts no tab stop/);
    assert.match(syntaxError('${1 oops}').message, /must continue with/);
  });

  it('escapes text so that it parses back to itself', () => {
    const text = 'cost $5 ${HOME} {"a": 1} \\d';
    assert.equal(expand(escapeSnippetText(text)), text);
  });
});

describe('snippet syntax: tab stops', () => {
  it('collects each index once with its occurrences and its defining node', () => {
    const stops = collectTabStops(parseSnippet('$1 ${1:name} ${2|a,b|} $0'));
    assert.deepEqual(
      stops.map((s) => [s.index, s.occurrences.length, s.definition?.kind]),
      [
        [0, 1, undefined],
        [1, 2, 'placeholder'],
        [2, 1, 'choice'],
      ],
    );
  });

  it('lists choices and variables, nested ones included', () => {
    const nodes = parseSnippet('${1:x ${2|a,b|} $TM_FILENAME_BASE} ${3|c,d|} ${CLIPBOARD:$TM_FILENAME_BASE}');
    assert.deepEqual(
      collectChoices(nodes).map((c) => c.index),
      [2, 3],
    );
    assert.deepEqual(collectVariables(nodes), ['TM_FILENAME_BASE', 'CLIPBOARD']);
  });
});

describe('snippet expansion', () => {
  it('inserts the defaults and drops empty tab stops', () => {
    assert.equal(expand('run(${1:cmd}, timeout=${2:60})$3$0'), 'run(cmd, timeout=60)');
  });

  it('repeats a placeholder default wherever its index is mirrored, before or after it', () => {
    assert.equal(
      expand('def cmd_$1(): pass\nsub = add("${1:deploy}")\nhandler=cmd_$1'),
      'def cmd_deploy(): pass\nsub = add("deploy")\nhandler=cmd_deploy',
    );
  });

  it('expands nested placeholders and their mirrors', () => {
    assert.equal(expand('${1:run(${2:cmd})} # $2'), 'run(cmd) # cmd');
  });

  it('takes the first option of a choice by default and the given one when selected', () => {
    const body = 'logger.${1|info,debug|}("x")  # $1';
    assert.equal(expand(body), 'logger.info("x")  # info');
    assert.equal(expand(body, { 1: 'debug' }), 'logger.debug("x")  # debug');
  });

  it('refuses an option a choice does not offer, or a choice index that is not a choice', () => {
    assert.throws(() => expand('${1|a,b|}', { 1: 'c' }), /not an option of choice 1/);
    assert.throws(() => expand('${1:a}', { 1: 'a' }), /not a choice/);
  });

  it('fills variables from the given values, else from their defaults, else with nothing', () => {
    const body = 'LOCK = "${1:/run/lock/$TM_FILENAME_BASE.lock}" # ${TM_DIRECTORY:here} [$CLIPBOARD]';
    assert.equal(expand(body, undefined, { TM_FILENAME_BASE: 'backup' }), 'LOCK = "/run/lock/backup.lock" # here []');
  });

  it('fails instead of looping on a placeholder that contains its own mirror', () => {
    assert.throws(() => expand('${1:a $1}'), /own mirror/);
  });
});

describe('snippet body validation', () => {
  const messages = (body: string): string[] => validateSnippetBody(body).map((p) => p.message);

  it('accepts a well-formed body', () => {
    assert.deepEqual(messages('x = ${1:1}\ny = ${2|a,b|}\n$1 $0\n'), []);
  });

  it('reports a syntax error with its line and column in the body', () => {
    assert.deepEqual(validateSnippetBody('ok\n  "$ x"\n$0'), [{ message: syntaxError('ok\n  "$ x"\n$0').message, line: 1, column: 3 }]);
  });

  it('requires exactly one plain $0', () => {
    assert.match(messages('x = 1')[0] ?? '', /no \$0/);
    assert.match(messages('$0 $0')[0] ?? '', /more than once/);
    assert.match(messages('${0:x}')[0] ?? '', /plain "\$0"/);
  });

  it('rejects unknown variables, which VS Code would insert as their own name', () => {
    assert.match(messages('echo $HOME $0')[0] ?? '', /unknown variable \$HOME/);
    assert.deepEqual(messages('$TM_FILENAME_BASE $0'), []);
  });

  it('rejects numbering that skips a tab stop', () => {
    assert.match(messages('$1 $3 $0')[0] ?? '', /skip from \$1 to \$3/);
    assert.match(messages('$2 $0')[0] ?? '', /skip from the start to \$2/);
  });

  it('rejects two different defaults for one tab stop but accepts repeated identical ones', () => {
    assert.match(messages('${1:a} ${1:b} $0')[0] ?? '', /different defaults/);
    assert.match(messages('${1:a} ${1|a,b|} $0')[0] ?? '', /different defaults/);
    assert.deepEqual(messages('${1:a} ${1:a} $1 $0'), []);
  });

  it('rejects a placeholder whose default contains itself', () => {
    assert.match(messages('${1:a $1} $0').join('\n'), /contains \$1 itself/);
  });
});
