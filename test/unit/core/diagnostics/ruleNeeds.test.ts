import assert from 'node:assert/strict';
import { DEFAULT_ENGINE_CONFIG, RULES, type Finding } from '../../../../src/core/diagnostics';
import { Engine } from '../../../../src/core/diagnostics/engine';
import { defineRule } from '../../../../src/core/diagnostics/rule';
import { createPythonParser } from '../../../../src/core/python/wasm';
import { config, dedent, internalErrors, ruleFixtures, wasmPaths } from './helpers';
import { readableStdlibFiles } from './stdlib';

const sink = (error: unknown, context: string) => internalErrors.push(`${context}: ${String(error)}`);

/** A rule on a call no shipped rule reads, declared the way CONTRIBUTING.md says. */
const rmtreeRule = defineRule({
  meta: {
    code: 'OPS999',
    name: 'test-rmtree',
    category: 'robustness',
    summary: 'A rule that exists only in this test: it flags shutil.rmtree() calls.',
    defaultSeverity: 'warning',
    equivalents: [],
    fixable: 'none',
  },
  message: 'shutil.rmtree() called',
  needs: { calls: ['shutil.rmtree'] },
  call(c, cx) {
    if (c.tail === 'rmtree' && cx.facts.calleeIs(c, 'shutil.rmtree')) cx.report(c.calleeSpan);
  },
});

function findings(engine: Engine, text: string, select: string[] = []): Finding[] {
  const doc = engine.open(text);
  try {
    return engine.analyze(doc, config({ select }));
  } finally {
    doc.dispose();
  }
}

describe('diagnostics: rules declare what they read', () => {
  it("records a new rule's calls, parses the text they are in and binds them in star imports, from its declaration alone", async () => {
    const engine = new Engine(await createPythonParser(wasmPaths), sink, undefined, [rmtreeRule]);
    const text = dedent(`
      import shutil
      from shutil import *


      def clean(path):
          shutil.rmtree(path)


      class Cleaner:
          def run(self, path):
              rmtree(path)


      def unrelated(w, h):
          return w * h
    `);
    const doc = engine.open(text);
    try {
      // The function with nothing the rule reads is left unparsed, and the imports are read from
      // their text; the two that call rmtree are parsed.
      assert.deepEqual(
        doc.segments.map((s) => s.tree !== null),
        [false, false, true, true, false],
      );
      assert.deepEqual(
        engine.analyze(doc, DEFAULT_ENGINE_CONFIG).map((f) => `${f.range.start.line + 1}:${f.code}`),
        ['6:OPS999', '11:OPS999'],
      );
    } finally {
      doc.dispose();
    }
  });

  it('gives each rule alone the findings it gives among all rules (nothing it reads comes from another rule)', async function () {
    this.timeout(240_000);
    const engine = new Engine(await createPythonParser(wasmPaths), sink);
    const texts = ruleFixtures().map((f) => f.text);
    for (const { text } of readableStdlibFiles(20)) texts.push(text);
    let compared = 0;
    for (const text of texts) {
      const all = findings(engine, text);
      for (const rule of RULES) {
        const expected = all.filter((f) => f.code === rule.code);
        // OPS001 (syntax errors) runs whatever `select` says, beside the selected rule.
        const alone = findings(engine, text, [rule.code]);
        assert.deepEqual(
          alone.filter((f) => f.code !== rule.code),
          all.filter((f) => f.code === 'OPS001' && f.code !== rule.code),
          `${rule.code} alone`,
        );
        assert.deepEqual(
          alone.filter((f) => f.code === rule.code),
          expected,
          `${rule.code} alone`,
        );
        compared += expected.length;
      }
    }
    assert.ok(compared > 300, `only ${compared} findings compared`);
    assert.deepEqual(internalErrors, []);
  });
});
