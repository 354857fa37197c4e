import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Parser } from 'web-tree-sitter';
import { Engine } from '../../../../src/core/diagnostics/engine';
import type { HandlerRec, RaiseRec } from '../../../../src/core/diagnostics/model';
import { RULE_IMPLS } from '../../../../src/core/diagnostics/rules';
import { mayCatchBaseException, mayCatchException, mayOnlyPass, mayRaise } from '../../../../src/core/diagnostics/rules/handlerText';
import { vocabularyOf } from '../../../../src/core/diagnostics/vocabulary';
import { extractUnit } from '../../../../src/core/diagnostics/walk';
import { readHandlers } from '../../../../src/core/python/handlerClauses';
import { withLoneCarriageReturnsAsLineFeeds } from '../../../../src/core/python/lineIndex';
import { surelyParses } from '../../../../src/core/python/quickSyntax';
import { WARM_UP_CLEARED } from '../../../../src/core/python/warmUpTexts';
import { blankCommentLines, MEMBER_HEADER, topLevelCuts } from '../../../../src/core/python/segments';
import { createPythonParser } from '../../../../src/core/python/wasm';
import { findingsOf, internalErrors, random, ruleFixtures, wasmPaths } from './helpers';
import { stdlibFiles } from './stdlib';

const vocabulary = vocabularyOf(RULE_IMPLS);
const sink = (error: unknown, context: string) => internalErrors.push(`${context}: ${String(error)}`);

/** What the comparison met, so that a test can check it compared enough. */
interface Seen {
  read: number;
  unsure: number;
  clauses: number;
  raises: number;
  aliases: number;
  calledNames: number;
}

/**
 * Checks readHandlers(text) against what the walk records from tree-sitter's tree of `text`
 * (parsed below MEMBER_HEADER when `member`): every clause and raise, where each clause's body
 * starts (and that its read end is within the body), its alias, whether it raises, which clause
 * each raise is in, its cause, and that every name read as called in a clause is a call the walk
 * gives that clause. Only for text whose syntax quickSyntax is sure of, as the parse filter asks.
 */
function compare(parser: Parser, text: string, member: boolean, seen: Seen): void {
  const header = member ? MEMBER_HEADER : '';
  if (!surelyParses(header + text)) return;
  const reading = readHandlers(text);
  if (!reading) {
    seen.unsure++;
    return;
  }
  seen.read++;
  const where = JSON.stringify(text.length > 400 ? text.slice(0, 400) + '...' : text);
  const tree = parser.parse(header + blankCommentLines(text))!;
  try {
    assert.equal(tree.rootNode.hasError, false, `sure, but tree-sitter finds an error: ${where}`);
    const handlers: HandlerRec[] = [];
    const raises: RaiseRec[] = [];
    /** Offsets of the records, in `text`. */
    const shift = new Map<object, number>();
    for (const unit of tree.rootNode.children) {
      if (!unit || unit.type === 'comment') continue;
      const model = extractUnit(unit, header + text, 'module', vocabulary);
      const base = unit.startIndex - header.length;
      for (const h of model.handlers) shift.set(h, base);
      for (const r of model.raises) shift.set(r, base);
      handlers.push(...model.handlers);
      raises.push(...model.raises);
    }
    const at = (rec: HandlerRec | RaiseRec) => rec.span.s + shift.get(rec)!;
    assert.deepEqual(
      reading.clauses.map((c) => c.at),
      handlers.map(at),
      `clauses: ${where}`,
    );
    reading.clauses.forEach((c, k) => {
      const h = handlers[k];
      const base = shift.get(h)!;
      assert.equal(c.alias, h.alias, `alias of the clause at ${c.at}: ${where}`);
      assert.equal(c.bodyStart, h.body.s + base, `body start of the clause at ${c.at}: ${where}`);
      assert.ok(c.bodyEnd > c.bodyStart && c.bodyEnd <= h.body.e + base, `body end of the clause at ${c.at}: ${where}`);
      assert.equal(c.raises, h.raises, `raises of the clause at ${c.at}: ${where}`);
      const tails = new Set(h.calls.map((call) => call.tail));
      for (const name of c.calledNames) assert.ok(tails.has(name), `${name} called in the clause at ${c.at}: ${where}`);
      seen.clauses++;
      if (c.alias) seen.aliases++;
      seen.calledNames += c.calledNames.length;
    });
    assert.deepEqual(
      reading.raises.map((r) => r.at),
      raises.map(at),
      `raises: ${where}`,
    );
    reading.raises.forEach((r, k) => {
      const rec = raises[k];
      assert.equal(r.clause?.at ?? null, rec.handler ? at(rec.handler) : null, `clause of the raise at ${r.at}: ${where}`);
      assert.equal(r.cause, rec.hasCause, `cause of the raise at ${r.at}: ${where}`);
      if (r.expression === '') assert.equal(rec.exprKind, 'none', where);
      seen.raises++;
    });
  } finally {
    tree.delete();
  }
}

const HEADERS = [
  'except Exception as e:',
  'except Exception:',
  'except:',
  'except BaseException as err:',
  'except (OSError, ValueError) as exc:',
  'except (OSError,\n        Exception) as e:',
  'except (OSError,  # why\n        Exception) as e:',
  'except ValueError as e:  # note',
  'except* TimeoutError as eg:',
  'except  Exception  as  e :',
  'except errors[1:2] as e:',
  'except is_error_code("x") as e:',
  'except Exception as \\\n        e:',
  'except \\\n        Exception:',
  // Only expected exceptions (OPS107 never reports them), and near misses.
  'except ImportError:',
  'except (ImportError, queue.Empty,) as e:',
  'except (KeyError,ValueError):',
  'except  KeyboardInterrupt :',
];

const STATEMENTS = [
  'pass',
  'continue',
  '...',
  '"ignored"',
  'rb"ignored"',
  'log(e)',
  'e',
  'x = e.args',
  'self.module.fail_json(msg=str(e))',
  'module.fail_json(msg="failed")',
  'logger.exception("failed")',
  'self.error (  "x")',
  'fail(e)',
  'result = None',
  'return {}',
  'raise',
  'raise e',
  'raise self.error',
  'raise RuntimeError("x") from e',
  'raise RuntimeError("x")',
  'raise Error',
  'raise (Error)',
  'raise Error(\n            "x %s" % e) from None',
  'raise Error("from")',
  'x = lambda: self.fail(e)',
  'sys.exit(1)',
  'print("e = %s" % e)  # e',
  'y = f"{e!r}" \\\n            + "x"',
  'a = 1; raise X()',
  'if e: raise X()',
  'def inner():\n            raise X()',
  'def inner(): raise X()',
  'class K:\n            m.fail(1)',
  '@deco.fail(1)\n        def g(): pass',
  'for x in y:\n            raise X(x)',
  'try:\n            retry()\n        except OSError as inner:\n            raise Y() from inner',
  'with a.handle() as h:\n            h.fail()',
  'match = re.match(p, s)',
  'if x:\n            pass\n        else:\n            raise Z',
  '"""doc\n    except Exception as q:\n        raise Q"""',
  '# except Exception: raise Q',
];

/** A generator of statements with try/except clauses, in a function or not, at the top level or as a class member. */
function handlerGenerator(seed: number): () => { text: string; member: boolean } {
  const rand = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  return () => {
    const member = rand() < 0.3;
    const inFunction = member || rand() < 0.6;
    const base = member ? '    ' : '';
    const tab = rand() < 0.1;
    const step = tab ? '\t' : '    ';
    const outer = inFunction ? base + step : base;
    const inner = outer + step;
    const eol = rand() < 0.1 ? '\r\n' : '\n';
    /** A body statement at `indent`: its lines re-indented from the templates' 8 spaces. */
    const statement = (indent: string) =>
      pick(STATEMENTS)
        .replace(/\n {8}/g, `\n${indent}`)
        .replace(/\n {4}/g, `\n${indent.slice(step.length)}`);
    const lines: string[] = [];
    if (inFunction) lines.push(`${base}${rand() < 0.2 ? 'async ' : ''}def f(self, x=None):`);
    lines.push(`${outer}try:`, `${inner}run()`);
    for (let n = 1 + Math.floor(rand() * 3); n > 0; n--) {
      const head = pick(HEADERS).replace(/\n {8}/g, `\n${inner}`);
      if (rand() < 0.2) {
        lines.push(`${outer}${head} ${statement(inner).split('\n')[0]}`);
        continue;
      }
      lines.push(`${outer}${head}`);
      if (rand() < 0.2) lines.push(`${inner}# a comment first`, '');
      for (let k = 1 + Math.floor(rand() * 3); k > 0; k--) lines.push(inner + statement(inner));
      if (rand() < 0.2) lines.push(`${inner}# e`);
    }
    if (rand() < 0.3) lines.push(`${outer}else:`, `${inner}raise Done()`);
    if (rand() < 0.3) lines.push(`${outer}finally:`, `${inner}self.fail(e)`);
    if (rand() < 0.3) lines.push(`${outer}raise After()`);
    return { text: lines.join(eol) + eol, member };
  };
}

/** The top-level statements of `text` holding `except` or `raise`. */
function statementsWithHandlers(text: string): string[] {
  const bounds = [0, ...topLevelCuts(text, 0).cuts, text.length];
  const out: string[] = [];
  for (let k = 0; k + 1 < bounds.length; k++) {
    const statement = text.slice(bounds[k], bounds[k + 1]);
    if (statement.includes('except') || statement.includes('raise')) out.push(statement);
  }
  return out;
}

describe('diagnostics: except clauses and raise statements read from text', () => {
  let parser: Parser;
  before(async () => {
    parser = await createPythonParser(wasmPaths);
  });

  it('reads what the walk finds in the tree of generated statements', function () {
    this.timeout(60_000);
    const next = handlerGenerator(7);
    const seen: Seen = { read: 0, unsure: 0, clauses: 0, raises: 0, aliases: 0, calledNames: 0 };
    for (let n = 0; n < 3000; n++) {
      const { text, member } = next();
      compare(parser, text, member, seen);
    }
    assert.ok(
      seen.read > 1200 && seen.clauses > 2000 && seen.raises > 2000 && seen.aliases > 1000 && seen.calledNames > 500,
      JSON.stringify(seen),
    );
  });

  it('reads what the walk finds in the tree of the rule fixtures and the standard library', function () {
    this.timeout(180_000);
    const seen: Seen = { read: 0, unsure: 0, clauses: 0, raises: 0, aliases: 0, calledNames: 0 };
    const texts = ruleFixtures().map((f) => f.text);
    for (const path of stdlibFiles().filter((_, i) => i % 4 === 0)) {
      try {
        texts.push(withLoneCarriageReturnsAsLineFeeds(readFileSync(path, 'utf8')));
      } catch {
        // unreadable: not this test's concern
      }
    }
    for (const text of texts) for (const statement of statementsWithHandlers(text)) compare(parser, statement, false, seen);
    assert.ok(seen.read > 800 && seen.unsure < seen.read / 10 && seen.clauses > 1000 && seen.raises > 1000, JSON.stringify(seen));
  });

  it('reads its warm-up texts whole, as the walk does', () => {
    // A warm-up text the reader is unsure of would leave the branches after that point cold.
    const seen: Seen = { read: 0, unsure: 0, clauses: 0, raises: 0, aliases: 0, calledNames: 0 };
    for (const text of WARM_UP_CLEARED) {
      assert.notEqual(readHandlers(text), null, JSON.stringify(text.slice(0, 200)));
      for (const statement of statementsWithHandlers(text)) compare(parser, statement, false, seen);
    }
    assert.ok(seen.read > 0 && seen.clauses >= 3 && seen.raises >= 2 && seen.calledNames >= 2, JSON.stringify(seen));
  });

  it('lets a gate say no from what the text shows of its clauses only where the reading says no too', function () {
    this.timeout(120_000);
    const gates = [mayCatchBaseException, mayCatchException, mayOnlyPass, mayRaise];
    const texts: { text: string; member: boolean }[] = [];
    const next = handlerGenerator(13);
    for (let n = 0; n < 3000; n++) texts.push(next());
    for (const path of stdlibFiles().filter((_, i) => i % 4 === 1)) {
      try {
        const file = withLoneCarriageReturnsAsLineFeeds(readFileSync(path, 'utf8'));
        for (const text of statementsWithHandlers(file)) texts.push({ text, member: false });
      } catch {
        // unreadable: not this test's concern
      }
    }
    let shownNo = 0;
    for (const { text, member } of texts) {
      if (!surelyParses((member ? MEMBER_HEADER : '') + text)) continue;
      const reading = readHandlers(text);
      if (!reading) continue;
      for (const gate of gates) {
        // With no reading to fall back on, a gate says no only from what the text shows.
        if (
          gate(
            text,
            () => null,
            () => true,
          )
        )
          continue;
        shownNo++;
        assert.equal(
          gate(text, () => reading),
          false,
          `${gate.name}: ${JSON.stringify(text)}`,
        );
      }
    }
    assert.ok(shownNo > 2000, `only ${shownNo} answers from what the texts show`);
  });

  it('is unsure of what it does not fully understand', () => {
    for (const text of [
      'try:\n    x()\nexcept E:\n\f    pass\n',
      'try:\n    x()\nexcept E:\r    pass\n',
      'try:\n    x()\nexcept E:\n    pass \\ x\n',
      'if lambda: x:\n    pass\n',
      'try:\n    x()\nexcept E:\n',
      'def f():\n\ttry:\n\t\tx()\n\texcept E:\n        y()\n',
      'x = (1\n',
      'x = "open\n',
    ])
      assert.equal(readHandlers(text), null, JSON.stringify(text));
  });

  it('lets the gates leave out clauses no handler rule can report, and keeps those it can', () => {
    const read = (text: string) => () => readHandlers(text);
    const handler = (header: string, body: string) => `def f(module):\n    try:\n        run()\n    ${header}\n        ${body}\n`;
    // Caught Exception, but the error is used, handed to an error handler, or raised again.
    for (const body of [
      'module.fail_json(msg=str(e))',
      'log(e)',
      'module.fail_json(msg="failed")',
      'self.report("x")',
      'raise',
      'x = 1\n        if x:\n            print(e)',
    ]) {
      const text = handler('except Exception as e:', body);
      assert.equal(mayCatchException(text), true, text);
      assert.equal(mayCatchException(text, read(text)), false, text);
    }
    // Kept: what OPS106 reports (the alias unused, or only in a comment after the body or in the next clause).
    for (const text of [
      handler('except Exception:', 'return {}'),
      handler('except Exception as e:', 'result = None'),
      handler('except Exception as e:', 'result = None  # e') + '    # e\n',
      handler('except Exception as e:', 'result = None') + '    except OSError as e:\n        log(e)\n',
      handler('except Exception as e:', 'fail = lambda: module.fail_json(msg=str(x))'),
      handler('except Exception as e:', 'def g():\n            raise'),
    ])
      assert.equal(mayCatchException(text, read(text)), true, text);
    // OPS108: a raise in a clause without `from`, of a call or a capitalized name.
    for (const body of ['raise Error(str(e))', 'raise Error', 'if e:\n            raise Error()', 'a = 1; raise Error()'])
      assert.equal(mayRaise(handler('except OSError as e:', body), read(handler('except OSError as e:', body))), true, body);
    for (const text of [
      handler('except OSError as e:', 'raise Error(str(e)) from e'),
      handler('except OSError as e:', 'raise'),
      handler('except OSError as e:', 'raise e'),
      handler('except OSError as e:', 'def g():\n            raise Error()'),
      'def f():\n    raise Error()\n    try:\n        run()\n    except OSError:\n        pass\n',
      'def f():\n    try:\n        run()\n    except OSError:\n        pass\n    else:\n        raise Error()\n',
    ]) {
      assert.equal(mayRaise(text), true, text);
      assert.equal(mayRaise(text, read(text)), false, text);
    }
    // OPS107: only the first statement of a body decides whether it may only pass.
    for (const body of ['log(e)\n        pass', 'for x in y:\n            continue'])
      assert.equal(mayOnlyPass(handler('except OSError as e:', body), read(handler('except OSError as e:', body))), false, body);
    for (const body of ['pass', 'continue', '...', '"""Ignored."""', 'pass\n        log(e)'])
      assert.equal(mayOnlyPass(handler('except OSError as e:', body), read(handler('except OSError as e:', body))), true, body);
    // OPS107 never reports a clause that catches only expected exceptions (catchesOnlyExpected), read from a plain header.
    for (const header of [
      'except ImportError:',
      'except (ImportError, queue.Empty,) as e:',
      'except(KeyError):',
      'except  StopIteration  as  e :',
    ])
      assert.equal(mayOnlyPass(handler(header, 'pass'), read(handler(header, 'pass'))), false, header);
    for (const text of [
      handler('except (ImportError, ValueError):', 'pass'),
      handler('except ImportError, e:', 'pass'),
      handler('except (ImportError,  # why\n        KeyError):', 'pass'),
      handler('except \\\n        ImportError:', 'pass'),
      handler('except ImportError:', 'pass') + '    except OSError:\n        pass\n',
      handler('except:', 'pass'),
      handler('except* ImportError:', 'pass'),
      handler('except errors.get("x"):', 'pass'),
      handler('except ((ImportError, KeyError)):', 'pass'),
    ])
      assert.equal(mayOnlyPass(text, read(text)), true, text);
    // OPS105: a bare except or BaseException, unless the clause raises.
    assert.equal(mayCatchBaseException(handler('except:', 'raise'), read(handler('except:', 'raise'))), false);
    assert.equal(mayCatchBaseException(handler('except:', 'log()'), read(handler('except:', 'log()'))), true);
    const named = handler('except OSError:', 'raise BaseException("x")');
    assert.equal(mayCatchBaseException(named, read(named)), false);
  });

  it('gives the same findings as parsing every statement, on generated statements and standard library files', function () {
    this.timeout(180_000);
    const lazy = new Engine(parser, sink);
    const full = new Engine(parser, sink, () => false);
    const next = handlerGenerator(11);
    let compared = 0;
    const prelude = 'import logging\nimport sys\nlogger = logging.getLogger(__name__)\n\n';
    for (let n = 0; n < 400; n++) {
      const { text, member } = next();
      const doc = prelude + (member ? `class C:\n${text}` : text);
      const expected = findingsOf(full, doc);
      compared += expected.length;
      assert.deepEqual(findingsOf(lazy, doc), expected, JSON.stringify(doc));
    }
    for (const path of stdlibFiles().filter((_, i) => i % 25 === 0)) {
      let text: string;
      try {
        text = withLoneCarriageReturnsAsLineFeeds(readFileSync(path, 'utf8'));
      } catch {
        continue;
      }
      if (!text.includes('except')) continue;
      const expected = findingsOf(full, text);
      compared += expected.length;
      assert.deepEqual(findingsOf(lazy, text), expected, path);
    }
    assert.ok(compared > 500, `only ${compared} findings compared`);
    assert.deepEqual(internalErrors, []);
  });
});
