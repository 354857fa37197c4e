// What the engine leaves unparsed, or parses only in part, depends on the document (its imports,
// aliases, the modules it names) and on the configured wrappers: an edit elsewhere in a file, or a
// change of configuration, can make an unchanged statement need its tree, or need it no longer.
// After every such step the editor's document must give what a fresh analysis of its text gives.
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DEFAULT_ENGINE_CONFIG, type EngineConfig, type Finding } from '../../../../src/core/diagnostics';
import { Engine } from '../../../../src/core/diagnostics/engine';
import type { ParsedDocument, Segment } from '../../../../src/core/python/segments';
import { createPythonParser } from '../../../../src/core/python/wasm';
import { config, findingsOf, internalErrors, wasmPaths } from './helpers';

const sink = (error: unknown, context: string) => internalErrors.push(`${context}: ${String(error)}`);

/** A step: text inserted at the start of a line (replacing `removed` characters there), or another configuration. */
type Step = { line: number; insert: string; removed?: number } | { config: EngineConfig };

/** A configured logger named `log`: `log.info(...)` is a logging call without `import logging`. */
const LOG_WRAPPER = config({ wrappers: { loggingFunctions: [], loggers: ['log'], checkedSubprocessHelpers: [] } });

/** How a document is cut: '-' unparsed, '~' parsed in part, per segment and member run. */
function layout(segs: readonly Segment[]): string {
  const run = (r: { tree: unknown; narrowed?: boolean }) => (r.tree ? (r.narrowed ? '~' : '+') : '-');
  return segs.map((s) => run(s) + (s.members ?? []).map(run).join('')).join(' ');
}

/** The findings (line:code) and layout after a step. */
interface Seen {
  found: string[];
  layout: string;
}

function lineCodes(found: readonly Finding[]): string[] {
  return found.map((f) => `${f.range.start.line + 1}:${f.code}`);
}

/**
 * Opens `base`, analyses it, then applies each step through the document's update() as the
 * language server does (one LSP change) and analyses again: the findings (and layout) after each
 * step must be those of a fresh open of the same text with the same configuration, and of an
 * engine that parses everything. Returns the line:code findings and the layout after each step.
 */
function walkSteps(lazy: Engine, full: Engine, base: string, steps: readonly Step[], first = DEFAULT_ENGINE_CONFIG): Seen[] {
  const doc: ParsedDocument = lazy.open(base);
  const seen: Seen[] = [];
  let text = base;
  let cfg = first;
  const check = (label: string) => {
    const found = lazy.analyze(doc, cfg);
    const fresh = lazy.open(text);
    try {
      const expected = lazy.analyze(fresh, cfg);
      assert.equal(layout(doc.segments), layout(fresh.segments), `layout, ${label}`);
      assert.deepEqual(lineCodes(found), lineCodes(expected), `findings against a fresh open, ${label}`);
      assert.deepEqual(found, expected, `findings against a fresh open, ${label}`);
      assert.deepEqual(found, findingsOf(full, text, cfg), `findings against parsing everything, ${label}`);
    } finally {
      fresh.dispose();
    }
    seen.push({ found: lineCodes(found), layout: layout(doc.segments) });
  };
  try {
    check('before any edit');
    steps.forEach((step, i) => {
      if ('config' in step) cfg = step.config;
      else {
        const lines = TextDocument.create('file:///x.py', 'python', 0, text);
        const at = lines.offsetAt({ line: step.line, character: 0 });
        const range = { start: lines.positionAt(at), end: lines.positionAt(at + (step.removed ?? 0)) };
        doc.update([{ range, text: step.insert }]);
        text = text.slice(0, at) + step.insert + text.slice(at + (step.removed ?? 0));
        assert.equal(doc.text, text);
      }
      check(`step ${i}: ${JSON.stringify(step)}`);
    });
  } finally {
    doc.dispose();
  }
  assert.deepEqual(internalErrors, []);
  return seen;
}

/** A function whose handler matters (raise without from) after enough other lines to be parsed only around it. */
function handlerFunction(name: string, body: string, indent = ''): string {
  const lines = [
    `def ${name}(self, url):`,
    `    """Fetches ${name} and reads the answer; every line above the try is left out of a parse in part."""`,
    '    attempts = 3',
    '    delay = 0.5',
    body,
    '    try:',
    '        return answer.json()',
    '    except ValueError as e:',
    '        raise FetchError(str(e))',
  ];
  return lines.map((l) => indent + l).join('\n') + '\n';
}

describe('diagnostics: findings after the parse filter changes (edits elsewhere, configuration)', () => {
  let lazy: Engine;
  let full: Engine;
  before(async () => {
    const parser = await createPythonParser(wasmPaths);
    lazy = new Engine(parser, sink);
    full = new Engine(parser, sink, () => false);
  });

  it('finds a call that an import added at the top makes matter in an unchanged, unparsed statement, and drops it when removed', () => {
    const base = 'import os\n\n\ndef fetch(url):\n    return requests.get(url)\n\n\nos.getcwd()\n';
    const seen = walkSteps(lazy, full, base, [
      { line: 0, insert: 'x = 1\n' },
      { line: 0, insert: 'import requests\n' },
      { line: 2, insert: 'y = 2\n' },
      { line: 0, insert: '', removed: 'import requests\n'.length },
      { line: 0, insert: 'import requests\n' },
    ]);
    assert.deepEqual(seen[2].found, ['7:OPS302']);
    assert.deepEqual(seen[4].found, []);
    assert.deepEqual(seen[5].found, ['8:OPS302']);
  });

  it('finds a call that an import makes matter in a statement parsed in part around its except clause, and drops it when removed', () => {
    const base = `import os\n\n\n${handlerFunction('fetch', '    answer = requests.get(url)')}`;
    const seen = walkSteps(lazy, full, base, [
      // Other modules named: another filter, the same partial parse of the function, whose units are
      // now read by a build that keeps their models by text (a document's first build keeps none).
      { line: 0, insert: 'import subprocess\n' },
      { line: 0, insert: 'import requests\n' },
      { line: 0, insert: 'z = 1\n' },
      { line: 0, insert: '', removed: 'z = 1\n'.length },
      { line: 0, insert: '', removed: 'import requests\n'.length },
      { line: 0, insert: 'import requests\n' },
    ]);
    assert.equal(seen[1].layout, '- - ~');
    assert.ok(seen[2].found.includes('10:OPS302'), JSON.stringify(seen[2].found));
    assert.ok(!seen[5].found.some((c) => c.endsWith('OPS302')), JSON.stringify(seen[5].found));
    assert.ok(seen[6].found.includes('10:OPS302'), JSON.stringify(seen[6].found));
  });

  it('finds a call that an alias added at the top makes matter, and drops it when the alias goes', () => {
    const base = `import os\n\n\ndef clean(path):\n    sh(["rm", "-rf", path])\n\n\n${handlerFunction('fetch', '    answer = sh(["curl", url])')}`;
    const alias = 'from subprocess import run as sh\n';
    const seen = walkSteps(lazy, full, base, [
      { line: 0, insert: 'import json\n' },
      { line: 0, insert: alias },
      { line: 0, insert: 'w = 0\n' },
      { line: 0, insert: '', removed: 'w = 0\n'.length + alias.length },
      { line: 0, insert: alias },
    ]);
    assert.ok(seen[2].found.includes('7:OPS101'), JSON.stringify(seen[2].found));
    assert.ok(!seen[4].found.some((c) => c.endsWith('OPS101')), JSON.stringify(seen[4].found));
  });

  it('follows a change of configured wrappers between two analyses of the same text', () => {
    const base = `import os\n\n\ndef report(name):\n    log.info(f"done {name}")\n\n\n${handlerFunction('fetch', '    log.info(f"fetching {url}")\n    answer = fetch_raw(url)')}`;
    const seen = walkSteps(lazy, full, base, [
      { line: 0, insert: 'import subprocess\n' },
      { config: LOG_WRAPPER },
      { line: 0, insert: 'v = 1\n' },
      { config: DEFAULT_ENGINE_CONFIG },
      { config: LOG_WRAPPER },
    ]);
    assert.equal(seen[1].layout, '- - - ~');
    assert.ok(seen[2].found.includes('6:OPS204') && seen[2].found.includes('13:OPS204'), JSON.stringify(seen[2].found));
    assert.ok(!seen[4].found.some((c) => c.endsWith('OPS204')), JSON.stringify(seen[4].found));
    assert.ok(seen[5].found.includes('7:OPS204') && seen[5].found.includes('14:OPS204'), JSON.stringify(seen[5].found));
  });

  it('finds calls an import makes matter in the unchanged members of a split class (whole, in part, or unparsed before)', () => {
    let methods = '';
    for (let i = 0; methods.length < 2400; i++) methods += `    def m${i}(self):\n        return self.x + ${i}\n\n`;
    const members =
      handlerFunction('fetch', '    answer = requests.get(url)', '    ') +
      '\n    def ping(self, url):\n        return requests.head(url)\n';
    const base = `import os\n\n\nclass Client:\n${handlerFunction('first', '    answer = requests.get(url)', '    ')}\n${methods}${members}`;
    const lines = base.split('\n').length;
    const seen = walkSteps(lazy, full, base, [
      { line: 0, insert: 'import subprocess\n' },
      { line: 0, insert: 'import requests\n' },
      { line: 0, insert: 'u = 1\n' },
      { line: 0, insert: '', removed: 'u = 1\n'.length + 'import requests\n'.length },
      { line: 0, insert: 'import requests\n' },
    ]);
    const http = (found: string[]) => found.filter((c) => c.endsWith('OPS302'));
    assert.equal(http(seen[2].found).length, 3, JSON.stringify(seen[2].found));
    assert.deepEqual(http(seen[4].found), []);
    assert.equal(http(seen[5].found).length, 3, JSON.stringify(seen[5].found));
    assert.ok(lines > 100);
    // Before requests is imported: the head run (with `first`) and `fetch` parsed in part, `ping` unparsed.
    assert.match(seen[1].layout, /~-+~-$/);
  });
});
