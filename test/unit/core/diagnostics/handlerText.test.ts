import assert from 'node:assert/strict';
import { mayCatchBaseException, mayCatchException, mayOnlyPass, mayRaise } from '../../../../src/core/diagnostics/rules/handlerText';

describe('diagnostics: what a statement must hold for the handler rules to report in it', () => {
  it('sees a bare except, also across blanks and line continuations, and BaseException', () => {
    for (const text of [
      'except:',
      'except :',
      'except\t:',
      'except \\\n  :',
      'except \\\r\n:',
      'except BaseException as e:',
      'except (builtins.BaseException):',
    ])
      assert.equal(mayCatchBaseException(`try:\n    x()\n${text}\n    y()\n`), true, text);
    for (const text of ['except ValueError:', 'except(E):', 'except* ValueError:', 'except Exception:', 'except BaseExceptionGroup:'])
      assert.equal(mayCatchBaseException(`try:\n    x()\n${text}\n    y()\n`), false, text);
    assert.equal(mayCatchBaseException('excepted = 1\n'), false);
  });

  it('sees Exception and raise as words', () => {
    assert.equal(mayCatchException('except (OSError, Exception) as e:'), true);
    assert.equal(mayCatchException('except builtins.Exception:'), true);
    assert.equal(mayCatchException('except MyException:\nexcept ExceptionGroup:'), false);
    assert.equal(mayRaise('    raise'), true);
    assert.equal(mayRaise('raised = True\nraiser()'), false);
  });

  it('sees a handler body that may only pass: pass, continue, ..., or a string first', () => {
    const handler = (body: string): string => `def f():\n    try:\n        x()\n    except ValueError as e:${body}`;
    for (const body of [
      '\n        pass\n',
      ' continue\n',
      '\n        ...\n',
      '\n        "ignored"\n',
      '  # why\n        # more\n        rb"ignored"\n',
      ' \\\n        """ignored"""\n',
      '\r\n        "ignored"\r\n',
    ])
      assert.equal(mayOnlyPass(handler(body)), true, JSON.stringify(body));
    // No body at all is an IndentationError: reported as a syntax error, by no handler rule.
    for (const body of ['\n        # nothing yet\n    y = 1\n', '\n', '', '  # why'])
      assert.equal(mayOnlyPass(handler(body)), false, JSON.stringify(body));
    for (const body of [
      '\n        log(e)\n',
      ' log(e)\n',
      '  # "quoted" comment\n        log(e)\n',
      '\n        fail(msg="x: " + str(e))\n',
    ])
      assert.equal(mayOnlyPass(handler(body)), false, JSON.stringify(body));
    // The header's colon is the first outside brackets; a header with none counts as unsure.
    assert.equal(mayOnlyPass('try:\n    x()\nexcept errors[1:2]:\n    log()\n'), false);
    assert.equal(mayOnlyPass('try:\n    x()\nexcept errors[1:2]:\n    "ignored"\n'), true);
    assert.equal(mayOnlyPass('try:\n    x()\nexcept (A,\n'), true);
  });
});
