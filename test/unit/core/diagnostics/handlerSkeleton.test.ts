import assert from 'node:assert/strict';
import type { Node, Parser, Tree } from 'web-tree-sitter';
import { Engine } from '../../../../src/core/diagnostics/engine';
import type { CallRec, HandlerRec, RaiseRec, ScopeRec, UnitModel } from '../../../../src/core/diagnostics/model';
import { RULE_IMPLS } from '../../../../src/core/diagnostics/rules';
import { vocabularyOf } from '../../../../src/core/diagnostics/vocabulary';
import { extractUnit } from '../../../../src/core/diagnostics/walk';
import { readHandlers } from '../../../../src/core/python/handlerClauses';
import { handlerSkeleton, headersSkeleton } from '../../../../src/core/python/handlerSkeleton';
import { blankCommentLines, type ParsedDocument } from '../../../../src/core/python/segments';
import { createPythonParser } from '../../../../src/core/python/wasm';
import { dedent, internalErrors, ruleFixtures, wasmPaths } from './helpers';
import { readableStdlibFiles } from './stdlib';

const vocabulary = vocabularyOf(RULE_IMPLS);
const sink = (error: unknown, context: string) => internalErrors.push(`${context}: ${String(error)}`);

const scope = (s: ScopeRec | null) => (s ? { kind: s.kind, name: s.name, span: s.span } : null);
const call = (c: CallRec) => ({ ...c, scope: scope(c.scope), handler: c.handler?.span ?? null });
const handler = (h: HandlerRec) => ({ ...h, scope: scope(h.scope), calls: h.calls.map(call) });
const raise = (r: RaiseRec) => ({ ...r, scope: scope(r.scope), handler: r.handler?.span ?? null });

/** The units of a tree: its statements, or for a member run (`member`), the members of its class. */
function unitsOf(tree: Tree, member: boolean): [Node, 'module' | 'class'][] {
  const units: [Node, 'module' | 'class'][] = [];
  for (const child of tree.rootNode.children) {
    if (!child || child.type === 'comment') continue;
    if (!member) units.push([child, 'module']);
    else for (const m of child.childForFieldName('body')?.namedChildren ?? []) if (m && m.type !== 'comment') units.push([m, 'class']);
  }
  return units;
}

/** The call records of a tree's units, by where each call starts. */
function callRecords(tree: Tree, source: string, member: boolean): Map<number, unknown> {
  const out = new Map<number, unknown>();
  for (const [unit, context] of unitsOf(tree, member))
    for (const c of extractUnit(unit, source, context, vocabulary).calls) out.set(unit.startIndex + c.span.s, call(c));
  return out;
}

/** What the handler rules read of a tree's units: the units' spans, their handlers and raises, module-level names. */
function handlerRecords(tree: Tree, source: string, member: boolean): unknown[] {
  const out: unknown[] = [];
  for (const [unit, context] of unitsOf(tree, member)) {
    const model: UnitModel = extractUnit(unit, source, context, vocabulary);
    out.push({
      type: unit.type,
      span: [unit.startIndex, unit.endIndex],
      handlers: model.handlers.map(handler),
      // A raise outside an except clause is read by no rule (and may be left out).
      raises: model.raises.filter((r) => r.handler !== null).map(raise),
      moduleDefs: model.moduleDefs,
      main: model.main,
      errors: model.errorSpans,
    });
  }
  return out;
}

/** What the head run of a split class gives the analysis: the class statement's type and where it and its class start, its name and bases. */
function classShape(tree: Tree): unknown {
  const statement = tree.rootNode.children.find((c) => c !== null && c.type !== 'comment') ?? null;
  const cls = statement?.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
  return {
    type: statement?.type,
    start: statement?.startIndex,
    classStart: cls?.startIndex,
    name: cls?.childForFieldName('name')?.text,
    bases: cls?.childForFieldName('superclasses')?.text,
    errors: tree.rootNode.hasError,
  };
}

/**
 * Compares the records of every narrowed statement and member run of `doc` with those of a whole
 * parse of its text, and the class shape of every split class's narrowed head run.
 */
function compareNarrowed(parser: Parser, doc: ParsedDocument): { compared: number; keptCalls: number } {
  let compared = 0;
  let keptCalls = 0;
  const text = doc.source;
  const check = (tree: Tree, header: string, start: number, end: number) => {
    const source = header + text.slice(start, end);
    const whole = parser.parse(blankCommentLines(source))!;
    try {
      const where = JSON.stringify(source.length > 300 ? source.slice(0, 300) + '...' : source);
      assert.deepEqual(handlerRecords(tree, source, header !== ''), handlerRecords(whole, source, header !== ''), where);
      // The calls kept (those a rule reads, parsed around them) are recorded as in the whole tree.
      const wholeCalls = callRecords(whole, source, header !== '');
      for (const [at, record] of callRecords(tree, source, header !== '')) {
        assert.deepEqual(record, wholeCalls.get(at), where);
        keptCalls++;
      }
      compared++;
    } finally {
      whole.delete();
    }
  };
  const checkHead = (tree: Tree, start: number, end: number) => {
    const whole = parser.parse(blankCommentLines(text.slice(start, end)))!;
    try {
      assert.deepEqual(classShape(tree), classShape(whole), JSON.stringify(text.slice(start, Math.min(end, start + 300))));
      compared++;
    } finally {
      whole.delete();
    }
  };
  for (const seg of doc.segments) {
    if (seg.narrowed && seg.tree && seg.members) checkHead(seg.tree, seg.start, seg.members[0].start);
    else if (seg.narrowed && seg.tree) check(seg.tree, '', seg.start, seg.end);
    for (const run of seg.members ?? []) if (run.narrowed && run.tree) check(run.tree, run.header, run.start, run.end);
  }
  return { compared, keptCalls };
}

describe('diagnostics: text parsed only around its except clauses', () => {
  it('keeps the except clauses, imports, headers around them and the last line of each body', () => {
    const text = dedent(`
      def deploy(self, host):
          """Deploy."""
          first = self.prepare(host)
          for item in first:
              self.copy(item)
          if host:
              import shutil
              try:
                  shutil.rmtree(host)
              except OSError as e:
                  raise DeployError(str(e))
              else:
                  done = True
          return first
    `);
    const reading = readHandlers(text)!;
    const ranges = handlerSkeleton(text, reading.lines, 0)!;
    const kept = ranges.map((r) => text.slice(r.start, r.end)).join('');
    assert.equal(
      kept,
      dedent(`
        def deploy(self, host):
            if host:
                import shutil
                try:
                    shutil.rmtree(host)
                except OSError as e:
                    raise DeployError(str(e))
            return first
      `),
    );
  });

  it('keeps the lines the caller names too, with what encloses them, and a decorated line with its statement', () => {
    const text = dedent(`
      def deploy(self, host):
          """Deploy."""
          first = self.prepare(host)
          for item in first:
              subprocess.run(["scp", item, host])
              self.count += 1

          @retry(subprocess.check_output(["probe"]))
          def probe():
              return host.ping()
          return first
    `);
    const at = (needle: string) => text.indexOf(needle);
    const ranges = handlerSkeleton(text, readHandlers(text)!.lines, 0, [at('run('), at('check_output(')])!;
    assert.equal(
      ranges.map((r) => text.slice(r.start, r.end)).join(''),
      dedent(`
        def deploy(self, host):
            for item in first:
                subprocess.run(["scp", item, host])
            @retry(subprocess.check_output(["probe"]))
            def probe():
                return host.ping()
            return first
      `),
    );
    // An offset in a comment (which goes with the line before it) or between lines names no line.
    const commented = 'def f():\n    # run(x)\n    a = 1\n    b = 2\n    return a\n';
    assert.equal(
      handlerSkeleton(commented, readHandlers(commented)!.lines, 0, [commented.indexOf('run(')])!
        .map((r) => commented.slice(r.start, r.end))
        .join(''),
      'def f():\n    # run(x)\n    return a\n',
    );
  });

  it('keeps of a class head whose body no rule reads its header and one short statement', () => {
    const text = dedent(`
      @dataclass(frozen=True)
      class Host(Base):
          """A host to deploy to."""

          name: str
          port: int = 22

          def address(self):
              return f"{self.name}:{self.port}"
    `);
    const ranges = headersSkeleton(text, readHandlers(text)!.lines, 0)!;
    assert.equal(
      ranges.map((r) => text.slice(r.start, r.end)).join(''),
      dedent(`
        @dataclass(frozen=True)
        class Host(Base):
            name: str
      `),
    );
  });

  it('gives each handler and raise the records of a whole parse, on the rule fixtures and the standard library', async function () {
    this.timeout(240_000);
    const parser = await createPythonParser(wasmPaths);
    const engine = new Engine(parser, sink);
    const texts = ruleFixtures().map((f) => f.text);
    for (const { text } of readableStdlibFiles(2)) texts.push(text);
    let compared = 0;
    let keptCalls = 0;
    for (const text of texts) {
      const doc = engine.open(text);
      try {
        const done = compareNarrowed(parser, doc);
        compared += done.compared;
        keptCalls += done.keptCalls;
      } finally {
        doc.dispose();
      }
    }
    assert.ok(compared > 300, `only ${compared} narrowed texts compared`);
    assert.ok(keptCalls > 300, `only ${keptCalls} calls compared`);
    assert.deepEqual(internalErrors, []);
  });
});
